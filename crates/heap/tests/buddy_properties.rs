//! Invariants of the buddy system after every random malloc and free: the blocks tile the
//! heap; the allocated blocks are exactly the live payloads, aligned, each big enough for
//! its request; every block is a power of two aligned to its size within its segment; no
//! two free buddies of one order remain unmerged; the free lists hold exactly the free
//! blocks with consistent links; the buddy tree's leaves are the blocks; bad frees change
//! nothing; and freeing everything leaves whole free segments. A second property damages
//! random heap words and checks that nothing panics or hangs and that refusals change
//! nothing.

use std::collections::BTreeSet;

use memplay_heap::allocator::BuddyState;
use memplay_heap::buddy::{BuddySystem, Settings};
use memplay_heap::memory::{HeapMemory, VecMemory};
use memplay_heap::{Allocator, BlockInfo, BlockState};
use proptest::prelude::*;

const BASE: u32 = 0x10000;
const MAX_HEAP: u32 = 1 << 14;

#[derive(Debug, Clone)]
enum Op {
    Malloc(u32),
    Free(usize),
    /// Frees an address that is not a live payload: `BASE` plus this offset.
    BadFree(u32),
}

fn settings() -> impl Strategy<Value = Settings> {
    (
        prop::sample::select(vec![4u32, 8, 16]),
        prop::sample::select(vec![256u32, 1024, 4096]),
        1u32..=2,
    )
        .prop_map(|(alignment, segment_size, initial_segments)| Settings {
            segment_size,
            initial_segments,
            ..Settings::for_alignment(alignment)
        })
}

fn operations() -> impl Strategy<Value = Vec<Op>> {
    let size = prop_oneof![3 => 0u32..64, 2 => 0u32..600, 1 => 0u32..5000, 1 => any::<u32>()];
    prop::collection::vec(
        prop_oneof![
            6 => size.prop_map(Op::Malloc),
            4 => any::<usize>().prop_map(Op::Free),
            1 => (0u32..MAX_HEAP + 64).prop_map(Op::BadFree),
        ],
        1..80,
    )
}

/// The blocks a program and the allocator's lists deal in, leaving out the heads and padding.
fn heap_blocks(blocks: &[BlockInfo]) -> Vec<&BlockInfo> {
    blocks
        .iter()
        .filter(|b| !matches!(b.state, BlockState::Internal { .. }))
        .collect()
}

struct Checker<'a> {
    settings: &'a Settings,
    buddy: &'a BuddySystem,
    memory: &'a VecMemory,
}

