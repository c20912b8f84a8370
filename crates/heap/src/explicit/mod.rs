//! Explicit free lists and segregated free lists (CS:APP 9.9.13 and 9.9.14).
//!
//! The blocks are boundary-tagged as in the implicit list (a header and a footer holding the
//! size and an allocated bit), but the free blocks are also chained into doubly linked lists
//! through their own payloads: a free block keeps the address of the next free block in its
//! first payload word and of the previous one in its second (0 is null). A search then
//! looks only at free blocks, never at allocated ones.
//!
//! With size classes the free blocks are spread over several lists, one per range of block
//! sizes ("segregated fits"): a request searches the list of its own class first and moves
//! to the classes of bigger blocks only when that list has no fit. Without classes there is
//! a single list: the plain explicit free list.
//!
//! Layout in the heap: one head word per list (the address of its first block, 0 when
//! empty), padding so that payloads are aligned, the blocks, and a final epilogue word
//! (size 0, allocated). Everything, heads and links included, lives in the heap's bytes.
//!
//! Policies: a freed block goes to the front of its list (LIFO) or to its place in address
//! order; within a list the first, smallest or largest block that fits is taken (ties to the
//! earlier in list order). A chosen block is split when the rest is big enough: the front is
//! handed out and the rest stays free, keeping the block's place in the list when it stays in
//! the same class. Freed blocks merge at once with free neighbours, found through the
//! boundary tags. Links are checked as they are followed, so a program that wrote into a
//! freed block gets a corruption report instead of a wild walk.
//!
//! "Searched" counts list entries: those a malloc looked at (every class it tried), and
//! those an address-ordered free passed to find the freed block's place (0 for LIFO).

use crate::allocator::{Allocator, FreeEntry, FreeList, FreeStructures};
use crate::boundary::{Block, HEADER, Tags};
use crate::ledger::Ledger;
use crate::memory::HeapMemory;
use crate::{BlockInfo, Corruption, FreeError, SettingsError, ThreadId};

/// A null link.
const NULL: u32 = 0;
/// Where a free block keeps its links, from the start of its payload.
const NEXT_OFFSET: u32 = 0;
const PREV_OFFSET: u32 = 4;
/// At most this many size classes, so the heads cannot eat the heap.
pub const MAX_CLASSES: usize = 32;

/// Where a freed (or merged) block goes in its list.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Insertion {
    /// At the front: fast, and the block freed last is reused first.
    Lifo,
    /// At its place by address: slower to free, but fights fragmentation like best fit.
    AddressOrdered,
}

/// Which block of a list a request takes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Fit {
    /// The first block in list order that is big enough.
    First,
    /// The smallest block that is big enough; the earlier in list order of equals.
    Best,
    /// The largest block; the earlier in list order of equals.
    Worst,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Settings {
    /// Payload alignment: 4, 8 or 16.
    pub alignment: u32,
    pub insertion: Insertion,
    pub fit: Fit,
    /// Size classes: the largest block size of each class, strictly increasing; one more
    /// class holds every bigger block. Empty: a single list.
    pub classes: Vec<u32>,
    /// A block is split only if the rest would be at least this big (and a valid block).
    pub split_threshold: u32,
    /// Bytes taken from sbrk at the first allocation.
    pub initial_size: u32,
    /// The heap grows by multiples of this.
    pub growth_step: u32,
}

impl Default for Settings {
    fn default() -> Settings {
        Settings::explicit(Insertion::Lifo)
    }
}

impl Settings {
    /// A single explicit free list, first fit, 8-byte alignment.
    pub fn explicit(insertion: Insertion) -> Settings {
        Settings {
            alignment: 8,
            insertion,
            fit: Fit::First,
            classes: Vec::new(),
            split_threshold: 0,
            initial_size: 4096,
            growth_step: 4096,
        }
    }

    /// Segregated fits as in CS:APP: power-of-two classes up to 16, 32, ..., 4096 bytes and
    /// one for everything bigger, LIFO lists, first fit within the first class with a fit.
    pub fn segregated() -> Settings {
        Settings {
            classes: (4..=12).map(|power| 1 << power).collect(),
            ..Settings::explicit(Insertion::Lifo)
        }
    }

