//! Which bytes of memory hold a value the program gave them: memcheck's "definedness",
//! kept per byte. A fresh stack frame and a fresh malloc block are undefined until
//! written; globals, string literals and calloc'd blocks are defined. Values carry the
//! bit with them through arithmetic, and a use that decides something — a branch, an
//! address, output — of an undefined value is reported.

use std::rc::Rc;

pub(crate) use crate::page_map::{Bits, PAGE, PageMap};

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

/// The undefined bytes of memory, by page; a page with no entry is all defined. Pages are
/// shared between copies (checkpoints) until one of them writes.
#[derive(Debug, Clone, Default)]
pub(crate) struct Shadow {
    /// Every page held has at least one undefined byte.
    pages: PageMap,
}

/// The bits of word `word` of a page that fall in the byte range `start..end` of it.
#[inline(always)]
fn word_mask(word: u32, start: u32, end: u32) -> u64 {
    let low = start.max(word * 64) - word * 64;
    let high = end.min(word * 64 + 64) - word * 64;
    let width = high - low;
    let ones = if width == 64 {
        u64::MAX
    } else {
        (1u64 << width) - 1
    };
    ones << low
}

/// For `len` bytes at `addr` that lie within one 64-byte word of a page's bits (as a
/// scalar's do), that word's index and the bits of the bytes.
#[inline(always)]
fn in_one_word(addr: u32, len: u32) -> Option<(usize, u64)> {
    let bit = addr % 64;
    if len == 0 || len >= 64 || bit + len > 64 {
        return None;
    }
    Some((((addr % PAGE) / 64) as usize, ((1u64 << len) - 1) << bit))
}

/// Whether a page has no undefined byte left.
#[inline(always)]
fn all_clear(bits: &Bits) -> bool {
    // An OR over every word, without early exit, compiles to a few wide operations.
    bits.iter().fold(0, |any, &word| any | word) == 0
}

/// Runs `write` on a page's bits, copied first if a checkpoint shares them: `Rc::make_mut`,
/// with its common case (the page is this copy's own) inline.
#[inline(always)]
fn write_page<R>(bits: &mut Rc<Bits>, write: impl FnOnce(&mut Bits) -> R) -> R {
    if let Some(own) = Rc::get_mut(bits) {
        return write(own);
    }
    write(Rc::make_mut(bits))
}

/// Page numbers of a 32-bit address space.
const PAGES: u32 = 1 << (32 - PAGE.trailing_zeros());

/// Calls `each(page, start, end)` for each page's piece of the `len` bytes at `addr`
/// (offsets within the page), in address order, until it returns false. With `wrap`,
/// bytes past 4 GiB are those from 0 on (as byte-by-byte address arithmetic has them);
/// without, they are pages above 4 GiB (as `set` has always counted them).
#[inline]
fn pieces(addr: u32, len: u32, wrap: bool, mut each: impl FnMut(u32, u32, u32) -> bool) -> bool {
    let mut at = u64::from(addr);
    let end = at + u64::from(len);
    while at < end {
        let mut page = (at / u64::from(PAGE)) as u32;
        if wrap {
            page %= PAGES;
        }
        let offset = (at % u64::from(PAGE)) as u32;
        let piece = (PAGE - offset).min((end - at) as u32);
        if !each(page, offset, offset + piece) {
            return false;
        }
        at += u64::from(piece);
    }
    true
}

impl Shadow {
    /// Marks `len` bytes at `addr` defined or not.
    #[inline(always)]
    pub fn set(&mut self, addr: u32, len: u32, defined: bool) {
        // Most stores define bytes already defined (with no undefined byte anywhere, all
        // are): then there is nothing to clear, and no leaf or bitmap shared with a
        // checkpoint to copy.
        if defined && self.is_defined(addr, len) {
            return;
        }
        self.set_in_pages(addr, len, defined);
    }

    fn set_in_pages(&mut self, addr: u32, len: u32, defined: bool) {
        // A scalar's bytes sit in one word of one page: one lookup and one mask.
        if let Some((word, mask)) = in_one_word(addr, len) {
            let page = addr / PAGE;
            if defined {
                if let Some(bits) = self.pages.get_mut(page) {
                    let emptied = write_page(bits, |bits| {
                        let had = bits[word] & mask;
                        bits[word] &= !mask;
                        had != 0 && bits[word] == 0 && all_clear(bits)
                    });
                    if emptied {
                        self.pages.remove(page);
                    }
                }
            } else {
                let bits = self
                    .pages
                    .get_or_insert_with(page, || Rc::new([0; (PAGE / 64) as usize]));
                write_page(bits, |bits| bits[word] |= mask);
            }
            return;
        }
        self.set_slow(addr, len, defined, false);
    }

