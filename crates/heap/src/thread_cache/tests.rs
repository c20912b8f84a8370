use super::*;
use crate::implicit::{self, ImplicitList};
use crate::memory::VecMemory;

const BASE: u32 = 0x1000;

/// The shared allocator in every example: an implicit list with its defaults (8-byte
/// alignment, header and footer, first block at 0x1004 with its payload at 0x1008).
fn shared() -> Box<dyn Allocator> {
    Box::new(ImplicitList::new(implicit::Settings::default()).unwrap())
}

fn cache(settings: Settings) -> (ThreadCache, VecMemory) {
    (
        ThreadCache::new(settings, shared()).unwrap(),
        VecMemory::new(BASE, 1 << 20),
    )
}

fn malloc(cache: &mut ThreadCache, memory: &mut VecMemory, thread: ThreadId, size: u32) -> u32 {
    cache.malloc(memory, thread, size).unwrap().unwrap()
}

fn tiled_blocks(cache: &ThreadCache, memory: &VecMemory) -> Vec<BlockInfo> {
    let blocks = cache.blocks(memory).unwrap();
    let mut at = memory.heap_start();
    for block in &blocks {
        assert_eq!(block.addr, at, "blocks leave no gap and do not overlap");
        at = block.end();
    }
    assert_eq!(at, memory.brk());
    blocks
}

fn block_at(blocks: &[BlockInfo], payload: u32) -> &BlockInfo {
    blocks.iter().find(|b| b.payload == payload).unwrap()
}

/// Thread 1's first malloc makes its bin heads: 8 bins * 8 bytes = 64 bytes, a shared block
/// of 72 at 0x1004, heads at 0x1008 (counts 0x1008..0x1028, first blocks 0x1028..0x1048).
/// Requests of 1 to 16 bytes then get 16-byte payloads, blocks of 24: 0x104c, 0x1064, ...
const HEADS: u32 = 0x1008;
const COUNT_0: u32 = HEADS;
const FIRST_0: u32 = HEADS + 32;

#[test]
fn a_freed_block_is_cached_and_reused_by_its_thread() {
    let (mut cache, mut memory) = cache(Settings::default());
    let a = malloc(&mut cache, &mut memory, 1, 10);
    let b = malloc(&mut cache, &mut memory, 1, 16);
    assert_eq!((a, b), (0x1050, 0x1068));
    // Both went to the shared allocator, rounded to the class size: 16 + 8 = 24.
    assert_eq!(memory.read_u32(a - 4), 24 | 1);
    cache.free(&mut memory, 1, a).unwrap();
    cache.free(&mut memory, 1, b).unwrap();
    // Bin 0 holds b -> a -> 0, the links in the payloads' first words.
    assert_eq!(memory.read_u32(COUNT_0), 2);
    assert_eq!(memory.read_u32(FIRST_0), b);
    assert_eq!(memory.read_u32(b), a);
    assert_eq!(memory.read_u32(a), 0);
    // Still allocated as far as the shared allocator knows.
    assert_eq!(memory.read_u32(a - 4), 24 | 1);
    let blocks = tiled_blocks(&cache, &memory);
    assert_eq!(block_at(&blocks, a).state, BlockState::Cached { thread: 1 });
    let heads_block = blocks.iter().find(|b| b.addr == HEADS - 4).unwrap();
    assert_eq!(heads_block.size, 72);
    assert_eq!(
        heads_block.state,
        BlockState::Internal {
            what: "thread cache bins"
        }
    );
    // Any request of 1 to 16 bytes takes the last cached block first.
    assert_eq!(malloc(&mut cache, &mut memory, 1, 3), b);
    assert_eq!(malloc(&mut cache, &mut memory, 1, 16), a);
    assert_eq!(cache.counts(1), ThreadCounts { hits: 2, misses: 2 });
    assert_eq!(cache.ledger().last_searched, 1);
}

#[test]
fn other_threads_and_large_requests_go_to_the_shared_allocator() {
    let (mut cache, mut memory) = cache(Settings::default());
    let a = malloc(&mut cache, &mut memory, 1, 8);
    cache.free(&mut memory, 1, a).unwrap();
    // Thread 2 has its own (empty) bins: a miss, the shared allocator's next block after
    // thread 2's heads (0x104c + 24 = 0x1064, 72 bytes) at 0x10ac.
    let b = malloc(&mut cache, &mut memory, 2, 8);
    assert_eq!(b, 0x10b0);
    assert_eq!(cache.counts(2), ThreadCounts { hits: 0, misses: 1 });
    // 129 bytes is beyond the 8 bins of 16: not rounded, never cached.
    let big = malloc(&mut cache, &mut memory, 1, 129);
    assert_eq!(memory.read_u32(big - 4), 144 | 1);
    cache.free(&mut memory, 1, big).unwrap();
    assert_eq!(
        memory.read_u32(big - 4) & 1,
        0,
        "freed in the shared allocator"
    );
}

