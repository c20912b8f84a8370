//! The explicit and segregated free lists against a reference model: the same policy written
//! over a plain list of blocks and one `Vec` of block addresses per list, with no heap bytes
//! at all. For random operation sequences, both must return the same addresses, have the
//! same blocks and the same list orders after every operation, so the byte-level code
//! (heads, links, boundary tags) does what the policy says.

use memplay_heap::Allocator;
use memplay_heap::BlockState;
use memplay_heap::explicit::{ExplicitList, Fit, Insertion, Settings};
use memplay_heap::memory::{HeapMemory, VecMemory};
use proptest::prelude::*;

const BASE: u32 = 0x10000;
const MAX_HEAP: u32 = 1 << 14;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct B {
    addr: u32,
    size: u32,
    allocated: bool,
}

/// The policy, stated as simply as possible.
struct Model {
    s: Settings,
    blocks: Vec<B>,
    lists: Vec<Vec<u32>>,
    brk: u32,
}

impl Model {
    fn new(s: Settings) -> Model {
        let lists = vec![Vec::new(); s.classes.len() + 1];
        Model {
            s,
            blocks: Vec::new(),
            lists,
            brk: BASE,
        }
    }

    fn round(&self, n: u32) -> u32 {
        n.div_ceil(self.s.alignment) * self.s.alignment
    }

    /// Header, footer, and room for two links.
    fn min_block(&self) -> u32 {
        self.round(16)
    }

    fn class(&self, size: u32) -> usize {
        self.s
            .classes
            .iter()
            .position(|&bound| size <= bound)
            .unwrap_or(self.s.classes.len())
    }

    fn block_at(&self, addr: u32) -> B {
        *self.blocks.iter().find(|b| b.addr == addr).unwrap()
    }

    fn insert(&mut self, addr: u32, size: u32) {
        let class = self.class(size);
        let list = &mut self.lists[class];
        match self.s.insertion {
            Insertion::Lifo => list.insert(0, addr),
            Insertion::AddressOrdered => {
                let at = list.iter().position(|&a| a > addr).unwrap_or(list.len());
                list.insert(at, addr);
            }
        }
    }

    fn remove(&mut self, addr: u32, size: u32) -> usize {
        let class = self.class(size);
        let at = self.lists[class].iter().position(|&a| a == addr).unwrap();
        self.lists[class].remove(at);
        at
    }

    fn grow(&mut self, bytes: u32) -> bool {
        if self.brk - BASE + bytes > MAX_HEAP {
            return false;
        }
        if self.blocks.is_empty() {
            let heads = 4 * self.lists.len() as u32;
            let padding = (self.s.alignment - (heads + 4) % self.s.alignment) % self.s.alignment;
            let block = B {
                addr: BASE + heads + padding,
                size: bytes - heads - padding - 4,
                allocated: false,
            };
            self.blocks.push(block);
            self.insert(block.addr, block.size);
        } else {
            let last = *self.blocks.last().unwrap();
            if last.allocated {
                self.blocks.push(B {
                    addr: self.brk - 4,
                    size: bytes,
                    allocated: false,
                });
            } else {
                self.remove(last.addr, last.size);
                self.blocks.last_mut().unwrap().size += bytes;
            }
            let merged = *self.blocks.last().unwrap();
            self.insert(merged.addr, merged.size);
        }
        self.brk += bytes;
        true
    }

    fn find(&self, asize: u32) -> Option<u32> {
        for list in &self.lists[self.class(asize)..] {
            let fits: Vec<B> = list
                .iter()
                .map(|&a| self.block_at(a))
                .filter(|b| b.size >= asize)
                .collect();
            // min_by_key keeps the first of equals, max_by_key the last (hence the rev).
            let chosen = match self.s.fit {
                Fit::First => fits.first().copied(),
                Fit::Best => fits.iter().copied().min_by_key(|b| b.size),
                Fit::Worst => fits.iter().copied().rev().max_by_key(|b| b.size),
            };
            if let Some(block) = chosen {
                return Some(block.addr);
            }
        }
        None
    }

