//! Per-thread caches in front of a shared allocator, as glibc's tcache (since 2.26) does it.
//!
//! Every thread of a program shares one heap, and a real allocator must take a lock before
//! touching it. glibc avoids most of those trips: each thread keeps a few freed blocks of
//! each small size class in bins of its own, and serves its next requests of that class
//! from them without taking the lock.
//!
//! - A request of up to `bins * bin_step` bytes is cacheable. Its class is its size rounded
//!   up to a multiple of `bin_step`, and the block is always asked for at that rounded size,
//!   so any block of the class fits any request of the class.
//! - free(p) of a cacheable block pushes it on the freeing thread's bin when the bin holds
//!   fewer than `max_per_bin` blocks. The link to the next cached block is written in the
//!   payload's first word (glibc's `tcache_entry.next`). The block stays allocated as far as
//!   the shared allocator knows. A full bin, or a large block, goes to the shared allocator.
//! - malloc(n) pops the thread's bin for n's class (a hit: no lock), or else asks the shared
//!   allocator (a miss: one lock acquisition).
//! - A block freed by another thread than the one that allocated it goes to the *freeing*
//!   thread's cache, as in glibc.
//!
//! Each thread's bin heads live in the heap too, as in glibc's `tcache_perthread_struct`: on
//! its first malloc, a thread asks the shared allocator for `8 * bins` bytes, the count of
//! each bin (`bins` words) followed by the first block of each bin (`bins` words, 0 when
//! empty). When a thread exits, [`ThreadCache::flush_thread`] gives everything back.

use std::collections::{BTreeMap, BTreeSet};

use crate::allocator::{self, Allocator, FreeEntry, FreeList, FreeStructures};
use crate::boundary::internal;
use crate::ledger::Ledger;
use crate::memory::HeapMemory;
use crate::{BlockInfo, BlockState, Corruption, FreeError, SettingsError, ThreadId};

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Settings {
    /// Width of a size class: bin i holds blocks for requests of i * step + 1 to (i + 1) * step
    /// bytes (bin 0 also serves malloc(0)).
    pub bin_step: u32,
    /// How many classes are cached; larger requests always go to the shared allocator.
    pub bins: u32,
    /// Most blocks a bin keeps (glibc: 7).
    pub max_per_bin: u32,
}

impl Default for Settings {
    fn default() -> Settings {
        Settings {
            bin_step: 16,
            bins: 8,
            max_per_bin: 7,
        }
    }
}

const MAX_BIN_STEP: u32 = 4096;
const MAX_BINS: u32 = 64;
const MAX_PER_BIN: u32 = 65_535;

impl Settings {
    /// The largest request that is cached.
    pub fn largest_cached(&self) -> u32 {
        self.bins * self.bin_step
    }

    /// Bytes of a thread's bin heads: a count and a first block per bin.
    pub fn heads_size(&self) -> u32 {
        8 * self.bins
    }

    pub fn validate(&self) -> Result<(), SettingsError> {
        let error = |setting, message: String| Err(SettingsError { setting, message });
        if self.bin_step < 4 || self.bin_step > MAX_BIN_STEP || !self.bin_step.is_multiple_of(4) {
            return error(
                "bin step",
                format!(
                    "must be a multiple of 4 from 4 to {MAX_BIN_STEP} bytes (a cached block holds a link), not {}",
                    self.bin_step
                ),
            );
        }
        if self.bins == 0 || self.bins > MAX_BINS {
            return error(
                "number of bins",
                format!("must be from 1 to {MAX_BINS}, not {}", self.bins),
            );
        }
        if self.max_per_bin > MAX_PER_BIN {
            return error(
                "blocks per bin",
                format!("must be at most {MAX_PER_BIN}, not {}", self.max_per_bin),
            );
        }
        Ok(())
    }
}

/// What the allocator knows of one thread outside the heap.
#[derive(Debug, Clone, Default)]
struct ThreadState {
    /// Where the thread's bin heads are, once it has them.
    heads: Option<u32>,
    hits: u64,
    misses: u64,
}