    /// The blocks' shape: a free block's payload must hold its two links.
    fn tags(&self) -> Tags {
        Tags::new(self.alignment, true, 8)
    }

    pub fn min_block(&self) -> u32 {
        self.tags().min_block
    }

    /// How many lists there are: one per class bound, and one for the rest.
    pub fn list_count(&self) -> usize {
        self.classes.len() + 1
    }

    fn heads_size(&self) -> u32 {
        4 * self.list_count() as u32
    }

    /// Padding after the heads, so that payloads (4 bytes after a header) align.
    fn padding(&self) -> u32 {
        self.tags().padding_after(self.heads_size())
    }

    /// The list that holds free blocks of `size` bytes.
    pub fn class_of(&self, size: u32) -> usize {
        self.classes
            .iter()
            .position(|&bound| size <= bound)
            .unwrap_or(self.classes.len())
    }

    /// What list `class` holds, for the views: "free list", "33 to 64 bytes", ...
    pub fn class_label(&self, class: usize) -> String {
        if self.classes.is_empty() {
            return "free list".to_string();
        }
        let lower = class.checked_sub(1).map(|below| self.classes[below] + 1);
        match (lower, self.classes.get(class)) {
            (None, Some(upper)) => format!("up to {upper} bytes"),
            (Some(lower), Some(upper)) => format!("{lower} to {upper} bytes"),
            (Some(lower), None) => format!("{lower} bytes and more"),
            (None, None) => "free list".to_string(),
        }
    }

    pub fn validate(&self) -> Result<(), SettingsError> {
        let error = |setting, message: String| Err(SettingsError { setting, message });
        if ![4, 8, 16].contains(&self.alignment) {
            return error(
                "alignment",
                format!("must be 4, 8 or 16, not {}", self.alignment),
            );
        }
        self.validate_classes()?;
        let smallest = self.heads_size() + self.padding() + self.min_block() + HEADER;
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

    fn validate_classes(&self) -> Result<(), SettingsError> {
        let error = |message: String| {
            Err(SettingsError {
                setting: "size classes",
                message,
            })
        };
        if self.classes.len() >= MAX_CLASSES {
            return error(format!(
                "at most {} bounds, not {}",
                MAX_CLASSES - 1,
                self.classes.len()
            ));
        }
        if let Some(&smallest) = self.classes.first()
            && smallest < self.min_block()
        {
            return error(format!(
                "the first bound must be at least the smallest block ({} bytes), not {smallest}",
                self.min_block()
            ));
        }
        if let Some(pair) = self.classes.windows(2).find(|pair| pair[0] >= pair[1]) {
            return error(format!(
                "bounds must be strictly increasing, but {} comes after {}",
                pair[1], pair[0]
            ));
        }
        Ok(())
    }
}

#[derive(Debug, Clone)]
pub struct ExplicitList {
    settings: Settings,
    tags: Tags,
    /// The first block, once the heap exists.
    first: Option<u32>,
    ledger: Ledger,
}

impl ExplicitList {
    pub fn new(settings: Settings) -> Result<ExplicitList, SettingsError> {
        settings.validate()?;
        Ok(ExplicitList {
            tags: settings.tags(),
            settings,
            first: None,
            ledger: Ledger::default(),
        })
    }

    pub fn settings(&self) -> &Settings {
        &self.settings
    }

    /// Where the head word of list `class` is.
    pub fn head_addr(memory: &dyn HeapMemory, class: usize) -> u32 {
        memory.heap_start() + 4 * class as u32
    }

    fn initialize(&mut self, memory: &mut dyn HeapMemory) -> Option<u32> {
        if let Some(first) = self.first {
            return Some(first);
        }
        let start = memory.sbrk(self.settings.initial_size)?;
        for class in 0..self.settings.list_count() {
            memory.write_u32(Self::head_addr(memory, class), NULL);
        }
        let first = start + self.settings.heads_size() + self.settings.padding();
        Tags::write_epilogue(memory);
        let size = Tags::epilogue(memory) - first;
        self.tags.write(memory, first, size, false);
        self.link(memory, self.settings.class_of(size), None, first);
        self.first = Some(first);
        Some(first)
    }

