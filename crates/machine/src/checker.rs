//! Memory checking, the way valgrind's memcheck does it for the heap: every heap block the
//! program allocated is recorded with where it was allocated (and freed), each load and
//! store into the heap is checked against the live blocks, and at exit a reachability scan
//! sorts the blocks still allocated into valgrind's leak categories.

use std::collections::BTreeMap;
use std::rc::Rc;

use memplay_lang::codemap::Span;
use serde::Serialize;

use crate::shadow::{Bits, PAGE, PageMap};

/// One level of a call stack: the function and the statement it was at (for a caller,
/// the call).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CallSite {
    /// The function's index in the program (see [`crate::Machine::name_of_function`]).
    pub function: u32,
    pub span: Span,
}

/// A call stack, innermost first, shared between a block's records and its errors.
pub type CallStack = Rc<[CallSite]>;

/// A block the program allocated, live or freed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct HeapRecord {
    pub payload: u32,
    /// The size the program asked for: the bytes it may touch.
    pub size: u32,
    pub allocated_at: Span,
    pub freed_at: Option<Span>,
    /// The call stacks of the malloc and the free, innermost first.
    pub allocated_by: CallStack,
    pub freed_by: Option<CallStack>,
}

impl HeapRecord {
    fn end(&self) -> u32 {
        self.payload + self.size
    }

    fn contains(&self, addr: u32, len: u32) -> bool {
        addr >= self.payload && u64::from(addr) + u64::from(len) <= u64::from(self.end())
    }
}

/// What an access into the heap region touched.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum HeapAccess {
    /// Inside a live block.
    Fine,
    /// Inside a block that was freed.
    AfterFree(HeapRecord),
    /// Outside every live block (a header, padding, another block's edge) from `first_bad`
    /// on: described by the nearest block.
    OutOfBounds {
        first_bad: u32,
        nearest: Option<HeapRecord>,
    },
}

/// Freed blocks held back from the allocator (the `quarantine` setting), oldest first:
/// each with the thread that freed it, whose cache it goes to when it is really freed.
#[derive(Debug, Clone, Default)]
pub(crate) struct Quarantine {
    blocks: std::collections::VecDeque<(u32, u32, u32)>,
    bytes: u64,
}

impl Quarantine {
    pub fn holds(&self, payload: u32) -> bool {
        self.blocks.iter().any(|&(p, _, _)| p == payload)
    }

    /// Holds the block at `payload` of `size` bytes that `thread` freed.
    pub fn hold(&mut self, payload: u32, size: u32, thread: u32) {
        self.blocks.push_back((payload, size, thread));
        self.bytes += u64::from(size.max(1));
    }

    /// The oldest block, as (payload, thread), once more than `limit` bytes are held.
    pub fn release_over(&mut self, limit: u32) -> Option<(u32, u32)> {
        if self.bytes <= u64::from(limit) {
            return None;
        }
        let (payload, size, thread) = self.blocks.pop_front()?;
        self.bytes -= u64::from(size.max(1));
        Some((payload, thread))
    }

    /// The payloads held, oldest first.
    pub fn payloads(&self) -> Vec<u32> {
        self.blocks.iter().map(|&(p, _, _)| p).collect()
    }
}

#[derive(Debug, Clone, Default)]
pub(crate) struct HeapRecords {
    records: BTreeMap<u32, HeapRecord>,
    /// The bytes of live blocks, memcheck's "addressable" bits: the answer to almost every
    /// check without a search of the records.
    live: LiveBytes,
}

/// Which bytes of the heap lie inside a live block, and where each live block starts, a
/// bit per byte in pages keyed `page << 1` (live bytes) and `page << 1 | 1` (starts); a
/// page with nothing set has no entry. The map is the shadow's type, so the WebAssembly
/// carries one copy of its code; pages are shared between copies (checkpoints) until one
/// of them changes.
#[derive(Debug, Clone, Default)]
struct LiveBytes {
    pages: PageMap,
}

const WORDS: usize = (PAGE / 64) as usize;

impl LiveBytes {
    /// Whether the `len` bytes at `addr` all lie in one live block, when they lie in one
    /// 64-byte word of a page (as a scalar's do); None for the rare wider access.
    #[inline(always)]
    fn within_one_block(&self, addr: u32, len: u32) -> Option<bool> {
        let bit = addr % 64;
        if len == 0 || len >= 64 || bit + len > 64 {
            return None;
        }
        let page = addr / PAGE;
        let Some(live) = self.pages.get(page << 1) else {
            return Some(false);
        };
        let word = ((addr % PAGE) / 64) as usize;
        let bytes = ((1u64 << len) - 1) << bit;
        if live[word] & bytes != bytes {
            return Some(false);
        }
        // A block starting after the first byte would split the access between two blocks.
        let later = bytes & !(1u64 << bit);
        Some(
            self.pages
                .get(page << 1 | 1)
                .is_none_or(|starts| starts[word] & later == 0),
        )
    }

