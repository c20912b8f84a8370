//! The buddy system against a reference model: the same policy written over plain vectors
//! and maps, with no heap bytes at all. Free lists are stacks (a freed or split-off block
//! goes to the head, malloc takes the head of the smallest nonempty list big enough), the
//! initial segments are listed lowest first, and a new segment is taken only when no list
//! can serve. For random operation sequences, both must return the same addresses and keep
//! the same lists and blocks after every operation, so the byte-level code (headers, links,
//! heads) does what the policy says.

use std::collections::BTreeMap;

use memplay_heap::buddy::{BuddySystem, Settings};
use memplay_heap::memory::{HeapMemory, VecMemory};
use memplay_heap::{Allocator, BlockState};
use proptest::prelude::*;

const BASE: u32 = 0x10000;
const MAX_HEAP: u32 = 1 << 14;

/// The policy, stated as simply as possible. Orders are log2 of block sizes.
struct Model {
    s: Settings,
    /// Per order (index = order), block addresses, head first.
    lists: Vec<Vec<u32>>,
    /// Free blocks: start → order.
    free: BTreeMap<u32, u32>,
    /// Allocated blocks: start → order.
    allocated: BTreeMap<u32, u32>,
    first_segment: Option<u32>,
    brk: u32,
}

impl Model {
    fn new(s: Settings) -> Model {
        Model {
            s,
            lists: vec![Vec::new(); 32],
            free: BTreeMap::new(),
            allocated: BTreeMap::new(),
            first_segment: None,
            brk: BASE,
        }
    }

    fn min_order(&self) -> u32 {
        self.s.min_block.trailing_zeros()
    }

    fn top_order(&self) -> u32 {
        self.s.segment_size.trailing_zeros()
    }

    fn order_for(&self, size: u64) -> Option<u32> {
        let needed = size + u64::from(self.s.header_size);
        (self.min_order()..=self.top_order()).find(|o| (1u64 << o) >= needed)
    }

    fn sbrk(&mut self, bytes: u32) -> bool {
        if self.brk - BASE + bytes > MAX_HEAP {
            return false;
        }
        self.brk += bytes;
        true
    }

    fn initialize(&mut self) -> bool {
        if self.first_segment.is_some() {
            return true;
        }
        let heads = 4 * (self.top_order() - self.min_order() + 1);
        let padding = (self.s.alignment - (BASE + heads) % self.s.alignment) % self.s.alignment;
        let first = BASE + heads + padding;
        if !self.sbrk(heads + padding + self.s.initial_segments * self.s.segment_size) {
            return false;
        }
        let top = self.top_order() as usize;
        for i in 0..self.s.initial_segments {
            let segment = first + i * self.s.segment_size;
            self.lists[top].push(segment);
            self.free.insert(segment, top as u32);
        }
        self.first_segment = Some(first);
        true
    }

    fn push(&mut self, addr: u32, order: u32) {
        self.lists[order as usize].insert(0, addr);
        self.free.insert(addr, order);
    }

    fn malloc(&mut self, size: u32) -> Option<u32> {
        let order = self.order_for(u64::from(size))?;
        if !self.initialize() {
            return None;
        }
        let nonempty = (order..=self.top_order()).find(|&o| !self.lists[o as usize].is_empty());
        let (addr, mut current) = match nonempty {
            Some(o) => {
                let addr = self.lists[o as usize].remove(0);
                self.free.remove(&addr);
                (addr, o)
            }
            None => {
                let segment = self.brk;
                if !self.sbrk(self.s.segment_size) {
                    return None;
                }
                (segment, self.top_order())
            }
        };
        while current > order {
            current -= 1;
            self.push(addr + (1 << current), current);
        }
        self.allocated.insert(addr, order);
        Some(addr + self.s.header_size)
    }

    fn free(&mut self, payload: u32) {
        let mut addr = payload - self.s.header_size;
        let mut order = self.allocated.remove(&addr).expect("a live block");
        let first = self.first_segment.expect("a heap");
        let base = first + (addr - first) / self.s.segment_size * self.s.segment_size;
        while order < self.top_order() {
            let buddy = base + ((addr - base) ^ (1 << order));
            if self.free.get(&buddy) != Some(&order) {
                break;
            }
            self.free.remove(&buddy);
            self.lists[order as usize].retain(|&b| b != buddy);
            addr = addr.min(buddy);
            order += 1;
        }
        self.push(addr, order);
    }

    /// (address, size, allocated) of every block, in address order.
    fn blocks(&self) -> Vec<(u32, u32, bool)> {
        let free = self.free.iter().map(|(&a, &o)| (a, 1 << o, false));
        let allocated = self.allocated.iter().map(|(&a, &o)| (a, 1 << o, true));
        let mut blocks: Vec<_> = free.chain(allocated).collect();
        blocks.sort_unstable();
        blocks
    }

    /// The lists the heap keeps: none before the heap exists.
    fn lists_from_min_order(&self) -> Vec<Vec<u32>> {
        if self.first_segment.is_none() {
            return Vec::new();
        }
        self.lists[self.min_order() as usize..=self.top_order() as usize].to_vec()
    }
}

#[derive(Debug, Clone)]
enum Op {
    Malloc(u32),
    Free(usize),
}

fn settings() -> impl Strategy<Value = Settings> {
    (
        prop::sample::select(vec![4u32, 8, 16]),
        prop::sample::select(vec![256u32, 1024, 4096]),
        1u32..=2,
        0u32..=1,
    )
        .prop_map(|(alignment, segment_size, initial_segments, bigger_min)| {
            let defaults = Settings::for_alignment(alignment);
            Settings {
                segment_size,
                initial_segments,
                min_block: defaults.min_block << bigger_min,
                ..defaults
            }
        })
}

fn operations() -> impl Strategy<Value = Vec<Op>> {
    let size = prop_oneof![
        3 => 0u32..64,
        2 => 0u32..600,
        1 => 0u32..5000,
    ];
    prop::collection::vec(
        prop_oneof![
            3 => size.prop_map(Op::Malloc),
            2 => any::<usize>().prop_map(Op::Free),
        ],
        1..80,
    )
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn the_bytes_follow_the_policy(settings in settings(), ops in operations()) {
        let mut buddy = BuddySystem::new(settings.clone()).unwrap();
        let mut memory = VecMemory::new(BASE, MAX_HEAP);
        let mut model = Model::new(settings);
        let mut live: Vec<u32> = Vec::new();
        for op in ops {
            match op {
                Op::Malloc(size) => {
                    let got = buddy.malloc(&mut memory, 0, size).unwrap();
                    let want = model.malloc(size);
                    prop_assert_eq!(got, want, "malloc({})", size);
                    live.extend(got);
                }
                Op::Free(index) if !live.is_empty() => {
                    let payload = live.remove(index % live.len());
                    buddy.free(&mut memory, 0, payload).unwrap();
                    model.free(payload);
                }
                Op::Free(_) => {}
            }
            let blocks: Vec<(u32, u32, bool)> = buddy
                .blocks(&memory)
                .unwrap()
                .iter()
                .filter(|b| !matches!(b.state, BlockState::Internal { .. }))
                .map(|b| (b.addr, b.size, b.is_allocated()))
                .collect();
            prop_assert_eq!(&blocks, &model.blocks());
            let lists: Vec<Vec<u32>> = buddy
                .free_structures(&memory)
                .unwrap()
                .lists
                .iter()
                .map(|list| list.entries.iter().map(|e| e.addr).collect())
                .collect();
            prop_assert_eq!(&lists, &model.lists_from_min_order());
            prop_assert_eq!(memory.brk(), model.brk);
        }
    }
}