    // ----- links in the heap's bytes -----

    fn next_of(memory: &dyn HeapMemory, block: u32) -> u32 {
        memory.read_u32(block + HEADER + NEXT_OFFSET)
    }

    fn prev_of(memory: &dyn HeapMemory, block: u32) -> u32 {
        memory.read_u32(block + HEADER + PREV_OFFSET)
    }

    fn set_next(memory: &mut dyn HeapMemory, block: u32, next: u32) {
        memory.write_u32(block + HEADER + NEXT_OFFSET, next);
    }

    fn set_prev(memory: &mut dyn HeapMemory, block: u32, prev: u32) {
        memory.write_u32(block + HEADER + PREV_OFFSET, prev);
    }

    /// Points `prev`'s next link (or the head of `class` when `prev` is null) at `next`.
    fn set_forward(memory: &mut dyn HeapMemory, class: usize, prev: u32, next: u32) {
        if prev == NULL {
            memory.write_u32(Self::head_addr(memory, class), next);
        } else {
            Self::set_next(memory, prev, next);
        }
    }

    /// Points `next`'s prev link (if there is a `next`) at `prev`.
    fn set_backward(memory: &mut dyn HeapMemory, next: u32, prev: u32) {
        if next != NULL {
            Self::set_prev(memory, next, prev);
        }
    }

    /// The free block that the link stored at `link_at` (holding `addr`) points to, checked:
    /// a block boundary inside the heap, free, and of the list's class.
    fn linked_block(
        &self,
        memory: &dyn HeapMemory,
        first: u32,
        class: usize,
        link_at: u32,
        addr: u32,
    ) -> Result<Block, Corruption> {
        let bad_link = Corruption {
            addr: link_at,
            word: addr,
        };
        // Block sizes are multiples of the alignment: blocks start in step with the first.
        let in_step = |addr: u32| (addr - first).is_multiple_of(self.settings.alignment);
        if addr < first || addr >= Tags::epilogue(memory) || !in_step(addr) {
            return Err(bad_link);
        }
        let block = self.tags.read_block(memory, addr)?;
        if block.allocated || self.settings.class_of(block.size) != class {
            return Err(bad_link);
        }
        Ok(block)
    }

    /// Follows list `class` from its head, checking every link, and shows each block to
    /// `visit` until it returns false.
    fn walk_list(
        &self,
        memory: &dyn HeapMemory,
        first: u32,
        class: usize,
        mut visit: impl FnMut(Block) -> bool,
    ) -> Result<(), Corruption> {
        // A list longer than the heap has room for blocks must loop.
        let most_blocks = (Tags::epilogue(memory) - first) / self.tags.min_block;
        let mut link_at = Self::head_addr(memory, class);
        let mut addr = memory.read_u32(link_at);
        let mut expected_prev = NULL;
        let mut steps = 0;
        while addr != NULL {
            steps += 1;
            if steps > most_blocks {
                return Err(Corruption {
                    addr: link_at,
                    word: addr,
                });
            }
            let block = self.linked_block(memory, first, class, link_at, addr)?;
            let prev = Self::prev_of(memory, addr);
            if prev != expected_prev {
                return Err(Corruption {
                    addr: addr + HEADER + PREV_OFFSET,
                    word: prev,
                });
            }
            if !visit(block) {
                return Ok(());
            }
            expected_prev = addr;
            link_at = addr + HEADER + NEXT_OFFSET;
            addr = memory.read_u32(link_at);
        }
        Ok(())
    }

    /// Every block of list `class`, in list order.
    fn list_blocks(
        &self,
        memory: &dyn HeapMemory,
        first: u32,
        class: usize,
    ) -> Result<Vec<Block>, Corruption> {
        let mut blocks = Vec::new();
        self.walk_list(memory, first, class, |block| {
            blocks.push(block);
            true
        })?;
        Ok(blocks)
    }

