//! What every allocator in the catalog must keep true over random malloc, calloc, realloc and
//! free from several threads: the blocks tile the heap, what malloc handed out is exactly
//! the allocated blocks, payloads are aligned and hold their request, contents survive
//! realloc, calloc zeroes, a bad free changes nothing, and the metrics add up. Each
//! allocator's own rules (coalescing, list order, buddies) are in its own tests.

use memplay_heap::catalog::{AllocatorChoice, HeapSettings, build};
use memplay_heap::memory::{HeapMemory, VecMemory};
use memplay_heap::{Allocator, BlockInfo, BlockState, FreeError};
use proptest::prelude::*;

const BASE: u32 = 0x10_0000;
const MAX_HEAP: u32 = 1 << 16;

#[derive(Debug, Clone)]
enum Op {
    Malloc(u32),
    Calloc(u32, u32),
    /// Reallocates the live allocation at this index (modulo the number live).
    Realloc(usize, u32),
    Free(usize),
    /// Frees an address that is not a live payload: this many bytes from a live one.
    BadFree(usize, u32),
}

fn op() -> impl Strategy<Value = (Op, u32)> {
    let size = prop_oneof![4 => 0u32..200, 1 => 200u32..3000];
    let op = prop_oneof![
        6 => size.clone().prop_map(Op::Malloc),
        1 => (0u32..20, 0u32..40).prop_map(|(n, s)| Op::Calloc(n, s)),
        2 => (any::<usize>(), size).prop_map(|(i, s)| Op::Realloc(i, s)),
        5 => any::<usize>().prop_map(Op::Free),
        1 => (any::<usize>(), 1u32..64).prop_map(|(i, d)| Op::BadFree(i, d)),
    ];
    (op, 0u32..3)
}

fn settings() -> impl Strategy<Value = (AllocatorChoice, HeapSettings)> {
    (
        proptest::sample::select(AllocatorChoice::ALL.to_vec()),
        proptest::sample::select(vec![4u32, 8, 16]),
        any::<bool>(),
    )
        .prop_map(|(choice, alignment, thread_cache)| {
            (
                choice,
                HeapSettings {
                    alignment,
                    initial_size: 1024,
                    growth_step: 1024,
                    thread_cache,
                },
            )
        })
}

/// A live allocation: its payload, its size, and the byte pattern written into it.
#[derive(Debug, Clone, Copy)]
struct Live {
    payload: u32,
    size: u32,
    pattern: u32,
}

/// Fills a payload with a pattern the checks can recognise (whole words within the size).
fn write_pattern(memory: &mut VecMemory, live: Live) {
    for offset in (0..live.size / 4 * 4).step_by(4) {
        memory.write_u32(live.payload + offset, live.pattern ^ offset);
    }
}

fn pattern_intact(memory: &VecMemory, live: Live, len: u32) -> bool {
    (0..len / 4 * 4)
        .step_by(4)
        .all(|offset| memory.read_u32(live.payload + offset) == live.pattern ^ offset)
}