    /// Marks the `size` bytes of a block at `payload` live (and its start), or not.
    fn mark(&mut self, payload: u32, size: u32, live: bool) {
        let end = u64::from(payload) + u64::from(size);
        let mut at = u64::from(payload);
        while at < end {
            let page = (at / u64::from(PAGE)) as u32;
            let page_start = u64::from(page) * u64::from(PAGE);
            let from = (at - page_start) as usize;
            let to = (end - page_start).min(u64::from(PAGE)) as usize;
            let first = at == u64::from(payload);
            if live {
                self.change(page << 1, |bits| set_bits(bits, from, to, true));
                if first {
                    self.change(page << 1 | 1, |bits| set_bits(bits, from, from + 1, true));
                }
            } else {
                self.change(page << 1, |bits| set_bits(bits, from, to, false));
                self.change(page << 1 | 1, |bits| set_bits(bits, from, to, false));
            }
            at = page_start + to as u64;
        }
    }

    /// Changes the bits under `key`, creating them as zeros and dropping them once zero.
    fn change(&mut self, key: u32, edit: impl FnOnce(&mut Bits)) {
        let page = self.pages.get_or_insert_with(key, || Rc::new([0; WORDS]));
        edit(Rc::make_mut(page));
        if page.iter().all(|&word| word == 0) {
            self.pages.remove(key);
        }
    }
}

/// Sets or clears bits `from..to` of `words`.
fn set_bits(words: &mut [u64], from: usize, to: usize, on: bool) {
    for (index, word) in words.iter_mut().enumerate() {
        let (low, high) = (index * 64, index * 64 + 64);
        if to <= low || from >= high {
            continue;
        }
        let (a, b) = (from.max(low) - low, to.min(high) - low);
        let mask = if b - a == 64 {
            u64::MAX
        } else {
            ((1u64 << (b - a)) - 1) << a
        };
        if on {
            *word |= mask;
        } else {
            *word &= !mask;
        }
    }
}

impl HeapRecords {
    /// Bytes a copy of the records takes, roughly (entries plus B-tree overhead).
    pub fn footprint(&self) -> usize {
        self.records.len() * (std::mem::size_of::<(u32, HeapRecord)>() + 16)
            + self.live.pages.len() * (std::mem::size_of::<Bits>() + 16)
    }

    /// malloc returned `payload` for `size` bytes: older records overlapping it (freed
    /// blocks whose memory is handed out again) are forgotten.
    pub fn allocated(&mut self, payload: u32, size: u32, by: CallStack) {
        let end = payload.saturating_add(size.max(1));
        let overlapping: Vec<u32> = self
            .records
            .range(..end)
            .rev()
            .take_while(|(_, r)| r.end().max(r.payload + 1) > payload)
            .map(|(&p, _)| p)
            .collect();
        for p in overlapping {
            if let Some(old) = self.records.remove(&p)
                && old.freed_at.is_none()
            {
                self.live.mark(old.payload, old.size, false);
            }
        }
        self.live.mark(payload, size, true);
        self.records.insert(
            payload,
            HeapRecord {
                payload,
                size,
                allocated_at: by.first().map_or(Span::default(), |site| site.span),
                freed_at: None,
                allocated_by: by,
                freed_by: None,
            },
        );
    }

    pub fn freed(&mut self, payload: u32, by: CallStack) {
        if let Some(record) = self.records.get_mut(&payload) {
            if record.freed_at.is_none() {
                self.live.mark(record.payload, record.size, false);
            }
            record.freed_at = Some(by.first().map_or(Span::default(), |site| site.span));
            record.freed_by = Some(by);
        }
    }

    pub fn record(&self, payload: u32) -> Option<&HeapRecord> {
        self.records.get(&payload)
    }

    /// Whether an access of `len` bytes at `addr` lies inside one live block, by the live
    /// bits alone: the quick answer for almost every access (false may still be fine).
    #[inline(always)]
    pub fn within_a_live_block(&self, addr: u32, len: u32) -> bool {
        self.live.within_one_block(addr, len.max(1)) == Some(true)
    }

    /// Checks an access of `len` bytes at `addr`, which lies in the heap region.
    pub fn check(&self, addr: u32, len: u32) -> HeapAccess {
        if self.within_a_live_block(addr, len) {
            return HeapAccess::Fine;
        }
        self.check_records(addr, len)
    }

