//! The per-thread caches against a reference model of their policy: each thread's bins as
//! plain stacks of addresses, no heap bytes. The model drives its own copy of the shared
//! allocator, so both see the same addresses only if the caches go to the shared allocator
//! exactly when the policy says (a miss, a full bin, a large block, a flush), with the same
//! rounded sizes. After every operation the blocks must tile the heap, the allocated ones be
//! the program's live allocations (aligned, big enough), the cached ones be exactly the
//! blocks in the bins, and no bin hold more than its limit.

use std::collections::BTreeMap;

use memplay_heap::implicit::{self, ImplicitList};
use memplay_heap::memory::{HeapMemory, VecMemory};
use memplay_heap::thread_cache::{Settings, ThreadCache, ThreadCounts};
use memplay_heap::{Allocator, BlockState, ThreadId};
use proptest::prelude::*;

const BASE: u32 = 0x10000;
const MAX_HEAP: u32 = 1 << 14;
const THREADS: u32 = 3;

fn shared() -> ImplicitList {
    ImplicitList::new(implicit::Settings {
        initial_size: 1024,
        growth_step: 512,
        ..implicit::Settings::default()
    })
    .unwrap()
}

#[derive(Debug, Default)]
struct ModelThread {
    heads: Option<u32>,
    /// Per bin, the cached blocks; the last is handed out next.
    bins: Vec<Vec<u32>>,
    counts: ThreadCounts,
}

/// The policy, stated as simply as possible.
struct Model {
    s: Settings,
    shared: ImplicitList,
    memory: VecMemory,
    threads: BTreeMap<ThreadId, ModelThread>,
    requested: BTreeMap<u32, u32>,
}

impl Model {
    fn new(s: Settings) -> Model {
        Model {
            s,
            shared: shared(),
            memory: VecMemory::new(BASE, MAX_HEAP),
            threads: BTreeMap::new(),
            requested: BTreeMap::new(),
        }
    }

    fn bin(&self, size: u32) -> Option<usize> {
        (size <= self.s.bins * self.s.bin_step)
            .then(|| (size.max(1).div_ceil(self.s.bin_step) - 1) as usize)
    }

    fn malloc(&mut self, thread: ThreadId, size: u32) -> Option<u32> {
        let bins = self.s.bins as usize;
        let state = self.threads.entry(thread).or_default();
        if state.heads.is_none() {
            state.heads = self
                .shared
                .malloc(&mut self.memory, thread, 8 * self.s.bins)
                .unwrap();
            state.bins = vec![Vec::new(); bins];
        }
        let bin = self.bin(size);
        let state = self.threads.get_mut(&thread).unwrap();
        let cached = match bin {
            Some(bin) if state.heads.is_some() => state.bins[bin].pop(),
            _ => None,
        };
        let got = match cached {
            Some(block) => {
                state.counts.hits += 1;
                Some(block)
            }
            None => {
                state.counts.misses += 1;
                let request = bin.map_or(size, |bin| (bin as u32 + 1) * self.s.bin_step);
                self.shared
                    .malloc(&mut self.memory, thread, request)
                    .unwrap()
            }
        };
        if let Some(p) = got {
            self.requested.insert(p, size);
        }
        got
    }

    fn free(&mut self, thread: ThreadId, payload: u32) {
        let size = self.requested.remove(&payload).unwrap();
        let bin = self.bin(size);
        let max = self.s.max_per_bin as usize;
        if let (Some(state), Some(bin)) = (self.threads.get_mut(&thread), bin)
            && state.heads.is_some()
            && state.bins[bin].len() < max
        {
            state.bins[bin].push(payload);
            return;
        }
        self.shared.free(&mut self.memory, thread, payload).unwrap();
    }

    fn flush(&mut self, thread: ThreadId) {
        let Some(state) = self.threads.get_mut(&thread) else {
            return;
        };
        let Some(heads) = state.heads.take() else {
            return;
        };
        let blocks: Vec<u32> = state
            .bins
            .iter_mut()
            .flat_map(|bin| std::mem::take(bin).into_iter().rev())
            .collect();
        for block in blocks.into_iter().chain([heads]) {
            self.shared.free(&mut self.memory, thread, block).unwrap();
        }
    }

    fn cached(&self) -> BTreeMap<u32, ThreadId> {
        self.threads
            .iter()
            .flat_map(|(&thread, state)| state.bins.iter().flatten().map(move |&b| (b, thread)))
            .collect()
    }
}

#[derive(Debug, Clone)]
enum Op {
    Malloc(ThreadId, u32),
    Free(ThreadId, usize),
    Flush(ThreadId),
    /// Frees an address that is not live: must be refused and change nothing.
    BadFree(ThreadId, u32),
}

fn ops() -> impl Strategy<Value = Vec<Op>> {
    let thread = 0..THREADS;
    proptest::collection::vec(
        prop_oneof![
            6 => (thread.clone(), prop_oneof![3 => 0u32..140, 1 => 0u32..600])
                .prop_map(|(t, n)| Op::Malloc(t, n)),
            5 => (thread.clone(), any::<usize>()).prop_map(|(t, i)| Op::Free(t, i)),
            1 => thread.clone().prop_map(Op::Flush),
            1 => (thread, 0u32..MAX_HEAP).prop_map(|(t, a)| Op::BadFree(t, a)),
        ],
        1..150,
    )
}