#[derive(Debug, Clone)]
pub struct ThreadCache {
    settings: Settings,
    shared: Box<dyn Allocator>,
    threads: BTreeMap<ThreadId, ThreadState>,
    /// Which thread's cache holds each cached block: the checker's record (glibc's tcache
    /// key), used to name a second free and to check links before following them.
    cached: BTreeMap<u32, ThreadId>,
    ledger: Ledger,
}

/// Hits and misses of one thread.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct ThreadCounts {
    pub hits: u64,
    pub misses: u64,
}

impl ThreadCache {
    pub fn new(
        settings: Settings,
        shared: Box<dyn Allocator>,
    ) -> Result<ThreadCache, SettingsError> {
        settings.validate()?;
        Ok(ThreadCache {
            settings,
            shared,
            threads: BTreeMap::new(),
            cached: BTreeMap::new(),
            ledger: Ledger::default(),
        })
    }

    pub fn settings(&self) -> &Settings {
        &self.settings
    }

    pub fn shared(&self) -> &dyn Allocator {
        self.shared.as_ref()
    }

    /// How often `thread` was served from its cache, and how often it went to the shared
    /// allocator (took the lock).
    pub fn counts(&self, thread: ThreadId) -> ThreadCounts {
        self.threads
            .get(&thread)
            .map(|state| ThreadCounts {
                hits: state.hits,
                misses: state.misses,
            })
            .unwrap_or_default()
    }

    /// The bin for a request of `size` bytes, if it is cached.
    fn bin_of(&self, size: u32) -> Option<u32> {
        (size <= self.settings.largest_cached())
            .then(|| size.max(1).div_ceil(self.settings.bin_step) - 1)
    }

    fn class_size(&self, bin: u32) -> u32 {
        (bin + 1) * self.settings.bin_step
    }

    fn count_addr(&self, heads: u32, bin: u32) -> u32 {
        heads + 4 * bin
    }

    fn entry_addr(&self, heads: u32, bin: u32) -> u32 {
        heads + 4 * self.settings.bins + 4 * bin
    }

    /// The thread's bin heads, made on its first malloc (with every bin empty). `None` when
    /// the heap is too full for them: the thread then works without a cache.
    fn heads_for_malloc(
        &mut self,
        memory: &mut dyn HeapMemory,
        thread: ThreadId,
    ) -> Result<Option<u32>, Corruption> {
        if let Some(heads) = self.threads.entry(thread).or_default().heads {
            return Ok(Some(heads));
        }
        let size = self.settings.heads_size();
        let Some(heads) = self.shared.malloc(memory, thread, size)? else {
            return Ok(None);
        };
        allocator::fill_words(memory, heads, size, 0);
        self.threads.entry(thread).or_default().heads = Some(heads);
        Ok(Some(heads))
    }

    fn heads(&self, thread: ThreadId) -> Option<u32> {
        self.threads.get(&thread).and_then(|state| state.heads)
    }

    /// Reads a bin's count, which must not exceed the most a bin keeps.
    fn read_count(&self, memory: &dyn HeapMemory, heads: u32, bin: u32) -> Result<u32, Corruption> {
        let addr = self.count_addr(heads, bin);
        let word = memory.read_u32(addr);
        if word > self.settings.max_per_bin {
            return Err(Corruption { addr, word });
        }
        Ok(word)
    }

    /// Checks the link `word`, read at `addr`, before it is followed: 0 exactly when no
    /// block is left, otherwise a block cached by this thread.
    fn check_link(
        &self,
        thread: ThreadId,
        addr: u32,
        word: u32,
        blocks_left: u32,
    ) -> Result<(), Corruption> {
        let valid = if blocks_left == 0 {
            word == 0
        } else {
            self.cached.get(&word) == Some(&thread)
        };
        if valid {
            Ok(())
        } else {
            Err(Corruption { addr, word })
        }
    }

    /// A bin's blocks in list order, every link checked before it is followed.
    fn bin_entries(
        &self,
        memory: &dyn HeapMemory,
        thread: ThreadId,
        heads: u32,
        bin: u32,
    ) -> Result<Vec<u32>, Corruption> {
        let count = self.read_count(memory, heads, bin)?;
        let mut link_addr = self.entry_addr(heads, bin);
        let mut seen = BTreeSet::new();
        let mut entries = Vec::with_capacity(count as usize);
        for left in (0..=count).rev() {
            let block = memory.read_u32(link_addr);
            self.check_link(thread, link_addr, block, left)?;
            if left == 0 {
                break;
            }
            if !seen.insert(block) {
                return Err(Corruption {
                    addr: link_addr,
                    word: block,
                });
            }
            entries.push(block);
            link_addr = block;
        }
        Ok(entries)
    }