    /// `set` for bytes across words or pages, and `set_bytes`'s runs, kept out of line.
    #[inline(never)]
    fn set_slow(&mut self, addr: u32, len: u32, defined: bool, wrap: bool) {
        let pages = &mut self.pages;
        pieces(addr, len, wrap, |page, start, end| {
            let words = start / 64..=(end - 1) / 64;
            if defined {
                if let Some(bits) = pages.get_mut(page) {
                    let bits = Rc::make_mut(bits);
                    let mut cleared = 0;
                    let mut left = 0;
                    for word in words {
                        let mask = word_mask(word, start, end);
                        cleared |= bits[word as usize] & mask;
                        bits[word as usize] &= !mask;
                        left |= bits[word as usize];
                    }
                    // A page that had undefined bytes and lost some may have none left.
                    if cleared != 0 && left == 0 && all_clear(bits) {
                        pages.remove(page);
                    }
                }
            } else {
                let bits = Rc::make_mut(
                    pages.get_or_insert_with(page, || Rc::new([0; (PAGE / 64) as usize])),
                );
                for word in words {
                    bits[word as usize] |= word_mask(word, start, end);
                }
            }
            true
        });
    }

    /// Whether all `len` bytes at `addr` are defined.
    #[inline(always)]
    pub fn is_defined(&self, addr: u32, len: u32) -> bool {
        self.pages.is_empty() || self.is_defined_in_pages(addr, len)
    }

    #[inline(always)]
    fn is_defined_in_pages(&self, addr: u32, len: u32) -> bool {
        if let Some((word, mask)) = in_one_word(addr, len) {
            return self
                .pages
                .get(addr / PAGE)
                .is_none_or(|bits| bits[word] & mask == 0);
        }
        self.is_defined_by_pieces(addr, len)
    }

    /// `is_defined` for bytes across words or pages, kept out of line so that the
    /// one-word case stays small.
    #[inline(never)]
    fn is_defined_by_pieces(&self, addr: u32, len: u32) -> bool {
        pieces(addr, len, true, |page, start, end| {
            match self.pages.get(page) {
                None => true,
                Some(bits) => (start / 64..=(end - 1) / 64)
                    .all(|word| bits[word as usize] & word_mask(word, start, end) == 0),
            }
        })
    }

    #[inline]
    pub fn byte_defined(&self, addr: u32) -> bool {
        if self.pages.is_empty() {
            return true;
        }
        match self.pages.get(addr / PAGE) {
            None => true,
            Some(bits) => {
                let i = addr % PAGE;
                bits[(i / 64) as usize] & (1 << (i % 64)) == 0
            }
        }
    }

    /// The definedness of `len` bytes, one flag per byte.
    pub fn bytes(&self, addr: u32, len: u32) -> Vec<bool> {
        let mut flags = Vec::with_capacity(len as usize);
        pieces(addr, len, true, |page, start, end| {
            match self.pages.get(page) {
                None => flags.extend(std::iter::repeat_n(true, (end - start) as usize)),
                Some(bits) => flags
                    .extend((start..end).map(|i| bits[(i / 64) as usize] & (1 << (i % 64)) == 0)),
            }
            true
        });
        flags
    }

    /// Bytes this copy holds that `base` (an earlier copy) does not share: its map, and
    /// the pages written since.
    pub fn footprint_beyond(&self, base: &Shadow) -> usize {
        self.pages.footprint_beyond(&base.pages)
    }

