//! What an allocator remembers about the program's allocations beyond the heap's bytes: the
//! size each request asked for, its allocation number, and which payloads were freed (so a
//! second free is named a double free). The views and metrics read it; the algorithms never
//! decide anything from it that the real ones would decide from heap metadata, except which
//! pointers are live, which a real allocator cannot know and a checker must.

use std::collections::{BTreeMap, BTreeSet};

use crate::{BlockInfo, BlockState, Metrics};

/// One live allocation.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Live {
    pub requested: u32,
    pub id: u64,
}

#[derive(Debug, Clone, Default)]
pub struct Ledger {
    live: BTreeMap<u32, Live>,
    /// Payloads freed and not handed out again.
    freed: BTreeSet<u32>,
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
        self.freed.remove(&payload);
        self.live.insert(payload, Live { requested, id });
        self.live_requested += u64::from(requested);
        self.peak_requested = self.peak_requested.max(self.live_requested);
        id
    }

    /// Records that `payload` was freed; `None` if it was not live.
    pub fn released(&mut self, payload: u32) -> Option<Live> {
        let live = self.live.remove(&payload)?;
        self.live_requested -= u64::from(live.requested);
        self.freed.insert(payload);
        Some(live)
    }

    pub fn live(&self, payload: u32) -> Option<Live> {
        self.live.get(&payload).copied()
    }

    /// Live payloads in address order, with what was asked for.
    pub fn live_allocations(&self) -> impl Iterator<Item = (u32, Live)> + '_ {
        self.live.iter().map(|(&payload, &live)| (payload, live))
    }

    pub fn live_count(&self) -> usize {
        self.live.len()
    }

    /// Whether `payload` was freed and not handed out since: freeing it again is a double free.
    pub fn was_freed(&self, payload: u32) -> bool {
        self.freed.contains(&payload)
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
