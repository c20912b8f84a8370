//! Invariants of the explicit and segregated free lists over random malloc/free sequences,
//! checked after every operation from what the allocator shows (blocks, free structures,
//! heap bytes): the blocks tile the heap; allocated blocks are exactly the live payloads,
//! aligned and big enough; every free block is on exactly one list, the one of its size
//! class, with links that agree with the bytes; no two free blocks touch; address-ordered
//! lists are sorted; and freeing everything leaves one free block.

use std::collections::BTreeMap;

use memplay_heap::explicit::{ExplicitList, Fit, Insertion, Settings};
use memplay_heap::memory::{HeapMemory, VecMemory};
use memplay_heap::{Allocator, BlockInfo, BlockState};
use proptest::prelude::*;

const BASE: u32 = 0x20000;
const MAX_HEAP: u32 = 1 << 14;

fn settings() -> impl Strategy<Value = Settings> {
    (
        proptest::sample::select(vec![Insertion::Lifo, Insertion::AddressOrdered]),
        proptest::sample::select(vec![Fit::First, Fit::Best, Fit::Worst]),
        proptest::sample::select(vec![4u32, 8, 16]),
        proptest::sample::select(vec![0u32, 40]),
        prop_oneof![
            Just(Vec::new()),
            Just(Settings::segregated().classes),
            Just(vec![24, 64, 65, 1000]),
        ],
    )
        .prop_map(
            |(insertion, fit, alignment, split_threshold, classes)| Settings {
                alignment,
                insertion,
                fit,
                classes,
                split_threshold,
                initial_size: 512,
                growth_step: 256,
            },
        )
}

#[derive(Debug, Clone)]
enum Op {
    Malloc(u32),
    Free(usize),
    /// A pointer that is not a live payload: must be refused without a change.
    BadFree(u32),
}

fn ops() -> impl Strategy<Value = Vec<Op>> {
    proptest::collection::vec(
        prop_oneof![
            4 => (0u32..900).prop_map(Op::Malloc),
            1 => Just(Op::Malloc(u32::MAX)),
            3 => any::<usize>().prop_map(Op::Free),
            1 => (0u32..MAX_HEAP + 64).prop_map(|offset| Op::BadFree(BASE + offset)),
        ],
        1..80,
    )
}

fn check_tiling(blocks: &[BlockInfo], memory: &VecMemory) -> Result<(), TestCaseError> {
    let mut at = memory.heap_start();
    for block in blocks {
        prop_assert_eq!(block.addr, at, "blocks tile the heap: {:?}", block);
        at = block.end();
    }
    prop_assert_eq!(at, memory.brk());
    Ok(())
}

fn check_allocated(
    blocks: &[BlockInfo],
    live: &BTreeMap<u32, u32>,
    alignment: u32,
) -> Result<(), TestCaseError> {
    let allocated: BTreeMap<u32, &BlockInfo> = blocks
        .iter()
        .filter(|b| b.is_allocated())
        .map(|b| (b.payload, b))
        .collect();
    prop_assert_eq!(
        allocated.keys().collect::<Vec<_>>(),
        live.keys().collect::<Vec<_>>()
    );
    for (payload, block) in allocated {
        prop_assert_eq!(payload % alignment, 0, "aligned payload");
        prop_assert_eq!(block.requested, Some(live[&payload]));
        prop_assert!(
            payload + live[&payload] <= block.end() - 4,
            "request fits before the footer"
        );
    }
    Ok(())
}

fn check_lists(
    list: &ExplicitList,
    blocks: &[BlockInfo],
    memory: &VecMemory,
) -> Result<(), TestCaseError> {
    let settings = list.settings();
    let structures = list.free_structures(memory).unwrap();
    prop_assert_eq!(structures.lists.len(), settings.classes.len() + 1);
    let mut listed: Vec<u32> = Vec::new();
    for (class, free_list) in structures.lists.iter().enumerate() {
        let head = free_list.head_addr.unwrap();
        prop_assert_eq!(head, BASE + 4 * class as u32);
        let first = free_list.entries.first().map_or(0, |e| e.addr);
        prop_assert_eq!(memory.read_u32(head), first, "head word");
        for (i, entry) in free_list.entries.iter().enumerate() {
            prop_assert_eq!(settings.class_of(entry.size), class, "class of {:?}", entry);
            let next = free_list.entries.get(i + 1).map(|e| e.addr);
            let prev = i.checked_sub(1).map(|p| free_list.entries[p].addr);
            prop_assert_eq!((entry.next, entry.prev), (next, prev));
            listed.push(entry.addr);
        }
        if settings.insertion == Insertion::AddressOrdered {
            prop_assert!(
                free_list.entries.windows(2).all(|w| w[0].addr < w[1].addr),
                "address-ordered list {} is sorted",
                class
            );
        }
    }
    listed.sort_unstable();
    let free: Vec<u32> = blocks
        .iter()
        .filter(|b| b.is_free())
        .map(|b| b.addr)
        .collect();
    prop_assert_eq!(listed, free, "every free block on exactly one list");
    Ok(())
}

