//! The implicit free list with boundary tags (CS:APP 9.9): every block starts with a header
//! word holding its size and an allocated bit; with footers on, it also ends with a copy of
//! that word, so a free block can merge with the block before it in constant time. Finding
//! a fit walks every block, allocated or not: that cost is the lesson of this allocator.
//!
//! Layout in the heap: padding so payloads are aligned, the blocks, and a final epilogue
//! word (size 0, allocated) that ends every walk.

use crate::allocator::{Allocator, FreeStructures};
use crate::boundary::{Block, HEADER, Tags};
use crate::ledger::Ledger;
use crate::memory::HeapMemory;
use crate::{
    BlockInfo, Corruption, FreeError, SettingsError, ThreadId, check_alignment, check_heap_sizes,
};

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
    /// The blocks' shape. The smallest block holds its metadata and at least one payload
    /// byte, so every malloc, even malloc(0), returns an address of its own.
    fn tags(&self) -> Tags {
        Tags::new(self.alignment, self.footers, 1)
    }

    pub fn min_block(&self) -> u32 {
        self.tags().min_block
    }

    /// Padding before the first header, so that payloads (4 bytes after a header) align.
    fn padding(&self) -> u32 {
        self.tags().padding_after(0)
    }

    pub fn validate(&self) -> Result<(), SettingsError> {
        check_alignment(self.alignment)?;
        let smallest = self.padding() + self.min_block() + HEADER;
        check_heap_sizes(
            self.alignment,
            self.initial_size,
            self.growth_step,
            smallest,
        )
    }
}

#[derive(Debug, Clone)]
pub struct ImplicitList {
    settings: Settings,
    tags: Tags,
    /// The first block, once the heap exists.
    first: Option<u32>,
    /// Where next fit resumes: always a block boundary.
    rover: u32,
    ledger: Ledger,
}

impl ImplicitList {
    pub fn new(settings: Settings) -> Result<ImplicitList, SettingsError> {
        settings.validate()?;
        Ok(ImplicitList {
            tags: settings.tags(),
            settings,
            first: None,
            rover: 0,
            ledger: Ledger::default(),
        })
    }

    pub fn settings(&self) -> &Settings {
        &self.settings
    }

    fn initialize<M: HeapMemory + ?Sized>(&mut self, memory: &mut M) -> Option<u32> {
        if let Some(first) = self.first {
            return Some(first);
        }
        let start = memory.sbrk(self.settings.initial_size)?;
        let first = start + self.settings.padding();
        Tags::write_epilogue(memory);
        let size = Tags::epilogue(memory) - first;
        self.tags.write(memory, first, size, false);
        self.first = Some(first);
        self.rover = first;
        Some(first)
    }

    fn find_fit<M: HeapMemory + ?Sized>(
        &mut self,
        memory: &M,
        first: u32,
        asize: u32,
    ) -> Result<Option<Block>, Corruption> {
        match self.settings.fit {
            Fit::First => self.scan(memory, asize, first, None, false),
            Fit::Best => self.scan(memory, asize, first, None, true),
            Fit::Next => {
                let rover = self.rover;
                match self.scan(memory, asize, rover, None, false)? {
                    Some(block) => Ok(Some(block)),
                    None if rover != first => self.scan(memory, asize, first, Some(rover), false),
                    None => Ok(None),
                }
            }
        }
    }

    /// Walks blocks from `from` up to `until` (or the epilogue) for a free one of at least
    /// `asize`: the first, or with `smallest` the smallest (the first of equals). Counts
    /// every block looked at, allocated or not.
    fn scan<M: HeapMemory + ?Sized>(
        &mut self,
        memory: &M,
        asize: u32,
        from: u32,
        until: Option<u32>,
        smallest: bool,
    ) -> Result<Option<Block>, Corruption> {
        let mut best: Option<Block> = None;
        let mut addr = from;
        let epilogue = Tags::epilogue(memory);
        while Some(addr) != until {
            let Some(block) = self.tags.read_before(memory, addr, epilogue)? else {
                break;
            };
            self.ledger.last_searched += 1;
            if !block.allocated && block.size >= asize {
                if !smallest {
                    return Ok(Some(block));
                }
                if best.is_none_or(|b| block.size < b.size) {
                    best = Some(block);
                }
            }
            addr = block.end();
        }
        Ok(best)
    }

