//! The binary buddy system (Knuth, TAOCP 2.5): every block is a power of two in size, and
//! every block has exactly one "buddy", the other half of the block it was split from.
//!
//! malloc rounds `size + header` up to a power of two (at least the minimum block) and takes
//! a free block of the smallest order that is big enough. A bigger block is split in halves
//! again and again: the upper half goes on its order's free list, the lower half is split
//! further or handed out. free gives the block back and merges it with its buddy, while the
//! buddy is free and whole (of the same order), so a segment that is entirely free again is
//! one block. Rounding up to a power of two wastes up to half a block: that internal
//! fragmentation is the price of the constant-time buddy arithmetic.
//!
//! Layout in the heap: one free-list head word per order, smallest order first; padding so
//! the first segment is aligned; then the segments, each `segment_size` bytes, the largest
//! block. The heap grows by one segment when no free block is big enough. A block's buddy is
//! found relative to its segment's base: `buddy = base + ((addr - base) ^ size)`.
//!
//! Every block starts with a header word: the low byte is its order (log2 of its size, so
//! 5 is a 32-byte block) and [`ALLOCATED_TAG`] is set while the program holds it. A free
//! block keeps, right after its header, the address of the next and of the previous free
//! block of its order (0 for none): one doubly linked list per order. Lists are stacks: a
//! freed or split-off block is pushed at the head, and malloc takes the head.
//!
//! "Searched" counts the free lists malloc looked at (from the order it needs upwards) and
//! the buddies free looked at while merging.

use crate::allocator::{Allocator, BuddyNode, BuddyState, FreeEntry, FreeList, FreeStructures};
use crate::boundary::internal;
use crate::ledger::Ledger;
use crate::memory::HeapMemory;
use crate::{
    BlockInfo, BlockState, Corruption, FreeError, SettingsError, ThreadId, check_alignment,
};

/// Set in a block's header word while the block is allocated.
pub const ALLOCATED_TAG: u32 = 0x100;
/// The header-word bits that may be set: the order (low byte) and the tag.
const HEADER_BITS: u32 = 0x1ff;
/// Bytes of a free block's two links, next then previous.
const LINKS: u32 = 8;
/// The largest segment: 2 GiB, so that sizes and addresses stay within 32 bits.
const MAX_SEGMENT: u32 = 1 << 31;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Settings {
    /// Payload alignment: 4, 8 or 16.
    pub alignment: u32,
    /// Bytes before each payload: the header word, padded so payloads stay aligned.
    pub header_size: u32,
    /// The smallest block: a power of two with room for the header and two links.
    pub min_block: u32,
    /// The largest block, a power of two; the heap grows one segment at a time.
    pub segment_size: u32,
    /// Segments taken from sbrk at the first allocation.
    pub initial_segments: u32,
}

impl Default for Settings {
    fn default() -> Settings {
        Settings::for_alignment(8)
    }
}

impl Settings {
    /// The default settings for an alignment: the smallest header that keeps payloads
    /// aligned and the smallest minimum block that holds it and two links.
    pub fn for_alignment(alignment: u32) -> Settings {
        let header_size = alignment.max(4);
        Settings {
            alignment,
            header_size,
            min_block: smallest_block(header_size).unwrap_or(0),
            segment_size: 4096,
            initial_segments: 1,
        }
    }

    pub fn validate(&self) -> Result<(), SettingsError> {
        let error = |setting, message: String| Err(SettingsError { setting, message });
        check_alignment(self.alignment)?;
        let header = self.header_size;
        if header < 4 || !header.is_multiple_of(4) || !header.is_multiple_of(self.alignment) {
            return error(
                "header size",
                format!(
                    "must be a multiple of 4 and of the alignment ({}) so payloads stay aligned, not {header}",
                    self.alignment
                ),
            );
        }
        let Some(smallest) = smallest_block(header) else {
            return error(
                "header size",
                format!("{header} bytes leave no room for a block"),
            );
        };
        if !self.min_block.is_power_of_two() || self.min_block < smallest {
            return error(
                "minimum block",
                format!(
                    "must be a power of two of at least {smallest} bytes (a header of {header} and two links), not {}",
                    self.min_block
                ),
            );
        }
        let segment = self.segment_size;
        if !segment.is_power_of_two() || segment < self.min_block || segment > MAX_SEGMENT {
            return error(
                "segment size",
                format!(
                    "must be a power of two from the minimum block ({}) to 2 GiB, not {segment}",
                    self.min_block
                ),
            );
        }
        let initial = u64::from(self.initial_segments) * u64::from(segment);
        if self.initial_segments == 0 || initial + u64::from(self.prefix_bound()) > 1 << 32 {
            return error(
                "initial segments",
                format!(
                    "must be at least 1, and that many segments must fit in 4 GiB, not {}",
                    self.initial_segments
                ),
            );
        }
        Ok(())
    }

