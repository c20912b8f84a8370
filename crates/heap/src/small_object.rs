//! The small-object allocator of Loki (Alexandrescu, *Modern C++ Design*, chapter 4): small
//! requests are served from pools of fixed-size chunks, large ones by a general allocator.
//!
//! A request of up to `max_small` bytes is rounded up to a multiple of `chunk_step`; every
//! such chunk size has its own pool (Loki's `FixedAllocator`). A pool owns pages (Loki's
//! `Chunk`s), each a block obtained from the fallback allocator with `malloc(page_size)`, so
//! the pages show in the fallback's own structure. A page starts with four header words:
//!
//! ```text
//! page+0  chunk size      page+4  number of chunks
//! page+8  first free      page+12 free count
//! ```
//!
//! then the chunks, one after another. A free chunk's first word holds the *index* of the
//! next free chunk (Loki's "stealth" list: the free list costs no memory, it lives in the
//! free chunks themselves); the last free chunk holds the number of chunks, meaning "none".
//! Taking a chunk pops the first free index, giving one back pushes it, both in constant time.
//!
//! malloc tries the page it allocated from last, then looks at the pages in order, and asks
//! the fallback for a new page when all are full. free has to find the page holding the
//! pointer: Loki searches outward from the page it freed into last, because programs tend to
//! free near where they freed before. When a page becomes wholly free it is kept for the next
//! request, but only one: a second page emptied in the same pool goes back to the fallback.

use std::collections::BTreeSet;

use crate::allocator::{Allocator, FreeStructures, Pool, PoolPage};
use crate::boundary::internal;
use crate::ledger::Ledger;
use crate::memory::HeapMemory;
use crate::{
    BlockInfo, BlockState, Corruption, FreeError, SettingsError, ThreadId, align_up,
    check_alignment,
};

/// The four header words at the start of every page.
pub const PAGE_HEADER: u32 = 16;
const CHUNK_SIZE_WORD: u32 = 0;
const CHUNK_COUNT_WORD: u32 = 4;
const FIRST_FREE_WORD: u32 = 8;
const FREE_COUNT_WORD: u32 = 12;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Settings {
    /// Requests up to this many bytes go to the pools; larger ones to the fallback.
    pub max_small: u32,
    /// Chunk sizes are multiples of this: a request of n bytes gets a chunk of n rounded up.
    pub chunk_step: u32,
    /// Bytes asked from the fallback for each new page of a pool.
    pub page_size: u32,
    /// Chunk alignment: 4, 8 or 16 (the fallback must align its payloads at least as much).
    pub alignment: u32,
}

impl Default for Settings {
    fn default() -> Settings {
        Settings {
            max_small: 64,
            chunk_step: 8,
            page_size: 1024,
            alignment: 8,
        }
    }
}

/// Largest values accepted, so that a page's arithmetic never overflows.
const MAX_PAGE_SIZE: u32 = 1 << 16;

impl Settings {
    /// The chunk size of the largest pool.
    pub fn largest_chunk(&self) -> u32 {
        self.max_small.div_ceil(self.chunk_step) * self.chunk_step
    }

    /// How many pools there are: one per multiple of the chunk step up to `max_small`.
    pub fn pool_count(&self) -> u32 {
        self.max_small.div_ceil(self.chunk_step)
    }

    pub fn validate(&self) -> Result<(), SettingsError> {
        let error = |setting, message: String| Err(SettingsError { setting, message });
        check_alignment(self.alignment)?;
        if self.chunk_step == 0
            || self.chunk_step > MAX_PAGE_SIZE / 2
            || !self.chunk_step.is_multiple_of(self.alignment)
        {
            return error(
                "chunk step",
                format!(
                    "must be a positive multiple of the alignment ({}) up to {}, not {}",
                    self.alignment,
                    MAX_PAGE_SIZE / 2,
                    self.chunk_step
                ),
            );
        }
        if self.max_small == 0 || self.max_small > MAX_PAGE_SIZE / 2 {
            return error(
                "largest small request",
                format!(
                    "must be between 1 and {} bytes, not {}",
                    MAX_PAGE_SIZE / 2,
                    self.max_small
                ),
            );
        }
        // Header, up to alignment - 4 bytes of padding after it, and one chunk of each size.
        let smallest = PAGE_HEADER + self.alignment + self.largest_chunk();
        if self.page_size < smallest
            || self.page_size > MAX_PAGE_SIZE
            || !self.page_size.is_multiple_of(4)
        {
            return error(
                "page size",
                format!(
                    "must be a multiple of 4 between {smallest} bytes (the page header and one chunk of {} bytes) and {MAX_PAGE_SIZE}, not {}",
                    self.largest_chunk(),
                    self.page_size
                ),
            );
        }
        Ok(())
    }
}

