//! Boundary-tag blocks (CS:APP 9.9), shared by the list allocators: every block starts with
//! a header word holding its size and an allocated bit, and with footers on ends with a copy
//! of it. The blocks run from `first` to an epilogue word (size 0, allocated) just below the
//! break. This module reads, checks, writes and walks them; the allocators decide which
//! block to use.

use crate::ledger::Ledger;
use crate::memory::HeapMemory;
use crate::{BlockInfo, BlockState, Corruption, FreeError, align_up};

pub(crate) const HEADER: u32 = 4;
const ALLOCATED: u32 = 1;

/// What a header word says.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Block {
    pub addr: u32,
    pub size: u32,
    pub allocated: bool,
}

impl Block {
    pub fn end(self) -> u32 {
        self.addr + self.size
    }

    pub fn payload(self) -> u32 {
        self.addr + HEADER
    }

    pub fn contains(self, addr: u32) -> bool {
        addr >= self.addr && addr < self.end()
    }
}

/// The shape of the blocks: alignment, footers, the smallest block.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Tags {
    pub alignment: u32,
    pub footers: bool,
    pub min_block: u32,
}

impl Tags {
    /// Tags whose smallest block holds its metadata and `min_payload` bytes.
    pub fn new(alignment: u32, footers: bool, min_payload: u32) -> Tags {
        let overhead = HEADER + if footers { 4 } else { 0 };
        Tags {
            alignment,
            footers,
            min_block: align_up(overhead + min_payload, alignment).unwrap_or(alignment),
        }
    }

    pub fn overhead(self) -> u32 {
        HEADER + if self.footers { 4 } else { 0 }
    }

    /// Padding after `at` so that the payload of a block starting there is aligned.
    pub fn padding_after(self, at: u32) -> u32 {
        let payload = at + HEADER;
        (self.alignment - payload % self.alignment) % self.alignment
    }

    /// The block size a request of `size` bytes needs; `None` on overflow.
    pub fn block_size(self, size: u32) -> Option<u32> {
        let needed = align_up(size.checked_add(self.overhead())?, self.alignment)?;
        Some(needed.max(self.min_block))
    }

    /// Writes a block's header (and footer).
    pub fn write<M: HeapMemory + ?Sized>(
        self,
        memory: &mut M,
        addr: u32,
        size: u32,
        allocated: bool,
    ) {
        let word = size | if allocated { ALLOCATED } else { 0 };
        memory.write_u32(addr, word);
        if self.footers {
            memory.write_u32(addr + size - 4, word);
        }
    }

    pub fn epilogue<M: HeapMemory + ?Sized>(memory: &M) -> u32 {
        memory.brk() - HEADER
    }

    pub fn write_epilogue<M: HeapMemory + ?Sized>(memory: &mut M) {
        let at = Tags::epilogue(memory);
        memory.write_u32(at, ALLOCATED);
    }

    /// Whether `value` is a multiple of the alignment. The alignment is a power of two, so a
    /// mask does it: `%` by a value known only at run time costs a division on every header.
    pub fn is_aligned(self, value: u32) -> bool {
        value & (self.alignment - 1) == 0
    }

    /// Reads and checks the block at `addr`; `None` at the epilogue.
    pub fn read<M: HeapMemory + ?Sized>(
        self,
        memory: &M,
        addr: u32,
    ) -> Result<Option<Block>, Corruption> {
        self.read_before(memory, addr, Tags::epilogue(memory))
    }

    /// [`Self::read`] when the caller already knows where the epilogue is: an operation that
    /// reads several headers asks the memory for the break once, not once per header.
    pub fn read_before<M: HeapMemory + ?Sized>(
        self,
        memory: &M,
        addr: u32,
        epilogue: u32,
    ) -> Result<Option<Block>, Corruption> {
        let word = memory.read_u32(addr);
        if addr == epilogue {
            return if word == ALLOCATED {
                Ok(None)
            } else {
                Err(Corruption { addr, word })
            };
        }
        let size = word & !3;
        let fits = addr.checked_add(size).is_some_and(|end| end <= epilogue);
        if size < self.min_block || !self.is_aligned(size) || !fits || word & 2 != 0 {
            return Err(Corruption { addr, word });
        }
        Ok(Some(Block {
            addr,
            size,
            allocated: word & ALLOCATED != 0,
        }))
    }

    /// Reads the block at `addr`, which must be a block and not the epilogue.
    pub fn read_block<M: HeapMemory + ?Sized>(
        self,
        memory: &M,
        addr: u32,
    ) -> Result<Block, Corruption> {
        self.read_block_before(memory, addr, Tags::epilogue(memory))
    }

    /// [`Self::read_block`] with the epilogue known.
    pub fn read_block_before<M: HeapMemory + ?Sized>(
        self,
        memory: &M,
        addr: u32,
        epilogue: u32,
    ) -> Result<Block, Corruption> {
        // `None` means the epilogue's word: damage here, since a block was expected.
        self.read_before(memory, addr, epilogue)?.ok_or(Corruption {
            addr,
            word: ALLOCATED,
        })
    }

