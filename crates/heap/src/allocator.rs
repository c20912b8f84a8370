//! The face every allocator shows the machine, the lab and the views: malloc, free, calloc and
//! realloc over a [`HeapMemory`], and introspection as plain data.

use std::fmt;

use serde::Serialize;

use crate::ledger::Ledger;
use crate::memory::HeapMemory;
use crate::{BlockInfo, Corruption, FreeError, Metrics, ThreadId};

/// Copies an allocator behind a box (time travel checkpoints a whole machine); every
/// `Clone` allocator has it.
pub trait AllocatorClone {
    fn clone_box(&self) -> Box<dyn Allocator>;
}

impl<T: Allocator + Clone + 'static> AllocatorClone for T {
    fn clone_box(&self) -> Box<dyn Allocator> {
        Box::new(self.clone())
    }
}

impl Clone for Box<dyn Allocator> {
    fn clone(&self) -> Box<dyn Allocator> {
        self.clone_box()
    }
}

pub trait Allocator: fmt::Debug + AllocatorClone {
    /// malloc: the payload address, `Ok(None)` when the heap cannot grow enough (the program
    /// sees NULL). `Err` only when the heap's metadata is damaged.
    fn malloc(
        &mut self,
        memory: &mut dyn HeapMemory,
        thread: ThreadId,
        size: u32,
    ) -> Result<Option<u32>, Corruption>;

    /// free: refuses, changing nothing, anything but the payload of a live block.
    fn free(
        &mut self,
        memory: &mut dyn HeapMemory,
        thread: ThreadId,
        payload: u32,
    ) -> Result<(), FreeError>;

    /// Why `payload`, which is not live, cannot be freed: what the pointer actually is.
    fn diagnose(&self, memory: &dyn HeapMemory, payload: u32) -> FreeError;

    /// Every block, tiling the heap from its start to the break.
    fn blocks(&self, memory: &dyn HeapMemory) -> Result<Vec<BlockInfo>, Corruption>;

    /// The free structures as the algorithm keeps them.
    fn free_structures(&self, memory: &dyn HeapMemory) -> Result<FreeStructures, Corruption>;

    /// The program's allocations as this allocator recorded them.
    fn ledger(&self) -> &Ledger;

    /// A thread of the program ended: an allocator with per-thread caches gives that
    /// thread's cached blocks back.
    fn thread_exited(
        &mut self,
        _memory: &mut dyn HeapMemory,
        _thread: ThreadId,
    ) -> Result<(), Corruption> {
        Ok(())
    }

    fn metrics(&self, memory: &dyn HeapMemory) -> Result<Metrics, Corruption> {
        let blocks = self.blocks(memory)?;
        let heap_size = memory.brk() - memory.heap_start();
        Ok(self.ledger().metrics(&blocks, heap_size))
    }

    /// calloc: `count * size` zeroed bytes; `Ok(None)` when the product overflows (as
    /// glibc's calloc returns NULL) or the heap is full.
    fn calloc(
        &mut self,
        memory: &mut dyn HeapMemory,
        thread: ThreadId,
        count: u32,
        size: u32,
    ) -> Result<Option<u32>, Corruption> {
        let Some(total) = count.checked_mul(size) else {
            return Ok(None);
        };
        let payload = self.malloc(memory, thread, total)?;
        if let Some(payload) = payload {
            fill_words(memory, payload, total, 0);
        }
        Ok(payload)
    }

    /// realloc as glibc does it: a null pointer mallocs; size 0 frees and returns NULL;
    /// otherwise a new block gets the old contents (up to the smaller size) and the old one
    /// is freed. When the heap is full it returns NULL and the old block stays as it was.
    fn realloc(
        &mut self,
        memory: &mut dyn HeapMemory,
        thread: ThreadId,
        payload: u32,
        size: u32,
    ) -> Result<Option<u32>, FreeError> {
        if payload == 0 {
            return self
                .malloc(memory, thread, size)
                .map_err(FreeError::Corrupted);
        }
        let Some(old) = self.ledger().live(payload) else {
            return Err(self.diagnose(memory, payload));
        };
        if size == 0 {
            self.free(memory, thread, payload)?;
            return Ok(None);
        }
        let Some(new) = self
            .malloc(memory, thread, size)
            .map_err(FreeError::Corrupted)?
        else {
            return Ok(None);
        };
        copy_words(memory, payload, new, old.requested.min(size));
        self.free(memory, thread, payload)?;
        Ok(Some(new))
    }
}

/// Writes `value` over `len` bytes from the word-aligned `addr`, rounded up to whole words
/// (payloads are at least word-aligned and blocks hold whole words).
pub fn fill_words(memory: &mut dyn HeapMemory, addr: u32, len: u32, value: u32) {
    for offset in (0..len).step_by(4) {
        memory.write_u32(addr + offset, value);
    }
}

/// Copies `len` bytes (rounded up to whole words) from `from` to `to`; the ranges do not
/// overlap.
pub fn copy_words(memory: &mut dyn HeapMemory, from: u32, to: u32, len: u32) {
    for offset in (0..len).step_by(4) {
        let word = memory.read_u32(from + offset);
        memory.write_u32(to + offset, word);
    }
}

/// An allocator's free structures as plain data, for the views: each allocator fills the
/// parts it has.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize)]
pub struct FreeStructures {
    /// Free lists in the order the algorithm searches them: one for an explicit list, one
    /// per size class or buddy order.
    pub lists: Vec<FreeList>,
    /// The buddy system's tree, in preorder.
    pub buddy_tree: Vec<BuddyNode>,
    /// The small-object allocator's pools.
    pub pools: Vec<Pool>,
    /// Per-thread caches.
    pub thread_caches: Vec<ThreadCacheView>,
}

/// One free list, entries in list order, links as the heap's bytes hold them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct FreeList {
    /// What the list holds, e.g. "free list", "33 to 64 bytes", "order 5 (32 bytes)".
    pub label: String,
    /// Where the list's head pointer is kept in the heap, if it is.
    pub head_addr: Option<u32>,
    pub entries: Vec<FreeEntry>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct FreeEntry {
    /// The free block's start.
    pub addr: u32,
    pub size: u32,
    /// The links stored in the block (`None` for a null link or a list without that link).
    pub next: Option<u32>,
    pub prev: Option<u32>,
}

/// One node of the buddy tree: a block that is split in two, free, or allocated.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct BuddyNode {
    pub addr: u32,
    pub size: u32,
    /// 0 for a whole segment, one more per split.
    pub depth: u32,
    pub state: BuddyState,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum BuddyState {
    Split,
    Free,
    Allocated,
}

/// A small-object pool: chunks of one size carved from pages.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Pool {
    pub chunk_size: u32,
    pub pages: Vec<PoolPage>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PoolPage {
    /// Where the page's own header starts.
    pub addr: u32,
    pub size: u32,
    /// The first chunk's address and how many chunks the page has.
    pub first_chunk: u32,
    pub chunks: u32,
    /// Free chunks in the order the page will hand them out.
    pub free_chain: Vec<u32>,
}

/// One thread's cache: its bins, and how often it saved a trip to the shared allocator.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ThreadCacheView {
    pub thread: ThreadId,
    pub bins: Vec<FreeList>,
    /// Requests served from the cache, and those that went to the shared allocator.
    pub hits: u64,
    pub misses: u64,
}