    /// Grows the heap for a block of `asize`, merging the new space with a free last block.
    fn extend<M: HeapMemory + ?Sized>(
        &mut self,
        memory: &mut M,
        first: u32,
        asize: u32,
    ) -> Result<Option<Block>, Corruption> {
        let step = self.settings.growth_step;
        let Some(increment) = asize.div_ceil(step).checked_mul(step) else {
            return Ok(None);
        };
        let Some(block) = self.tags.grow(memory, increment) else {
            return Ok(None);
        };
        let merged = self.coalesce(memory, first, block)?;
        Ok((merged.size >= asize).then_some(merged))
    }

    fn place<M: HeapMemory + ?Sized>(&mut self, memory: &mut M, block: Block, asize: u32) {
        let rest = block.size - asize;
        let threshold = self.tags.min_block.max(self.settings.split_threshold);
        if rest >= threshold {
            self.tags.write(memory, block.addr, asize, true);
            self.tags.write(memory, block.addr + asize, rest, false);
            self.rover = block.addr + asize;
        } else {
            self.tags.write(memory, block.addr, block.size, true);
            self.rover = block.addr;
        }
    }

    /// Merges a free block with free neighbours; returns the merged block.
    fn coalesce<M: HeapMemory + ?Sized>(
        &mut self,
        memory: &mut M,
        first: u32,
        block: Block,
    ) -> Result<Block, Corruption> {
        let merged = self.merged_with_free_neighbours(memory, first, block)?;
        if merged != block {
            self.tags.write(memory, merged.addr, merged.size, false);
        }
        self.keep_rover_on_a_boundary(merged);
        Ok(merged)
    }

    /// The free block `block` would become with its free neighbours; reads only.
    fn merged_with_free_neighbours<M: HeapMemory + ?Sized>(
        &mut self,
        memory: &M,
        first: u32,
        block: Block,
    ) -> Result<Block, Corruption> {
        let mut merged = block;
        if let Some(next) = self.tags.read(memory, block.end())?
            && !next.allocated
        {
            merged.size += next.size;
        }
        let previous = self.tags.previous(
            memory,
            first,
            block.addr,
            Tags::epilogue(memory),
            &mut self.ledger.last_searched,
        )?;
        if let Some(previous) = previous
            && !previous.allocated
        {
            merged.addr = previous.addr;
            merged.size += previous.size;
        }
        Ok(merged)
    }

    fn keep_rover_on_a_boundary(&mut self, merged: Block) {
        if self.rover > merged.addr && self.rover < merged.end() {
            self.rover = merged.addr;
        }
    }

    /// Deferred coalescing: one pass merging every run of free blocks.
    fn coalesce_all<M: HeapMemory + ?Sized>(
        &mut self,
        memory: &mut M,
        first: u32,
    ) -> Result<(), Corruption> {
        let blocks = self.tags.walk(memory, first)?;
        let mut run: Option<Block> = None;
        for block in blocks.into_iter().map(Some).chain([None]) {
            match (run, block) {
                (Some(mut r), Some(b)) if !b.allocated => {
                    r.size += b.size;
                    run = Some(r);
                }
                (None, Some(b)) if !b.allocated => run = Some(b),
                (Some(r), _) => {
                    self.tags.write(memory, r.addr, r.size, false);
                    self.keep_rover_on_a_boundary(r);
                    run = None;
                }
                (None, _) => {}
            }
        }
        Ok(())
    }
}