    /// `check` by a search of the records: what the live bits answer in one look, and the
    /// description of every access they find wrong.
    fn check_records(&self, addr: u32, len: u32) -> HeapAccess {
        let before = self.records.range(..=addr).next_back().map(|(_, r)| r);
        if let Some(record) = before
            && record.contains(addr, len.max(1))
        {
            return match record.freed_at {
                None => HeapAccess::Fine,
                Some(_) => HeapAccess::AfterFree(record.clone()),
            };
        }
        // Starts inside a live block and runs past its end: the first byte past is bad.
        if let Some(record) = before
            && record.freed_at.is_none()
            && addr < record.end()
        {
            return HeapAccess::OutOfBounds {
                first_bad: record.end(),
                nearest: Some(record.clone()),
            };
        }
        if let Some(record) = before
            && record.freed_at.is_some()
            && addr < record.end()
        {
            return HeapAccess::AfterFree(record.clone());
        }
        // The nearest live block: the one just before, or the one just after.
        let live_before = self
            .records
            .range(..=addr)
            .rev()
            .map(|(_, r)| r)
            .find(|r| r.freed_at.is_none());
        let live_after = self
            .records
            .range(addr.saturating_add(1)..)
            .map(|(_, r)| r)
            .find(|r| r.freed_at.is_none());
        let nearest = match (live_before, live_after) {
            (Some(b), Some(a)) => {
                if addr.saturating_sub(b.end()) <= a.payload.saturating_sub(addr) {
                    Some(b)
                } else {
                    Some(a)
                }
            }
            (b, a) => b.or(a),
        };
        HeapAccess::OutOfBounds {
            first_bad: addr,
            nearest: nearest.cloned(),
        }
    }

    /// Live blocks in address order.
    pub fn live(&self) -> impl Iterator<Item = &HeapRecord> {
        self.records.values().filter(|r| r.freed_at.is_none())
    }
}

/// Where `addr` is relative to `record`, in valgrind's words.
pub(crate) fn describe(addr: u32, record: &HeapRecord) -> String {
    if addr < record.payload {
        format!(
            "{} bytes before a block of size {}",
            record.payload - addr,
            record.size
        )
    } else if addr >= record.end() {
        format!(
            "{} bytes after a block of size {}",
            addr - record.end(),
            record.size
        )
    } else {
        format!(
            "{} bytes inside a block of size {}",
            addr - record.payload,
            record.size
        )
    }
}

/// Blocks and bytes of one leak category.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize)]
pub struct LeakCount {
    pub bytes: u64,
    pub blocks: u64,
}

impl LeakCount {
    fn add(&mut self, size: u32) {
        self.bytes += u64::from(size);
        self.blocks += 1;
    }
}