fn check(
    allocator: &dyn Allocator,
    memory: &VecMemory,
    live: &[Live],
    alignment: u32,
) -> Result<(), TestCaseError> {
    let blocks = allocator
        .blocks(memory)
        .map_err(|e| TestCaseError::fail(e.to_string()))?;
    // The blocks tile the heap from its start to the break.
    let mut at = memory.heap_start();
    for block in &blocks {
        prop_assert_eq!(block.addr, at, "a gap or overlap before {:?}", block);
        prop_assert!(block.size > 0, "an empty block {:?}", block);
        at = block.end();
    }
    prop_assert_eq!(at, memory.brk(), "the blocks end at the break");
    // What malloc handed out is exactly the allocated blocks, aligned, each holding its
    // request, and the program's bytes in them are as the program left them.
    let mut allocated: Vec<u32> = blocks
        .iter()
        .filter(|b| b.is_allocated())
        .map(|b| b.payload)
        .collect();
    let mut handed_out: Vec<u32> = live.iter().map(|l| l.payload).collect();
    allocated.sort_unstable();
    handed_out.sort_unstable();
    prop_assert_eq!(&allocated, &handed_out);
    for block in blocks.iter().filter(|b| b.is_allocated()) {
        prop_assert_eq!(block.payload % alignment, 0, "{:?}", block);
        let requested = block.requested.expect("live blocks know their request");
        prop_assert!(
            block.payload + requested.max(1) <= block.end(),
            "{:?}",
            block
        );
    }
    for &l in live {
        prop_assert!(
            pattern_intact(memory, l, l.size),
            "the contents of {:#x} changed",
            l.payload
        );
    }
    let metrics = allocator
        .metrics(memory)
        .map_err(|e| TestCaseError::fail(e.to_string()))?;
    let live_requested: u64 = live.iter().map(|l| u64::from(l.size)).sum();
    prop_assert_eq!(metrics.live_requested, live_requested);
    prop_assert!(metrics.peak_requested >= live_requested);
    prop_assert_eq!(metrics.heap_size, memory.brk() - memory.heap_start());
    prop_assert!((0.0..=1.0).contains(&metrics.external_fragmentation));
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(384))]

    #[test]
    fn every_allocator_keeps_the_heap_sound(
        (choice, settings) in settings(),
        ops in proptest::collection::vec(op(), 1..70),
    ) {
        let alignment = settings.alignment;
        let mut allocator = build(choice, &settings).unwrap();
        let mut memory = VecMemory::new(BASE, MAX_HEAP);
        let mut live: Vec<Live> = Vec::new();
        let mut next_pattern = 0x5a5a_0000u32;
        let mut pattern = || {
            next_pattern += 0x1_0001;
            next_pattern
        };
        for (op, thread) in ops {
            match op {
                Op::Malloc(size) => {
                    if let Some(payload) = allocator.malloc(&mut memory, thread, size).unwrap() {
                        let l = Live { payload, size, pattern: pattern() };
                        write_pattern(&mut memory, l);
                        live.push(l);
                    }
                }
                Op::Calloc(count, size) => {
                    if let Some(payload) =
                        allocator.calloc(&mut memory, thread, count, size).unwrap()
                    {
                        let l = Live { payload, size: count * size, pattern: 0 };
                        prop_assert!(
                            (0..l.size / 4 * 4).step_by(4).all(|o| memory.read_u32(payload + o) == 0),
                            "calloc returned unzeroed bytes"
                        );
                        let l = Live { pattern: pattern(), ..l };
                        write_pattern(&mut memory, l);
                        live.push(l);
                    }
                }
                Op::Realloc(index, size) if !live.is_empty() => {
                    let i = index % live.len();
                    let old = live[i];
                    match allocator.realloc(&mut memory, thread, old.payload, size).unwrap() {
                        Some(payload) => {
                            let moved = Live { payload, ..old };
                            prop_assert!(
                                pattern_intact(&memory, moved, old.size.min(size)),
                                "realloc lost the contents"
                            );
                            live[i] = Live { payload, size, pattern: pattern() };
                            write_pattern(&mut memory, live[i]);
                        }
                        None if size == 0 => {
                            live.remove(i);
                        }
                        None => {} // The heap is full: the old block stays.
                    }
                }
                Op::Free(index) if !live.is_empty() => {
                    let l = live.remove(index % live.len());
                    allocator.free(&mut memory, thread, l.payload).unwrap();
                }
                Op::BadFree(index, delta) if !live.is_empty() => {
                    let target = live[index % live.len()].payload + delta;
                    if live.iter().all(|l| l.payload != target) {
                        let before = memory.bytes().to_vec();
                        let blocks = allocator.blocks(&memory).unwrap();
                        let error = allocator.free(&mut memory, thread, target).unwrap_err();
                        prop_assert!(
                            !matches!(error, FreeError::Corrupted(_)),
                            "a bad free of {:#x} reported {:?}", target, error
                        );
                        prop_assert_eq!(memory.bytes(), &before[..], "a bad free changed the heap");
                        prop_assert_eq!(allocator.blocks(&memory).unwrap(), blocks);
                    }
                }
                _ => {}
            }
            check(allocator.as_ref(), &memory, &live, alignment)?;
        }
        // Freeing everything, and ending every thread, leaves no allocated or cached block.
        for l in live.drain(..) {
            allocator.free(&mut memory, 0, l.payload).unwrap();
        }
        for thread in 0..3 {
            allocator.thread_exited(&mut memory, thread).unwrap();
        }
        let blocks = allocator.blocks(&memory).unwrap();
        let settled = |b: &BlockInfo| matches!(b.state, BlockState::Free | BlockState::Internal { .. });
        prop_assert!(blocks.iter().all(settled), "blocks left in use: {:?}", blocks);
        check(allocator.as_ref(), &memory, &live, alignment)?;
    }
}