impl Checker<'_> {
    fn segment_base(&self, addr: u32) -> u32 {
        let first = self.buddy.first_segment().expect("a heap");
        let segment = self.settings.segment_size;
        first + (addr - first) / segment * segment
    }

    fn check(&self, live: &[(u32, u32)]) -> Result<(), TestCaseError> {
        let blocks = self.buddy.blocks(self.memory).unwrap();
        self.tiles_the_heap(&blocks)?;
        self.allocated_are_the_live_payloads(&blocks, live)?;
        let blocks = heap_blocks(&blocks);
        self.blocks_are_aligned_powers_of_two(&blocks)?;
        self.no_free_buddies_remain(&blocks)?;
        self.lists_hold_the_free_blocks(&blocks)?;
        self.tree_leaves_are_the_blocks(&blocks)
    }

    fn tiles_the_heap(&self, blocks: &[BlockInfo]) -> Result<(), TestCaseError> {
        let mut at = self.memory.heap_start();
        for block in blocks {
            prop_assert_eq!(block.addr, at, "gap or overlap");
            prop_assert!(block.size > 0);
            at = block.end();
        }
        prop_assert_eq!(at, self.memory.brk());
        Ok(())
    }

    fn allocated_are_the_live_payloads(
        &self,
        blocks: &[BlockInfo],
        live: &[(u32, u32)],
    ) -> Result<(), TestCaseError> {
        let mut allocated: Vec<(u32, u32)> = Vec::new();
        for block in blocks.iter().filter(|b| b.is_allocated()) {
            let requested = block.requested.expect("the ledger knows it");
            prop_assert_eq!(block.payload % self.settings.alignment, 0);
            prop_assert_eq!(block.payload, block.addr + self.settings.header_size);
            prop_assert!(
                u64::from(requested) + u64::from(self.settings.header_size)
                    <= u64::from(block.size)
            );
            allocated.push((block.payload, requested));
        }
        let mut live = live.to_vec();
        live.sort_unstable();
        prop_assert_eq!(allocated, live);
        Ok(())
    }

    fn blocks_are_aligned_powers_of_two(&self, blocks: &[&BlockInfo]) -> Result<(), TestCaseError> {
        for block in blocks {
            let base = self.segment_base(block.addr);
            prop_assert!(block.size.is_power_of_two());
            prop_assert!(block.size >= self.settings.min_block);
            prop_assert_eq!((block.addr - base) % block.size, 0, "{:?}", block);
            prop_assert!(block.end() <= base + self.settings.segment_size);
        }
        Ok(())
    }

    fn no_free_buddies_remain(&self, blocks: &[&BlockInfo]) -> Result<(), TestCaseError> {
        let free: BTreeSet<(u32, u32)> = blocks
            .iter()
            .filter(|b| b.is_free())
            .map(|b| (b.addr, b.size))
            .collect();
        for &(addr, size) in free
            .iter()
            .filter(|(_, size)| *size < self.settings.segment_size)
        {
            let base = self.segment_base(addr);
            let buddy = base + ((addr - base) ^ size);
            prop_assert!(
                !free.contains(&(buddy, size)),
                "free buddies {addr:#x} and {buddy:#x}"
            );
        }
        Ok(())
    }

    fn lists_hold_the_free_blocks(&self, blocks: &[&BlockInfo]) -> Result<(), TestCaseError> {
        let structures = self.buddy.free_structures(self.memory).unwrap();
        let mut listed = BTreeSet::new();
        for (i, list) in structures.lists.iter().enumerate() {
            let size = self.settings.min_block << i;
            for (j, entry) in list.entries.iter().enumerate() {
                prop_assert_eq!(entry.size, size, "{}", &list.label);
                prop_assert_eq!(entry.next, list.entries.get(j + 1).map(|e| e.addr));
                let prev = j.checked_sub(1).map(|p| list.entries[p].addr);
                prop_assert_eq!(entry.prev, prev);
                prop_assert!(listed.insert((entry.addr, entry.size)), "listed twice");
            }
        }
        let free: BTreeSet<(u32, u32)> = blocks
            .iter()
            .filter(|b| b.is_free())
            .map(|b| (b.addr, b.size))
            .collect();
        prop_assert_eq!(listed, free);
        Ok(())
    }

    fn tree_leaves_are_the_blocks(&self, blocks: &[&BlockInfo]) -> Result<(), TestCaseError> {
        let tree = self.buddy.free_structures(self.memory).unwrap().buddy_tree;
        let leaves: Vec<(u32, u32, bool)> = tree
            .iter()
            .filter(|node| node.state != BuddyState::Split)
            .map(|node| (node.addr, node.size, node.state == BuddyState::Allocated))
            .collect();
        let blocks: Vec<(u32, u32, bool)> = blocks
            .iter()
            .map(|b| (b.addr, b.size, b.is_allocated()))
            .collect();
        prop_assert_eq!(leaves, blocks);
        let top = self.settings.segment_size.trailing_zeros();
        for node in &tree {
            prop_assert_eq!(1u32 << (top - node.depth), node.size);
        }
        Ok(())
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn every_operation_keeps_the_invariants(settings in settings(), ops in operations()) {
        let mut buddy = BuddySystem::new(settings.clone()).unwrap();
        let mut memory = VecMemory::new(BASE, MAX_HEAP);
        let mut live: Vec<(u32, u32)> = Vec::new();
        for op in ops {
            match op {
                Op::Malloc(size) => {
                    if let Some(payload) = buddy.malloc(&mut memory, 0, size).unwrap() {
                        live.push((payload, size));
                    }
                }
                Op::Free(index) if !live.is_empty() => {
                    let (payload, _) = live.remove(index % live.len());
                    buddy.free(&mut memory, 0, payload).unwrap();
                }
                Op::Free(_) => {}
                Op::BadFree(offset) => {
                    let addr = BASE - 32 + offset;
                    if live.iter().all(|&(payload, _)| payload != addr) {
                        let before = memory.bytes().to_vec();
                        prop_assert!(buddy.free(&mut memory, 0, addr).is_err());
                        prop_assert_eq!(memory.bytes(), &before[..]);
                    }
                }
            }
            if buddy.first_segment().is_some() {
                Checker { settings: &settings, buddy: &buddy, memory: &memory }.check(&live)?;
            }
        }
        for (payload, _) in live.drain(..) {
            buddy.free(&mut memory, 0, payload).unwrap();
        }
        let blocks = buddy.blocks(&memory).unwrap();
        for block in heap_blocks(&blocks) {
            prop_assert!(block.is_free());
            prop_assert_eq!(block.size, settings.segment_size, "whole segments");
        }
    }

    #[test]
    fn damaged_metadata_never_panics_and_refusals_change_nothing(
        settings in settings(),
        ops in operations(),
        damage in prop::collection::vec((0u32..MAX_HEAP, any::<u32>()), 1..4),
        damage_after in 0usize..40,
    ) {
        let mut buddy = BuddySystem::new(settings).unwrap();
        let mut memory = VecMemory::new(BASE, MAX_HEAP);
        let mut live: Vec<u32> = Vec::new();
        for (step, op) in ops.into_iter().enumerate() {
            if step == damage_after {
                for &(offset, word) in &damage {
                    memory.write_u32(BASE + offset / 4 * 4, word);
                }
            }
            let before = memory.bytes().to_vec();
            let refused = match op {
                Op::Malloc(size) => match buddy.malloc(&mut memory, 0, size) {
                    Ok(payload) => {
                        live.extend(payload);
                        false
                    }
                    Err(_) => true,
                },
                Op::Free(index) if !live.is_empty() => {
                    let payload = live.swap_remove(index % live.len());
                    buddy.free(&mut memory, 0, payload).is_err()
                }
                Op::Free(_) => false,
                Op::BadFree(offset) => buddy.free(&mut memory, 0, BASE - 32 + offset).is_err(),
            };
            if refused {
                prop_assert_eq!(memory.bytes(), &before[..]);
            }
            let _ = buddy.blocks(&memory);
            let _ = buddy.free_structures(&memory);
            let _ = buddy.metrics(&memory);
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    #[test]
    fn any_settings_are_refused_by_name_or_work(
        alignment in prop_oneof![prop::sample::select(vec![4u32, 8, 16]), any::<u32>()],
        header_size in prop_oneof![prop::sample::select(vec![4u32, 8, 16, 32]), any::<u32>()],
        min_block in prop_oneof![(0u32..12).prop_map(|p| 1 << p), any::<u32>()],
        segment_size in prop_oneof![(0u32..32).prop_map(|p| 1 << p), any::<u32>()],
        initial_segments in prop_oneof![0u32..4, any::<u32>()],
        sizes in prop::collection::vec(any::<u32>(), 1..10),
    ) {
        let settings = Settings { alignment, header_size, min_block, segment_size, initial_segments };
        match BuddySystem::new(settings) {
            Err(error) => prop_assert!(!error.setting.is_empty() && !error.message.is_empty()),
            Ok(mut buddy) => {
                let mut memory = VecMemory::new(BASE, MAX_HEAP);
                for size in sizes {
                    if let Some(payload) = buddy.malloc(&mut memory, 0, size % 3000).unwrap() {
                        prop_assert_eq!(payload % alignment, 0);
                        if size % 2 == 0 {
                            buddy.free(&mut memory, 0, payload).unwrap();
                        }
                    }
                }
                buddy.blocks(&memory).unwrap();
            }
        }
    }
}
