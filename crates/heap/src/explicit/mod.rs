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
use crate::{
    BlockInfo, Corruption, FreeError, SettingsError, ThreadId, check_alignment, check_heap_sizes,
};

/// A null link.
const NULL: u32 = 0;
/// Where a free block keeps its links, from the start of its payload.
const NEXT_OFFSET: u32 = 0;
const PREV_OFFSET: u32 = 4;
/// At most this many size classes, so the heads cannot eat the heap.
pub const MAX_CLASSES: usize = 32;
/// Block sizes up to this many bytes find their class in a table (see
/// `ExplicitList::class_table`); bigger ones by a search, unless they are beyond the last
/// bound.
const CLASS_TABLE_LIMIT: u32 = 1 << 16;

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
        // The bounds increase, so the classes before `size`'s are exactly those whose bound
        // is below it: a binary search finds how many there are.
        self.classes.partition_point(|&bound| bound < size)
    }

    /// Whether blocks of `size` bytes belong in list `class`: above the bound of the class
    /// before it, and within its own. The same answer as `class_of(size) == class`, without
    /// a search: it is asked of every block a list walk passes.
    fn holds(&self, class: usize, size: u32) -> bool {
        let above_previous = class
            .checked_sub(1)
            .is_none_or(|below| self.classes[below] < size);
        let within = self.classes.get(class).is_none_or(|&bound| size <= bound);
        above_previous && within
    }

    /// What list `class` holds, for the views: "free list", "33 to 64 bytes", ...
    pub fn class_label(&self, class: usize) -> String {
        if self.classes.is_empty() {
            return "free list".to_string();
        }
        // In u64: a class bound may be u32::MAX, and the next class starts one above it.
        let lower = class
            .checked_sub(1)
            .map(|below| u64::from(self.classes[below]) + 1);
        match (lower, self.classes.get(class)) {
            (None, Some(upper)) => format!("up to {upper} bytes"),
            (Some(lower), Some(upper)) => format!("{lower} to {upper} bytes"),
            (Some(lower), None) => format!("{lower} bytes and more"),
            (None, None) => "free list".to_string(),
        }
    }

    pub fn validate(&self) -> Result<(), SettingsError> {
        check_alignment(self.alignment)?;
        self.validate_classes()?;
        let smallest = self.heads_size() + self.padding() + self.min_block() + HEADER;
        check_heap_sizes(
            self.alignment,
            self.initial_size,
            self.growth_step,
            smallest,
        )
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
    /// [`Settings::class_of`] looked up rather than searched, for block sizes up to the last
    /// class bound (at most [`CLASS_TABLE_LIMIT`]): entry i is the class of blocks of i times
    /// the alignment bytes. Every malloc and free asks for one or two classes, and a binary
    /// search is a chain of dependent loads each time.
    class_table: Vec<u8>,
    /// `log2(alignment)`: a block size's entry in `class_table`, by a shift.
    alignment_shift: u32,
    /// The last class bound (0 without classes): every bigger block belongs in the last list.
    largest_bound: u32,
    /// For each class, the sizes of the free blocks its list may hold: above the previous
    /// class's bound and the smallest block, up to its own bound. Checked for every block a
    /// link leads to.
    class_sizes: Vec<SizeRange>,
    /// The first block, once the heap exists.
    first: Option<u32>,
    ledger: Ledger,
}

/// The block sizes `smallest ..= smallest + (span - 1)`, as one class's list may hold them.
/// Kept as a start and a length so that a size is checked against both ends with one
/// comparison: a size below `smallest` wraps past the span.
#[derive(Debug, Clone, Copy)]
struct SizeRange {
    smallest: u32,
    span: u32,
}

impl SizeRange {
    /// The sizes above `above` up to and including `within` (none when `within` is not
    /// above `above`, as for a last class above a bound of `u32::MAX`).
    fn above_up_to(above: u32, within: u32) -> SizeRange {
        match (above.checked_add(1), within.checked_sub(above)) {
            (Some(smallest), Some(span)) => SizeRange { smallest, span },
            _ => SizeRange::NONE,
        }
    }

    /// A range no size is in.
    const NONE: SizeRange = SizeRange {
        smallest: 0,
        span: 0,
    };

    fn contains(self, size: u32) -> bool {
        size.wrapping_sub(self.smallest) < self.span
    }
}

