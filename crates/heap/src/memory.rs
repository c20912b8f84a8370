//! The heap's bytes as an allocator sees them. The machine implements this over paged
//! memory; the allocator lab and the tests over a plain byte vector ([`VecMemory`]).
//! Allocators keep their metadata (headers, footers, links) in these bytes, so what the
//! learner sees before a payload is what the algorithm really wrote.

/// Word-granular access to the heap region, and the program break.
pub trait HeapMemory {
    /// The first address of the heap region.
    fn heap_start(&self) -> u32;
    /// The current break: one past the last heap byte.
    fn brk(&self) -> u32;
    /// Grows the heap by `increment` bytes and returns the old break, or `None` when the
    /// configured maximum would be exceeded (the program then sees malloc return NULL).
    fn sbrk(&mut self, increment: u32) -> Option<u32>;
    /// Reads the little-endian word at `addr` (inside `heap_start()..brk()`).
    fn read_u32(&self, addr: u32) -> u32;
    fn write_u32(&mut self, addr: u32, value: u32);

    /// This memory as a [`VecMemory`], if that is what it is. The list allocators' work is
    /// generic over the memory: handed the byte vector itself, the compiler inlines every
    /// word access, instead of a call through the trait object for each header and link an
    /// operation reads (a dozen or more per malloc). Other memories keep this default and
    /// are used through the trait, with the same results.
    fn as_vec_memory(&mut self) -> Option<&mut VecMemory> {
        None
    }
}

/// A heap in a plain byte vector, for the lab, the CLI and tests.
#[derive(Debug, Clone)]
pub struct VecMemory {
    start: u32,
    bytes: Vec<u8>,
    max_size: u32,
}

impl VecMemory {
    /// An empty heap at `start` that may grow to `max_size` bytes.
    pub fn new(start: u32, max_size: u32) -> VecMemory {
        VecMemory {
            start,
            bytes: Vec::new(),
            max_size,
        }
    }

    pub fn bytes(&self) -> &[u8] {
        &self.bytes
    }

    /// The four bytes of the word at `addr`, when all of them are in the heap. Every header
    /// and link an allocator reads or writes comes through here: the arithmetic is checked,
    /// so no address can make it panic (not even where `usize` is 32 bits, as in the
    /// browser), and on a 64-bit host it compiles to one comparison (see [`Self::offset`]).
    fn word(&self, addr: u32) -> Option<&[u8; 4]> {
        let offset = self.offset(addr);
        self.bytes
            .get(offset..offset.checked_add(4)?)?
            .try_into()
            .ok()
    }

    fn word_mut(&mut self, addr: u32) -> Option<&mut [u8; 4]> {
        let offset = self.offset(addr);
        let bytes = self.bytes.get_mut(offset..offset.checked_add(4)?)?;
        bytes.try_into().ok()
    }

    /// Where `addr` is in the bytes, wrapping below the start: the heap ends by `u32::MAX`
    /// (sbrk sees to it), so an address below the start wraps to an offset past every byte
    /// and the one range check that follows refuses it, as a separate check would have.
    fn offset(&self, addr: u32) -> usize {
        addr.wrapping_sub(self.start) as usize
    }
}

impl HeapMemory for VecMemory {
    fn heap_start(&self) -> u32 {
        self.start
    }

    fn brk(&self) -> u32 {
        self.start + self.bytes.len() as u32
    }

    fn sbrk(&mut self, increment: u32) -> Option<u32> {
        let old = self.brk();
        let new_size = (self.bytes.len() as u32).checked_add(increment)?;
        if new_size > self.max_size || self.start.checked_add(new_size).is_none() {
            return None;
        }
        self.bytes.resize(new_size as usize, 0);
        Some(old)
    }

    /// Out-of-range reads give 0 (allocators check addresses before reading; this keeps a
    /// corrupted heap from panicking the host).
    fn read_u32(&self, addr: u32) -> u32 {
        self.word(addr).map_or(0, |word| u32::from_le_bytes(*word))
    }

    fn write_u32(&mut self, addr: u32, value: u32) {
        if let Some(word) = self.word_mut(addr) {
            *word = value.to_le_bytes();
        }
    }

    fn as_vec_memory(&mut self) -> Option<&mut VecMemory> {
        Some(self)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sbrk_grows_to_the_maximum_and_no_further() {
        let mut memory = VecMemory::new(0x1000, 64);
        assert_eq!(memory.sbrk(32), Some(0x1000));
        assert_eq!(memory.sbrk(32), Some(0x1020));
        assert_eq!(memory.sbrk(1), None);
        assert_eq!(memory.brk(), 0x1040);
    }

    #[test]
    fn words_are_little_endian_and_bounds_are_safe() {
        let mut memory = VecMemory::new(0x1000, 64);
        memory.sbrk(8);
        memory.write_u32(0x1004, 0x1122_3344);
        assert_eq!(memory.bytes()[4..8], [0x44, 0x33, 0x22, 0x11]);
        assert_eq!(memory.read_u32(0x1004), 0x1122_3344);
        assert_eq!(memory.read_u32(0x1006), 0);
        memory.write_u32(0x0ffc, 1); // below the heap: ignored
        assert_eq!(memory.read_u32(0x2000), 0);
        // Far below the start and at the top of the address space: out of the heap too.
        for addr in [0, 0x0fff, u32::MAX - 2, u32::MAX] {
            assert_eq!(memory.read_u32(addr), 0, "{addr:#x}");
            memory.write_u32(addr, 7);
        }
        assert_eq!(memory.bytes(), [0, 0, 0, 0, 0x44, 0x33, 0x22, 0x11]);
        // A heap at the top of the address space: low addresses wrap past its end, not in.
        let mut top = VecMemory::new(u32::MAX - 31, 32);
        assert_eq!(top.sbrk(32), None, "the heap may not end beyond u32::MAX");
        assert_eq!(top.sbrk(28), Some(u32::MAX - 31));
        for addr in [0, 4, 24, u32::MAX - 3] {
            top.write_u32(addr, 7);
            assert_eq!(top.read_u32(addr), 0, "{addr:#x}");
        }
        assert!(top.bytes().iter().all(|&b| b == 0));
    }
}