    fn min_order(&self) -> u32 {
        self.min_block.trailing_zeros()
    }

    fn top_order(&self) -> u32 {
        self.segment_size.trailing_zeros()
    }

    /// Bytes of the free-list heads: one word per order.
    fn heads_size(&self) -> u32 {
        4 * (self.top_order() - self.min_order() + 1)
    }

    /// The most the heads and their padding can take.
    fn prefix_bound(&self) -> u32 {
        self.heads_size() + self.alignment
    }

    /// The order of the block a request of `size` bytes gets; `None` when it is bigger than
    /// a segment.
    pub fn order_for(&self, size: u32) -> Option<u32> {
        let needed = size.checked_add(self.header_size)?.max(self.min_block);
        let block = needed.checked_next_power_of_two()?;
        (block <= self.segment_size).then(|| block.trailing_zeros())
    }
}

/// The smallest power of two holding a header of `header` bytes and two links.
fn smallest_block(header: u32) -> Option<u32> {
    header.checked_add(LINKS)?.checked_next_power_of_two()
}

/// What a header word says about the block at `addr`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Block {
    addr: u32,
    order: u32,
    allocated: bool,
}

impl Block {
    fn free(addr: u32, order: u32) -> Block {
        Block {
            addr,
            order,
            allocated: false,
        }
    }

    fn size(self) -> u32 {
        1 << self.order
    }

    fn end(self) -> u32 {
        self.addr + self.size()
    }

    fn header_word(self) -> u32 {
        self.order | if self.allocated { ALLOCATED_TAG } else { 0 }
    }
}

/// Where things are once the heap exists, and the orders.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Layout {
    /// The first free-list head (for the smallest order).
    heads: u32,
    padding: u32,
    first_segment: u32,
    /// One past the last segment this allocator took from sbrk.
    segments_end: u32,
    min_order: u32,
    top_order: u32,
    header: u32,
}

/// How to take a free block off its list, read and checked before anything is written.
#[derive(Debug, Clone, Copy)]
struct Unlink {
    block: Block,
    next: Option<u32>,
    prev: Option<u32>,
}

impl Layout {
    fn segment_size(self) -> u32 {
        1 << self.top_order
    }

    fn head_addr(self, order: u32) -> u32 {
        self.heads + 4 * (order - self.min_order)
    }

    fn heads_size(self) -> u32 {
        self.head_addr(self.top_order) + 4 - self.heads
    }

    fn next_link(self, addr: u32) -> u32 {
        addr + self.header
    }

    fn prev_link(self, addr: u32) -> u32 {
        addr + self.header + 4
    }

    fn segment_bases(self) -> impl Iterator<Item = u32> {
        (self.first_segment..self.segments_end).step_by(self.segment_size() as usize)
    }

    /// The base of the segment holding `addr`, if any does.
    #[inline(always)]
    fn segment_base(self, addr: u32) -> Option<u32> {
        if addr < self.first_segment || addr >= self.segments_end {
            return None;
        }
        // Segments are a power of two long: shifting finds the segment's index.
        let index = (addr - self.first_segment) >> self.top_order;
        Some(self.first_segment + (index << self.top_order))
    }

    #[inline(always)]
    fn buddy_of(self, base: u32, block: Block) -> u32 {
        base + ((block.addr - base) ^ block.size())
    }