#[test]
fn a_block_freed_by_another_thread_goes_to_that_threads_cache() {
    let (mut cache, mut memory) = cache(Settings::default());
    let a = malloc(&mut cache, &mut memory, 1, 24);
    let _heads_of_2 = malloc(&mut cache, &mut memory, 2, 200);
    cache.free(&mut memory, 2, a).unwrap();
    let blocks = tiled_blocks(&cache, &memory);
    assert_eq!(block_at(&blocks, a).state, BlockState::Cached { thread: 2 });
    // Thread 1 misses; thread 2 hits.
    assert_ne!(malloc(&mut cache, &mut memory, 1, 24), a);
    assert_eq!(malloc(&mut cache, &mut memory, 2, 20), a);
    // A thread that never called malloc has no cache: its frees go to the shared allocator.
    let c = malloc(&mut cache, &mut memory, 1, 8);
    cache.free(&mut memory, 3, c).unwrap();
    assert_eq!(memory.read_u32(c - 4) & 1, 0);
}

#[test]
fn a_full_bin_sends_the_block_to_the_shared_allocator() {
    let (mut cache, mut memory) = cache(Settings {
        max_per_bin: 2,
        ..Settings::default()
    });
    let blocks: Vec<u32> = (0..3)
        .map(|_| malloc(&mut cache, &mut memory, 1, 8))
        .collect();
    for &block in &blocks {
        cache.free(&mut memory, 1, block).unwrap();
    }
    assert_eq!(memory.read_u32(COUNT_0), 2);
    assert_eq!(memory.read_u32(blocks[2] - 4) & 1, 0, "the third was freed");
}

#[test]
fn flushing_a_thread_returns_everything() {
    let (mut cache, mut memory) = cache(Settings::default());
    let blocks: Vec<u32> = [8, 40, 100]
        .iter()
        .map(|&size| malloc(&mut cache, &mut memory, 1, size))
        .collect();
    for &block in &blocks {
        cache.free(&mut memory, 1, block).unwrap();
    }
    cache.flush_thread(&mut memory, 1).unwrap();
    assert_eq!(cache.ledger().last_searched, 3);
    // Blocks and heads freed; the implicit list merged them into one free block.
    assert_eq!(memory.read_u32(0x1004), 4096 - 8);
    let blocks = tiled_blocks(&cache, &memory);
    assert!(blocks.iter().all(|b| !b.is_allocated()));
    let structures = cache.free_structures(&memory).unwrap();
    assert_eq!(structures.thread_caches[0].hits, 0);
    assert!(
        structures.thread_caches[0]
            .bins
            .iter()
            .all(|b| b.entries.is_empty())
    );
    // The thread may come back: new heads.
    assert_eq!(malloc(&mut cache, &mut memory, 1, 8), 0x1050);
}

#[test]
fn free_structures_show_bins_as_stored() {
    let (mut cache, mut memory) = cache(Settings::default());
    let a = malloc(&mut cache, &mut memory, 1, 8);
    let b = malloc(&mut cache, &mut memory, 1, 8);
    let c = malloc(&mut cache, &mut memory, 1, 20);
    for block in [a, b, c] {
        cache.free(&mut memory, 1, block).unwrap();
    }
    let structures = cache.free_structures(&memory).unwrap();
    let thread = &structures.thread_caches[0];
    assert_eq!(thread.bins.len(), 8);
    let bin = &thread.bins[0];
    assert_eq!(bin.label, "1 to 16 bytes");
    assert_eq!(bin.head_addr, Some(FIRST_0));
    let links: Vec<(u32, Option<u32>)> = bin.entries.iter().map(|e| (e.addr, e.next)).collect();
    assert_eq!(links, vec![(b, Some(a)), (a, None)]);
    assert_eq!(thread.bins[1].label, "17 to 32 bytes");
    assert_eq!(thread.bins[1].entries[0].addr, c);
}

#[test]
fn bad_frees_are_named_and_change_nothing() {
    let (mut cache, mut memory) = cache(Settings::default());
    let a = malloc(&mut cache, &mut memory, 1, 8);
    let b = malloc(&mut cache, &mut memory, 1, 200);
    cache.free(&mut memory, 1, a).unwrap();
    cache.free(&mut memory, 1, b).unwrap();
    let before = memory.bytes().to_vec();
    let cases = [
        (a, FreeError::DoubleFree { addr: a }),
        (b, FreeError::DoubleFree { addr: b }),
        (HEADS, FreeError::NotABlock { addr: HEADS }),
        (HEADS + 8, FreeError::NotABlock { addr: HEADS + 8 }),
        (0x20, FreeError::NotInHeap { addr: 0x20 }),
    ];
    for (pointer, expected) in cases {
        for thread in [1, 2] {
            assert_eq!(
                cache.free(&mut memory, thread, pointer),
                Err(expected.clone())
            );
            assert_eq!(memory.bytes(), &before[..]);
        }
    }
}

