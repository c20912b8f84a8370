//! The program's captured output, kept so that a checkpoint shares what was printed before
//! it: full chunks are reference-counted and never change, so copying the machine copies a
//! list of pointers and a short tail, not up to a megabyte of text per checkpoint.

use std::rc::Rc;

/// Bytes in a chunk once it is sealed.
const CHUNK: usize = 16 << 10;

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct Output {
    sealed: Vec<Rc<Vec<u8>>>,
    tail: Vec<u8>,
}

impl Output {
    pub fn len(&self) -> usize {
        self.sealed.len() * CHUNK + self.tail.len()
    }

    pub fn extend(&mut self, mut bytes: &[u8]) {
        while !bytes.is_empty() {
            let room = CHUNK - self.tail.len();
            let (now, later) = bytes.split_at(room.min(bytes.len()));
            self.tail.extend_from_slice(now);
            if self.tail.len() == CHUNK {
                let full = std::mem::replace(&mut self.tail, Vec::with_capacity(CHUNK));
                self.sealed.push(Rc::new(full));
            }
            bytes = later;
        }
    }

    /// The bytes from `start` on.
    pub fn since(&self, start: usize) -> Vec<u8> {
        let mut bytes = Vec::with_capacity(self.len().saturating_sub(start));
        let mut at = 0;
        for chunk in self
            .sealed
            .iter()
            .map(|c| c.as_slice())
            .chain([&self.tail[..]])
        {
            let end = at + chunk.len();
            if end > start {
                bytes.extend_from_slice(&chunk[start.saturating_sub(at)..]);
            }
            at = end;
        }
        bytes
    }

    /// Bytes a copy of this output holds of its own: the pointers and the tail.
    pub fn footprint(&self) -> usize {
        self.sealed.len() * std::mem::size_of::<Rc<Vec<u8>>>() + self.tail.capacity()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn output_spans_chunks_and_reads_back_from_any_offset() {
        let mut output = Output::default();
        let text: Vec<u8> = (0..40_000u32).map(|i| (i % 251) as u8).collect();
        output.extend(&text[..10]);
        output.extend(&text[10..]);
        assert_eq!(output.len(), text.len());
        assert_eq!(output.sealed.len(), 2);
        assert_eq!(output.since(0), text);
        assert_eq!(output.since(CHUNK + 5), text[CHUNK + 5..]);
        assert!(output.since(text.len()).is_empty());
        let copy = output.clone();
        assert!(
            Rc::ptr_eq(&copy.sealed[0], &output.sealed[0]),
            "chunks are shared"
        );
    }
}