    /// Checks that the free `block`'s neighbours in its list point back at it, before
    /// unlinking it rewrites them.
    fn check_linked(
        &self,
        memory: &dyn HeapMemory,
        first: u32,
        block: Block,
    ) -> Result<(), Corruption> {
        let class = self.settings.class_of(block.size);
        let (next, prev) = (
            Self::next_of(memory, block.addr),
            Self::prev_of(memory, block.addr),
        );
        let forward_at = if prev == NULL {
            Self::head_addr(memory, class)
        } else {
            let prev_link = block.addr + HEADER + PREV_OFFSET;
            self.linked_block(memory, first, class, prev_link, prev)?;
            prev + HEADER + NEXT_OFFSET
        };
        let forward = memory.read_u32(forward_at);
        if forward != block.addr {
            return Err(Corruption {
                addr: forward_at,
                word: forward,
            });
        }
        if next != NULL {
            let next_link = block.addr + HEADER + NEXT_OFFSET;
            self.linked_block(memory, first, class, next_link, next)?;
            let backward = Self::prev_of(memory, next);
            if backward != block.addr {
                return Err(Corruption {
                    addr: next + HEADER + PREV_OFFSET,
                    word: backward,
                });
            }
        }
        Ok(())
    }

    /// Takes `block` (checked) off its list.
    fn unlink(&self, memory: &mut dyn HeapMemory, block: Block) {
        let class = self.settings.class_of(block.size);
        let next = Self::next_of(memory, block.addr);
        let prev = Self::prev_of(memory, block.addr);
        Self::set_forward(memory, class, prev, next);
        Self::set_backward(memory, next, prev);
    }

    /// Puts the block at `addr` into list `class` after `after` (at the front for `None`).
    fn link(&self, memory: &mut dyn HeapMemory, class: usize, after: Option<u32>, addr: u32) {
        let prev = after.unwrap_or(NULL);
        let next = match after {
            None => memory.read_u32(Self::head_addr(memory, class)),
            Some(prev) => Self::next_of(memory, prev),
        };
        Self::set_next(memory, addr, next);
        Self::set_prev(memory, addr, prev);
        Self::set_backward(memory, next, addr);
        Self::set_forward(memory, class, prev, addr);
    }

    /// Where a free block at `addr` goes in list `class` by the insertion policy: after the
    /// returned block, or at the front for `None`. Reads only, counting the entries passed.
    fn insertion_point(
        &mut self,
        memory: &dyn HeapMemory,
        first: u32,
        class: usize,
        addr: u32,
    ) -> Result<Option<u32>, Corruption> {
        if self.settings.insertion == Insertion::Lifo {
            // Only the first block is touched: check it before its prev link is rewritten.
            self.walk_list(memory, first, class, |_| false)?;
            return Ok(None);
        }
        let mut after = None;
        let mut examined = 0;
        self.walk_list(memory, first, class, |block| {
            examined += 1;
            if block.addr < addr {
                after = Some(block.addr);
            }
            block.addr < addr
        })?;
        self.ledger.last_searched += examined;
        Ok(after)
    }

    // ----- the policy -----

    /// The fit policy within list `class`; counts the entries looked at.
    fn search_list(
        &mut self,
        memory: &dyn HeapMemory,
        first: u32,
        class: usize,
        asize: u32,
    ) -> Result<Option<Block>, Corruption> {
        let fit = self.settings.fit;
        let mut chosen: Option<Block> = None;
        let mut examined = 0;
        self.walk_list(memory, first, class, |block| {
            examined += 1;
            if block.size >= asize {
                let better = match (fit, chosen) {
                    (_, None) => true,
                    (Fit::First, Some(_)) => false,
                    (Fit::Best, Some(best)) => block.size < best.size,
                    (Fit::Worst, Some(worst)) => block.size > worst.size,
                };
                if better {
                    chosen = Some(block);
                }
                return fit != Fit::First;
            }
            true
        })?;
        self.ledger.last_searched += examined;
        Ok(chosen)
    }