/// Where a page's chunks lie, computed from its address alone.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Layout {
    page: u32,
    first_chunk: u32,
    chunk_size: u32,
    chunks: u32,
}

impl Layout {
    fn chunks_end(self) -> u32 {
        self.first_chunk + self.chunks * self.chunk_size
    }

    fn chunk(self, index: u32) -> u32 {
        self.first_chunk + index * self.chunk_size
    }

    fn holds_chunk_byte(self, addr: u32) -> bool {
        addr >= self.first_chunk && addr < self.chunks_end()
    }
}

/// A page's header words, checked against its layout.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Page {
    layout: Layout,
    first_free: u32,
    free_count: u32,
}

impl Page {
    fn is_empty_of_allocations(self) -> bool {
        self.free_count == self.layout.chunks
    }
}

/// One pool's bookkeeping outside the heap, as Loki's `FixedAllocator` keeps it: its pages
/// in the order they were obtained, and the pages it allocated from and freed into last.
#[derive(Debug, Clone, Default)]
struct PoolState {
    pages: Vec<u32>,
    last_allocated: Option<u32>,
    last_freed: Option<u32>,
    /// The one wholly free page the pool keeps.
    empty_page: Option<u32>,
}

#[derive(Debug, Clone)]
pub struct SmallObjectAllocator {
    settings: Settings,
    fallback: Box<dyn Allocator>,
    /// One per chunk size: `pools[i]` holds chunks of `(i + 1) * chunk_step` bytes.
    pools: Vec<PoolState>,
    /// `log2(chunk_step)` when the step is a power of two, so a request's pool is a shift.
    step_shift: Option<u32>,
    /// Per pool, the bytes an aligned page has for chunks and how many chunks fit in them:
    /// [`Self::layout`] is on every malloc and free, and this spares it a division.
    aligned_chunks: Vec<(u32, u32)>,
    ledger: Ledger,
}

impl SmallObjectAllocator {
    pub fn new(
        settings: Settings,
        fallback: Box<dyn Allocator>,
    ) -> Result<SmallObjectAllocator, SettingsError> {
        settings.validate()?;
        let pools = settings.pool_count();
        // An aligned page's chunks start after the header, rounded up to the alignment.
        let aligned_span =
            settings.page_size - align_up(PAGE_HEADER, settings.alignment).unwrap_or(PAGE_HEADER);
        let aligned_chunks = (1..=pools)
            .map(|pool| (aligned_span, aligned_span / (pool * settings.chunk_step)))
            .collect();
        Ok(SmallObjectAllocator {
            pools: vec![PoolState::default(); pools as usize],
            step_shift: settings
                .chunk_step
                .is_power_of_two()
                .then(|| settings.chunk_step.trailing_zeros()),
            aligned_chunks,
            settings,
            fallback,
            ledger: Ledger::default(),
        })
    }

    pub fn settings(&self) -> &Settings {
        &self.settings
    }

    pub fn fallback(&self) -> &dyn Allocator {
        self.fallback.as_ref()
    }

    /// The pool serving a request of `size` bytes, if it is small.
    #[inline(always)]
    fn pool_of(&self, size: u32) -> Option<usize> {
        if size > self.settings.max_small {
            return None;
        }
        // Sizes 0 and 1 to one step go to pool 0, and so on: a shift when the step is a
        // power of two (as by default), since a division is the dearest instruction here.
        let steps = match self.step_shift {
            Some(shift) => (size.max(1) - 1) >> shift,
            None => (size.max(1) - 1) / self.settings.chunk_step,
        };
        Some(steps as usize)
    }

    #[inline(always)]
    fn chunk_size(&self, pool: usize) -> u32 {
        (pool as u32 + 1) * self.settings.chunk_step
    }

