//! The small-object allocator against a reference model of its policy: pools as plain
//! vectors of pages, each page a stack of free chunk indices, no heap bytes. The model asks
//! its own copy of the fallback for pages and large blocks, so both see the same fallback
//! addresses only if the allocator asks for and returns pages exactly when the policy says.
//! After every operation the allocator's blocks must tile the heap, match the program's live
//! allocations, be aligned and big enough, and each pool keeps at most one empty page.

use std::collections::BTreeMap;

use memplay_heap::implicit::{self, ImplicitList};
use memplay_heap::memory::{HeapMemory, VecMemory};
use memplay_heap::small_object::{PAGE_HEADER, Settings, SmallObjectAllocator};
use memplay_heap::{Allocator, BlockState};
use proptest::prelude::*;

const BASE: u32 = 0x10000;
const MAX_HEAP: u32 = 1 << 14;

fn fallback(alignment: u32) -> ImplicitList {
    ImplicitList::new(implicit::Settings {
        alignment,
        initial_size: 1024,
        growth_step: 512,
        ..implicit::Settings::default()
    })
    .unwrap()
}

#[derive(Debug)]
struct ModelPage {
    addr: u32,
    first_chunk: u32,
    chunks: u32,
    /// Free chunk indices; the last is handed out next.
    free: Vec<u32>,
}

#[derive(Debug, Default)]
struct ModelPool {
    pages: Vec<ModelPage>,
    last_allocated: Option<u32>,
    empty_page: Option<u32>,
}

/// The policy, stated as simply as possible.
struct Model {
    s: Settings,
    fallback: ImplicitList,
    memory: VecMemory,
    pools: Vec<ModelPool>,
    requested: BTreeMap<u32, u32>,
}

impl Model {
    fn new(s: Settings) -> Model {
        let pools = (0..s.max_small.div_ceil(s.chunk_step))
            .map(|_| ModelPool::default())
            .collect();
        Model {
            fallback: fallback(s.alignment),
            memory: VecMemory::new(BASE, MAX_HEAP),
            pools,
            requested: BTreeMap::new(),
            s,
        }
    }

    fn pool(&self, size: u32) -> Option<usize> {
        (size <= self.s.max_small).then(|| (size.max(1).div_ceil(self.s.chunk_step) - 1) as usize)
    }

    fn malloc(&mut self, size: u32) -> Option<u32> {
        let got = match self.pool(size) {
            None => self.fallback.malloc(&mut self.memory, 0, size).unwrap(),
            Some(pool) => self.malloc_small(pool),
        };
        if let Some(p) = got {
            self.requested.insert(p, size);
        }
        got
    }

    fn malloc_small(&mut self, pool: usize) -> Option<u32> {
        let chunk_size = (pool as u32 + 1) * self.s.chunk_step;
        let state = &self.pools[pool];
        let last = state.last_allocated;
        let with_room = last
            .into_iter()
            .chain(state.pages.iter().map(|p| p.addr))
            .find(|&addr| {
                !state
                    .pages
                    .iter()
                    .find(|p| p.addr == addr)
                    .unwrap()
                    .free
                    .is_empty()
            });
        let addr = match with_room {
            Some(addr) => addr,
            None => {
                let addr = self
                    .fallback
                    .malloc(&mut self.memory, 0, self.s.page_size)
                    .unwrap()?;
                let first_chunk =
                    (addr + PAGE_HEADER).div_ceil(self.s.alignment) * self.s.alignment;
                let chunks = (addr + self.s.page_size - first_chunk) / chunk_size;
                self.pools[pool].pages.push(ModelPage {
                    addr,
                    first_chunk,
                    chunks,
                    free: (0..chunks).rev().collect(),
                });
                addr
            }
        };
        let state = &mut self.pools[pool];
        let page = state.pages.iter_mut().find(|p| p.addr == addr).unwrap();
        let index = page.free.pop().unwrap();
        let chunk = page.first_chunk + index * chunk_size;
        state.last_allocated = Some(addr);
        if state.empty_page == Some(addr) {
            state.empty_page = None;
        }
        Some(chunk)
    }

    fn free(&mut self, payload: u32) {
        let size = self.requested.remove(&payload).unwrap();
        let Some(pool) = self.pool(size) else {
            self.fallback.free(&mut self.memory, 0, payload).unwrap();
            return;
        };
        let chunk_size = (pool as u32 + 1) * self.s.chunk_step;
        let state = &mut self.pools[pool];
        let at = state
            .pages
            .iter()
            .position(|p| {
                payload >= p.first_chunk && payload < p.first_chunk + p.chunks * chunk_size
            })
            .unwrap();
        let page = &mut state.pages[at];
        page.free.push((payload - page.first_chunk) / chunk_size);
        if page.free.len() as u32 != page.chunks {
            return;
        }
        let addr = page.addr;
        match state.empty_page {
            Some(kept) if kept != addr => {
                state.pages.remove(at);
                if state.last_allocated == Some(addr) {
                    state.last_allocated = state.pages.first().map(|p| p.addr);
                }
                self.fallback.free(&mut self.memory, 0, addr).unwrap();
            }
            _ => state.empty_page = Some(addr),
        }
    }
}

#[derive(Debug, Clone)]
enum Op {
    Malloc(u32),
    Free(usize),
    /// Frees an address that is not live: must be refused and change nothing.
    BadFree(u32),
}