    /// Pops the first block of the thread's bin, if there is one.
    fn pop(
        &mut self,
        memory: &mut dyn HeapMemory,
        thread: ThreadId,
        heads: u32,
        bin: u32,
    ) -> Result<Option<u32>, Corruption> {
        let count = self.read_count(memory, heads, bin)?;
        let entry_addr = self.entry_addr(heads, bin);
        let block = memory.read_u32(entry_addr);
        self.check_link(thread, entry_addr, block, count)?;
        if count == 0 {
            return Ok(None);
        }
        let next = memory.read_u32(block);
        self.check_link(thread, block, next, count - 1)?;
        memory.write_u32(entry_addr, next);
        memory.write_u32(self.count_addr(heads, bin), count - 1);
        self.cached.remove(&block);
        Ok(Some(block))
    }

    /// Pushes `payload` on the thread's bin if the bin has room; whether it did.
    fn push(
        &mut self,
        memory: &mut dyn HeapMemory,
        thread: ThreadId,
        heads: u32,
        bin: u32,
        payload: u32,
    ) -> Result<bool, Corruption> {
        let count = self.read_count(memory, heads, bin)?;
        if count >= self.settings.max_per_bin {
            return Ok(false);
        }
        let entry_addr = self.entry_addr(heads, bin);
        let head = memory.read_u32(entry_addr);
        self.check_link(thread, entry_addr, head, count)?;
        memory.write_u32(payload, head);
        memory.write_u32(entry_addr, payload);
        memory.write_u32(self.count_addr(heads, bin), count + 1);
        self.cached.insert(payload, thread);
        Ok(true)
    }

    /// Gives every block cached by `thread`, and its bin heads, back to the shared
    /// allocator (the machine calls this when a thread exits). Checks every bin before
    /// changing anything.
    pub fn flush_thread(
        &mut self,
        memory: &mut dyn HeapMemory,
        thread: ThreadId,
    ) -> Result<(), Corruption> {
        self.ledger.last_searched = 0;
        let Some(heads) = self.heads(thread) else {
            return Ok(());
        };
        let mut blocks = Vec::new();
        for bin in 0..self.settings.bins {
            blocks.extend(self.bin_entries(memory, thread, heads, bin)?);
        }
        self.ledger.last_searched = blocks.len() as u32;
        for block in blocks.into_iter().chain([heads]) {
            self.shared
                .free(memory, thread, block)
                .map_err(|error| as_corruption(memory, block, error))?;
            self.cached.remove(&block);
        }
        if let Some(state) = self.threads.get_mut(&thread) {
            state.heads = None;
        }
        Ok(())
    }

    /// The thread whose bin heads hold `addr`.
    fn heads_around(&self, addr: u32) -> Option<ThreadId> {
        let size = self.settings.heads_size();
        self.threads.iter().find_map(|(&thread, state)| {
            state
                .heads
                .filter(|&heads| addr >= heads && addr - heads < size)
                .map(|_| thread)
        })
    }

    fn bins_view(
        &self,
        memory: &dyn HeapMemory,
        thread: ThreadId,
        heads: Option<u32>,
    ) -> Result<Vec<FreeList>, Corruption> {
        let step = self.settings.bin_step;
        (0..self.settings.bins)
            .map(|bin| {
                let blocks = match heads {
                    Some(heads) => self.bin_entries(memory, thread, heads, bin)?,
                    None => Vec::new(),
                };
                let size = self.class_size(bin);
                let entries = blocks
                    .iter()
                    .enumerate()
                    .map(|(i, &addr)| FreeEntry {
                        addr,
                        size,
                        next: blocks.get(i + 1).copied(),
                        prev: None,
                    })
                    .collect();
                Ok(FreeList {
                    label: format!("{} to {} bytes", bin * step + 1, size),
                    head_addr: heads.map(|heads| self.entry_addr(heads, bin)),
                    entries,
                })
            })
            .collect()
    }
}