    /// Searches the request's class, then each class of bigger blocks, until one has a fit.
    fn find_fit(
        &mut self,
        memory: &dyn HeapMemory,
        first: u32,
        asize: u32,
    ) -> Result<Option<Block>, Corruption> {
        for class in self.settings.class_of(asize)..self.settings.list_count() {
            // An empty class costs one read of its head.
            if memory.read_u32(Self::head_addr(memory, class)) == NULL {
                continue;
            }
            if let Some(block) = self.search_list(memory, first, class, asize)? {
                return Ok(Some(block));
            }
        }
        Ok(None)
    }

    /// Grows the heap for a block of `asize`, merging the new space with a free last block;
    /// the result is on its list, ready for [`Self::place`].
    fn extend(
        &mut self,
        memory: &mut dyn HeapMemory,
        first: u32,
        asize: u32,
    ) -> Result<Option<Block>, Corruption> {
        let step = self.settings.growth_step;
        let Some(increment) = asize.div_ceil(step).checked_mul(step) else {
            return Ok(None);
        };
        let mut unused = 0;
        let last = self
            .tags
            .previous(memory, first, Tags::epilogue(memory), &mut unused)?
            .filter(|last| !last.allocated);
        if let Some(last) = last {
            self.check_linked(memory, first, last)?;
        }
        let Some(grown) = self.tags.grow(memory, increment) else {
            return Ok(None);
        };
        let merged = match last {
            Some(last) => {
                self.unlink(memory, last);
                let merged = Block {
                    size: last.size + grown.size,
                    ..last
                };
                self.tags.write(memory, merged.addr, merged.size, false);
                merged
            }
            None => grown,
        };
        let class = self.settings.class_of(merged.size);
        let after = self.insertion_point(memory, first, class, merged.addr)?;
        self.link(memory, class, after, merged.addr);
        Ok(Some(merged))
    }

    /// Hands out the front of the free `block` (on its list) for a request of `asize`,
    /// splitting off the rest when it is big enough to be a block of its own.
    fn place(
        &mut self,
        memory: &mut dyn HeapMemory,
        first: u32,
        block: Block,
        asize: u32,
    ) -> Result<(), Corruption> {
        // The search checked the links that led here, not the block's own.
        self.check_linked(memory, first, block)?;
        let rest = block.size - asize;
        let threshold = self.tags.min_block.max(self.settings.split_threshold);
        if rest < threshold {
            self.unlink(memory, block);
            self.tags.write(memory, block.addr, block.size, true);
            return Ok(());
        }
        let rest_addr = block.addr + asize;
        let rest_class = self.settings.class_of(rest);
        if rest_class == self.settings.class_of(block.size) {
            // The rest is the same free block, shrunk: it keeps its place in the list.
            let next = Self::next_of(memory, block.addr);
            let prev = Self::prev_of(memory, block.addr);
            self.tags.write(memory, block.addr, asize, true);
            self.tags.write(memory, rest_addr, rest, false);
            Self::set_next(memory, rest_addr, next);
            Self::set_prev(memory, rest_addr, prev);
            Self::set_forward(memory, rest_class, prev, rest_addr);
            Self::set_backward(memory, next, rest_addr);
            return Ok(());
        }
        let after = self.insertion_point(memory, first, rest_class, rest_addr)?;
        self.unlink(memory, block);
        self.tags.write(memory, block.addr, asize, true);
        self.tags.write(memory, rest_addr, rest, false);
        self.link(memory, rest_class, after, rest_addr);
        Ok(())
    }