/// valgrind's leak summary.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize)]
pub struct LeakReport {
    pub definitely_lost: LeakCount,
    pub indirectly_lost: LeakCount,
    pub still_reachable: LeakCount,
    /// Each block still allocated: its address, size, where it was allocated (a byte
    /// span) and its category.
    #[serde(skip)]
    pub blocks: Vec<LeakedBlock>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LeakedBlock {
    pub payload: u32,
    pub size: u32,
    pub allocated_at: Span,
    /// Where it was allocated, innermost first.
    pub allocated_by: CallStack,
    pub category: LeakCategory,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LeakCategory {
    DefinitelyLost,
    IndirectlyLost,
    StillReachable,
}

/// Sorts the live blocks as memcheck does: reachable from the roots (directly or through
/// other reachable blocks) is still reachable; of the rest, a block pointed to by another
/// lost block is indirectly lost, and the head of each lost structure is definitely lost.
/// `roots` are the words of the globals, live stack and registers; `words_of` reads a
/// block's words.
pub(crate) fn leak_check(
    records: &HeapRecords,
    roots: &[u32],
    words_of: impl Fn(&HeapRecord) -> Vec<u32>,
) -> LeakReport {
    let live: Vec<&HeapRecord> = records.live().collect();
    let block_of = |value: u32| {
        let at = live.partition_point(|r| r.payload <= value);
        at.checked_sub(1)
            .filter(|&i| value < live[i].payload + live[i].size.max(1))
    };
    let edges: Vec<Vec<usize>> = live
        .iter()
        .map(|r| words_of(r).into_iter().filter_map(block_of).collect())
        .collect();
    let mut category = vec![None; live.len()];
    let mut stack: Vec<usize> = roots.iter().filter_map(|&w| block_of(w)).collect();
    mark(
        &mut stack,
        &edges,
        &mut category,
        LeakCategory::StillReachable,
    );
    for i in 0..live.len() {
        if category[i].is_none() {
            category[i] = Some(LeakCategory::DefinitelyLost);
            let mut stack: Vec<usize> = edges[i].clone();
            mark(
                &mut stack,
                &edges,
                &mut category,
                LeakCategory::IndirectlyLost,
            );
        }
    }
    let mut report = LeakReport::default();
    for (record, category) in live.iter().zip(category) {
        let category = category.unwrap_or(LeakCategory::DefinitelyLost);
        match category {
            LeakCategory::DefinitelyLost => report.definitely_lost.add(record.size),
            LeakCategory::IndirectlyLost => report.indirectly_lost.add(record.size),
            LeakCategory::StillReachable => report.still_reachable.add(record.size),
        }
        report.blocks.push(LeakedBlock {
            payload: record.payload,
            size: record.size,
            allocated_at: record.allocated_at,
            allocated_by: record.allocated_by.clone(),
            category,
        });
    }
    report
}

/// Marks every block reachable from `stack` that has no category yet.
fn mark(
    stack: &mut Vec<usize>,
    edges: &[Vec<usize>],
    category: &mut [Option<LeakCategory>],
    as_: LeakCategory,
) {
    while let Some(i) = stack.pop() {
        if category[i].is_some() {
            continue;
        }
        category[i] = Some(as_);
        stack.extend(edges[i].iter().copied());
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn records(blocks: &[(u32, u32)]) -> HeapRecords {
        let mut records = HeapRecords::default();
        for &(payload, size) in blocks {
            records.allocated(payload, size, CallStack::from([]));
        }
        records
    }

    #[test]
    fn accesses_are_inside_after_free_or_out_of_bounds() {
        let mut records = records(&[(0x100, 8), (0x120, 16)]);
        assert_eq!(records.check(0x104, 4), HeapAccess::Fine);
        let HeapAccess::OutOfBounds {
            first_bad,
            nearest: Some(near),
        } = records.check(0x108, 4)
        else {
            panic!("one past the end");
        };
        assert_eq!(
            describe(first_bad, &near),
            "0 bytes after a block of size 8"
        );
        let HeapAccess::OutOfBounds {
            first_bad,
            nearest: Some(near),
        } = records.check(0x11c, 4)
        else {
            panic!("the next block's header");
        };
        assert_eq!(
            describe(first_bad, &near),
            "4 bytes before a block of size 16"
        );
        // A copy that starts inside and runs past: the first byte past the end is bad.
        let HeapAccess::OutOfBounds { first_bad, .. } = records.check(0x104, 6) else {
            panic!("runs past the end");
        };
        assert_eq!(first_bad, 0x108);
        records.freed(0x100, CallStack::from([]));
        assert!(matches!(records.check(0x100, 4), HeapAccess::AfterFree(_)));
        // Handed out again: the old record goes.
        records.allocated(0x100, 4, CallStack::from([]));
        assert_eq!(records.check(0x100, 4), HeapAccess::Fine);
    }

    proptest::proptest! {
        /// The live bits answer as the search of the records does, for every small access
        /// around blocks that are adjacent, cross 4 KiB pages, are freed and handed out
        /// again over older ones.
        #[test]
        fn live_bits_agree_with_the_records(
            ops in proptest::collection::vec((0u32..0x2400, 0u32..200, proptest::bool::ANY), 1..40)
        ) {
            let mut records = HeapRecords::default();
            let mut allocated = Vec::new();
            for (at, size, free) in ops {
                if free && !allocated.is_empty() {
                    let payload = allocated[at as usize % allocated.len()];
                    records.freed(payload, CallStack::from([]));
                } else {
                    let payload = 0x1000 + at;
                    records.allocated(payload, size, CallStack::from([]));
                    allocated.push(payload);
                }
            }
            for addr in 0xff0..0x3500 {
                for len in [1, 2, 4, 8] {
                    proptest::prop_assert_eq!(
                        records.check(addr, len),
                        records.check_records(addr, len),
                        "{} bytes at {:#x}", len, addr
                    );
                }
            }
        }
    }

    #[test]
    fn leaks_are_sorted_as_memcheck_sorts_them() {
        // A list 0x100 → 0x200 → 0x300 with no root: the head definitely lost, the rest
        // indirectly; 0x400 pointed to by a global: still reachable.
        let records = records(&[(0x100, 8), (0x200, 8), (0x300, 8), (0x400, 4)]);
        let words = |r: &HeapRecord| match r.payload {
            0x100 => vec![1, 0x200],
            0x200 => vec![2, 0x300],
            _ => vec![0, 0],
        };
        let report = leak_check(&records, &[0x400], words);
        assert_eq!(
            report.definitely_lost,
            LeakCount {
                bytes: 8,
                blocks: 1
            }
        );
        assert_eq!(
            report.indirectly_lost,
            LeakCount {
                bytes: 16,
                blocks: 2
            }
        );
        assert_eq!(
            report.still_reachable,
            LeakCount {
                bytes: 4,
                blocks: 1
            }
        );
        // With a root to the head, everything is reachable.
        let report = leak_check(&records, &[0x100, 0x400], |r| match r.payload {
            0x100 => vec![0x200],
            0x200 => vec![0x300],
            _ => vec![],
        });
        assert_eq!(report.still_reachable.blocks, 4);
    }
}