fn check_invariants(
    cache: &ThreadCache,
    memory: &VecMemory,
    live: &BTreeMap<u32, u32>,
    model: &Model,
) -> Result<(), TestCaseError> {
    let blocks = cache.blocks(memory).unwrap();
    let mut at = memory.heap_start();
    let mut allocated = BTreeMap::new();
    let mut cached = BTreeMap::new();
    for block in &blocks {
        prop_assert_eq!(block.addr, at, "blocks tile the heap");
        at = block.end();
        match block.state {
            BlockState::Allocated => {
                prop_assert_eq!(block.payload % 8, 0, "aligned payload");
                let room = block.end() - 4 - block.payload;
                prop_assert!(room >= block.requested.unwrap(), "the request fits");
                allocated.insert(block.payload, block.requested.unwrap());
            }
            BlockState::Cached { thread } => {
                cached.insert(block.payload, thread);
            }
            _ => {}
        }
    }
    if !blocks.is_empty() {
        prop_assert_eq!(at, memory.brk());
    }
    prop_assert_eq!(&allocated, live, "allocated blocks are the live payloads");
    prop_assert_eq!(
        &cached,
        &model.cached(),
        "cached blocks are the bins' blocks"
    );
    let structures = cache.free_structures(memory).unwrap();
    for thread in &structures.thread_caches {
        for bin in &thread.bins {
            prop_assert!(bin.entries.len() as u32 <= cache.settings().max_per_bin);
        }
        let counts = model.threads[&thread.thread].counts;
        prop_assert_eq!((thread.hits, thread.misses), (counts.hits, counts.misses));
    }
    cache.metrics(memory).unwrap();
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn the_caches_follow_the_policy(
        bin_step in prop::sample::select(vec![8u32, 16, 24]),
        bins in 1u32..10,
        max_per_bin in 0u32..5,
        ops in ops(),
    ) {
        let settings = Settings { bin_step, bins, max_per_bin };
        let mut cache = ThreadCache::new(settings.clone(), Box::new(shared())).unwrap();
        let mut memory = VecMemory::new(BASE, MAX_HEAP);
        let mut model = Model::new(settings);
        let mut live: BTreeMap<u32, u32> = BTreeMap::new();
        for op in ops {
            match op {
                Op::Malloc(thread, size) => {
                    let got = cache.malloc(&mut memory, thread, size).unwrap();
                    let want = model.malloc(thread, size);
                    prop_assert_eq!(got, want, "thread {} malloc({})", thread, size);
                    if let Some(payload) = got {
                        prop_assert!(live.insert(payload, size).is_none(), "handed out twice");
                    }
                }
                Op::Free(thread, index) if !live.is_empty() => {
                    let payload = *live.keys().nth(index % live.len()).unwrap();
                    live.remove(&payload);
                    cache.free(&mut memory, thread, payload).unwrap();
                    model.free(thread, payload);
                }
                Op::Free(..) => {}
                Op::Flush(thread) => {
                    cache.flush_thread(&mut memory, thread).unwrap();
                    model.flush(thread);
                }
                Op::BadFree(thread, offset) => {
                    let addr = BASE + offset;
                    if !live.contains_key(&addr) {
                        let before = memory.bytes().to_vec();
                        prop_assert!(cache.free(&mut memory, thread, addr).is_err());
                        prop_assert_eq!(memory.bytes(), &before[..]);
                    }
                }
            }
            prop_assert_eq!(memory.brk(), model.memory.brk());
            check_invariants(&cache, &memory, &live, &model)?;
        }
    }

    /// A program writing anywhere in the heap (a use after free of a cached block, say) may
    /// damage links and counts: every call must then answer, never panic or hang.
    #[test]
    fn hostile_writes_never_panic(
        ops in ops(),
        writes in proptest::collection::vec((0u32..2048, any::<u32>()), 1..4),
        at in 0usize..150,
    ) {
        let mut cache = ThreadCache::new(Settings::default(), Box::new(shared())).unwrap();
        let mut memory = VecMemory::new(BASE, MAX_HEAP);
        let mut handed_out = Vec::new();
        for (step, op) in ops.into_iter().enumerate() {
            if step == at {
                for &(offset, word) in &writes {
                    memory.write_u32(BASE + offset / 4 * 4, word);
                }
            }
            match op {
                Op::Malloc(thread, size) => {
                    if let Ok(Some(payload)) = cache.malloc(&mut memory, thread, size) {
                        handed_out.push(payload);
                    }
                }
                Op::Free(thread, index) if !handed_out.is_empty() => {
                    let payload = handed_out.remove(index % handed_out.len());
                    let _ = cache.free(&mut memory, thread, payload);
                }
                Op::Free(..) => {}
                Op::Flush(thread) => {
                    let _ = cache.flush_thread(&mut memory, thread);
                }
                Op::BadFree(thread, offset) => {
                    let _ = cache.free(&mut memory, thread, BASE + offset);
                }
            }
            let _ = cache.blocks(&memory);
            let _ = cache.free_structures(&memory);
        }
    }
}