    /// Reads and checks the header at `addr`: a known order, the block aligned to its size
    /// within its segment (so it also ends inside it).
    #[inline(always)]
    fn read_block<M: HeapMemory + ?Sized>(
        self,
        memory: &M,
        addr: u32,
    ) -> Result<Block, Corruption> {
        let word = memory.read_u32(addr);
        let damaged = Corruption { addr, word };
        let base = self.segment_base(addr).ok_or(damaged)?;
        let order = word & 0xff;
        let known = word & !HEADER_BITS == 0 && (self.min_order..=self.top_order).contains(&order);
        if !known || !(addr - base).is_multiple_of(1 << order) {
            return Err(damaged);
        }
        Ok(Block {
            addr,
            order,
            allocated: word & ALLOCATED_TAG != 0,
        })
    }

    /// Reads the block at `addr`, which must be free and of `order`.
    #[inline(always)]
    fn read_free<M: HeapMemory + ?Sized>(
        self,
        memory: &M,
        addr: u32,
        order: u32,
    ) -> Result<Block, Corruption> {
        let block = self.read_block(memory, addr)?;
        if block.allocated || block.order != order {
            return Err(Corruption {
                addr,
                word: block.header_word(),
            });
        }
        Ok(block)
    }

    /// Follows the link (a head or a next/prev word) at `link_addr` to a free block of
    /// `order`; a link that points nowhere sensible is itself the damage.
    #[inline(always)]
    fn read_link<M: HeapMemory + ?Sized>(
        self,
        memory: &M,
        link_addr: u32,
        order: u32,
    ) -> Result<Option<u32>, Corruption> {
        let target = memory.read_u32(link_addr);
        if target == 0 {
            return Ok(None);
        }
        let on_a_block_boundary = self
            .segment_base(target)
            .is_some_and(|base| (target - base).is_multiple_of(1 << self.min_order));
        if !on_a_block_boundary {
            return Err(Corruption {
                addr: link_addr,
                word: target,
            });
        }
        self.read_free(memory, target, order).map(|b| Some(b.addr))
    }

    /// Writes a header word, zeroing the rest of the header.
    #[inline(always)]
    fn write_header<M: HeapMemory + ?Sized>(self, memory: &mut M, block: Block) {
        memory.write_u32(block.addr, block.header_word());
        for offset in (4..self.header).step_by(4) {
            memory.write_u32(block.addr + offset, 0);
        }
    }

    #[inline(always)]
    fn write_links<M: HeapMemory + ?Sized>(
        self,
        memory: &mut M,
        addr: u32,
        next: Option<u32>,
        prev: Option<u32>,
    ) {
        memory.write_u32(self.next_link(addr), next.unwrap_or(0));
        memory.write_u32(self.prev_link(addr), prev.unwrap_or(0));
    }

    /// Reads and checks the head of `order`'s list, which a block is about to be pushed in
    /// front of.
    #[inline(always)]
    fn plan_push<M: HeapMemory + ?Sized>(
        self,
        memory: &M,
        order: u32,
    ) -> Result<Option<u32>, Corruption> {
        self.read_link(memory, self.head_addr(order), order)
    }

    /// Makes `block` free and the head of its order's list, in front of `old_head`.
    #[inline(always)]
    fn apply_push<M: HeapMemory + ?Sized>(
        self,
        memory: &mut M,
        block: Block,
        old_head: Option<u32>,
    ) {
        self.write_header(memory, block);
        self.write_links(memory, block.addr, old_head, None);
        if let Some(old) = old_head {
            memory.write_u32(self.prev_link(old), block.addr);
        }
        memory.write_u32(self.head_addr(block.order), block.addr);
    }

    #[inline(always)]
    fn push<M: HeapMemory + ?Sized>(self, memory: &mut M, block: Block) -> Result<(), Corruption> {
        let old_head = self.plan_push(memory, block.order)?;
        self.apply_push(memory, block, old_head);
        Ok(())
    }