    #[inline(always)]
    fn layout(&self, pool: usize, page: u32) -> Layout {
        let chunk_size = self.chunk_size(pool);
        let first_chunk = align_up(page + PAGE_HEADER, self.settings.alignment).unwrap_or(page);
        let end = page + self.settings.page_size;
        let span = end.saturating_sub(first_chunk);
        // Pages come from the fallback aligned, so their chunks nearly always span the same
        // bytes: the count is looked up then, and divided out only otherwise.
        let chunks = match self.aligned_chunks.get(pool) {
            Some(&(aligned_span, chunks)) if span == aligned_span => chunks,
            _ => span / chunk_size,
        };
        Layout {
            page,
            first_chunk,
            chunk_size,
            chunks,
        }
    }

    /// Reads a page's header and checks every word against what the page must hold.
    #[inline(always)]
    fn read_page<M: HeapMemory + ?Sized>(
        &self,
        memory: &M,
        pool: usize,
        page: u32,
    ) -> Result<Page, Corruption> {
        Self::read_laid_out_page(memory, self.layout(pool, page))
    }

    /// [`Self::read_page`] when the caller has the page's layout already (a free found it).
    #[inline(always)]
    fn read_laid_out_page<M: HeapMemory + ?Sized>(
        memory: &M,
        layout: Layout,
    ) -> Result<Page, Corruption> {
        let page = layout.page;
        let word = |offset| memory.read_u32(page + offset);
        let damaged = |offset| Corruption {
            addr: page + offset,
            word: word(offset),
        };
        if word(CHUNK_SIZE_WORD) != layout.chunk_size {
            return Err(damaged(CHUNK_SIZE_WORD));
        }
        if word(CHUNK_COUNT_WORD) != layout.chunks {
            return Err(damaged(CHUNK_COUNT_WORD));
        }
        let free_count = word(FREE_COUNT_WORD);
        if free_count > layout.chunks {
            return Err(damaged(FREE_COUNT_WORD));
        }
        let first_free = word(FIRST_FREE_WORD);
        // "No free chunk" is written as the chunk count, and only then.
        if first_free > layout.chunks || (first_free == layout.chunks) != (free_count == 0) {
            return Err(damaged(FIRST_FREE_WORD));
        }
        Ok(Page {
            layout,
            first_free,
            free_count,
        })
    }

    #[inline(always)]
    fn write_page<M: HeapMemory + ?Sized>(memory: &mut M, page: Page) {
        let addr = page.layout.page;
        memory.write_u32(addr + CHUNK_SIZE_WORD, page.layout.chunk_size);
        memory.write_u32(addr + CHUNK_COUNT_WORD, page.layout.chunks);
        memory.write_u32(addr + FIRST_FREE_WORD, page.first_free);
        memory.write_u32(addr + FREE_COUNT_WORD, page.free_count);
    }

    /// The free chunks' indices in the order the page hands them out, each link checked
    /// before it is followed.
    fn free_chain(memory: &dyn HeapMemory, page: Page) -> Result<Vec<u32>, Corruption> {
        let layout = page.layout;
        let mut chain = Vec::with_capacity(page.free_count as usize);
        let mut seen = BTreeSet::new();
        let mut index = page.first_free;
        let mut link_addr = layout.page + FIRST_FREE_WORD;
        for _ in 0..page.free_count {
            if index >= layout.chunks || !seen.insert(index) {
                return Err(Corruption {
                    addr: link_addr,
                    word: index,
                });
            }
            chain.push(index);
            link_addr = layout.chunk(index);
            index = memory.read_u32(link_addr);
        }
        if index != layout.chunks {
            return Err(Corruption {
                addr: link_addr,
                word: index,
            });
        }
        Ok(chain)
    }

    /// Asks the fallback for a page and threads every chunk on its free list: chunk i holds
    /// i + 1, the last holds the chunk count ("none").
    fn new_page(
        &mut self,
        memory: &mut dyn HeapMemory,
        thread: ThreadId,
        pool: usize,
    ) -> Result<Option<u32>, Corruption> {
        let Some(page) = self
            .fallback
            .malloc(memory, thread, self.settings.page_size)?
        else {
            return Ok(None);
        };
        let layout = self.layout(pool, page);
        for index in 0..layout.chunks {
            memory.write_u32(layout.chunk(index), index + 1);
        }
        let fresh = Page {
            layout,
            first_free: 0,
            free_count: layout.chunks,
        };
        Self::write_page(memory, fresh);
        let state = &mut self.pools[pool];
        state.pages.push(page);
        state.empty_page = Some(page);
        Ok(Some(page))
    }

