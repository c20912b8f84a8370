//! What an allocator remembers about the program's allocations beyond the heap's bytes: the
//! size each request asked for, its allocation number, and which payloads were freed (so a
//! second free is named a double free). The views and metrics read it; the algorithms never
//! decide anything from it that the real ones would decide from heap metadata, except which
//! pointers are live, which a real allocator cannot know and a checker must.

use crate::{BlockInfo, BlockState, Metrics};

/// One live allocation.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Live {
    pub requested: u32,
    pub id: u64,
}

/// What the ledger knows about a payload address.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Record {
    /// A slot of the table that no payload has used.
    Vacant,
    Live(Live),
    /// Freed and not handed out again.
    Freed,
}

/// One slot of the ledger's table: a payload address and its record, in 16 bytes (an
/// enum of the record would take 32): the table is looked up at random on every malloc and
/// free, and half the bytes keep twice as much of it in the cache. The record's kind is in
/// `tag`: a live allocation's number, or one of the two numbers no allocation gets.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Slot {
    payload: u32,
    /// The request of a live allocation (meaningless otherwise).
    requested: u32,
    tag: u64,
}

/// The tags of a vacant slot and of a freed payload's. Allocations are numbered from 0, one
/// per malloc: no program makes 2^64 - 2 of them, so no live allocation has either tag.
const VACANT_TAG: u64 = u64::MAX;
const FREED_TAG: u64 = u64::MAX - 1;

const VACANT: Slot = Slot {
    payload: 0,
    requested: 0,
    tag: VACANT_TAG,
};

impl Slot {
    fn record(self) -> Record {
        match self.tag {
            VACANT_TAG => Record::Vacant,
            FREED_TAG => Record::Freed,
            id => Record::Live(Live {
                requested: self.requested,
                id,
            }),
        }
    }

    fn is_vacant(self) -> bool {
        self.tag == VACANT_TAG
    }
}

/// The table's size when the first payload arrives (a power of two, as every size is).
const FIRST_CAPACITY: usize = 64;

/// Where a payload's record is, as [`Ledger::find_live`] found it: freeing a block asks
/// the ledger whether the pointer is live before anything else, and records the release
/// only once the heap has accepted it, so the second step starts from the slot the first
/// found instead of searching again.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct LiveSlot {
    index: usize,
    payload: u32,
    pub live: Live,
}

/// What the allocators know beside the heap's bytes, keyed by payload address in an
/// open-addressing table (linear probing, Fibonacci hashing of the address). It is on every
/// malloc and free, so it is a table of its own rather than a general map: one multiply
/// and, nearly always, one slot per look-up. Records are never removed (a freed payload
/// stays known, to name a second free), so the table needs no deletion markers; it holds
/// one slot per distinct payload the program was ever given, and at least twice as many.
#[derive(Debug, Clone, Default)]
pub struct Ledger {
    slots: Vec<Slot>,
    /// Slots in use (live or freed).
    used: usize,
    live_count: usize,
    next_id: u64,
    live_requested: u64,
    peak_requested: u64,
    /// Blocks (or list entries) the last operation looked at; the allocator counts them.
    pub last_searched: u32,
}

impl Ledger {
    /// The slot holding `payload`, or the vacant slot where it would go. The table always
    /// has a vacant slot (it is at most half full), so the probe ends.
    #[inline(always)]
    fn probe(&self, payload: u32) -> usize {
        let mask = self.slots.len() - 1;
        // Fibonacci hashing: the top bits of the product spread aligned addresses evenly.
        let bits = self.slots.len().trailing_zeros();
        let hash = u64::from(payload).wrapping_mul(0x9e37_79b9_7f4a_7c15) >> (64 - bits);
        let mut index = hash as usize & mask;
        loop {
            let slot = self.slots[index];
            if slot.payload == payload || slot.is_vacant() {
                return index;
            }
            index = (index + 1) & mask;
        }
    }

    /// The record of `payload` (`Vacant` when the ledger never saw it).
    fn record(&self, payload: u32) -> Record {
        if self.slots.is_empty() {
            return Record::Vacant;
        }
        self.slots[self.probe(payload)].record()
    }

    /// Doubles the table when one more record would fill it beyond half. The check is on
    /// every malloc and inlines; the doubling, rare, stays out of line.
    #[inline(always)]
    fn make_room(&mut self) {
        if (self.used + 1) * 2 > self.slots.len() {
            self.grow();
        }
    }

    #[cold]
    #[inline(never)]
    fn grow(&mut self) {
        let capacity = (self.slots.len() * 2).max(FIRST_CAPACITY);
        let old = std::mem::replace(&mut self.slots, vec![VACANT; capacity]);
        for slot in old.into_iter().filter(|s| !s.is_vacant()) {
            let index = self.probe(slot.payload);
            self.slots[index] = slot;
        }
    }

    /// Records that malloc returned `payload` for a request of `requested` bytes.
    #[inline(always)]
    pub fn allocated(&mut self, payload: u32, requested: u32) -> u64 {
        let id = self.next_id;
        self.next_id += 1;
        self.make_room();
        let index = self.probe(payload);
        let slot = &mut self.slots[index];
        match slot.record() {
            Record::Live(replaced) => self.live_requested -= u64::from(replaced.requested),
            Record::Freed => self.live_count += 1,
            Record::Vacant => {
                self.used += 1;
                self.live_count += 1;
            }
        }
        debug_assert!(id < FREED_TAG, "allocation numbers stay below the tags");
        *slot = Slot {
            payload,
            requested,
            tag: id,
        };
        self.live_requested += u64::from(requested);
        self.peak_requested = self.peak_requested.max(self.live_requested);
        id
    }