/// Where the heap lies during one operation, read from the memory once: the list heads at
/// the heap's start, the first block, and the epilogue, which moves only when the heap grows.
/// Every link and header an operation follows is checked against these; asking the memory
/// for them at each check would cost a call every time.
#[derive(Debug, Clone, Copy)]
struct Bounds {
    heads: u32,
    first: u32,
    epilogue: u32,
}

impl Bounds {
    fn new<M: HeapMemory + ?Sized>(memory: &M, first: u32) -> Bounds {
        Bounds {
            heads: memory.heap_start(),
            first,
            epilogue: Tags::epilogue(memory),
        }
    }

    /// Where the head word of list `class` is.
    fn head_addr(self, class: usize) -> u32 {
        self.heads + 4 * class as u32
    }
}

/// A free block on its list `class`, with the links it holds: what taking it off the list
/// rewrites. Built only once both links are checked (the neighbours point back at it).
#[derive(Debug, Clone, Copy)]
struct Listed {
    block: Block,
    class: usize,
    prev: u32,
    next: u32,
}

impl ExplicitList {
    pub fn new(settings: Settings) -> Result<ExplicitList, SettingsError> {
        settings.validate()?;
        let shift = settings.alignment.trailing_zeros();
        let covered = settings
            .classes
            .last()
            .map_or(0, |&last| last.min(CLASS_TABLE_LIMIT));
        let class_table = (0..=covered >> shift)
            .map(|i| settings.class_of(i << shift) as u8)
            .collect();
        let tags = settings.tags();
        let class_sizes = (0..settings.list_count())
            .map(|class| {
                let previous = class
                    .checked_sub(1)
                    .map_or(0, |below| settings.classes[below]);
                let bound = settings.classes.get(class).copied().unwrap_or(u32::MAX);
                SizeRange::above_up_to(previous.max(tags.min_block - 1), bound)
            })
            .collect();
        Ok(ExplicitList {
            tags,
            class_table,
            alignment_shift: shift,
            largest_bound: settings.classes.last().copied().unwrap_or(0),
            class_sizes,
            settings,
            first: None,
            ledger: Ledger::default(),
        })
    }

    pub fn settings(&self) -> &Settings {
        &self.settings
    }

    /// The list for free blocks of `size` bytes: [`Settings::class_of`], from the table when
    /// `size` is in it (a multiple of the alignment, as every block size is), without a
    /// search when it is beyond every bound (as the heap's big last block is).
    fn class_of(&self, size: u32) -> usize {
        let index = (size >> self.alignment_shift) as usize;
        match self.class_table.get(index) {
            Some(&class) if self.tags.is_aligned(size) => usize::from(class),
            _ if size > self.largest_bound => self.settings.classes.len(),
            _ => self.settings.class_of(size),
        }
    }

    /// Where the head word of list `class` is.
    pub fn head_addr(memory: &dyn HeapMemory, class: usize) -> u32 {
        memory.heap_start() + 4 * class as u32
    }

    fn initialize<M: HeapMemory + ?Sized>(&mut self, memory: &mut M) -> Option<u32> {
        if let Some(first) = self.first {
            return Some(first);
        }
        let start = memory.sbrk(self.settings.initial_size)?;
        for class in 0..self.settings.list_count() {
            memory.write_u32(start + 4 * class as u32, NULL);
        }
        let first = start + self.settings.heads_size() + self.settings.padding();
        Tags::write_epilogue(memory);
        let size = Tags::epilogue(memory) - first;
        self.tags.write(memory, first, size, false);
        let bounds = Bounds::new(memory, first);
        self.link(memory, bounds, self.class_of(size), None, first);
        self.first = Some(first);
        Some(first)
    }

    // ----- links in the heap's bytes -----

    fn next_of<M: HeapMemory + ?Sized>(memory: &M, block: u32) -> u32 {
        memory.read_u32(block + HEADER + NEXT_OFFSET)
    }

    fn prev_of<M: HeapMemory + ?Sized>(memory: &M, block: u32) -> u32 {
        memory.read_u32(block + HEADER + PREV_OFFSET)
    }

    fn set_next<M: HeapMemory + ?Sized>(memory: &mut M, block: u32, next: u32) {
        memory.write_u32(block + HEADER + NEXT_OFFSET, next);
    }

    fn set_prev<M: HeapMemory + ?Sized>(memory: &mut M, block: u32, prev: u32) {
        memory.write_u32(block + HEADER + PREV_OFFSET, prev);
    }