    /// Frees the allocated `block`: merges it with free neighbours (taking them off their
    /// lists) and puts the merged block on its list. Checks everything before writing.
    fn release(
        &mut self,
        memory: &mut dyn HeapMemory,
        first: u32,
        block: Block,
    ) -> Result<(), Corruption> {
        let next = self
            .tags
            .read(memory, block.end())?
            .filter(|next| !next.allocated);
        let mut unused = 0;
        let prev = self
            .tags
            .previous(memory, first, block.addr, &mut unused)?
            .filter(|prev| !prev.allocated);
        for neighbour in next.iter().chain(prev.iter()) {
            self.check_linked(memory, first, *neighbour)?;
        }
        let addr = prev.map_or(block.addr, |prev| prev.addr);
        let size = block.size + next.map_or(0, |b| b.size) + prev.map_or(0, |b| b.size);
        let class = self.settings.class_of(size);
        // Merged neighbours lie at or after `addr`, so they do not move the insertion point.
        let after = self.insertion_point(memory, first, class, addr)?;
        for neighbour in next.iter().chain(prev.iter()) {
            self.unlink(memory, *neighbour);
        }
        self.tags.write(memory, addr, size, false);
        self.link(memory, class, after, addr);
        Ok(())
    }
}

impl Allocator for ExplicitList {
    fn malloc(
        &mut self,
        memory: &mut dyn HeapMemory,
        _thread: ThreadId,
        size: u32,
    ) -> Result<Option<u32>, Corruption> {
        self.ledger.last_searched = 0;
        let Some(asize) = self.tags.block_size(size) else {
            return Ok(None);
        };
        let Some(first) = self.initialize(memory) else {
            return Ok(None);
        };
        let block = match self.find_fit(memory, first, asize)? {
            Some(block) => block,
            None => match self.extend(memory, first, asize)? {
                Some(block) => block,
                None => return Ok(None),
            },
        };
        self.place(memory, first, block, asize)?;
        self.ledger.allocated(block.payload(), size);
        Ok(Some(block.payload()))
    }

    fn free(
        &mut self,
        memory: &mut dyn HeapMemory,
        _thread: ThreadId,
        payload: u32,
    ) -> Result<(), FreeError> {
        self.ledger.last_searched = 0;
        let (Some(first), Some(_)) = (self.first, self.ledger.live(payload)) else {
            return Err(self.diagnose(memory, payload));
        };
        let block = self
            .tags
            .read_block(memory, payload - HEADER)
            .map_err(FreeError::Corrupted)?;
        if !block.allocated {
            return Err(self.diagnose(memory, payload));
        }
        self.release(memory, first, block)
            .map_err(FreeError::Corrupted)?;
        self.ledger.released(payload);
        Ok(())
    }

    fn diagnose(&self, memory: &dyn HeapMemory, payload: u32) -> FreeError {
        self.tags
            .diagnose(memory, self.first, &self.ledger, payload)
    }

    fn blocks(&self, memory: &dyn HeapMemory) -> Result<Vec<BlockInfo>, Corruption> {
        let heads = if self.settings.classes.is_empty() {
            "free list heads"
        } else {
            "size-class heads"
        };
        let prefix = [
            (self.settings.heads_size(), heads),
            (self.settings.padding(), "alignment padding"),
        ];
        self.tags
            .block_infos(memory, self.first, &prefix, &self.ledger)
    }

    /// One list per class, in search order, entries in list order with the stored links.
    fn free_structures(&self, memory: &dyn HeapMemory) -> Result<FreeStructures, Corruption> {
        let mut lists = Vec::new();
        for class in 0..self.settings.list_count() {
            let blocks = match self.first {
                Some(first) => self.list_blocks(memory, first, class)?,
                None => Vec::new(),
            };
            let nonnull = |link: u32| (link != NULL).then_some(link);
            let entries = blocks
                .iter()
                .map(|block| FreeEntry {
                    addr: block.addr,
                    size: block.size,
                    next: nonnull(Self::next_of(memory, block.addr)),
                    prev: nonnull(Self::prev_of(memory, block.addr)),
                })
                .collect();
            lists.push(FreeList {
                label: self.settings.class_label(class),
                head_addr: self.first.map(|_| Self::head_addr(memory, class)),
                entries,
            });
        }
        Ok(FreeStructures {
            lists,
            ..FreeStructures::default()
        })
    }

    fn ledger(&self) -> &Ledger {
        &self.ledger
    }
}

#[cfg(test)]
mod tests;