    /// Checks the links around a free block: its neighbours must point back at it.
    #[inline(always)]
    fn plan_unlink<M: HeapMemory + ?Sized>(
        self,
        memory: &M,
        block: Block,
    ) -> Result<Unlink, Corruption> {
        let next = self.read_link(memory, self.next_link(block.addr), block.order)?;
        let prev = self.read_link(memory, self.prev_link(block.addr), block.order)?;
        let points_back = |link_addr: u32| {
            let word = memory.read_u32(link_addr);
            if word == block.addr {
                Ok(())
            } else {
                Err(Corruption {
                    addr: link_addr,
                    word,
                })
            }
        };
        match prev {
            Some(prev) => points_back(self.next_link(prev))?,
            None => points_back(self.head_addr(block.order))?,
        }
        if let Some(next) = next {
            points_back(self.prev_link(next))?;
        }
        Ok(Unlink { block, next, prev })
    }

    #[inline(always)]
    fn apply_unlink<M: HeapMemory + ?Sized>(self, memory: &mut M, unlink: Unlink) {
        let before = match unlink.prev {
            Some(prev) => self.next_link(prev),
            None => self.head_addr(unlink.block.order),
        };
        memory.write_u32(before, unlink.next.unwrap_or(0));
        if let Some(next) = unlink.next {
            memory.write_u32(self.prev_link(next), unlink.prev.unwrap_or(0));
        }
    }

    /// The blocks of the segment at `base`, in address order.
    fn walk_segment<M: HeapMemory + ?Sized>(
        self,
        memory: &M,
        base: u32,
    ) -> Result<Vec<Block>, Corruption> {
        let mut blocks = Vec::new();
        let mut at = base;
        while at < base + self.segment_size() {
            let block = self.read_block(memory, at)?;
            blocks.push(block);
            at = block.end();
        }
        Ok(blocks)
    }

    /// The free list of `order`, head first, links as the bytes hold them.
    fn list_entries<M: HeapMemory + ?Sized>(
        self,
        memory: &M,
        order: u32,
    ) -> Result<Vec<FreeEntry>, Corruption> {
        let most = memory.brk().saturating_sub(self.first_segment) >> order;
        let mut entries = Vec::new();
        let mut link = self.head_addr(order);
        while let Some(addr) = self.read_link(memory, link, order)? {
            if entries.len() as u32 >= most {
                // More entries than blocks of this size fit in the heap: the list loops.
                return Err(Corruption {
                    addr: link,
                    word: addr,
                });
            }
            let word = |at| Some(memory.read_u32(at)).filter(|&w| w != 0);
            entries.push(FreeEntry {
                addr,
                size: 1 << order,
                next: word(self.next_link(addr)),
                prev: word(self.prev_link(addr)),
            });
            link = self.next_link(addr);
        }
        Ok(entries)
    }

    /// The tree below the block of `order` at `addr`, in preorder: a header of a smaller
    /// order there means the block is split.
    fn tree<M: HeapMemory + ?Sized>(
        self,
        memory: &M,
        addr: u32,
        order: u32,
        nodes: &mut Vec<BuddyNode>,
    ) -> Result<(), Corruption> {
        let block = self.read_block(memory, addr)?;
        let depth = self.top_order - order;
        let node = |state| BuddyNode {
            addr,
            size: 1 << order,
            depth,
            state,
        };
        if block.order > order {
            return Err(Corruption {
                addr,
                word: block.header_word(),
            });
        }
        if block.order == order {
            let state = if block.allocated {
                BuddyState::Allocated
            } else {
                BuddyState::Free
            };
            nodes.push(node(state));
            return Ok(());
        }
        nodes.push(node(BuddyState::Split));
        let half = 1 << (order - 1);
        self.tree(memory, addr, order - 1, nodes)?;
        self.tree(memory, addr + half, order - 1, nodes)
    }
}

#[derive(Debug, Clone)]
pub struct BuddySystem {
    settings: Settings,
    /// Once the heap exists.
    layout: Option<Layout>,
    ledger: Ledger,
}

impl BuddySystem {
    pub fn new(settings: Settings) -> Result<BuddySystem, SettingsError> {
        settings.validate()?;
        Ok(BuddySystem {
            settings,
            layout: None,
            ledger: Ledger::default(),
        })
    }

