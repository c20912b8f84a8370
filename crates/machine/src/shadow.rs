//! Which bytes of memory hold a value the program gave them: memcheck's "definedness",
//! kept per byte. A fresh stack frame and a fresh malloc block are undefined until
//! written; globals, string literals and calloc'd blocks are defined. Values carry the
//! bit with them through arithmetic, and a use that decides something — a branch, an
//! address, output — of an undefined value is reported.

use std::collections::HashMap;
use std::rc::Rc;

/// Bytes per shadow page (a bit per byte).
const PAGE: u32 = 4096;

/// A 32-bit value and whether all its bytes are defined.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Value {
    pub bits: u32,
    pub defined: bool,
}

impl Value {
    pub fn defined(bits: u32) -> Value {
        Value {
            bits,
            defined: true,
        }
    }
}

type Bits = [u64; (PAGE / 64) as usize];

/// The undefined bytes of memory, by page; a page with no entry is all defined. Pages are
/// shared between copies (checkpoints) until one of them writes.
#[derive(Debug, Clone, Default)]
pub(crate) struct Shadow {
    pages: HashMap<u32, Rc<Bits>>,
}

impl Shadow {
    /// Marks `len` bytes at `addr` defined or not.
    pub fn set(&mut self, addr: u32, len: u32, defined: bool) {
        let mut at = u64::from(addr);
        let end = at + u64::from(len);
        while at < end {
            let page = (at / u64::from(PAGE)) as u32;
            let offset = (at % u64::from(PAGE)) as u32;
            let piece = (PAGE - offset).min((end - at) as u32);
            if defined {
                if let Some(bits) = self.pages.get_mut(&page) {
                    let bits = Rc::make_mut(bits);
                    for i in offset..offset + piece {
                        bits[(i / 64) as usize] &= !(1 << (i % 64));
                    }
                    if bits.iter().all(|&w| w == 0) {
                        self.pages.remove(&page);
                    }
                }
            } else {
                let bits = Rc::make_mut(
                    self.pages
                        .entry(page)
                        .or_insert_with(|| Rc::new([0; (PAGE / 64) as usize])),
                );
                for i in offset..offset + piece {
                    bits[(i / 64) as usize] |= 1 << (i % 64);
                }
            }
            at += u64::from(piece);
        }
    }

    /// Whether all `len` bytes at `addr` are defined.
    pub fn is_defined(&self, addr: u32, len: u32) -> bool {
        (0..len).all(|i| self.byte_defined(addr.wrapping_add(i)))
    }

    pub fn byte_defined(&self, addr: u32) -> bool {
        match self.pages.get(&(addr / PAGE)) {
            None => true,
            Some(bits) => {
                let i = addr % PAGE;
                bits[(i / 64) as usize] & (1 << (i % 64)) == 0
            }
        }
    }

    /// The definedness of `len` bytes, one flag per byte.
    pub fn bytes(&self, addr: u32, len: u32) -> Vec<bool> {
        (0..len)
            .map(|i| self.byte_defined(addr.wrapping_add(i)))
            .collect()
    }

    /// Bytes this copy holds that `base` (an earlier copy) does not share: its map, and
    /// the pages written since.
    pub fn footprint_beyond(&self, base: &Shadow) -> usize {
        let map = self.pages.capacity() * (std::mem::size_of::<(u32, Rc<Bits>)>() + 1);
        let own = self
            .pages
            .iter()
            .filter(|(page, bits)| base.pages.get(page).is_none_or(|b| !Rc::ptr_eq(b, bits)))
            .count();
        map + own * std::mem::size_of::<Bits>()
    }

    /// Sets bytes from per-byte flags (a copy carries definedness along).
    pub fn set_bytes(&mut self, addr: u32, flags: &[bool]) {
        for (i, &defined) in flags.iter().enumerate() {
            self.set(addr.wrapping_add(i as u32), 1, defined);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bytes_are_defined_until_marked_and_marks_span_pages() {
        let mut shadow = Shadow::default();
        assert!(shadow.is_defined(0x1000, 8));
        shadow.set(0x1ffe, 4, false);
        assert!(!shadow.is_defined(0x1ffc, 4));
        assert!(!shadow.byte_defined(0x2001));
        assert!(shadow.byte_defined(0x2002));
        shadow.set(0x1ffe, 2, true);
        assert_eq!(shadow.bytes(0x1ffe, 4), vec![true, true, false, false]);
        shadow.set(0x2000, 2, true);
        assert!(shadow.pages.is_empty(), "an all-defined page is dropped");
    }
}