    /// Every block from `first` in address order.
    pub fn walk<M: HeapMemory + ?Sized>(
        self,
        memory: &M,
        first: u32,
    ) -> Result<Vec<Block>, Corruption> {
        let mut blocks = Vec::new();
        let mut addr = first;
        let epilogue = Tags::epilogue(memory);
        while let Some(block) = self.read_before(memory, addr, epilogue)? {
            blocks.push(block);
            addr = block.end();
        }
        Ok(blocks)
    }

    /// The block ending at `addr` (none before `first`): read from its footer, or found by
    /// walking from `first`, counting the blocks walked in `searched`. `epilogue` is where
    /// the heap's epilogue is now.
    #[inline(always)]
    pub fn previous<M: HeapMemory + ?Sized>(
        self,
        memory: &M,
        first: u32,
        addr: u32,
        epilogue: u32,
        searched: &mut u32,
    ) -> Result<Option<Block>, Corruption> {
        if addr == first {
            return Ok(None);
        }
        if self.footers {
            let footer = memory.read_u32(addr - 4);
            let damaged = Corruption {
                addr: addr - 4,
                word: footer,
            };
            let start = addr
                .checked_sub(footer & !3)
                .filter(|s| *s >= first)
                .ok_or(damaged)?;
            let block = self.read_before(memory, start, epilogue)?;
            return match block {
                Some(b) if b.end() == addr => Ok(block),
                _ => Err(damaged),
            };
        }
        let mut at = first;
        while let Some(block) = self.read_before(memory, at, epilogue)? {
            *searched += 1;
            if block.end() == addr {
                return Ok(Some(block));
            }
            at = block.end();
        }
        Ok(None)
    }

    /// Grows the heap by `increment` bytes: the old epilogue becomes the header of a new
    /// free block, and a new epilogue ends the heap. `None` when the heap may not grow.
    pub fn grow<M: HeapMemory + ?Sized>(self, memory: &mut M, increment: u32) -> Option<Block> {
        let old_epilogue = Tags::epilogue(memory);
        memory.sbrk(increment)?;
        Tags::write_epilogue(memory);
        self.write(memory, old_epilogue, increment, false);
        Some(Block {
            addr: old_epilogue,
            size: increment,
            allocated: false,
        })
    }

    /// Why `payload`, not a live payload by the ledger, cannot be freed.
    pub fn diagnose<M: HeapMemory + ?Sized>(
        self,
        memory: &M,
        first: Option<u32>,
        ledger: &Ledger,
        payload: u32,
    ) -> FreeError {
        let Some(first) =
            first.filter(|_| payload >= memory.heap_start() && payload < memory.brk())
        else {
            return FreeError::NotInHeap { addr: payload };
        };
        let blocks = match self.walk(memory, first) {
            Ok(blocks) => blocks,
            Err(corruption) => return FreeError::Corrupted(corruption),
        };
        let Some(block) = blocks.into_iter().find(|b| b.contains(payload)) else {
            return FreeError::NotABlock { addr: payload };
        };
        if ledger.was_freed(payload) || (!block.allocated && payload == block.payload()) {
            return FreeError::DoubleFree { addr: payload };
        }
        if payload == block.payload() {
            // An allocated header the ledger does not know: damaged metadata.
            return FreeError::Corrupted(Corruption {
                addr: block.addr,
                word: memory.read_u32(block.addr),
            });
        }
        FreeError::Interior {
            addr: payload,
            block: block.addr,
            payload: block.payload(),
        }
    }

    /// The view of the heap: what lies before `first` as internal bytes named by `prefix`
    /// (list heads, padding), the blocks, and the epilogue.
    pub fn block_infos<M: HeapMemory + ?Sized>(
        self,
        memory: &M,
        first: Option<u32>,
        prefix: &[(u32, &'static str)],
        ledger: &Ledger,
    ) -> Result<Vec<BlockInfo>, Corruption> {
        let Some(first) = first else {
            return Ok(Vec::new());
        };
        let mut infos = Vec::new();
        let mut at = memory.heap_start();
        for &(size, what) in prefix.iter().filter(|(size, _)| *size > 0) {
            infos.push(internal(at, size, what));
            at += size;
        }
        debug_assert_eq!(at, first, "the prefix ends where the blocks start");
        for block in self.walk(memory, first)? {
            infos.push(if block.allocated {
                ledger.allocated_block(block.addr, block.size, block.payload())
            } else {
                BlockInfo {
                    addr: block.addr,
                    size: block.size,
                    payload: block.payload(),
                    state: BlockState::Free,
                    requested: None,
                    allocation_id: None,
                }
            });
        }
        infos.push(internal(Tags::epilogue(memory), HEADER, "epilogue"));
        Ok(infos)
    }
}

/// A run of the allocator's own bytes.
pub(crate) fn internal(addr: u32, size: u32, what: &'static str) -> BlockInfo {
    BlockInfo {
        addr,
        size,
        payload: addr,
        state: BlockState::Internal { what },
        requested: None,
        allocation_id: None,
    }
}