fn check_no_free_neighbours(blocks: &[BlockInfo]) -> Result<(), TestCaseError> {
    prop_assert!(
        blocks
            .windows(2)
            .all(|w| !(w[0].is_free() && w[1].is_free())),
        "two free blocks touch"
    );
    Ok(())
}

fn check_everything(
    list: &ExplicitList,
    memory: &VecMemory,
    live: &BTreeMap<u32, u32>,
) -> Result<(), TestCaseError> {
    let blocks = list.blocks(memory).unwrap();
    if blocks.is_empty() {
        prop_assert_eq!(memory.brk(), memory.heap_start());
        return Ok(());
    }
    check_tiling(&blocks, memory)?;
    check_allocated(&blocks, live, list.settings().alignment)?;
    check_lists(list, &blocks, memory)?;
    check_no_free_neighbours(&blocks)
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn invariants_hold_after_every_operation(settings in settings(), ops in ops()) {
        let mut list = ExplicitList::new(settings).unwrap();
        let mut memory = VecMemory::new(BASE, MAX_HEAP);
        let mut live: BTreeMap<u32, u32> = BTreeMap::new();
        for op in ops {
            match op {
                Op::Malloc(size) => {
                    if let Some(payload) = list.malloc(&mut memory, 0, size).unwrap() {
                        prop_assert!(live.insert(payload, size).is_none(), "handed out twice");
                    }
                }
                Op::Free(index) if !live.is_empty() => {
                    let payload = *live.keys().nth(index % live.len()).unwrap();
                    list.free(&mut memory, 0, payload).unwrap();
                    live.remove(&payload);
                }
                Op::Free(_) => {}
                Op::BadFree(addr) if !live.contains_key(&addr) => {
                    let before = memory.bytes().to_vec();
                    prop_assert!(list.free(&mut memory, 0, addr).is_err());
                    prop_assert_eq!(memory.bytes(), &before[..], "a refused free changes nothing");
                }
                Op::BadFree(_) => {}
            }
            check_everything(&list, &memory, &live)?;
        }
        let payloads: Vec<u32> = live.keys().copied().collect();
        for payload in payloads {
            list.free(&mut memory, 0, payload).unwrap();
            live.remove(&payload);
        }
        check_everything(&list, &memory, &live)?;
        let blocks = list.blocks(&memory).unwrap();
        let program_blocks: Vec<&BlockInfo> = blocks
            .iter()
            .filter(|b| !matches!(b.state, BlockState::Internal { .. }))
            .collect();
        if !blocks.is_empty() {
            prop_assert_eq!(program_blocks.len(), 1, "one free block at the end");
            prop_assert!(program_blocks[0].is_free());
        }
    }

    /// Whatever a program writes over the heap's bytes, the allocator answers with values:
    /// no panic, no hang.
    #[test]
    fn scribbled_metadata_never_panics(
        settings in settings(),
        ops in ops(),
        scribbles in proptest::collection::vec((0u32..2048, any::<u32>()), 1..4),
    ) {
        let mut list = ExplicitList::new(settings).unwrap();
        let mut memory = VecMemory::new(BASE, MAX_HEAP);
        let mut live: Vec<u32> = Vec::new();
        for (step, op) in ops.into_iter().enumerate() {
            if step == 10 {
                for &(offset, word) in &scribbles {
                    memory.write_u32(BASE + offset / 4 * 4, word);
                }
            }
            match op {
                Op::Malloc(size) => {
                    if let Ok(Some(payload)) = list.malloc(&mut memory, 0, size) {
                        live.push(payload);
                    }
                }
                Op::Free(index) if !live.is_empty() => {
                    let payload = live.remove(index % live.len());
                    let _ = list.free(&mut memory, 0, payload);
                }
                Op::Free(_) => {}
                Op::BadFree(addr) => {
                    let _ = list.free(&mut memory, 0, addr);
                }
            }
            let _ = list.blocks(&memory);
            let _ = list.free_structures(&memory);
            let _ = list.metrics(&memory);
        }
    }
}
