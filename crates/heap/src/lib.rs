//! Allocators over a simulated heap, and the OSTEP free-space simulator's rules.
//!
//! Pure and deterministic: no I/O, no clock; the machine drives it with malloc and free, the
//! allocator lab and the CLI with lists of operations. Every allocator keeps its real
//! metadata in the heap's bytes, through [`memory::HeapMemory`].

pub mod allocator;
mod boundary;
pub mod buddy;
pub mod catalog;
pub mod explicit;
pub mod implicit;
pub mod ledger;
pub mod memory;
pub mod ostep;
pub mod small_object;
pub mod thread_cache;
pub mod workload;

use std::fmt;

use serde::Serialize;

pub use allocator::{Allocator, FreeStructures};

/// Which thread of the program asks: allocators with per-thread caches keep one per thread;
/// the others ignore it.
pub type ThreadId = u32;

/// One block of the heap as the learner sees it. An allocator's blocks tile its heap: every
/// byte from the heap's start to the break is in exactly one of them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct BlockInfo {
    /// Where the block (its header) starts.
    pub addr: u32,
    /// Total size, metadata included.
    pub size: u32,
    /// Where the payload starts (what malloc returned, for an allocated block).
    pub payload: u32,
    pub state: BlockState,
    /// For allocated blocks: the size the program asked for, and which allocation it was.
    pub requested: Option<u32>,
    pub allocation_id: Option<u64>,
}

impl BlockInfo {
    /// In use by the program.
    pub fn is_allocated(&self) -> bool {
        self.state == BlockState::Allocated
    }

    pub fn is_free(&self) -> bool {
        self.state == BlockState::Free
    }

    pub fn end(&self) -> u32 {
        self.addr + self.size
    }
}

/// Whose a block is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum BlockState {
    /// Handed to the program by malloc and not freed yet.
    Allocated,
    /// On the allocator's free structures, ready for any request.
    Free,
    /// Freed by the program but kept in a thread's cache for that thread's next request.
    Cached { thread: ThreadId },
    /// The allocator's own bytes: alignment padding, list heads, the epilogue, a pool's
    /// header. `what` says which.
    Internal { what: &'static str },
}

/// Figures about the heap after the last operation.
#[derive(Debug, Clone, Copy, PartialEq, Default, Serialize)]
pub struct Metrics {
    pub heap_size: u32,
    pub live_requested: u64,
    pub peak_requested: u64,
    /// Bytes of allocated blocks beyond what was requested (headers, padding, rounding).
    pub internal_fragmentation: u64,
    /// 1 − largest free block / total free bytes (0 when nothing or one block is free).
    pub external_fragmentation: f64,
    /// Peak requested bytes / heap size.
    pub utilisation: f64,
    /// Blocks (or list entries) the last operation looked at.
    pub last_searched: u32,
}

/// Why a free (or realloc) was refused. The heap is left unchanged.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FreeError {
    /// The address is not inside the heap at all (a stack or global address, or garbage).
    NotInHeap { addr: u32 },
    /// The address is inside a block, but not where its payload starts.
    Interior { addr: u32, block: u32, payload: u32 },
    /// The block was already free.
    DoubleFree { addr: u32 },
    /// The address is in the heap but not inside any block (its metadata or padding).
    NotABlock { addr: u32 },
    /// The heap's metadata is damaged (a program wrote past a block), so the block cannot
    /// be found safely.
    Corrupted(Corruption),
}

/// Damaged heap metadata found at `addr` (glibc aborts with "corrupted size" here).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Corruption {
    pub addr: u32,
    pub word: u32,
}

impl fmt::Display for Corruption {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "heap metadata at 0x{:08x} is corrupted (it holds 0x{:08x}): something wrote outside a block",
            self.addr, self.word
        )
    }
}

impl fmt::Display for FreeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            FreeError::NotInHeap { addr } => {
                write!(
                    f,
                    "free(0x{addr:08x}): this address is not in the heap, so malloc never returned it"
                )
            }
            FreeError::Interior {
                addr,
                block,
                payload,
            } if addr < payload => write!(
                f,
                "free(0x{addr:08x}): this points into the header of the block at 0x{block:08x}; free needs the address malloc returned (0x{payload:08x})"
            ),
            FreeError::Interior {
                addr,
                block,
                payload,
            } => write!(
                f,
                "free(0x{addr:08x}): this points {} bytes into the block at 0x{payload:08x}; free needs the address malloc returned (block header at 0x{block:08x})",
                addr - payload
            ),
            FreeError::DoubleFree { addr } => {
                write!(
                    f,
                    "free(0x{addr:08x}): double free, the block is already free"
                )
            }
            FreeError::NotABlock { addr } => write!(
                f,
                "free(0x{addr:08x}): this address is in the heap's own bookkeeping, not a block malloc returned"
            ),
            FreeError::Corrupted(corruption) => write!(f, "free: {corruption}"),
        }
    }
}

impl std::error::Error for FreeError {}

/// A setting out of range, naming the setting.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SettingsError {
    pub setting: &'static str,
    pub message: String,
}

impl fmt::Display for SettingsError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.setting, self.message)
    }
}

impl std::error::Error for SettingsError {}

/// Refuses a payload alignment other than 4, 8 or 16.
pub(crate) fn check_alignment(alignment: u32) -> Result<(), SettingsError> {
    if [4, 8, 16].contains(&alignment) {
        Ok(())
    } else {
        Err(SettingsError {
            setting: "alignment",
            message: format!("must be 4, 8 or 16, not {alignment}"),
        })
    }
}

/// The sizes a list allocator grows by: an initial heap of at least `smallest` bytes and a
/// positive growth step, both multiples of the (valid) alignment.
pub(crate) fn check_heap_sizes(
    alignment: u32,
    initial_size: u32,
    growth_step: u32,
    smallest: u32,
) -> Result<(), SettingsError> {
    if initial_size < smallest || !initial_size.is_multiple_of(alignment) {
        return Err(SettingsError {
            setting: "initial heap size",
            message: format!(
                "must be a multiple of the alignment ({alignment}) and at least {smallest} bytes, not {initial_size}"
            ),
        });
    }
    if growth_step == 0 || !growth_step.is_multiple_of(alignment) {
        return Err(SettingsError {
            setting: "growth step",
            message: format!(
                "must be a positive multiple of the alignment ({alignment}), not {growth_step}"
            ),
        });
    }
    Ok(())
}

/// Rounds `value` up to a multiple of the power of two `align`; `None` on overflow.
pub(crate) fn align_up(value: u32, align: u32) -> Option<u32> {
    debug_assert!(align.is_power_of_two());
    value.checked_add(align - 1).map(|v| v & !(align - 1))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_pointer_into_a_header_is_described_without_underflow() {
        let error = FreeError::Interior {
            addr: 0x1004,
            block: 0x1004,
            payload: 0x1008,
        };
        assert!(error.to_string().contains("into the header"), "{error}");
        let error = FreeError::Interior {
            addr: 0x100c,
            block: 0x1004,
            payload: 0x1008,
        };
        assert!(error.to_string().contains("4 bytes into"), "{error}");
    }
}