    /// Sets bytes from per-byte flags (a copy carries definedness along), a run of equal
    /// flags at a time.
    pub fn set_bytes(&mut self, addr: u32, flags: &[bool]) {
        let mut start = 0;
        while start < flags.len() {
            let defined = flags[start];
            let run = flags[start..]
                .iter()
                .position(|&flag| flag != defined)
                .unwrap_or(flags.len() - start);
            if !(defined && self.pages.is_empty()) {
                self.set_slow(addr.wrapping_add(start as u32), run as u32, defined, true);
            }
            start += run;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashMap;

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

    /// The byte-at-a-time shadow this one replaced, kept as the reference it must agree
    /// with: the same pages held, the same answers.
    #[derive(Default, Clone)]
    struct ByteShadow {
        pages: HashMap<u32, Bits>,
    }

    impl ByteShadow {
        fn set(&mut self, addr: u32, len: u32, defined: bool) {
            let mut at = u64::from(addr);
            let end = at + u64::from(len);
            while at < end {
                let page = (at / u64::from(PAGE)) as u32;
                let offset = (at % u64::from(PAGE)) as u32;
                let piece = (PAGE - offset).min((end - at) as u32);
                if defined {
                    if let Some(bits) = self.pages.get_mut(&page) {
                        for i in offset..offset + piece {
                            bits[(i / 64) as usize] &= !(1 << (i % 64));
                        }
                        if bits.iter().all(|&w| w == 0) {
                            self.pages.remove(&page);
                        }
                    }
                } else {
                    let bits = self.pages.entry(page).or_insert([0; (PAGE / 64) as usize]);
                    for i in offset..offset + piece {
                        bits[(i / 64) as usize] |= 1 << (i % 64);
                    }
                }
                at += u64::from(piece);
            }
        }

        fn byte_defined(&self, addr: u32) -> bool {
            self.pages.get(&(addr / PAGE)).is_none_or(|bits| {
                let i = addr % PAGE;
                bits[(i / 64) as usize] & (1 << (i % 64)) == 0
            })
        }

        fn is_defined(&self, addr: u32, len: u32) -> bool {
            (0..len).all(|i| self.byte_defined(addr.wrapping_add(i)))
        }

        fn bytes(&self, addr: u32, len: u32) -> Vec<bool> {
            (0..len)
                .map(|i| self.byte_defined(addr.wrapping_add(i)))
                .collect()
        }

        fn set_bytes(&mut self, addr: u32, flags: &[bool]) {
            for (i, &defined) in flags.iter().enumerate() {
                self.set(addr.wrapping_add(i as u32), 1, defined);
            }
        }
    }

    #[test]
    fn word_at_a_time_agrees_with_byte_at_a_time() {
        // A fixed xorshift sequence: the same cases every run.
        let mut state = 0x2545_f491_4f6c_dd1du64;
        let mut next = move |below: u64| {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            state % below
        };
        // Addresses near page boundaries, a few pages apart, and at the top of memory.
        let bases = [
            0x1000u32,
            0x2fc0,
            0x3ffe,
            0x8000_0000,
            0xffff_e000,
            0xffff_fffa,
        ];
        let mut shadow = Shadow::default();
        let mut reference = ByteShadow::default();
        let mut checkpoint: Option<(Shadow, ByteShadow)> = None;
        for round in 0..5_000 {
            let addr = bases[next(bases.len() as u64) as usize].wrapping_add(next(9000) as u32);
            let len = match next(4) {
                0 => next(5) as u32,
                1 => next(70) as u32,
                _ => next(9000) as u32,
            };
            match next(6) {
                0 | 1 => {
                    let defined = next(3) != 0;
                    shadow.set(addr, len, defined);
                    reference.set(addr, len, defined);
                }
                2 => {
                    let flags: Vec<bool> = (0..len.min(300)).map(|_| next(4) != 0).collect();
                    shadow.set_bytes(addr, &flags);
                    reference.set_bytes(addr, &flags);
                }
                3 => assert_eq!(
                    shadow.is_defined(addr, len),
                    reference.is_defined(addr, len),
                    "round {round}: is_defined(0x{addr:08x}, {len})"
                ),
                4 => assert_eq!(shadow.bytes(addr, len), reference.bytes(addr, len)),
                _ => assert_eq!(shadow.byte_defined(addr), reference.byte_defined(addr)),
            }
            if round % 10 != 0 {
                continue;
            }
            assert!(
                same_pages(&shadow, &reference),
                "round {round}: the pages held differ"
            );
            // A copy shares pages with the original until either writes; what it saw
            // must not change with the original's later writes.
            if round % 500 == 0 {
                if let Some((copy, its_reference)) = &checkpoint {
                    assert!(
                        same_pages(copy, its_reference),
                        "round {round}: a copy changed"
                    );
                }
                checkpoint = Some((shadow.clone(), reference.clone()));
            }
        }
    }

    fn same_pages(shadow: &Shadow, reference: &ByteShadow) -> bool {
        let mut pages: Vec<(u32, Bits)> = shadow
            .pages
            .iter()
            .map(|(page, bits)| (page, **bits))
            .collect();
        let mut expected: Vec<(u32, Bits)> = reference
            .pages
            .iter()
            .map(|(&page, &bits)| (page, bits))
            .collect();
        pages.sort_unstable_by_key(|&(page, _)| page);
        expected.sort_unstable_by_key(|&(page, _)| page);
        pages == expected
    }
}
