//! Operation lists for the allocator lab and the CLI, in the syntax of OSTEP's malloc.py
//! (`+10,+20,-0,+5`: allocate 10 and 20 bytes, free the first allocation, allocate 5), with
//! an optional `@THREAD` suffix for the allocators that keep per-thread caches.

use std::fmt;
use std::num::NonZeroU32;

use crate::ThreadId;
use crate::allocator::Allocator;
use crate::memory::HeapMemory;

/// One operation of malloc.py's list syntax.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Op {
    /// `+N`: allocate N bytes.
    Alloc(u32),
    /// `-N`: free handle N.
    Free(usize),
}

impl fmt::Display for Op {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Op::Alloc(size) => write!(f, "+{size}"),
            Op::Free(ptr) => write!(f, "-{ptr}"),
        }
    }
}

/// A refused operation list, naming the bad token.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct OpsError {
    /// 1-based position of the token in the list.
    pub position: usize,
    pub token: String,
    pub message: String,
}

impl fmt::Display for OpsError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "ops: operation {} `{}`: {}",
            self.position, self.token, self.message
        )
    }
}

impl std::error::Error for OpsError {}

/// Parse malloc.py's `-A` syntax: `+10,+20,-0,+5` (spaces around tokens allowed).
pub fn parse_ops(text: &str) -> Result<Vec<Op>, OpsError> {
    parse_list(text, false).map(|ops| ops.into_iter().map(|(op, _)| op).collect())
}

/// Like [`parse_ops`], where each operation may name its thread: `+10@1,-0@2` (thread 0
/// when none is named).
pub fn parse_threaded_ops(text: &str) -> Result<Vec<(Op, ThreadId)>, OpsError> {
    parse_list(text, true)
}

fn parse_list(text: &str, threads: bool) -> Result<Vec<(Op, ThreadId)>, OpsError> {
    if text.trim().is_empty() {
        return Err(OpsError {
            position: 1,
            token: String::new(),
            message: "the operation list is empty (expected e.g. +10,+20,-0)".into(),
        });
    }
    text.split(',')
        .enumerate()
        .map(|(i, raw)| {
            let token = raw.trim();
            let error = |message: &str| OpsError {
                position: i + 1,
                token: token.to_string(),
                message: message.to_string(),
            };
            let (op, thread) = match token.split_once('@') {
                Some(_) if !threads => {
                    return Err(error("OSTEP's simulator has no threads (drop the @THREAD)"));
                }
                Some((op, thread)) => match thread.parse::<ThreadId>() {
                    Ok(thread) if !op.is_empty() => (op, thread),
                    _ => return Err(error("expected +SIZE@THREAD or -HANDLE@THREAD")),
                },
                None => (token, 0),
            };
            parse_op(op).map(|op| (op, thread)).map_err(error)
        })
        .collect()
}