    pub fn settings(&self) -> &Settings {
        &self.settings
    }

    /// Where the first segment starts, once the heap exists.
    pub fn first_segment(&self) -> Option<u32> {
        self.layout.map(|l| l.first_segment)
    }

    /// Takes the heads and the initial segments from sbrk, all free, the first segment at
    /// the head of the top order's list. `None` (nothing changed) when the heap may not
    /// grow that much.
    fn initialize<M: HeapMemory + ?Sized>(&mut self, memory: &mut M) -> Option<Layout> {
        if let Some(layout) = self.layout {
            return Some(layout);
        }
        let s = &self.settings;
        let heads = memory.brk();
        let alignment = s.alignment;
        let padding = (alignment - heads.wrapping_add(s.heads_size()) % alignment) % alignment;
        let prefix = s.heads_size() + padding;
        let segments = s.initial_segments.checked_mul(s.segment_size)?;
        let end = heads.checked_add(prefix)?.checked_add(segments)?;
        memory.sbrk(end - heads)?;
        let layout = Layout {
            heads,
            padding,
            first_segment: heads + prefix,
            segments_end: end,
            min_order: s.min_order(),
            top_order: s.top_order(),
            header: s.header_size,
        };
        for at in (heads..layout.first_segment).step_by(4) {
            memory.write_u32(at, 0);
        }
        let bases: Vec<u32> = layout.segment_bases().collect();
        for (i, &base) in bases.iter().enumerate() {
            layout.write_header(memory, Block::free(base, layout.top_order));
            let prev = i.checked_sub(1).map(|p| bases[p]);
            layout.write_links(memory, base, bases.get(i + 1).copied(), prev);
        }
        let first = bases.first().copied().unwrap_or(0);
        memory.write_u32(layout.head_addr(layout.top_order), first);
        self.layout = Some(layout);
        Some(layout)
    }

    /// Takes the head of the smallest nonempty list of at least `order`, counting the
    /// lists looked at.
    #[inline(always)]
    fn take_free_block<M: HeapMemory + ?Sized>(
        &mut self,
        memory: &mut M,
        layout: Layout,
        order: u32,
    ) -> Result<Option<Block>, Corruption> {
        for candidate in order..=layout.top_order {
            self.ledger.last_searched += 1;
            let Some(head) = layout.read_link(memory, layout.head_addr(candidate), candidate)?
            else {
                continue;
            };
            let next = layout.read_link(memory, layout.next_link(head), candidate)?;
            memory.write_u32(layout.head_addr(candidate), next.unwrap_or(0));
            if let Some(next) = next {
                memory.write_u32(layout.prev_link(next), 0);
            }
            return Ok(Some(Block::free(head, candidate)));
        }
        Ok(None)
    }

    /// A new segment from sbrk, as one free block (on no list yet).
    fn grow<M: HeapMemory + ?Sized>(
        &mut self,
        memory: &mut M,
        layout: Layout,
    ) -> Option<(Layout, Block)> {
        if memory.brk() != layout.segments_end {
            // Something else moved the break: a new segment would not follow ours.
            return None;
        }
        let base = memory.sbrk(layout.segment_size())?;
        let grown = Layout {
            segments_end: base + layout.segment_size(),
            ..layout
        };
        self.layout = Some(grown);
        Some((grown, Block::free(base, layout.top_order)))
    }

    /// Halves `block` down to `order`: each upper half goes on its list.
    #[inline(always)]
    fn split_down<M: HeapMemory + ?Sized>(
        &self,
        memory: &mut M,
        layout: Layout,
        mut block: Block,
        order: u32,
    ) -> Result<Block, Corruption> {
        while block.order > order {
            block.order -= 1;
            layout.push(memory, Block::free(block.addr + block.size(), block.order))?;
        }
        Ok(block)
    }

