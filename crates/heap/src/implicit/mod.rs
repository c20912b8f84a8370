//! The implicit free list with boundary tags (CS:APP 9.9): every block starts with a header
//! word holding its size and an allocated bit; with footers on, it also ends with a copy of
//! that word, so a free block can merge with the block before it in constant time. Finding
//! a fit walks every block, allocated or not: that cost is the lesson of this allocator.
//!
//! Layout in the heap: padding so payloads are aligned, the blocks, and a final epilogue
//! word (size 0, allocated) that ends every walk.

use std::collections::{BTreeMap, BTreeSet};

use crate::memory::HeapMemory;
use crate::{BlockInfo, Corruption, FreeError, Metrics, SettingsError, align_up};

const HEADER: u32 = 4;
const ALLOCATED: u32 = 1;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Fit {
    First,
    /// Starts where the last search ended (the "rover"), wrapping around.
    Next,
    /// The smallest block that fits; the first of equals.
    Best,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Coalescing {
    /// Merge a freed block with free neighbours at once.
    Immediate,
    /// Merge only when a search fails, before asking for more heap.
    Deferred,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Settings {
    /// Payload alignment: 4, 8 or 16.
    pub alignment: u32,
    /// Boundary tags: a footer in every block. Without them, finding the previous block
    /// means walking from the start of the heap.
    pub footers: bool,
    pub fit: Fit,
    pub coalescing: Coalescing,
    /// A block is split only if the rest would be at least this big (and a valid block).
    pub split_threshold: u32,
    /// Bytes taken from sbrk at the first allocation.
    pub initial_size: u32,
    /// The heap grows by multiples of this.
    pub growth_step: u32,
}

impl Default for Settings {
    fn default() -> Settings {
        Settings {
            alignment: 8,
            footers: true,
            fit: Fit::First,
            coalescing: Coalescing::Immediate,
            split_threshold: 0,
            initial_size: 4096,
            growth_step: 4096,
        }
    }
}

impl Settings {
    fn overhead(&self) -> u32 {
        HEADER + if self.footers { 4 } else { 0 }
    }

    /// The smallest block: its metadata and at least one payload byte (so every malloc,
    /// even malloc(0), returns an address of its own), rounded to the alignment.
    pub fn min_block(&self) -> u32 {
        align_up(self.overhead() + 1, self.alignment).unwrap_or(self.alignment)
    }

    /// Padding before the first header, so that payloads (4 bytes after a header) align.
    fn padding(&self) -> u32 {
        (self.alignment - HEADER % self.alignment) % self.alignment
    }

    pub fn validate(&self) -> Result<(), SettingsError> {
        let error = |setting, message: String| Err(SettingsError { setting, message });
        if ![4, 8, 16].contains(&self.alignment) {
            return error(
                "alignment",
                format!("must be 4, 8 or 16, not {}", self.alignment),
            );
        }
        let smallest = self.padding() + self.min_block() + HEADER;
        if self.initial_size < smallest || !self.initial_size.is_multiple_of(self.alignment) {
            return error(
                "initial heap size",
                format!(
                    "must be a multiple of the alignment ({}) and at least {smallest} bytes, not {}",
                    self.alignment, self.initial_size
                ),
            );
        }
        if self.growth_step == 0 || !self.growth_step.is_multiple_of(self.alignment) {
            return error(
                "growth step",
                format!(
                    "must be a positive multiple of the alignment ({}), not {}",
                    self.alignment, self.growth_step
                ),
            );
        }
        Ok(())
    }
}

/// The allocator's own record of a live allocation (not kept in heap bytes: it is what
/// the views show about it, such as the size the program asked for).
#[derive(Debug, Clone, Copy)]
struct Live {
    requested: u32,
    id: u64,
}

#[derive(Debug, Clone)]
pub struct ImplicitList {
    settings: Settings,
    initialized: bool,
    first_block: u32,
    rover: u32,
    live: BTreeMap<u32, Live>,
    /// Payloads freed and not handed out again, to name a double free as such.
    freed: BTreeSet<u32>,
    next_id: u64,
    live_requested: u64,
    peak_requested: u64,
    last_searched: u32,
}

/// What a header word says.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Block {
    addr: u32,
    size: u32,
    allocated: bool,
}

impl ImplicitList {
    pub fn new(settings: Settings) -> Result<ImplicitList, SettingsError> {
        settings.validate()?;
        Ok(ImplicitList {
            settings,
            initialized: false,
            first_block: 0,
            rover: 0,
            live: BTreeMap::new(),
            freed: BTreeSet::new(),
            next_id: 0,
            live_requested: 0,
            peak_requested: 0,
            last_searched: 0,
        })
    }

    pub fn settings(&self) -> &Settings {
        &self.settings
    }

    fn header_word(&self, size: u32, allocated: bool) -> u32 {
        size | if allocated { ALLOCATED } else { 0 }
    }

    /// Writes a block's header (and footer).
    fn write_block(&self, memory: &mut dyn HeapMemory, addr: u32, size: u32, allocated: bool) {
        let word = self.header_word(size, allocated);
        memory.write_u32(addr, word);
        if self.settings.footers {
            memory.write_u32(addr + size - 4, word);
        }
    }

    fn epilogue(&self, memory: &dyn HeapMemory) -> u32 {
        memory.brk() - HEADER
    }

    /// Reads and checks the block at `addr`; `None` at the epilogue.
    fn block(&self, memory: &dyn HeapMemory, addr: u32) -> Result<Option<Block>, Corruption> {
        let word = memory.read_u32(addr);
        let size = word & !3;
        let allocated = word & ALLOCATED != 0;
        let epilogue = self.epilogue(memory);
        if addr == epilogue {
            return if word == ALLOCATED {
                Ok(None)
            } else {
                Err(Corruption { addr, word })
            };
        }
        let fits = addr.checked_add(size).is_some_and(|end| end <= epilogue);
        if size < self.settings.min_block()
            || !size.is_multiple_of(self.settings.alignment)
            || !fits
            || word & 2 != 0
        {
            return Err(Corruption { addr, word });
        }
        Ok(Some(Block {
            addr,
            size,
            allocated,
        }))
    }

    /// Every block in address order.
    fn walk(&self, memory: &dyn HeapMemory) -> Result<Vec<Block>, Corruption> {
        let mut blocks = Vec::new();
        if !self.initialized {
            return Ok(blocks);
        }
        let mut addr = self.first_block;
        while let Some(block) = self.block(memory, addr)? {
            blocks.push(block);
            addr += block.size;
        }
        Ok(blocks)
    }

    fn initialize(&mut self, memory: &mut dyn HeapMemory) -> Option<()> {
        if self.initialized {
            return Some(());
        }
        let start = memory.sbrk(self.settings.initial_size)?;
        self.first_block = start + self.settings.padding();
        self.rover = self.first_block;
        let end = memory.brk();
        memory.write_u32(end - HEADER, ALLOCATED);
        let size = end - HEADER - self.first_block;
        self.write_block(memory, self.first_block, size, false);
        self.initialized = true;
        Some(())
    }

    /// The block size a request needs.
    fn adjusted_size(&self, size: u32) -> Option<u32> {
        let needed = align_up(
            size.checked_add(self.settings.overhead())?,
            self.settings.alignment,
        )?;
        Some(needed.max(self.settings.min_block()))
    }

    /// malloc: the payload address, `Ok(None)` when the heap cannot grow enough.
    pub fn malloc(
        &mut self,
        memory: &mut dyn HeapMemory,
        size: u32,
    ) -> Result<Option<u32>, Corruption> {
        self.last_searched = 0;
        let Some(asize) = self.adjusted_size(size) else {
            return Ok(None);
        };
        if self.initialize(memory).is_none() {
            return Ok(None);
        }
        let mut found = self.find_fit(memory, asize)?;
        if found.is_none() && self.settings.coalescing == Coalescing::Deferred {
            self.coalesce_all(memory)?;
            found = self.find_fit(memory, asize)?;
        }
        let block = match found {
            Some(block) => block,
            None => match self.extend(memory, asize)? {
                Some(block) => block,
                None => return Ok(None),
            },
        };
        self.place(memory, block, asize);
        let payload = block.addr + HEADER;
        self.freed.remove(&payload);
        self.live.insert(
            payload,
            Live {
                requested: size,
                id: self.next_id,
            },
        );
        self.next_id += 1;
        self.live_requested += u64::from(size);
        self.peak_requested = self.peak_requested.max(self.live_requested);
        Ok(Some(payload))
    }

    fn find_fit(
        &mut self,
        memory: &dyn HeapMemory,
        asize: u32,
    ) -> Result<Option<Block>, Corruption> {
        match self.settings.fit {
            Fit::First => self.scan(memory, asize, self.first_block, None, false),
            Fit::Best => self.scan(memory, asize, self.first_block, None, true),
            Fit::Next => {
                let rover = self.rover;
                match self.scan(memory, asize, rover, None, false)? {
                    Some(block) => Ok(Some(block)),
                    None if rover != self.first_block => {
                        self.scan(memory, asize, self.first_block, Some(rover), false)
                    }
                    None => Ok(None),
                }
            }
        }
    }

    /// Walks blocks from `from` up to `until` (or the epilogue) for a free one of at least
    /// `asize`: the first, or with `smallest` the smallest (the first of equals). Counts
    /// every block looked at, allocated or not.
    fn scan(
        &mut self,
        memory: &dyn HeapMemory,
        asize: u32,
        from: u32,
        until: Option<u32>,
        smallest: bool,
    ) -> Result<Option<Block>, Corruption> {
        let mut best: Option<Block> = None;
        let mut addr = from;
        while Some(addr) != until {
            let Some(block) = self.block(memory, addr)? else {
                break;
            };
            self.last_searched += 1;
            if !block.allocated && block.size >= asize {
                if !smallest {
                    return Ok(Some(block));
                }
                if best.is_none_or(|b| block.size < b.size) {
                    best = Some(block);
                }
            }
            addr += block.size;
        }
        Ok(best)
    }

    /// Grows the heap for a block of `asize`: the old epilogue becomes a free block's header.
    fn extend(
        &mut self,
        memory: &mut dyn HeapMemory,
        asize: u32,
    ) -> Result<Option<Block>, Corruption> {
        let step = self.settings.growth_step;
        let Some(increment) = asize.div_ceil(step).checked_mul(step) else {
            return Ok(None);
        };
        let old_epilogue = self.epilogue(memory);
        if memory.sbrk(increment).is_none() {
            return Ok(None);
        }
        memory.write_u32(memory.brk() - HEADER, ALLOCATED);
        self.write_block(memory, old_epilogue, increment, false);
        let merged = self.coalesce(
            memory,
            Block {
                addr: old_epilogue,
                size: increment,
                allocated: false,
            },
        )?;
        Ok((merged.size >= asize).then_some(merged))
    }

    fn place(&mut self, memory: &mut dyn HeapMemory, block: Block, asize: u32) {
        let rest = block.size - asize;
        let threshold = self.settings.min_block().max(self.settings.split_threshold);
        if rest >= threshold {
            self.write_block(memory, block.addr, asize, true);
            self.write_block(memory, block.addr + asize, rest, false);
            self.rover = block.addr + asize;
        } else {
            self.write_block(memory, block.addr, block.size, true);
            self.rover = block.addr;
        }
    }

    /// free: checks that `payload` is a live block's payload before touching anything.
    pub fn free(&mut self, memory: &mut dyn HeapMemory, payload: u32) -> Result<(), FreeError> {
        self.last_searched = 0;
        let heap_end = memory.brk();
        if !self.initialized || payload < memory.heap_start() || payload >= heap_end {
            return Err(FreeError::NotInHeap { addr: payload });
        }
        // The common case, a live payload, needs no walk; its header must still be sane.
        if self.live.contains_key(&payload) {
            let block = self
                .block(memory, payload - HEADER)
                .map_err(FreeError::Corrupted)?;
            if let Some(block) = block.filter(|b| b.allocated) {
                return self.release(memory, payload, block);
            }
        }
        let blocks = self.walk(memory).map_err(FreeError::Corrupted)?;
        let Some(block) = blocks
            .iter()
            .find(|b| payload >= b.addr && payload < b.addr + b.size)
            .copied()
        else {
            return Err(FreeError::NotABlock { addr: payload });
        };
        if self.freed.contains(&payload) || (!block.allocated && payload == block.addr + HEADER) {
            return Err(FreeError::DoubleFree { addr: payload });
        }
        if payload != block.addr + HEADER || !block.allocated {
            return Err(FreeError::Interior {
                addr: payload,
                block: block.addr,
                payload: block.addr + HEADER,
            });
        }
        self.release(memory, payload, block)
    }

    /// Frees a block known to be live.
    fn release(
        &mut self,
        memory: &mut dyn HeapMemory,
        payload: u32,
        block: Block,
    ) -> Result<(), FreeError> {
        self.write_block(memory, block.addr, block.size, false);
        if self.settings.coalescing == Coalescing::Immediate {
            self.coalesce(
                memory,
                Block {
                    allocated: false,
                    ..block
                },
            )
            .map_err(FreeError::Corrupted)?;
        }
        if let Some(live) = self.live.remove(&payload) {
            self.live_requested -= u64::from(live.requested);
        }
        self.freed.insert(payload);
        Ok(())
    }

    /// Merges a free block with free neighbours; returns the merged block.
    fn coalesce(&mut self, memory: &mut dyn HeapMemory, block: Block) -> Result<Block, Corruption> {
        let mut merged = block;
        if let Some(next) = self.block(memory, block.addr + block.size)?
            && !next.allocated
        {
            merged.size += next.size;
        }
        if let Some(previous) = self.previous(memory, block.addr)?
            && !previous.allocated
        {
            merged.addr = previous.addr;
            merged.size += previous.size;
        }
        if merged != block {
            self.write_block(memory, merged.addr, merged.size, false);
        }
        // The rover must stay on a block boundary.
        if self.rover > merged.addr && self.rover < merged.addr + merged.size {
            self.rover = merged.addr;
        }
        Ok(merged)
    }

    /// The block before `addr`: read from its footer, or found by walking from the start.
    fn previous(
        &mut self,
        memory: &dyn HeapMemory,
        addr: u32,
    ) -> Result<Option<Block>, Corruption> {
        if addr == self.first_block {
            return Ok(None);
        }
        if self.settings.footers {
            let footer = memory.read_u32(addr - 4);
            let size = footer & !3;
            let start = addr.checked_sub(size).filter(|s| *s >= self.first_block);
            let Some(start) = start else {
                return Err(Corruption {
                    addr: addr - 4,
                    word: footer,
                });
            };
            let block = self.block(memory, start)?;
            if block.is_none_or(|b| b.addr + b.size != addr) {
                return Err(Corruption {
                    addr: addr - 4,
                    word: footer,
                });
            }
            return Ok(block);
        }
        let mut at = self.first_block;
        while let Some(block) = self.block(memory, at)? {
            self.last_searched += 1;
            if block.addr + block.size == addr {
                return Ok(Some(block));
            }
            at += block.size;
        }
        Ok(None)
    }

    /// Deferred coalescing: one pass merging every run of free blocks.
    fn coalesce_all(&mut self, memory: &mut dyn HeapMemory) -> Result<(), Corruption> {
        let blocks = self.walk(memory)?;
        let mut run: Option<Block> = None;
        for block in blocks.into_iter().chain(std::iter::once(Block {
            addr: 0,
            size: 0,
            allocated: true,
        })) {
            match (run, block.allocated) {
                (Some(mut r), false) => {
                    r.size += block.size;
                    run = Some(r);
                }
                (None, false) => run = Some(block),
                (Some(r), true) => {
                    self.write_block(memory, r.addr, r.size, false);
                    if self.rover > r.addr && self.rover < r.addr + r.size {
                        self.rover = r.addr;
                    }
                    run = None;
                }
                (None, true) => {}
            }
        }
        Ok(())
    }

    /// Every block, for the heap view.
    pub fn blocks(&self, memory: &dyn HeapMemory) -> Result<Vec<BlockInfo>, Corruption> {
        Ok(self
            .walk(memory)?
            .into_iter()
            .map(|b| {
                let payload = b.addr + HEADER;
                let live = b.allocated.then(|| self.live.get(&payload)).flatten();
                BlockInfo {
                    addr: b.addr,
                    size: b.size,
                    payload,
                    allocated: b.allocated,
                    requested: live.map(|l| l.requested),
                    allocation_id: live.map(|l| l.id),
                }
            })
            .collect())
    }

    pub fn metrics(&self, memory: &dyn HeapMemory) -> Result<Metrics, Corruption> {
        let blocks = self.blocks(memory)?;
        let heap_size = memory.brk() - memory.heap_start();
        let free: Vec<u32> = blocks
            .iter()
            .filter(|b| !b.allocated)
            .map(|b| b.size)
            .collect();
        let total_free: u64 = free.iter().map(|&s| u64::from(s)).sum();
        let largest_free = free.iter().copied().max().unwrap_or(0);
        let internal: u64 = blocks
            .iter()
            .filter_map(|b| b.requested.map(|r| u64::from(b.size) - u64::from(r)))
            .sum();
        Ok(Metrics {
            heap_size,
            live_requested: self.live_requested,
            peak_requested: self.peak_requested,
            internal_fragmentation: internal,
            external_fragmentation: if total_free == 0 {
                0.0
            } else {
                1.0 - largest_free as f64 / total_free as f64
            },
            utilisation: if heap_size == 0 {
                0.0
            } else {
                self.peak_requested as f64 / f64::from(heap_size)
            },
            last_searched: self.last_searched,
        })
    }
}

#[cfg(test)]
mod tests;