    /// Where the live record of `payload` is, for [`Self::release`]; `None` if it is not live.
    #[inline(always)]
    pub fn find_live(&self, payload: u32) -> Option<LiveSlot> {
        if self.slots.is_empty() {
            return None;
        }
        let index = self.probe(payload);
        match self.slots[index].record() {
            Record::Live(live) => Some(LiveSlot {
                index,
                payload,
                live,
            }),
            _ => None,
        }
    }

    /// Records the release that [`Self::find_live`] prepared, when nothing was allocated in
    /// between (the slot still holds that live payload); otherwise searches afresh.
    #[inline(always)]
    pub fn release(&mut self, found: LiveSlot) -> Option<Live> {
        let still_there = self.slots.get(found.index).is_some_and(|slot| {
            slot.payload == found.payload && slot.record() == Record::Live(found.live)
        });
        if !still_there {
            return self.released(found.payload);
        }
        self.slots[found.index].tag = FREED_TAG;
        self.live_count -= 1;
        self.live_requested -= u64::from(found.live.requested);
        Some(found.live)
    }

    /// Records that `payload` was freed; `None` if it was not live.
    pub fn released(&mut self, payload: u32) -> Option<Live> {
        let found = self.find_live(payload)?;
        self.release(found)
    }

    pub fn live(&self, payload: u32) -> Option<Live> {
        match self.record(payload) {
            Record::Live(live) => Some(live),
            _ => None,
        }
    }

    pub fn live_allocations(&self) -> Vec<(u32, Live)> {
        let mut live: Vec<(u32, Live)> = self
            .slots
            .iter()
            .filter_map(|slot| match slot.record() {
                Record::Live(live) => Some((slot.payload, live)),
                Record::Freed | Record::Vacant => None,
            })
            .collect();
        live.sort_unstable_by_key(|&(payload, _)| payload);
        live
    }

    pub fn live_count(&self) -> usize {
        self.live_count
    }

    /// Whether `payload` was freed and not handed out since: freeing it again is a double free.
    pub fn was_freed(&self, payload: u32) -> bool {
        self.record(payload) == Record::Freed
    }

    pub fn live_requested(&self) -> u64 {
        self.live_requested
    }

    pub fn peak_requested(&self) -> u64 {
        self.peak_requested
    }

    /// An allocated block's view: the request and allocation number behind `payload`.
    pub fn allocated_block(&self, addr: u32, size: u32, payload: u32) -> BlockInfo {
        let live = self.live(payload);
        BlockInfo {
            addr,
            size,
            payload,
            state: BlockState::Allocated,
            requested: live.map(|l| l.requested),
            allocation_id: live.map(|l| l.id),
        }
    }

    /// The metrics of a heap of `heap_size` bytes whose blocks are `blocks`.
    pub fn metrics(&self, blocks: &[BlockInfo], heap_size: u32) -> Metrics {
        let free = blocks.iter().filter(|b| b.is_free()).map(|b| b.size);
        let (total_free, largest_free) = free.fold((0u64, 0u32), |(total, largest), size| {
            (total + u64::from(size), largest.max(size))
        });
        let internal: u64 = blocks
            .iter()
            .filter(|b| b.is_allocated())
            .filter_map(|b| b.requested.map(|r| u64::from(b.size.saturating_sub(r))))
            .sum();
        Metrics {
            heap_size,
            live_requested: self.live_requested,
            peak_requested: self.peak_requested,
            internal_fragmentation: internal,
            external_fragmentation: if total_free == 0 {
                0.0
            } else {
                1.0 - f64::from(largest_free) / total_free as f64
            },
            utilisation: if heap_size == 0 {
                0.0
            } else {
                self.peak_requested as f64 / f64::from(heap_size)
            },
            last_searched: self.last_searched,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_slot_takes_sixteen_bytes() {
        assert_eq!(std::mem::size_of::<Slot>(), 16);
    }

    #[test]
    fn records_follow_allocation_and_release() {
        let mut ledger = Ledger::default();
        assert_eq!(ledger.allocated(0x20, 5), 0);
        assert_eq!(ledger.allocated(0x10, 7), 1);
        assert_eq!(ledger.live_count(), 2);
        let payloads: Vec<u32> = ledger.live_allocations().iter().map(|(p, _)| *p).collect();
        assert_eq!(payloads, vec![0x10, 0x20], "in address order");
        assert_eq!(ledger.released(0x20).map(|l| l.requested), Some(5));
        assert!(ledger.was_freed(0x20));
        assert_eq!(ledger.released(0x20), None, "not live any more");
        assert_eq!((ledger.live_requested(), ledger.peak_requested()), (7, 12));
        // Handed out again: live, no longer a double free.
        ledger.allocated(0x20, 1);
        assert!(!ledger.was_freed(0x20));
        assert_eq!(ledger.live_count(), 2);
        assert!(!ledger.was_freed(0x30) && ledger.live(0x30).is_none());
    }
}