    /// Takes a chunk from a page of `pool` that has room, if one has (see
    /// [`Self::existing_page_with_room`]): the page and the chunk. Counts the pages looked at.
    #[inline(always)]
    fn take_from_existing_page<M: HeapMemory + ?Sized>(
        &mut self,
        memory: &mut M,
        pool: usize,
    ) -> Result<Option<(u32, u32)>, Corruption> {
        let (found, looked_at) = self.existing_page_with_room(memory, pool)?;
        self.ledger.last_searched += looked_at;
        match found {
            Some(page) => Ok(Some((page.layout.page, Self::pop_chunk(memory, page)?))),
            None => Ok(None),
        }
    }

    /// The last page allocated from if it has room, else the first in order that has; and
    /// how many pages were looked at.
    #[inline(always)]
    fn existing_page_with_room<M: HeapMemory + ?Sized>(
        &self,
        memory: &M,
        pool: usize,
    ) -> Result<(Option<Page>, u32), Corruption> {
        let state = &self.pools[pool];
        let last = state.last_allocated;
        let others = state.pages.iter().copied().filter(|&p| Some(p) != last);
        let mut looked_at = 0;
        for page in last.into_iter().chain(others) {
            looked_at += 1;
            let header = self.read_page(memory, pool, page)?;
            if header.free_count > 0 {
                return Ok((Some(header), looked_at));
            }
        }
        Ok((None, looked_at))
    }

    /// A chunk of `pool`, from the last page allocated from if it has room, else from the
    /// first in order that has, else from a new page. Counts the pages looked at.
    #[inline(always)]
    fn malloc_small(
        &mut self,
        memory: &mut dyn HeapMemory,
        thread: ThreadId,
        pool: usize,
    ) -> Result<Option<u32>, Corruption> {
        // The pages are read, and the chunk taken, through the byte vector's own methods
        // when the memory is one (see `HeapMemory::as_vec_memory`).
        let taken = match memory.as_vec_memory() {
            Some(bytes) => self.take_from_existing_page(bytes, pool),
            None => self.take_from_existing_page(memory, pool),
        }?;
        let (page, chunk) = match taken {
            Some(taken) => taken,
            None => {
                let Some(page) = self.new_page(memory, thread, pool)? else {
                    return Ok(None);
                };
                let header = self.read_page(memory, pool, page)?;
                (page, Self::pop_chunk(memory, header)?)
            }
        };
        let state = &mut self.pools[pool];
        state.last_allocated = Some(page);
        if state.empty_page == Some(page) {
            state.empty_page = None;
        }
        Ok(Some(chunk))
    }

    /// Takes the first free chunk of `page`, which has one, checking the link it holds.
    #[inline(always)]
    fn pop_chunk<M: HeapMemory + ?Sized>(
        memory: &mut M,
        mut page: Page,
    ) -> Result<u32, Corruption> {
        let layout = page.layout;
        let chunk = layout.chunk(page.first_free);
        let next = memory.read_u32(chunk);
        let remaining = page.free_count - 1;
        if next > layout.chunks || (next == layout.chunks) != (remaining == 0) {
            return Err(Corruption {
                addr: chunk,
                word: next,
            });
        }
        page.first_free = next;
        page.free_count = remaining;
        Self::write_page(memory, page);
        Ok(chunk)
    }

    /// The page of `pool` whose chunks hold `addr`, searched outward from the page freed
    /// into last (Loki's `VicinityFind`), counting the pages looked at.
    #[inline(always)]
    fn find_page(&mut self, pool: usize, addr: u32) -> Option<Layout> {
        let state = &self.pools[pool];
        let start = state
            .last_freed
            .and_then(|last| state.pages.iter().position(|&p| p == last))
            .unwrap_or(0);
        let mut looked_at = 0;
        let found = vicinity(start, state.pages.len())
            .map(|index| self.layout(pool, state.pages[index]))
            .find(|layout| {
                looked_at += 1;
                layout.holds_chunk_byte(addr)
            });
        self.ledger.last_searched += looked_at;
        found
    }

    #[inline(always)]
    fn free_small(
        &mut self,
        memory: &mut dyn HeapMemory,
        thread: ThreadId,
        pool: usize,
        payload: u32,
    ) -> Result<(), FreeError> {
        let Some(layout) = self.find_page(pool, payload) else {
            return Err(self.diagnose(memory, payload));
        };
        let pushed = match memory.as_vec_memory() {
            Some(bytes) => Self::push_chunk(bytes, layout, payload),
            None => Self::push_chunk(memory, layout, payload),
        };
        let page = match pushed.map_err(FreeError::Corrupted)? {
            Some(page) => page,
            None => return Err(self.diagnose(memory, payload)),
        };
        self.pools[pool].last_freed = Some(layout.page);
        if page.is_empty_of_allocations() {
            self.keep_one_empty_page(memory, thread, pool, layout.page)?;
        }
        Ok(())
    }