/// One `+SIZE` or `-HANDLE`, or what is wrong with it.
fn parse_op(token: &str) -> Result<Op, &'static str> {
    let (sign, digits) = match token.split_at_checked(1) {
        Some((sign @ ("+" | "-"), digits)) => (sign, digits),
        _ => return Err("expected +SIZE or -HANDLE"),
    };
    if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return Err(if sign == "+" {
            "the size must be a whole number of bytes"
        } else {
            "the handle must be a whole number"
        });
    }
    if sign == "+" {
        match digits.parse::<u32>() {
            Ok(0) => Err("the size must be at least 1"),
            Ok(size) => Ok(Op::Alloc(size)),
            Err(_) => Err("the size is too large"),
        }
    } else {
        digits
            .parse::<usize>()
            .map(Op::Free)
            .map_err(|_| "the handle is too large")
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::catalog::{AllocatorChoice, HeapSettings, build};
    use crate::memory::VecMemory;

    #[test]
    fn a_random_workload_frees_only_live_allocations_and_replays() {
        let ops = random_ops(7, 500, 10, 64);
        assert_eq!(ops, random_ops(7, 500, 10, 64));
        let mut live = std::collections::BTreeSet::new();
        let mut allocations = 0;
        for op in &ops {
            match *op {
                Op::Alloc(size) => {
                    assert!((1..=64).contains(&size));
                    live.insert(allocations);
                    allocations += 1;
                }
                Op::Free(handle) => assert!(live.remove(&handle), "ptr[{handle}] is not live"),
            }
            assert!(live.len() <= 10);
        }
        let text: Vec<String> = ops.iter().map(ToString::to_string).collect();
        assert_eq!(
            parse_ops(&text.join(",")).unwrap(),
            ops,
            "it prints as an operation list"
        );
        let mut allocator = build(AllocatorChoice::FirstFit, &HeapSettings::default()).unwrap();
        let mut memory = VecMemory::new(0x1000, 1 << 20);
        let summary = run_ops(allocator.as_mut(), &mut memory, &ops).unwrap();
        assert_eq!(summary.failed, 0);
        assert!(summary.searched > 0);
    }

    #[test]
    fn threads_are_named_after_an_at_sign() {
        assert_eq!(
            parse_threaded_ops("+10@1, -0@2,+5").unwrap(),
            vec![(Op::Alloc(10), 1), (Op::Free(0), 2), (Op::Alloc(5), 0)]
        );
        let error = parse_threaded_ops("+10@x").unwrap_err();
        assert_eq!((error.position, error.token.as_str()), (1, "+10@x"));
        let error = parse_ops("+10@1").unwrap_err();
        assert!(error.message.contains("no threads"), "{error}");
    }
}

/// A reproducible random workload: `operations` mallocs and frees drawn from `seed` (an
/// even chance of each while fewer than `max_live` blocks are live, frees only once that
/// many are), requests of 1 to `max_size` bytes, each free naming a live allocation. The
/// benchmark runs it; printed with `Op`'s `Display`, it is an operation list for the CLI.
pub fn random_ops(seed: u64, operations: usize, max_live: usize, max_size: u32) -> Vec<Op> {
    let mut state = seed | 1;
    let mut next = move || {
        // xorshift64: enough randomness for a workload, and the same on every platform.
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        state
    };
    let mut live: Vec<usize> = Vec::with_capacity(max_live);
    let mut allocations = 0;
    (0..operations)
        .map(|_| {
            let r = next();
            if !live.is_empty() && (live.len() >= max_live || r.is_multiple_of(2)) {
                Op::Free(live.swap_remove((r >> 8) as usize % live.len()))
            } else {
                live.push(allocations);
                allocations += 1;
                Op::Alloc(1 + (r >> 16) as u32 % max_size.max(1))
            }
        })
        .collect()
}

/// What running an operation list did, in sum.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct RunSummary {
    /// Blocks or list entries looked at, over every operation.
    pub searched: u64,
    /// Allocations that returned NULL.
    pub failed: u64,
}

/// Runs `ops` on `allocator` as thread 0. A free of an allocation that failed is skipped
/// (free(NULL)); an allocator error (a refused free, damaged metadata) stops the run.
pub fn run_ops(
    allocator: &mut dyn Allocator,
    memory: &mut dyn HeapMemory,
    ops: &[Op],
) -> Result<RunSummary, String> {
    // A payload is never 0 (that is NULL), so a handle fits in one word: for a million
    // operations the list of them is half the memory an `Option<u32>` would take.
    let mut handles: Vec<Option<NonZeroU32>> = Vec::with_capacity(ops.len());
    let mut summary = RunSummary::default();
    for (i, &op) in ops.iter().enumerate() {
        match op {
            Op::Alloc(size) => {
                let payload = allocator
                    .malloc(memory, 0, size)
                    .map_err(|e| format!("operation {}: {e}", i + 1))?;
                let payload = payload.and_then(NonZeroU32::new);
                summary.failed += u64::from(payload.is_none());
                handles.push(payload);
            }
            Op::Free(handle) => {
                let payload = handles.get(handle).ok_or_else(|| {
                    format!("operation {}: ptr[{handle}] was never allocated", i + 1)
                })?;
                if let Some(payload) = *payload {
                    allocator
                        .free(memory, 0, payload.get())
                        .map_err(|e| format!("operation {}: {e}", i + 1))?;
                }
            }
        }
        summary.searched += u64::from(allocator.ledger().last_searched);
    }
    Ok(summary)
}