    /// The block `block` becomes by merging with its buddies, each buddy checked (header
    /// and links) but nothing written; counts the buddies looked at. [`Self::apply_merges`]
    /// then takes the same buddies off their lists, so no list of them is kept: a free
    /// allocates nothing.
    #[inline(always)]
    fn plan_merges<M: HeapMemory + ?Sized>(
        &mut self,
        memory: &M,
        layout: Layout,
        block: Block,
    ) -> Result<Block, Corruption> {
        let not_in_a_segment = Corruption {
            addr: block.addr,
            word: block.header_word(),
        };
        let base = layout.segment_base(block.addr).ok_or(not_in_a_segment)?;
        let mut merged = Block::free(block.addr, block.order);
        while merged.order < layout.top_order {
            self.ledger.last_searched += 1;
            let buddy = layout.read_block(memory, layout.buddy_of(base, merged))?;
            if buddy.order > merged.order {
                return Err(Corruption {
                    addr: buddy.addr,
                    word: buddy.header_word(),
                });
            }
            if buddy.allocated || buddy.order < merged.order {
                break;
            }
            layout.plan_unlink(memory, buddy)?;
            merged = Block::free(merged.addr.min(buddy.addr), merged.order + 1);
        }
        Ok(merged)
    }

    /// Takes off their lists the buddies that [`Self::plan_merges`] checked on the way from
    /// `block` up to `merged`. Each buddy is of another order, so on another list: unlinking
    /// one leaves the others' links as they were checked.
    #[inline(always)]
    fn apply_merges<M: HeapMemory + ?Sized>(
        memory: &mut M,
        layout: Layout,
        block: Block,
        merged: Block,
    ) {
        let Some(base) = layout.segment_base(block.addr) else {
            return;
        };
        let mut at = Block::free(block.addr, block.order);
        while at.order < merged.order {
            let buddy = Block::free(layout.buddy_of(base, at), at.order);
            let link = |link_addr| Some(memory.read_u32(link_addr)).filter(|&addr| addr != 0);
            let unlink = Unlink {
                block: buddy,
                next: link(layout.next_link(buddy.addr)),
                prev: link(layout.prev_link(buddy.addr)),
            };
            layout.apply_unlink(memory, unlink);
            at = Block::free(at.addr.min(buddy.addr), at.order + 1);
        }
    }

    /// The block holding `addr` (in a segment), found by walking its segment.
    fn block_containing<M: HeapMemory + ?Sized>(
        &self,
        memory: &M,
        layout: Layout,
        addr: u32,
    ) -> Result<Option<Block>, Corruption> {
        let Some(base) = layout.segment_base(addr) else {
            return Ok(None);
        };
        let blocks = layout.walk_segment(memory, base)?;
        Ok(blocks
            .into_iter()
            .find(|b| addr >= b.addr && addr < b.end()))
    }

    fn block_info(&self, layout: Layout, block: Block) -> BlockInfo {
        let payload = block.addr + layout.header;
        if block.allocated {
            return self
                .ledger
                .allocated_block(block.addr, block.size(), payload);
        }
        BlockInfo {
            addr: block.addr,
            size: block.size(),
            payload,
            state: BlockState::Free,
            requested: None,
            allocation_id: None,
        }
    }
}

impl BuddySystem {
    /// malloc, generic over the memory: handed the byte vector itself (see
    /// [`HeapMemory::as_vec_memory`]), every header and link access is inlined.
    fn allocate<M: HeapMemory + ?Sized>(
        &mut self,
        memory: &mut M,
        size: u32,
    ) -> Result<Option<u32>, Corruption> {
        self.ledger.last_searched = 0;
        let Some(order) = self.settings.order_for(size) else {
            return Ok(None);
        };
        let Some(layout) = self.initialize(memory) else {
            return Ok(None);
        };
        let (layout, found) = match self.take_free_block(memory, layout, order)? {
            Some(block) => (layout, block),
            None => match self.grow(memory, layout) {
                Some(grown) => grown,
                None => return Ok(None),
            },
        };
        let mut block = self.split_down(memory, layout, found, order)?;
        block.allocated = true;
        layout.write_header(memory, block);
        let payload = block.addr + layout.header;
        self.ledger.allocated(payload, size);
        Ok(Some(payload))
    }

