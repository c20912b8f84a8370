//! The implicit free list against a reference model: the same policy written over a plain
//! list of (address, size, allocated) with no heap bytes at all. For random operation
//! sequences, both must return the same addresses and have the same blocks after every
//! operation, so the byte-level code (headers, footers, the walk) does what the policy says.

use memplay_heap::implicit::{Coalescing, Fit, ImplicitList, Settings};
use memplay_heap::memory::{HeapMemory, VecMemory};
use memplay_heap::{Allocator, BlockState};
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
    rover: u32,
    brk: u32,
}

impl Model {
    fn new(s: Settings) -> Model {
        Model {
            s,
            blocks: Vec::new(),
            rover: 0,
            brk: BASE,
        }
    }

    fn round(&self, n: u32) -> u32 {
        n.div_ceil(self.s.alignment) * self.s.alignment
    }

    fn overhead(&self) -> u32 {
        if self.s.footers { 8 } else { 4 }
    }

    fn min_block(&self) -> u32 {
        self.round(self.overhead() + 1)
    }

    fn grow(&mut self, bytes: u32) -> bool {
        if self.brk - BASE + bytes > MAX_HEAP {
            return false;
        }
        if self.blocks.is_empty() && self.brk == BASE {
            let padding = (self.s.alignment - 4 % self.s.alignment) % self.s.alignment;
            self.blocks.push(B {
                addr: BASE + padding,
                size: bytes - padding - 4,
                allocated: false,
            });
            self.rover = BASE + padding;
        } else {
            let epilogue = self.brk - 4;
            self.blocks.push(B {
                addr: epilogue,
                size: bytes,
                allocated: false,
            });
            self.merge_around(self.blocks.len() - 1);
        }
        self.brk += bytes;
        true
    }

    /// Merges block `i` (free) with free neighbours; returns the merged block's index.
    fn merge_around(&mut self, mut i: usize) -> usize {
        if i + 1 < self.blocks.len() && !self.blocks[i + 1].allocated {
            self.blocks[i].size += self.blocks[i + 1].size;
            self.blocks.remove(i + 1);
        }
        if i > 0 && !self.blocks[i - 1].allocated {
            self.blocks[i - 1].size += self.blocks[i].size;
            self.blocks.remove(i);
            i -= 1;
        }
        let b = self.blocks[i];
        if self.rover > b.addr && self.rover < b.addr + b.size {
            self.rover = b.addr;
        }
        i
    }

    fn merge_all(&mut self) {
        let mut i = 0;
        while i + 1 < self.blocks.len() {
            if !self.blocks[i].allocated && !self.blocks[i + 1].allocated {
                self.blocks[i].size += self.blocks[i + 1].size;
                self.blocks.remove(i + 1);
                let b = self.blocks[i];
                if self.rover > b.addr && self.rover < b.addr + b.size {
                    self.rover = b.addr;
                }
            } else {
                i += 1;
            }
        }
    }

    fn find(&self, asize: u32) -> Option<usize> {
        let fits = |b: &B| !b.allocated && b.size >= asize;
        match self.s.fit {
            Fit::First => self.blocks.iter().position(fits),
            Fit::Best => self
                .blocks
                .iter()
                .enumerate()
                .filter(|(_, b)| fits(b))
                .min_by_key(|(i, b)| (b.size, *i))
                .map(|(i, _)| i),
            Fit::Next => {
                let start = self
                    .blocks
                    .iter()
                    .position(|b| b.addr == self.rover)
                    .unwrap_or(0);
                (start..self.blocks.len())
                    .chain(0..start)
                    .find(|&i| fits(&self.blocks[i]))
            }
        }
    }

    fn malloc(&mut self, size: u32) -> Option<u32> {
        let asize = self.round(size + self.overhead()).max(self.min_block());
        if self.blocks.is_empty() && !self.grow(self.s.initial_size) {
            return None;
        }
        let mut found = self.find(asize);
        if found.is_none() && self.s.coalescing == Coalescing::Deferred {
            self.merge_all();
            found = self.find(asize);
        }
        let i = match found {
            Some(i) => i,
            None => {
                if !self.grow(asize.div_ceil(self.s.growth_step) * self.s.growth_step) {
                    return None;
                }
                self.find_last_free()
            }
        };
        let b = self.blocks[i];
        let rest = b.size - asize;
        if rest >= self.min_block().max(self.s.split_threshold) {
            self.blocks[i] = B {
                addr: b.addr,
                size: asize,
                allocated: true,
            };
            self.blocks.insert(
                i + 1,
                B {
                    addr: b.addr + asize,
                    size: rest,
                    allocated: false,
                },
            );
            self.rover = b.addr + asize;
        } else {
            self.blocks[i].allocated = true;
            self.rover = b.addr;
        }
        Some(b.addr + 4)
    }

    /// After growing, the new space is the last block (merged with a free one before it).
    fn find_last_free(&self) -> usize {
        self.blocks.len() - 1
    }

    fn free(&mut self, payload: u32) {
        let i = self
            .blocks
            .iter()
            .position(|b| b.addr + 4 == payload)
            .expect("a live block");
        self.blocks[i].allocated = false;
        if self.s.coalescing == Coalescing::Immediate {
            self.merge_around(i);
        }
    }
}

#[derive(Debug, Clone)]
enum Op {
    Malloc(u32),
    Free(usize),
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn the_bytes_follow_the_policy(
        fit in proptest::sample::select(vec![Fit::First, Fit::Next, Fit::Best]),
        coalescing in proptest::sample::select(vec![Coalescing::Immediate, Coalescing::Deferred]),
        footers in any::<bool>(),
        alignment in proptest::sample::select(vec![4u32, 8, 16]),
        split_threshold in proptest::sample::select(vec![0u32, 32]),
        ops in proptest::collection::vec(
            prop_oneof![3 => (0u32..700).prop_map(Op::Malloc), 2 => any::<usize>().prop_map(Op::Free)],
            1..60,
        ),
    ) {
        let settings = Settings {
            fit, coalescing, footers, alignment, split_threshold,
            initial_size: 1024, growth_step: 512,
        };
        let mut list = ImplicitList::new(settings.clone()).unwrap();
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
            prop_assert_eq!(memory.brk(), model.brk);
        }
    }
}