    /// Points `prev`'s next link (or the head of `class` when `prev` is null) at `next`.
    fn set_forward<M: HeapMemory + ?Sized>(
        memory: &mut M,
        bounds: Bounds,
        class: usize,
        prev: u32,
        next: u32,
    ) {
        if prev == NULL {
            memory.write_u32(bounds.head_addr(class), next);
        } else {
            Self::set_next(memory, prev, next);
        }
    }

    /// Points `next`'s prev link (if there is a `next`) at `prev`.
    fn set_backward<M: HeapMemory + ?Sized>(memory: &mut M, next: u32, prev: u32) {
        if next != NULL {
            Self::set_prev(memory, next, prev);
        }
    }

    /// The free block that the link stored at `link_at` (holding `addr`) points to, checked:
    /// a block boundary inside the heap, free, and of the list's class.
    #[inline(always)]
    fn linked_block<M: HeapMemory + ?Sized>(
        &self,
        memory: &M,
        bounds: Bounds,
        class: usize,
        link_at: u32,
        addr: u32,
    ) -> Result<Block, Corruption> {
        // Block sizes are multiples of the alignment: blocks start in step with the first.
        let in_step = |addr: u32| self.tags.is_aligned(addr - bounds.first);
        if addr >= bounds.first && addr < bounds.epilogue && in_step(addr) {
            // The common case in one pass: a free header whose size is of the class (so at
            // least the smallest block), aligned, and ends by the epilogue. The alignment is
            // at least 4, so one mask finds both flag bits clear and the size aligned (the
            // word then is the size). Anything else is sorted out below, as the header's
            // checks name it.
            let word = memory.read_u32(addr);
            let sizes = self.class_sizes.get(class).copied();
            if self.tags.is_aligned(word)
                && sizes.unwrap_or(SizeRange::NONE).contains(word)
                && word <= bounds.epilogue - addr
            {
                return Ok(Block {
                    addr,
                    size: word,
                    allocated: false,
                });
            }
        }
        self.damaged_link(memory, bounds, class, link_at, addr)
    }

    /// What is wrong with a link that [`Self::linked_block`] did not accept: the header it
    /// leads to, when that is damaged, else the link itself.
    #[cold]
    fn damaged_link<M: HeapMemory + ?Sized>(
        &self,
        memory: &M,
        bounds: Bounds,
        class: usize,
        link_at: u32,
        addr: u32,
    ) -> Result<Block, Corruption> {
        let bad_link = Corruption {
            addr: link_at,
            word: addr,
        };
        let in_step = |addr: u32| self.tags.is_aligned(addr - bounds.first);
        if addr < bounds.first || addr >= bounds.epilogue || !in_step(addr) {
            return Err(bad_link);
        }
        let block = self.tags.read_block_before(memory, addr, bounds.epilogue)?;
        if block.allocated || !self.settings.holds(class, block.size) {
            return Err(bad_link);
        }
        Ok(block)
    }