    /// Gives the chunk at `payload` back to its page (laid out as `layout`): the page's
    /// header as written. `None`, changing nothing, when `payload` is not a chunk's start.
    #[inline(always)]
    fn push_chunk<M: HeapMemory + ?Sized>(
        memory: &mut M,
        layout: Layout,
        payload: u32,
    ) -> Result<Option<Page>, Corruption> {
        let mut page = Self::read_laid_out_page(memory, layout)?;
        let offset = payload - layout.first_chunk;
        // One division gives both the chunk's index and whether `payload` starts it.
        let index = offset / layout.chunk_size;
        if index * layout.chunk_size != offset {
            return Ok(None);
        }
        if page.free_count >= layout.chunks {
            // The program holds this chunk, so the page cannot be wholly free.
            return Err(Corruption {
                addr: layout.page + FREE_COUNT_WORD,
                word: page.free_count,
            });
        }
        memory.write_u32(payload, page.first_free);
        page.first_free = index;
        page.free_count += 1;
        Self::write_page(memory, page);
        Ok(Some(page))
    }

    /// A pool keeps one wholly free page; a second one goes back to the fallback.
    fn keep_one_empty_page(
        &mut self,
        memory: &mut dyn HeapMemory,
        thread: ThreadId,
        pool: usize,
        page: u32,
    ) -> Result<(), FreeError> {
        let state = &mut self.pools[pool];
        match state.empty_page {
            Some(kept) if kept != page => {}
            _ => {
                state.empty_page = Some(page);
                return Ok(());
            }
        }
        self.fallback
            .free(memory, thread, page)
            .map_err(|error| match error {
                FreeError::Corrupted(corruption) => FreeError::Corrupted(corruption),
                _ => FreeError::Corrupted(Corruption {
                    addr: page,
                    word: memory.read_u32(page),
                }),
            })?;
        let state = &mut self.pools[pool];
        state.pages.retain(|&p| p != page);
        let first = state.pages.first().copied();
        for remembered in [&mut state.last_allocated, &mut state.last_freed] {
            if *remembered == Some(page) {
                *remembered = first;
            }
        }
        Ok(())
    }

    /// Which pool owns the page starting at `page`, if any.
    fn pool_owning(&self, page: u32) -> Option<usize> {
        self.pools
            .iter()
            .position(|state| state.pages.contains(&page))
    }

    /// The pool page whose bytes (header, chunks, slack) hold `addr`.
    fn page_around(&self, addr: u32) -> Option<(usize, Layout)> {
        self.pools.iter().enumerate().find_map(|(pool, state)| {
            state
                .pages
                .iter()
                .map(|&page| self.layout(pool, page))
                .find(|layout| addr >= layout.page && addr < layout.page + self.settings.page_size)
                .map(|layout| (pool, layout))
        })
    }

    /// What a pointer into a pool page is, when it is not a live chunk.
    fn diagnose_in_page(&self, layout: Layout, payload: u32) -> FreeError {
        if !layout.holds_chunk_byte(payload) {
            return FreeError::NotABlock { addr: payload };
        }
        let chunk = layout.chunk((payload - layout.first_chunk) / layout.chunk_size);
        if chunk != payload {
            return FreeError::Interior {
                addr: payload,
                block: chunk,
                payload: chunk,
            };
        }
        // A chunk boundary the program does not hold: a chunk already on the free list.
        FreeError::DoubleFree { addr: payload }
    }