    fn malloc(&mut self, size: u32) -> Option<u32> {
        let asize = self.round(size + 8).max(self.min_block());
        if self.blocks.is_empty() && !self.grow(self.s.initial_size) {
            return None;
        }
        let addr = match self.find(asize) {
            Some(addr) => addr,
            None => {
                if !self.grow(asize.div_ceil(self.s.growth_step) * self.s.growth_step) {
                    return None;
                }
                self.blocks.last().unwrap().addr
            }
        };
        let i = self.blocks.iter().position(|b| b.addr == addr).unwrap();
        let b = self.blocks[i];
        let rest = b.size - asize;
        if rest >= self.min_block().max(self.s.split_threshold) {
            self.blocks[i] = B {
                addr,
                size: asize,
                allocated: true,
            };
            let rest_block = B {
                addr: addr + asize,
                size: rest,
                allocated: false,
            };
            self.blocks.insert(i + 1, rest_block);
            if self.class(rest) == self.class(b.size) {
                let class = self.class(b.size);
                let at = self.lists[class].iter().position(|&a| a == addr).unwrap();
                self.lists[class][at] = rest_block.addr;
            } else {
                self.remove(addr, b.size);
                self.insert(rest_block.addr, rest);
            }
        } else {
            self.remove(addr, b.size);
            self.blocks[i].allocated = true;
        }
        Some(addr + 4)
    }

    fn free(&mut self, payload: u32) {
        let mut i = self
            .blocks
            .iter()
            .position(|b| b.addr + 4 == payload)
            .unwrap();
        self.blocks[i].allocated = false;
        if i + 1 < self.blocks.len() && !self.blocks[i + 1].allocated {
            let next = self.blocks.remove(i + 1);
            self.remove(next.addr, next.size);
            self.blocks[i].size += next.size;
        }
        if i > 0 && !self.blocks[i - 1].allocated {
            let prev = self.blocks[i - 1];
            self.remove(prev.addr, prev.size);
            self.blocks[i - 1].size += self.blocks[i].size;
            self.blocks.remove(i);
            i -= 1;
        }
        let merged = self.blocks[i];
        self.insert(merged.addr, merged.size);
    }
}

#[derive(Debug, Clone)]
enum Op {
    Malloc(u32),
    Free(usize),
}

fn classes() -> impl Strategy<Value = Vec<u32>> {
    prop_oneof![
        Just(Vec::new()),
        Just(Settings::segregated().classes),
        Just(vec![32, 48, 100, 400]),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn the_bytes_follow_the_policy(
        insertion in proptest::sample::select(vec![Insertion::Lifo, Insertion::AddressOrdered]),
        fit in proptest::sample::select(vec![Fit::First, Fit::Best, Fit::Worst]),
        alignment in proptest::sample::select(vec![4u32, 8, 16]),
        split_threshold in proptest::sample::select(vec![0u32, 48]),
        classes in classes(),
        ops in proptest::collection::vec(
            prop_oneof![3 => (0u32..700).prop_map(Op::Malloc), 2 => any::<usize>().prop_map(Op::Free)],
            1..60,
        ),
    ) {
        let settings = Settings {
            alignment, insertion, fit, classes, split_threshold,
            initial_size: 1024, growth_step: 512,
        };
        let mut list = ExplicitList::new(settings.clone()).unwrap();
        let mut memory = VecMemory::new(BASE, MAX_HEAP);
        let mut model = Model::new(settings);
        let mut live: Vec<u32> = Vec::new();
        for op in ops {
            match op {
                Op::Malloc(size) => {
                    let got = list.malloc(&mut memory, 0, size).unwrap();
                    let want = model.malloc(size);
                    prop_assert_eq!(got, want, "malloc({})", size);
                    live.extend(got);
                }
                Op::Free(index) if !live.is_empty() => {
                    let payload = live.remove(index % live.len());
                    list.free(&mut memory, 0, payload).unwrap();
                    model.free(payload);
                }
                Op::Free(_) => {}
            }
            let blocks: Vec<B> = list
                .blocks(&memory)
                .unwrap()
                .iter()
                .filter(|b| !matches!(b.state, BlockState::Internal { .. }))
                .map(|b| B { addr: b.addr, size: b.size, allocated: b.is_allocated() })
                .collect();
            prop_assert_eq!(&blocks, &model.blocks);
            let lists: Vec<Vec<u32>> = list
                .free_structures(&memory)
                .unwrap()
                .lists
                .iter()
                .map(|l| l.entries.iter().map(|e| e.addr).collect())
                .collect();
            if !model.blocks.is_empty() {
                prop_assert_eq!(&lists, &model.lists);
            }
            prop_assert_eq!(memory.brk(), model.brk);
        }
    }
}