fn ops() -> impl Strategy<Value = Vec<Op>> {
    proptest::collection::vec(
        prop_oneof![
            4 => prop_oneof![3 => 0u32..80, 1 => 0u32..400].prop_map(Op::Malloc),
            3 => any::<usize>().prop_map(Op::Free),
            1 => (0u32..MAX_HEAP).prop_map(Op::BadFree),
        ],
        1..120,
    )
}

fn settings() -> impl Strategy<Value = Settings> {
    (
        prop::sample::select(vec![4u32, 8]),
        prop::sample::select(vec![8u32, 16]),
        1u32..80,
        0u32..200,
    )
        .prop_map(|(alignment, chunk_step, max_small, extra)| {
            let mut s = Settings {
                max_small,
                chunk_step,
                page_size: 0,
                alignment,
            };
            s.page_size = (PAGE_HEADER + alignment + s.largest_chunk() + extra) / 4 * 4 + 4;
            s
        })
}

/// The allocator's checks after every operation.
fn check_invariants(
    pools: &SmallObjectAllocator,
    memory: &VecMemory,
    live: &BTreeMap<u32, u32>,
    alignment: u32,
) -> Result<(), TestCaseError> {
    let blocks = pools.blocks(memory).unwrap();
    let mut at = memory.heap_start();
    let mut allocated = BTreeMap::new();
    for block in &blocks {
        prop_assert_eq!(block.addr, at, "blocks tile the heap");
        prop_assert!(block.size > 0);
        at = block.end();
        if block.state == BlockState::Allocated {
            prop_assert_eq!(block.payload % alignment, 0, "aligned payload");
            let room = block.end() - block.payload;
            prop_assert!(room >= block.requested.unwrap(), "the request fits");
            allocated.insert(block.payload, block.requested.unwrap());
        }
    }
    if !blocks.is_empty() {
        prop_assert_eq!(at, memory.brk());
    }
    prop_assert_eq!(&allocated, live, "allocated blocks are the live payloads");
    for pool in pools.free_structures(memory).unwrap().pools {
        let empty = pool
            .pages
            .iter()
            .filter(|p| p.free_chain.len() as u32 == p.chunks)
            .count();
        prop_assert!(empty <= 1, "at most one empty page per pool");
        for page in &pool.pages {
            for &chunk in &page.free_chain {
                prop_assert!(!live.contains_key(&chunk), "a free chunk is not live");
                prop_assert_eq!((chunk - page.first_chunk) % pool.chunk_size, 0);
            }
        }
    }
    pools.metrics(memory).unwrap();
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn the_pools_follow_the_policy(settings in settings(), ops in ops()) {
        let mut pools = SmallObjectAllocator::new(
            settings.clone(),
            Box::new(fallback(settings.alignment)),
        ).unwrap();
        let mut memory = VecMemory::new(BASE, MAX_HEAP);
        let mut model = Model::new(settings.clone());
        let mut live: BTreeMap<u32, u32> = BTreeMap::new();
        for op in ops {
            match op {
                Op::Malloc(size) => {
                    let got = pools.malloc(&mut memory, 0, size).unwrap();
                    let want = model.malloc(size);
                    prop_assert_eq!(got, want, "malloc({})", size);
                    if let Some(payload) = got {
                        prop_assert!(live.insert(payload, size).is_none(), "handed out twice");
                    }
                }
                Op::Free(index) if !live.is_empty() => {
                    let payload = *live.keys().nth(index % live.len()).unwrap();
                    live.remove(&payload);
                    pools.free(&mut memory, 0, payload).unwrap();
                    model.free(payload);
                }
                Op::Free(_) => {}
                Op::BadFree(offset) => {
                    let addr = BASE + offset;
                    if !live.contains_key(&addr) {
                        let before = memory.bytes().to_vec();
                        prop_assert!(pools.free(&mut memory, 0, addr).is_err());
                        prop_assert_eq!(memory.bytes(), &before[..]);
                    }
                }
            }
            prop_assert_eq!(memory.brk(), model.memory.brk());
            check_invariants(&pools, &memory, &live, settings.alignment)?;
        }
    }

    /// A program writing anywhere in the heap may damage the pools' metadata: every call
    /// must then answer (maybe with an error), never panic or hang.
    #[test]
    fn hostile_writes_never_panic(
        ops in ops(),
        writes in proptest::collection::vec((0u32..4096, any::<u32>()), 1..4),
        at in 0usize..120,
    ) {
        let mut pools = SmallObjectAllocator::new(
            Settings::default(),
            Box::new(fallback(8)),
        ).unwrap();
        let mut memory = VecMemory::new(BASE, MAX_HEAP);
        let mut handed_out = Vec::new();
        for (step, op) in ops.into_iter().enumerate() {
            if step == at {
                for &(offset, word) in &writes {
                    memory.write_u32(BASE + offset / 4 * 4, word);
                }
            }
            match op {
                Op::Malloc(size) => {
                    if let Ok(Some(payload)) = pools.malloc(&mut memory, 0, size) {
                        handed_out.push(payload);
                    }
                }
                Op::Free(index) if !handed_out.is_empty() => {
                    let payload = handed_out.remove(index % handed_out.len());
                    let _ = pools.free(&mut memory, 0, payload);
                }
                Op::Free(_) => {}
                Op::BadFree(offset) => {
                    let _ = pools.free(&mut memory, 0, BASE + offset);
                }
            }
            let _ = pools.blocks(&memory);
            let _ = pools.free_structures(&memory);
        }
    }
}