#[test]
fn an_overwritten_cache_link_is_reported_not_followed() {
    let (mut cache, mut memory) = cache(Settings::default());
    let a = malloc(&mut cache, &mut memory, 1, 8);
    let b = malloc(&mut cache, &mut memory, 1, 8);
    cache.free(&mut memory, 1, a).unwrap();
    cache.free(&mut memory, 1, b).unwrap();
    // Use after free: the program writes into b, which holds the link to a.
    memory.write_u32(b, 0x4000);
    let corruption = Corruption {
        addr: b,
        word: 0x4000,
    };
    assert_eq!(cache.malloc(&mut memory, 1, 8), Err(corruption));
    assert_eq!(cache.free_structures(&memory), Err(corruption));
    assert_eq!(cache.flush_thread(&mut memory, 1), Err(corruption));
    // An impossible count is refused too.
    memory.write_u32(b, a);
    memory.write_u32(COUNT_0, 8);
    assert_eq!(
        cache.malloc(&mut memory, 1, 8),
        Err(Corruption {
            addr: COUNT_0,
            word: 8
        })
    );
}

#[test]
fn a_full_heap_gives_null_and_no_cache() {
    let mut cache = ThreadCache::new(Settings::default(), shared()).unwrap();
    let mut memory = VecMemory::new(BASE, 1024);
    assert_eq!(cache.malloc(&mut memory, 1, 8), Ok(None));
    assert_eq!(cache.malloc(&mut memory, 1, u32::MAX), Ok(None));
    assert_eq!(cache.counts(1), ThreadCounts { hits: 0, misses: 2 });
    assert!(tiled_blocks(&cache, &memory).is_empty());
}

#[test]
fn settings_are_checked_by_name() {
    let refused = |settings: Settings| ThreadCache::new(settings, shared()).unwrap_err().setting;
    let cases = [
        (
            Settings {
                bin_step: 6,
                ..Settings::default()
            },
            "bin step",
        ),
        (
            Settings {
                bin_step: 0,
                ..Settings::default()
            },
            "bin step",
        ),
        (
            Settings {
                bins: 0,
                ..Settings::default()
            },
            "number of bins",
        ),
        (
            Settings {
                max_per_bin: 1 << 20,
                ..Settings::default()
            },
            "blocks per bin",
        ),
    ];
    for (settings, name) in cases {
        assert_eq!(refused(settings), name);
    }
}

#[test]
fn extreme_settings_are_refused_without_panicking() {
    let extremes = [0, 1, 4, 8, 64, 4096, 65_536, u32::MAX - 3, u32::MAX];
    for bin_step in extremes {
        for bins in extremes {
            for max_per_bin in extremes {
                let settings = Settings {
                    bin_step,
                    bins,
                    max_per_bin,
                };
                if settings.validate().is_ok() {
                    let (mut cache, mut memory) = cache(settings);
                    let a = malloc(&mut cache, &mut memory, 1, 4);
                    cache.free(&mut memory, 1, a).unwrap();
                    tiled_blocks(&cache, &memory);
                }
            }
        }
    }
}

/// The caches in front of the pools in front of the implicit list: each layer's blocks
/// still tile the heap, and a cached chunk is shown as cached.
#[test]
fn caches_compose_with_the_small_object_pools() {
    use crate::small_object::{self, SmallObjectAllocator};
    let pools = SmallObjectAllocator::new(small_object::Settings::default(), shared()).unwrap();
    let mut cache = ThreadCache::new(Settings::default(), Box::new(pools)).unwrap();
    let mut memory = VecMemory::new(BASE, 1 << 20);
    let a = malloc(&mut cache, &mut memory, 1, 8);
    let big = malloc(&mut cache, &mut memory, 1, 100);
    cache.free(&mut memory, 1, a).unwrap();
    let blocks = tiled_blocks(&cache, &memory);
    assert_eq!(block_at(&blocks, a).state, BlockState::Cached { thread: 1 });
    assert_eq!(block_at(&blocks, big).requested, Some(100));
    // The heads (64 bytes) took a chunk of the 64-byte pool; 8 bytes became a 16-byte chunk.
    let structures = cache.free_structures(&memory).unwrap();
    let sizes: Vec<u32> = structures.pools.iter().map(|p| p.chunk_size).collect();
    assert_eq!(sizes, vec![16, 64]);
    assert_eq!(malloc(&mut cache, &mut memory, 1, 1), a);
}
