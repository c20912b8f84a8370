//! Property tests of the implicit free list over random malloc/free sequences, for every
//! combination of fit, coalescing, footers and alignment.

use memplay_heap::implicit::{Coalescing, Fit, ImplicitList, Settings};
use memplay_heap::memory::{HeapMemory, VecMemory};
use proptest::prelude::*;

#[derive(Debug, Clone)]
enum Op {
    Malloc(u32),
    /// Frees the live allocation at this index (modulo the number live).
    Free(usize),
}

fn ops() -> impl Strategy<Value = Vec<Op>> {
    proptest::collection::vec(
        prop_oneof![
            3 => (0u32..300).prop_map(Op::Malloc),
            2 => any::<usize>().prop_map(Op::Free),
        ],
        1..80,
    )
}

fn settings() -> impl Strategy<Value = Settings> {
    (
        proptest::sample::select(vec![Fit::First, Fit::Next, Fit::Best]),
        proptest::sample::select(vec![Coalescing::Immediate, Coalescing::Deferred]),
        any::<bool>(),
        proptest::sample::select(vec![4u32, 8, 16]),
    )
        .prop_map(|(fit, coalescing, footers, alignment)| Settings {
            fit,
            coalescing,
            footers,
            alignment,
            initial_size: 1024,
            growth_step: 512,
            ..Settings::default()
        })
}

/// Checks the invariants that must hold after every operation.
fn check(
    list: &ImplicitList,
    memory: &VecMemory,
    live: &[(u32, u32)],
) -> Result<(), TestCaseError> {
    let blocks = list
        .blocks(memory)
        .map_err(|e| TestCaseError::fail(e.to_string()))?;
    // The blocks tile the heap between the padding and the epilogue, without gaps.
    for pair in blocks.windows(2) {
        prop_assert_eq!(pair[0].addr + pair[0].size, pair[1].addr);
    }
    if let Some(last) = blocks.last() {
        prop_assert_eq!(last.addr + last.size, memory.brk() - 4);
    }
    // What malloc handed out is exactly the allocated blocks, aligned, and not overlapping.
    let mut allocated: Vec<u32> = blocks
        .iter()
        .filter(|b| b.allocated)
        .map(|b| b.payload)
        .collect();
    let mut handed_out: Vec<u32> = live.iter().map(|&(p, _)| p).collect();
    allocated.sort_unstable();
    handed_out.sort_unstable();
    prop_assert_eq!(&allocated, &handed_out);
    for block in blocks.iter().filter(|b| b.allocated) {
        prop_assert_eq!(block.payload % list.settings().alignment, 0);
        let requested = block.requested.expect("live blocks know their request");
        let footer = if list.settings().footers { 4 } else { 0 };
        prop_assert!(
            block.payload + requested.max(1) <= block.addr + block.size - footer,
            "the payload (at least one byte) fits between header and footer"
        );
    }
    if list.settings().coalescing == Coalescing::Immediate {
        for pair in blocks.windows(2) {
            prop_assert!(
                pair[0].allocated || pair[1].allocated,
                "two free neighbours left unmerged"
            );
        }
    }
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn invariants_hold_after_every_operation(settings in settings(), ops in ops()) {
        let mut list = ImplicitList::new(settings).unwrap();
        let mut memory = VecMemory::new(0x10000, 1 << 16);
        let mut live: Vec<(u32, u32)> = Vec::new();
        for op in ops {
            match op {
                Op::Malloc(size) => {
                    if let Some(payload) = list.malloc(&mut memory, size).unwrap() {
                        live.push((payload, size));
                    }
                }
                Op::Free(index) if !live.is_empty() => {
                    let (payload, _) = live.remove(index % live.len());
                    list.free(&mut memory, payload).unwrap();
                }
                Op::Free(_) => {}
            }
            check(&list, &memory, &live)?;
        }
        // Freeing everything leaves one free block (with immediate coalescing).
        for (payload, _) in live.drain(..) {
            list.free(&mut memory, payload).unwrap();
        }
        if list.settings().coalescing == Coalescing::Immediate {
            let blocks = list.blocks(&memory).unwrap();
            prop_assert!(blocks.len() <= 1, "{} blocks left", blocks.len());
        }
    }
}
