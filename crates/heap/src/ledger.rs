//! What an allocator remembers about the program's allocations beyond the heap's bytes: the
//! size each request asked for, its allocation number, and which payloads were freed (so a
//! second free is named a double free). The views and metrics read it; the algorithms never
//! decide anything from it that the real ones would decide from heap metadata, except which
//! pointers are live, which a real allocator cannot know and a checker must.

use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};

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
    Live(Live),
    /// Freed and not handed out again.
    Freed,
}

/// Hashes a payload address with one multiplication (Fibonacci hashing): the ledger is on
/// every malloc and free, and addresses need no defence against crafted collisions.
#[derive(Debug, Clone, Copy, Default)]
pub struct AddressHasher(u64);

impl Hasher for AddressHasher {
    fn finish(&self) -> u64 {
        self.0
    }

    fn write(&mut self, bytes: &[u8]) {
        for &byte in bytes {
            self.0 = (self.0 << 8 | u64::from(byte)).wrapping_mul(0x9e37_79b9_7f4a_7c15);
        }
    }

    fn write_u32(&mut self, value: u32) {
        self.0 = u64::from(value).wrapping_mul(0x9e37_79b9_7f4a_7c15);
    }
}

#[derive(Debug, Clone, Default)]
pub struct Ledger {
    records: HashMap<u32, Record, BuildHasherDefault<AddressHasher>>,
    live_count: usize,
    next_id: u64,
    live_requested: u64,
    peak_requested: u64,
    /// Blocks (or list entries) the last operation looked at; the allocator counts them.
    pub last_searched: u32,
}

impl Ledger {
    /// Records that malloc returned `payload` for a request of `requested` bytes.
    pub fn allocated(&mut self, payload: u32, requested: u32) -> u64 {
        let id = self.next_id;
        self.next_id += 1;
        let previous = self
            .records
            .insert(payload, Record::Live(Live { requested, id }));
        if let Some(Record::Live(replaced)) = previous {
            self.live_requested -= u64::from(replaced.requested);
        } else {
            self.live_count += 1;
        }
        self.live_requested += u64::from(requested);
        self.peak_requested = self.peak_requested.max(self.live_requested);
        id
    }

    /// Records that `payload` was freed; `None` if it was not live.
    pub fn released(&mut self, payload: u32) -> Option<Live> {
        let record = self.records.get_mut(&payload)?;
        let Record::Live(live) = *record else {
            return None;
        };
        *record = Record::Freed;
        self.live_count -= 1;
        self.live_requested -= u64::from(live.requested);
        Some(live)
    }

    pub fn live(&self, payload: u32) -> Option<Live> {
        match self.records.get(&payload) {
            Some(Record::Live(live)) => Some(*live),
            _ => None,
        }
    }

    /// Live payloads in address order, with what was asked for.
    pub fn live_allocations(&self) -> Vec<(u32, Live)> {
        let mut live: Vec<(u32, Live)> = self
            .records
            .iter()
            .filter_map(|(&payload, record)| match record {
                Record::Live(live) => Some((payload, *live)),
                Record::Freed => None,
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
        self.records.get(&payload) == Some(&Record::Freed)
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