impl ImplicitList {
    /// malloc, generic over the memory: handed the byte vector itself (see
    /// [`HeapMemory::as_vec_memory`]), the header reads of a search inline.
    fn allocate<M: HeapMemory + ?Sized>(
        &mut self,
        memory: &mut M,
        size: u32,
    ) -> Result<Option<u32>, Corruption> {
        self.ledger.last_searched = 0;
        let Some(asize) = self.tags.block_size(size) else {
            return Ok(None);
        };
        let Some(first) = self.initialize(memory) else {
            return Ok(None);
        };
        let mut found = self.find_fit(memory, first, asize)?;
        if found.is_none() && self.settings.coalescing == Coalescing::Deferred {
            self.coalesce_all(memory, first)?;
            found = self.find_fit(memory, first, asize)?;
        }
        let block = match found {
            Some(block) => block,
            None => match self.extend(memory, first, asize)? {
                Some(block) => block,
                None => return Ok(None),
            },
        };
        self.place(memory, block, asize);
        self.ledger.allocated(block.payload(), size);
        Ok(Some(block.payload()))
    }

    /// Why `payload` cannot be freed (see [`Allocator::diagnose`]).
    fn refusal<M: HeapMemory + ?Sized>(&self, memory: &M, payload: u32) -> FreeError {
        self.tags
            .diagnose(memory, self.first, &self.ledger, payload)
    }

    /// free, generic over the memory.
    fn deallocate<M: HeapMemory + ?Sized>(
        &mut self,
        memory: &mut M,
        payload: u32,
    ) -> Result<(), FreeError> {
        self.ledger.last_searched = 0;
        let (Some(first), Some(live)) = (self.first, self.ledger.find_live(payload)) else {
            return Err(self.refusal(memory, payload));
        };
        // A live payload needs no walk; its header must still be sane.
        let block = self
            .tags
            .read_block(memory, payload - HEADER)
            .map_err(FreeError::Corrupted)?;
        if !block.allocated {
            return Err(self.refusal(memory, payload));
        }
        let freed = Block {
            allocated: false,
            ..block
        };
        // The neighbours are read before anything is written, so a free refused for a
        // corrupted neighbour leaves the heap's bytes as they were.
        let merged = match self.settings.coalescing {
            Coalescing::Immediate => self
                .merged_with_free_neighbours(memory, first, freed)
                .map_err(FreeError::Corrupted)?,
            Coalescing::Deferred => freed,
        };
        // The block's own tags first, then the merged block's, as CS:APP's free does.
        self.tags.write(memory, block.addr, block.size, false);
        if merged != freed {
            self.tags.write(memory, merged.addr, merged.size, false);
        }
        self.keep_rover_on_a_boundary(merged);
        self.ledger.release(live);
        Ok(())
    }
}

impl Allocator for ImplicitList {
    fn malloc(
        &mut self,
        memory: &mut dyn HeapMemory,
        _thread: ThreadId,
        size: u32,
    ) -> Result<Option<u32>, Corruption> {
        match memory.as_vec_memory() {
            Some(bytes) => self.allocate(bytes, size),
            None => self.allocate(memory, size),
        }
    }

    fn free(
        &mut self,
        memory: &mut dyn HeapMemory,
        _thread: ThreadId,
        payload: u32,
    ) -> Result<(), FreeError> {
        match memory.as_vec_memory() {
            Some(bytes) => self.deallocate(bytes, payload),
            None => self.deallocate(memory, payload),
        }
    }

    fn diagnose(&self, memory: &dyn HeapMemory, payload: u32) -> FreeError {
        self.refusal(memory, payload)
    }

    fn blocks(&self, memory: &dyn HeapMemory) -> Result<Vec<BlockInfo>, Corruption> {
        let prefix = [(self.settings.padding(), "alignment padding")];
        self.tags
            .block_infos(memory, self.first, &prefix, &self.ledger)
    }

    /// The implicit list has no free structure of its own: the blocks are the list.
    fn free_structures(&self, _memory: &dyn HeapMemory) -> Result<FreeStructures, Corruption> {
        Ok(FreeStructures::default())
    }

    fn ledger(&self) -> &Ledger {
        &self.ledger
    }
}

#[cfg(test)]
mod tests;