    /// A pool page's block, shown as its header, its chunks and its slack.
    fn page_blocks(
        &self,
        memory: &dyn HeapMemory,
        pool: usize,
        block: &BlockInfo,
    ) -> Result<Vec<BlockInfo>, Corruption> {
        let page = self.read_page(memory, pool, block.payload)?;
        let free: BTreeSet<u32> = Self::free_chain(memory, page)?.into_iter().collect();
        let layout = page.layout;
        let mut infos = vec![internal(
            block.addr,
            layout.first_chunk - block.addr,
            "pool page header",
        )];
        for index in 0..layout.chunks {
            let chunk = layout.chunk(index);
            infos.push(if free.contains(&index) {
                BlockInfo {
                    addr: chunk,
                    size: layout.chunk_size,
                    payload: chunk,
                    state: BlockState::Free,
                    requested: None,
                    allocation_id: None,
                }
            } else {
                self.ledger.allocated_block(chunk, layout.chunk_size, chunk)
            });
        }
        if block.end() > layout.chunks_end() {
            infos.push(internal(
                layout.chunks_end(),
                block.end() - layout.chunks_end(),
                "pool page slack",
            ));
        }
        Ok(infos)
    }
}

/// Indices of `len` pages in the order Loki's `VicinityFind` looks at them: `start`, then
/// alternately one further up and one further down: start, start + 1, start - 1, ...
fn vicinity(start: usize, len: usize) -> impl Iterator<Item = usize> {
    // Step 2d looks d below the start, step 2d + 1 looks d + 1 above it. (One flat range,
    // rather than a pair of candidates per distance, inlines into a free's search.)
    (0..2 * len)
        .filter_map(move |step| {
            let distance = step / 2;
            if step % 2 == 0 {
                start.checked_sub(distance)
            } else {
                start.checked_add(distance + 1)
            }
        })
        .filter(move |&index| index < len)
}

impl Allocator for SmallObjectAllocator {
    fn malloc(
        &mut self,
        memory: &mut dyn HeapMemory,
        thread: ThreadId,
        size: u32,
    ) -> Result<Option<u32>, Corruption> {
        self.ledger.last_searched = 0;
        let payload = match self.pool_of(size) {
            Some(pool) => self.malloc_small(memory, thread, pool)?,
            None => {
                let payload = self.fallback.malloc(memory, thread, size)?;
                self.ledger.last_searched = self.fallback.ledger().last_searched;
                payload
            }
        };
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
        match self.pool_of(found.live.requested) {
            Some(pool) => self.free_small(memory, thread, pool, payload)?,
            None => {
                self.fallback.free(memory, thread, payload)?;
                self.ledger.last_searched = self.fallback.ledger().last_searched;
            }
        }
        self.ledger.release(found);
        Ok(())
    }

    fn diagnose(&self, memory: &dyn HeapMemory, payload: u32) -> FreeError {
        if let Some((_, layout)) = self.page_around(payload) {
            return self.diagnose_in_page(layout, payload);
        }
        if self.ledger.was_freed(payload) {
            return FreeError::DoubleFree { addr: payload };
        }
        match self.fallback.diagnose(memory, payload) {
            // The fallback's own header or footer around a page: still the page's metadata.
            FreeError::Interior { payload: page, .. } if self.pool_owning(page).is_some() => {
                FreeError::NotABlock { addr: payload }
            }
            error => error,
        }
    }

    fn blocks(&self, memory: &dyn HeapMemory) -> Result<Vec<BlockInfo>, Corruption> {
        let mut infos = Vec::new();
        for block in self.fallback.blocks(memory)? {
            let page_pool = block
                .is_allocated()
                .then(|| self.pool_owning(block.payload))
                .flatten();
            match page_pool {
                Some(pool) => infos.extend(self.page_blocks(memory, pool, &block)?),
                None if block.is_allocated() => infos.push(self.ledger.allocated_block(
                    block.addr,
                    block.size,
                    block.payload,
                )),
                None => infos.push(block),
            }
        }
        Ok(infos)
    }

    fn free_structures(&self, memory: &dyn HeapMemory) -> Result<FreeStructures, Corruption> {
        let mut structures = self.fallback.free_structures(memory)?;
        for (pool, state) in self.pools.iter().enumerate() {
            if state.pages.is_empty() {
                continue;
            }
            let mut pages = Vec::new();
            for &page in &state.pages {
                let header = self.read_page(memory, pool, page)?;
                let layout = header.layout;
                let free_chain = Self::free_chain(memory, header)?
                    .into_iter()
                    .map(|index| layout.chunk(index))
                    .collect();
                pages.push(PoolPage {
                    addr: page,
                    size: self.settings.page_size,
                    first_chunk: layout.first_chunk,
                    chunks: layout.chunks,
                    free_chain,
                });
            }
            structures.pools.push(Pool {
                chunk_size: self.chunk_size(pool),
                pages,
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
        self.fallback.thread_exited(memory, thread)
    }
}

#[cfg(test)]
mod tests;