/// A refusal by the shared allocator of a block this allocator knows is its to give back:
/// only damaged metadata explains it.
fn as_corruption(memory: &dyn HeapMemory, block: u32, error: FreeError) -> Corruption {
    match error {
        FreeError::Corrupted(corruption) => corruption,
        _ => Corruption {
            addr: block,
            word: memory.read_u32(block),
        },
    }
}

impl Allocator for ThreadCache {
    fn malloc(
        &mut self,
        memory: &mut dyn HeapMemory,
        thread: ThreadId,
        size: u32,
    ) -> Result<Option<u32>, Corruption> {
        self.ledger.last_searched = 0;
        let heads = self.heads_for_malloc(memory, thread)?;
        let bin = self.bin_of(size);
        if let (Some(heads), Some(bin)) = (heads, bin)
            && let Some(block) = self.pop(memory, thread, heads, bin)?
        {
            self.threads.entry(thread).or_default().hits += 1;
            self.ledger.last_searched = 1;
            self.ledger.allocated(block, size);
            return Ok(Some(block));
        }
        let request = bin.map_or(size, |bin| self.class_size(bin));
        let payload = self.shared.malloc(memory, thread, request)?;
        self.threads.entry(thread).or_default().misses += 1;
        self.ledger.last_searched = self.shared.ledger().last_searched;
        if let Some(payload) = payload {
            self.ledger.allocated(payload, size);
        }
        Ok(payload)
    }

    fn free(
        &mut self,
        memory: &mut dyn HeapMemory,
        thread: ThreadId,
        payload: u32,
    ) -> Result<(), FreeError> {
        self.ledger.last_searched = 0;
        let Some(found) = self.ledger.find_live(payload) else {
            return Err(self.diagnose(memory, payload));
        };
        let bin = self.bin_of(found.live.requested);
        let cached = match (self.heads(thread), bin) {
            (Some(heads), Some(bin)) => self
                .push(memory, thread, heads, bin, payload)
                .map_err(FreeError::Corrupted)?,
            _ => false,
        };
        if !cached {
            self.shared.free(memory, thread, payload)?;
            self.ledger.last_searched = self.shared.ledger().last_searched;
        }
        self.ledger.release(found);
        Ok(())
    }

    fn diagnose(&self, memory: &dyn HeapMemory, payload: u32) -> FreeError {
        if self.cached.contains_key(&payload) {
            return FreeError::DoubleFree { addr: payload };
        }
        if self.heads_around(payload).is_some() {
            return FreeError::NotABlock { addr: payload };
        }
        if self.ledger.was_freed(payload) {
            return FreeError::DoubleFree { addr: payload };
        }
        self.shared.diagnose(memory, payload)
    }

    fn blocks(&self, memory: &dyn HeapMemory) -> Result<Vec<BlockInfo>, Corruption> {
        let blocks = self.shared.blocks(memory)?;
        Ok(blocks
            .into_iter()
            .map(|block| {
                if !block.is_allocated() {
                    return block;
                }
                if let Some(&thread) = self.cached.get(&block.payload) {
                    return BlockInfo {
                        state: BlockState::Cached { thread },
                        requested: None,
                        allocation_id: None,
                        ..block
                    };
                }
                if self.heads_around(block.payload).is_some() {
                    return internal(block.addr, block.size, "thread cache bins");
                }
                self.ledger
                    .allocated_block(block.addr, block.size, block.payload)
            })
            .collect())
    }

    fn free_structures(&self, memory: &dyn HeapMemory) -> Result<FreeStructures, Corruption> {
        let mut structures = self.shared.free_structures(memory)?;
        for (&thread, state) in &self.threads {
            structures.thread_caches.push(allocator::ThreadCacheView {
                thread,
                bins: self.bins_view(memory, thread, state.heads)?,
                hits: state.hits,
                misses: state.misses,
            });
        }
        Ok(structures)
    }

    fn ledger(&self) -> &Ledger {
        &self.ledger
    }

    fn thread_exited(
        &mut self,
        memory: &mut dyn HeapMemory,
        thread: ThreadId,
    ) -> Result<(), Corruption> {
        self.flush_thread(memory, thread)?;
        self.shared.thread_exited(memory, thread)
    }
}

#[cfg(test)]
mod tests;