    /// Why `payload` cannot be freed (see [`Allocator::diagnose`]).
    fn refusal<M: HeapMemory + ?Sized>(&self, memory: &M, payload: u32) -> FreeError {
        let Some(layout) = self
            .layout
            .filter(|_| payload >= memory.heap_start() && payload < memory.brk())
        else {
            return FreeError::NotInHeap { addr: payload };
        };
        let block = match self.block_containing(memory, layout, payload) {
            Ok(Some(block)) => block,
            Ok(None) => return FreeError::NotABlock { addr: payload },
            Err(corruption) => return FreeError::Corrupted(corruption),
        };
        let block_payload = block.addr + layout.header;
        if payload < block_payload {
            // Inside a block's header: the allocator's bookkeeping.
            return FreeError::NotABlock { addr: payload };
        }
        if self.ledger.was_freed(payload) || (!block.allocated && payload == block_payload) {
            return FreeError::DoubleFree { addr: payload };
        }
        if payload == block_payload {
            // An allocated header the ledger does not know: damaged metadata.
            return FreeError::Corrupted(Corruption {
                addr: block.addr,
                word: block.header_word(),
            });
        }
        FreeError::Interior {
            addr: payload,
            block: block.addr,
            payload: block_payload,
        }
    }

    /// free, generic over the memory.
    fn deallocate<M: HeapMemory + ?Sized>(
        &mut self,
        memory: &mut M,
        payload: u32,
    ) -> Result<(), FreeError> {
        self.ledger.last_searched = 0;
        let (Some(layout), Some(live)) = (self.layout, self.ledger.find_live(payload)) else {
            return Err(self.refusal(memory, payload));
        };
        let addr = payload - layout.header;
        let block = layout
            .read_block(memory, addr)
            .map_err(FreeError::Corrupted)?;
        if !block.allocated {
            // The ledger says live, the header says free: something overwrote it.
            return Err(FreeError::Corrupted(Corruption {
                addr,
                word: block.header_word(),
            }));
        }
        // Everything is read and checked before the first write, so a damaged heap is
        // reported and left as it was.
        let merged = self
            .plan_merges(memory, layout, block)
            .map_err(FreeError::Corrupted)?;
        let old_head = layout
            .plan_push(memory, merged.order)
            .map_err(FreeError::Corrupted)?;
        Self::apply_merges(memory, layout, block, merged);
        layout.apply_push(memory, merged, old_head);
        self.ledger.release(live);
        Ok(())
    }
}

impl Allocator for BuddySystem {
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
        let Some(layout) = self.layout else {
            return Ok(Vec::new());
        };
        let mut infos = Vec::new();
        let start = memory.heap_start();
        let prefix = [
            (start, layout.heads - start, "before the allocator's heap"),
            (layout.heads, layout.heads_size(), "free-list heads"),
            (
                layout.first_segment - layout.padding,
                layout.padding,
                "alignment padding",
            ),
        ];
        for (addr, size, what) in prefix.into_iter().filter(|p| p.1 > 0) {
            infos.push(internal(addr, size, what));
        }
        for base in layout.segment_bases() {
            for block in layout.walk_segment(memory, base)? {
                infos.push(self.block_info(layout, block));
            }
        }
        let end = layout.segments_end;
        if end < memory.brk() {
            infos.push(internal(end, memory.brk() - end, "past the last segment"));
        }
        Ok(infos)
    }

    fn free_structures(&self, memory: &dyn HeapMemory) -> Result<FreeStructures, Corruption> {
        let Some(layout) = self.layout else {
            return Ok(FreeStructures::default());
        };
        let mut lists = Vec::new();
        for order in layout.min_order..=layout.top_order {
            lists.push(FreeList {
                label: format!("order {order}: {} bytes", 1u64 << order),
                head_addr: Some(layout.head_addr(order)),
                entries: layout.list_entries(memory, order)?,
            });
        }
        let mut buddy_tree = Vec::new();
        for base in layout.segment_bases() {
            layout.tree(memory, base, layout.top_order, &mut buddy_tree)?;
        }
        Ok(FreeStructures {
            lists,
            buddy_tree,
            ..FreeStructures::default()
        })
    }

    fn ledger(&self) -> &Ledger {
        &self.ledger
    }
}

#[cfg(test)]
mod tests;