    /// Follows list `class` from its head, checking every link, and shows each block to
    /// `visit` until it returns false. A block shown has passed [`Self::linked_block`], and
    /// its prev link points at the block shown before it (null for the first), which points
    /// forward at it: the link checks of [`Self::check_linked`] on that side.
    #[inline(always)]
    fn walk_list<M: HeapMemory + ?Sized>(
        &self,
        memory: &M,
        bounds: Bounds,
        class: usize,
        mut visit: impl FnMut(Block) -> bool,
    ) -> Result<(), Corruption> {
        // A list longer than the heap has room for blocks must loop. (Multiplied rather
        // than divided out: a division on every walk is the dearer instruction.)
        let room = u64::from(bounds.epilogue - bounds.first);
        let too_many = |steps: u32| u64::from(steps) * u64::from(self.tags.min_block) > room;
        let mut link_at = bounds.head_addr(class);
        let mut addr = memory.read_u32(link_at);
        let mut expected_prev = NULL;
        let mut steps = 0;
        while addr != NULL {
            steps += 1;
            if too_many(steps) {
                return Err(Corruption {
                    addr: link_at,
                    word: addr,
                });
            }
            let block = self.linked_block(memory, bounds, class, link_at, addr)?;
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
    fn list_blocks<M: HeapMemory + ?Sized>(
        &self,
        memory: &M,
        bounds: Bounds,
        class: usize,
    ) -> Result<Vec<Block>, Corruption> {
        let mut blocks = Vec::new();
        self.walk_list(memory, bounds, class, |block| {
            blocks.push(block);
            true
        })?;
        Ok(blocks)
    }

    /// Checks that the free `block`'s neighbours in its list point back at it, before
    /// unlinking it rewrites them.
    #[inline(always)]
    fn check_linked<M: HeapMemory + ?Sized>(
        &self,
        memory: &M,
        bounds: Bounds,
        block: Block,
    ) -> Result<Listed, Corruption> {
        let class = self.class_of(block.size);
        let (next, prev) = (
            Self::next_of(memory, block.addr),
            Self::prev_of(memory, block.addr),
        );
        let forward_at = if prev == NULL {
            bounds.head_addr(class)
        } else {
            let prev_link = block.addr + HEADER + PREV_OFFSET;
            self.linked_block(memory, bounds, class, prev_link, prev)?;
            prev + HEADER + NEXT_OFFSET
        };
        let forward = memory.read_u32(forward_at);
        if forward != block.addr {
            return Err(Corruption {
                addr: forward_at,
                word: forward,
            });
        }
        let listed = Listed {
            block,
            class,
            prev,
            next,
        };
        self.check_next(memory, bounds, listed)?;
        Ok(listed)
    }

    /// The forward half of [`Self::check_linked`]: the block after `listed` in its list (if
    /// any) is a free block of the class and points back at it.
    #[inline(always)]
    fn check_next<M: HeapMemory + ?Sized>(
        &self,
        memory: &M,
        bounds: Bounds,
        listed: Listed,
    ) -> Result<(), Corruption> {
        let Listed {
            block, class, next, ..
        } = listed;
        if next != NULL {
            let next_link = block.addr + HEADER + NEXT_OFFSET;
            self.linked_block(memory, bounds, class, next_link, next)?;
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

    /// Takes the checked `listed` off its list, with the links read when it was checked:
    /// only while nothing has been written since.
    fn take_off<M: HeapMemory + ?Sized>(memory: &mut M, bounds: Bounds, listed: Listed) {
        Self::set_forward(memory, bounds, listed.class, listed.prev, listed.next);
        Self::set_backward(memory, listed.next, listed.prev);
    }

    /// Takes the checked `listed` off its list, reading its links afresh: unlinking a merged
    /// neighbour may have rewritten them since they were checked.
    fn unlink<M: HeapMemory + ?Sized>(memory: &mut M, bounds: Bounds, listed: Listed) {
        let fresh = Listed {
            prev: Self::prev_of(memory, listed.block.addr),
            next: Self::next_of(memory, listed.block.addr),
            ..listed
        };
        Self::take_off(memory, bounds, fresh);
    }

    /// Puts the block at `addr` into list `class` after `after` (at the front for `None`).
    #[inline(always)]
    fn link<M: HeapMemory + ?Sized>(
        &self,
        memory: &mut M,
        bounds: Bounds,
        class: usize,
        after: Option<u32>,
        addr: u32,
    ) {
        let prev = after.unwrap_or(NULL);
        let next = match after {
            None => memory.read_u32(bounds.head_addr(class)),
            Some(prev) => Self::next_of(memory, prev),
        };
        Self::set_next(memory, addr, next);
        Self::set_prev(memory, addr, prev);
        Self::set_backward(memory, next, addr);
        Self::set_forward(memory, bounds, class, prev, addr);
    }

    /// Where a free block at `addr` goes in list `class` by the insertion policy: after the
    /// returned block, or at the front for `None`. Reads only, counting the entries passed.
    #[inline(always)]
    fn insertion_point<M: HeapMemory + ?Sized>(
        &mut self,
        memory: &M,
        bounds: Bounds,
        class: usize,
        addr: u32,
    ) -> Result<Option<u32>, Corruption> {
        if self.settings.insertion == Insertion::Lifo {
            // Only the first block is touched: check it before its prev link is rewritten.
            self.walk_list(memory, bounds, class, |_| false)?;
            return Ok(None);
        }
        let mut after = None;
        let mut examined = 0;
        self.walk_list(memory, bounds, class, |block| {
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

    /// The fit policy within list `class`; counts the entries looked at. The block chosen
    /// comes with its links, the prev side checked by the walk that reached it.
    fn search_list<M: HeapMemory + ?Sized>(
        &mut self,
        memory: &M,
        bounds: Bounds,
        class: usize,
        asize: u32,
    ) -> Result<Option<Listed>, Corruption> {
        let fit = self.settings.fit;
        let mut chosen: Option<(Block, u32)> = None;
        let mut before = NULL;
        let mut examined = 0;
        self.walk_list(memory, bounds, class, |block| {
            examined += 1;
            let previous = std::mem::replace(&mut before, block.addr);
            if block.size >= asize {
                let better = match (fit, chosen) {
                    (_, None) => true,
                    (Fit::First, Some(_)) => false,
                    (Fit::Best, Some((best, _))) => block.size < best.size,
                    (Fit::Worst, Some((worst, _))) => block.size > worst.size,
                };
                if better {
                    chosen = Some((block, previous));
                }
                return fit != Fit::First;
            }
            true
        })?;
        self.ledger.last_searched += examined;
        Ok(chosen.map(|(block, prev)| Listed {
            block,
            class,
            prev,
            next: Self::next_of(memory, block.addr),
        }))
    }

    /// Searches the request's class, then each class of bigger blocks, until one has a fit;
    /// the block found comes with both its links checked.
    fn find_fit<M: HeapMemory + ?Sized>(
        &mut self,
        memory: &M,
        bounds: Bounds,
        asize: u32,
    ) -> Result<Option<Listed>, Corruption> {
        for class in self.class_of(asize)..self.settings.list_count() {
            // An empty class costs one read of its head.
            if memory.read_u32(bounds.head_addr(class)) == NULL {
                continue;
            }
            if let Some(listed) = self.search_list(memory, bounds, class, asize)? {
                // The walk checked the links that led here, not the one leading on.
                self.check_next(memory, bounds, listed)?;
                return Ok(Some(listed));
            }
        }
        Ok(None)
    }

    /// Grows the heap for a block of `asize`, merging the new space with a free last block;
    /// the result is on its list, ready for [`Self::place`]. Rare (a heap grows a few times),
    /// so it stays out of line, leaving malloc's search and split the registers.
    #[cold]
    #[inline(never)]
    fn extend<M: HeapMemory + ?Sized>(
        &mut self,
        memory: &mut M,
        bounds: Bounds,
        asize: u32,
    ) -> Result<Option<Block>, Corruption> {
        let step = self.settings.growth_step;
        let Some(increment) = asize.div_ceil(step).checked_mul(step) else {
            return Ok(None);
        };
        let mut unused = 0;
        let last = self
            .tags
            .previous(
                memory,
                bounds.first,
                bounds.epilogue,
                bounds.epilogue,
                &mut unused,
            )?
            .filter(|last| !last.allocated);
        let last = match last {
            Some(last) => Some(self.check_linked(memory, bounds, last)?),
            None => None,
        };
        let Some(grown) = self.tags.grow(memory, increment) else {
            return Ok(None);
        };
        // The epilogue moved.
        let bounds = Bounds::new(memory, bounds.first);
        let merged = match last {
            Some(listed) => {
                Self::unlink(memory, bounds, listed);
                let last = listed.block;
                let merged = Block {
                    size: last.size + grown.size,
                    ..last
                };
                self.tags.write(memory, merged.addr, merged.size, false);
                merged
            }
            None => grown,
        };
        let class = self.class_of(merged.size);
        let after = self.insertion_point(memory, bounds, class, merged.addr)?;
        self.link(memory, bounds, class, after, merged.addr);
        Ok(Some(merged))
    }

    /// Hands out the front of the free block `listed` (checked) for a request of `asize`,
    /// splitting off the rest when it is big enough to be a block of its own.
    fn place<M: HeapMemory + ?Sized>(
        &mut self,
        memory: &mut M,
        bounds: Bounds,
        listed: Listed,
        asize: u32,
    ) -> Result<(), Corruption> {
        let Listed {
            block,
            class,
            prev,
            next,
        } = listed;
        let rest = block.size - asize;
        let threshold = self.tags.min_block.max(self.settings.split_threshold);
        if rest < threshold {
            Self::take_off(memory, bounds, listed);
            self.tags.write(memory, block.addr, block.size, true);
            return Ok(());
        }
        let rest_addr = block.addr + asize;
        let rest_class = self.class_of(rest);
        if rest_class == class {
            // The rest is the same free block, shrunk: it keeps its place in the list.
            self.tags.write(memory, block.addr, asize, true);
            self.tags.write(memory, rest_addr, rest, false);
            Self::set_next(memory, rest_addr, next);
            Self::set_prev(memory, rest_addr, prev);
            Self::set_forward(memory, bounds, rest_class, prev, rest_addr);
            Self::set_backward(memory, next, rest_addr);
            return Ok(());
        }
        let after = self.insertion_point(memory, bounds, rest_class, rest_addr)?;
        Self::take_off(memory, bounds, listed);
        self.tags.write(memory, block.addr, asize, true);
        self.tags.write(memory, rest_addr, rest, false);
        self.link(memory, bounds, rest_class, after, rest_addr);
        Ok(())
    }

    /// Frees the allocated `block`: merges it with free neighbours (taking them off their
    /// lists) and puts the merged block on its list. Checks everything before writing.
    fn release<M: HeapMemory + ?Sized>(
        &mut self,
        memory: &mut M,
        bounds: Bounds,
        block: Block,
    ) -> Result<(), Corruption> {
        let next = self
            .tags
            .read_before(memory, block.end(), bounds.epilogue)?
            .filter(|next| !next.allocated);
        let mut unused = 0;
        let prev = self
            .tags
            .previous(
                memory,
                bounds.first,
                block.addr,
                bounds.epilogue,
                &mut unused,
            )?
            .filter(|prev| !prev.allocated);
        let next_listed = match next {
            Some(next) => Some(self.check_linked(memory, bounds, next)?),
            None => None,
        };
        let prev_listed = match prev {
            Some(prev) => Some(self.check_linked(memory, bounds, prev)?),
            None => None,
        };
        let addr = prev.map_or(block.addr, |prev| prev.addr);
        let size = block.size + next.map_or(0, |b| b.size) + prev.map_or(0, |b| b.size);
        let class = self.class_of(size);
        // Merged neighbours lie at or after `addr`, so they do not move the insertion point.
        let after = self.insertion_point(memory, bounds, class, addr)?;
        if let Some(listed) = next_listed {
            Self::unlink(memory, bounds, listed);
        }
        if let Some(listed) = prev_listed {
            Self::unlink(memory, bounds, listed);
        }
        self.tags.write(memory, addr, size, false);
        self.link(memory, bounds, class, after, addr);
        Ok(())
    }

    // ----- malloc and free, generic over the memory -----

    /// malloc, over either kind of memory (see [`HeapMemory::as_vec_memory`]).
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
        let bounds = Bounds::new(memory, first);
        let (bounds, listed) = match self.find_fit(memory, bounds, asize)? {
            Some(listed) => (bounds, listed),
            None => {
                let Some(block) = self.extend(memory, bounds, asize)? else {
                    return Ok(None);
                };
                // The heap grew; the block is linked where the insertion policy put it.
                let bounds = Bounds::new(memory, first);
                (bounds, self.check_linked(memory, bounds, block)?)
            }
        };
        self.place(memory, bounds, listed, asize)?;
        let payload = listed.block.payload();
        self.ledger.allocated(payload, size);
        Ok(Some(payload))
    }

    /// free, over either kind of memory.
    fn deallocate<M: HeapMemory + ?Sized>(
        &mut self,
        memory: &mut M,
        payload: u32,
    ) -> Result<(), FreeError> {
        self.ledger.last_searched = 0;
        let (Some(first), Some(live)) = (self.first, self.ledger.find_live(payload)) else {
            return Err(self.refusal(memory, payload));
        };
        let bounds = Bounds::new(memory, first);
        let block = self
            .tags
            .read_block_before(memory, payload - HEADER, bounds.epilogue)
            .map_err(FreeError::Corrupted)?;
        if !block.allocated {
            return Err(self.refusal(memory, payload));
        }
        self.release(memory, bounds, block)
            .map_err(FreeError::Corrupted)?;
        self.ledger.release(live);
        Ok(())
    }

    /// Why `payload` cannot be freed (see [`Allocator::diagnose`]).
    fn refusal<M: HeapMemory + ?Sized>(&self, memory: &M, payload: u32) -> FreeError {
        self.tags
            .diagnose(memory, self.first, &self.ledger, payload)
    }
}

impl Allocator for ExplicitList {
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
                Some(first) => self.list_blocks(memory, Bounds::new(memory, first), class)?,
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
