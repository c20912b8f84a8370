use super::*;
use crate::implicit::{self, ImplicitList};
use crate::memory::VecMemory;

const BASE: u32 = 0x1000;

/// The fallback in every example: an implicit list with its defaults (8-byte alignment,
/// footers, a 4096-byte first heap). Its first block starts at 0x1004 (4 bytes of padding so
/// the payload, after a 4-byte header, is 8-aligned), its payload at 0x1008.
fn fallback() -> Box<dyn Allocator> {
    Box::new(ImplicitList::new(implicit::Settings::default()).unwrap())
}

fn pools(settings: Settings) -> (SmallObjectAllocator, VecMemory) {
    (
        SmallObjectAllocator::new(settings, fallback()).unwrap(),
        VecMemory::new(BASE, 1 << 20),
    )
}

/// Two-page examples: chunks of 16 bytes in 64-byte pages. A page of 64 is a fallback block
/// of 64 + 8 (header, footer) = 72 bytes; its 16-byte header leaves room for 3 chunks.
fn tiny_pages() -> Settings {
    Settings {
        max_small: 16,
        chunk_step: 8,
        page_size: 64,
        alignment: 8,
    }
}

fn malloc(pools: &mut SmallObjectAllocator, memory: &mut VecMemory, size: u32) -> u32 {
    pools.malloc(memory, 0, size).unwrap().unwrap()
}

/// Checks the blocks tile the heap and returns them.
fn tiled_blocks(pools: &SmallObjectAllocator, memory: &VecMemory) -> Vec<BlockInfo> {
    let blocks = pools.blocks(memory).unwrap();
    let mut at = memory.heap_start();
    for block in &blocks {
        assert_eq!(block.addr, at, "blocks leave no gap and do not overlap");
        at = block.end();
    }
    assert_eq!(at, memory.brk());
    blocks
}

fn page_header(memory: &VecMemory, page: u32) -> [u32; 4] {
    [0, 4, 8, 12].map(|offset| memory.read_u32(page + offset))
}

#[test]
fn three_small_requests_take_consecutive_chunks_of_one_page() {
    let (mut pools, mut memory) = pools(Settings::default());
    let got: Vec<u32> = (0..3).map(|_| malloc(&mut pools, &mut memory, 8)).collect();
    // The page is the fallback's first payload, 0x1008; its header takes 16 bytes, so the
    // chunks start at 0x1018, 8 bytes apart. (1024 - 16) / 8 = 126 chunks.
    assert_eq!(got, vec![0x1018, 0x1020, 0x1028]);
    // chunk size, chunk count, first free index, free count.
    assert_eq!(page_header(&memory, 0x1008), [8, 126, 3, 123]);
    // The untouched free chunks still hold their successor's index.
    assert_eq!(memory.read_u32(0x1030), 4);
}

#[test]
fn freed_chunks_are_reused_last_freed_first() {
    let (mut pools, mut memory) = pools(Settings::default());
    let [a, b, c] = [0; 3].map(|_| malloc(&mut pools, &mut memory, 5));
    pools.free(&mut memory, 0, b).unwrap();
    pools.free(&mut memory, 0, a).unwrap();
    // Chain: a (index 0) -> b (index 1) -> index 3, the first never used.
    assert_eq!(page_header(&memory, 0x1008)[2..], [0, 125]);
    assert_eq!(memory.read_u32(a), 1);
    assert_eq!(memory.read_u32(b), 3);
    let again = [0; 3].map(|_| malloc(&mut pools, &mut memory, 7));
    assert_eq!(again, [a, b, c + 8]);
}

#[test]
fn blocks_show_the_page_as_header_chunks_and_slack() {
    let (mut pools, mut memory) = pools(Settings::default());
    let a = malloc(&mut pools, &mut memory, 6);
    let blocks = tiled_blocks(&pools, &memory);
    // Padding (0x1000, 4); the page's block at 0x1004 (1024 + 8 = 1032 bytes): header
    // words and the fallback's header, 0x1004..0x1018 = 20 bytes; 126 chunks of 8 up to
    // 0x1408; slack 0x1408..0x140c (the fallback's footer); the rest of the heap free
    // (4096 - 4 - 1032 - 4 = 3056 bytes); the epilogue.
    assert_eq!(blocks.len(), 1 + 1 + 126 + 1 + 1 + 1);
    assert_eq!(
        blocks[1].state,
        BlockState::Internal {
            what: "pool page header"
        }
    );
    assert_eq!((blocks[1].addr, blocks[1].size), (0x1004, 20));
    assert_eq!(blocks[2].addr, a);
    assert_eq!(
        (blocks[2].requested, blocks[2].allocation_id),
        (Some(6), Some(0))
    );
    assert!(blocks[3].is_free());
    let slack = &blocks[128];
    assert_eq!((slack.addr, slack.size), (0x1408, 4));
    assert_eq!(
        slack.state,
        BlockState::Internal {
            what: "pool page slack"
        }
    );
    assert_eq!((blocks[129].size, blocks[129].is_free()), (3056, true));
}

#[test]
fn large_requests_pass_through_to_the_fallback() {
    let (mut pools, mut memory) = pools(Settings::default());
    let big = malloc(&mut pools, &mut memory, 65);
    // The fallback's first block: 65 + 8 rounded up to 80 bytes, payload 0x1008.
    assert_eq!(big, 0x1008);
    assert_eq!(memory.read_u32(0x1004), 80 | 1);
    let blocks = tiled_blocks(&pools, &memory);
    assert_eq!(blocks[1].requested, Some(65));
    assert!(pools.free_structures(&memory).unwrap().pools.is_empty());
    pools.free(&mut memory, 0, big).unwrap();
    assert_eq!(memory.read_u32(0x1004), 4096 - 8);
}

#[test]
fn an_emptied_page_is_kept_and_a_second_one_returned() {
    let (mut pools, mut memory) = pools(tiny_pages());
    // Page one at 0x1008 (block 0x1004..0x104c), chunks 0x1018, 0x1028, 0x1038; page two
    // at 0x1050 (block 0x104c..0x1094), first chunk 0x1060.
    let first_page: Vec<u32> = (0..3)
        .map(|_| malloc(&mut pools, &mut memory, 16))
        .collect();
    assert_eq!(first_page, vec![0x1018, 0x1028, 0x1038]);
    let lone = malloc(&mut pools, &mut memory, 9);
    assert_eq!(lone, 0x1060);
    pools.free(&mut memory, 0, lone).unwrap();
    let structures = pools.free_structures(&memory).unwrap();
    assert_eq!(
        structures.pools[0].pages.len(),
        2,
        "the emptied page is kept"
    );
    for chunk in first_page {
        pools.free(&mut memory, 0, chunk).unwrap();
    }
    let structures = pools.free_structures(&memory).unwrap();
    let pages: Vec<u32> = structures.pools[0].pages.iter().map(|p| p.addr).collect();
    assert_eq!(pages, vec![0x1050], "the second emptied page went back");
    // The fallback's block at 0x1004 is free again: 72 bytes.
    assert_eq!(memory.read_u32(0x1004), 72);
    tiled_blocks(&pools, &memory);
}

#[test]
fn malloc_counts_the_pages_it_looks_at() {
    let (mut pools, mut memory) = pools(tiny_pages());
    let chunks: Vec<u32> = (0..6)
        .map(|_| malloc(&mut pools, &mut memory, 16))
        .collect();
    // The sixth filled page two; the last page allocated from had room: 1 page looked at.
    assert_eq!(pools.ledger().last_searched, 1);
    pools.free(&mut memory, 0, chunks[1]).unwrap();
    // Page two (the last allocated from) is full, then page one has the freed chunk.
    assert_eq!(malloc(&mut pools, &mut memory, 16), chunks[1]);
    assert_eq!(pools.ledger().last_searched, 2);
    // Both full: both looked at, then a new page (0x1098, first chunk 0x10a8).
    assert_eq!(malloc(&mut pools, &mut memory, 16), 0x10a8);
    assert_eq!(pools.ledger().last_searched, 2);
}

#[test]
fn free_searches_outward_from_the_page_freed_into_last() {
    let (mut pools, mut memory) = pools(tiny_pages());
    let chunks: Vec<u32> = (0..9)
        .map(|_| malloc(&mut pools, &mut memory, 16))
        .collect();
    let looked_at = |pools: &mut SmallObjectAllocator, memory: &mut VecMemory, chunk| {
        pools.free(memory, 0, chunk).unwrap();
        pools.ledger().last_searched
    };
    // Nothing freed yet: from page 0 up, 0, 1, 2.
    assert_eq!(looked_at(&mut pools, &mut memory, chunks[8]), 3);
    // From page 2: 2, (3 is none), 1, 0.
    assert_eq!(looked_at(&mut pools, &mut memory, chunks[0]), 3);
    // From page 0: 0.
    assert_eq!(looked_at(&mut pools, &mut memory, chunks[1]), 1);
    // From page 0: 0, 1.
    assert_eq!(looked_at(&mut pools, &mut memory, chunks[4]), 2);
}

#[test]
fn vicinity_alternates_up_and_down() {
    assert_eq!(vicinity(2, 5).collect::<Vec<_>>(), vec![2, 3, 1, 4, 0]);
    assert_eq!(vicinity(0, 3).collect::<Vec<_>>(), vec![0, 1, 2]);
    assert_eq!(vicinity(2, 3).collect::<Vec<_>>(), vec![2, 1, 0]);
    assert_eq!(vicinity(0, 0).count(), 0);
    // Against the order spelled out: the start, then one up and one down per distance.
    for len in 0usize..9 {
        for start in 0..len.max(1) {
            let mut spelled_out = vec![];
            for distance in 0..len {
                spelled_out.extend(start.checked_sub(distance).filter(|&i| i < len));
                spelled_out.extend(Some(start + 1 + distance).filter(|&i| i < len));
            }
            assert_eq!(vicinity(start, len).collect::<Vec<_>>(), spelled_out);
        }
    }
}

#[test]
fn bad_frees_are_named_and_change_nothing() {
    let (mut pools, mut memory) = pools(Settings::default());
    let a = malloc(&mut pools, &mut memory, 8);
    let b = malloc(&mut pools, &mut memory, 8);
    pools.free(&mut memory, 0, b).unwrap();
    let before = memory.bytes().to_vec();
    let cases = [
        (0x10, FreeError::NotInHeap { addr: 0x10 }),
        (0x1008, FreeError::NotABlock { addr: 0x1008 }),
        (0x1004, FreeError::NotABlock { addr: 0x1004 }),
        (0x1408, FreeError::NotABlock { addr: 0x1408 }),
        (
            a + 4,
            FreeError::Interior {
                addr: a + 4,
                block: a,
                payload: a,
            },
        ),
        (b, FreeError::DoubleFree { addr: b }),
        // A chunk never handed out is on the free list: freeing it is a double free too.
        (0x1030, FreeError::DoubleFree { addr: 0x1030 }),
    ];
    for (pointer, expected) in cases {
        assert_eq!(pools.free(&mut memory, 0, pointer), Err(expected));
        assert_eq!(memory.bytes(), &before[..]);
    }
}

#[test]
fn an_overwritten_chunk_index_is_reported_not_followed() {
    let (mut pools, mut memory) = pools(Settings::default());
    let a = malloc(&mut pools, &mut memory, 8);
    // The program writes past `a` into the next (free) chunk, whose word is its link.
    memory.write_u32(a + 8, 500);
    let corruption = Corruption {
        addr: a + 8,
        word: 500,
    };
    assert_eq!(pools.malloc(&mut memory, 0, 8), Err(corruption));
    assert_eq!(pools.blocks(&memory), Err(corruption));
}

#[test]
fn an_overwritten_page_header_is_reported() {
    let (mut pools, mut memory) = pools(Settings::default());
    let a = malloc(&mut pools, &mut memory, 8);
    memory.write_u32(0x1008 + 12, 9999);
    let corruption = Corruption {
        addr: 0x1008 + 12,
        word: 9999,
    };
    assert_eq!(
        pools.free(&mut memory, 0, a),
        Err(FreeError::Corrupted(corruption))
    );
    assert_eq!(pools.malloc(&mut memory, 0, 8), Err(corruption));
}

#[test]
fn a_full_heap_gives_null() {
    let mut pools = SmallObjectAllocator::new(Settings::default(), fallback()).unwrap();
    // The fallback cannot even make its first 4096-byte heap.
    let mut memory = VecMemory::new(BASE, 2048);
    assert_eq!(pools.malloc(&mut memory, 0, 8), Ok(None));
    assert_eq!(pools.malloc(&mut memory, 0, u32::MAX), Ok(None));
    assert!(tiled_blocks(&pools, &memory).is_empty());
}

#[test]
fn free_structures_list_pools_and_chains() {
    let (mut pools, mut memory) = pools(tiny_pages());
    let a = malloc(&mut pools, &mut memory, 3);
    let b = malloc(&mut pools, &mut memory, 12);
    let structures = pools.free_structures(&memory).unwrap();
    // One pool of 8-byte chunks (a), one of 16-byte chunks (b); 64-byte pages hold
    // (64 - 16) / 8 = 6 and 3 chunks.
    let sizes: Vec<u32> = structures.pools.iter().map(|p| p.chunk_size).collect();
    assert_eq!(sizes, vec![8, 16]);
    let page = &structures.pools[0].pages[0];
    assert_eq!((page.addr, page.first_chunk, page.chunks), (0x1008, a, 6));
    assert_eq!(page.free_chain, vec![a + 8, a + 16, a + 24, a + 32, a + 40]);
    assert_eq!(
        structures.pools[1].pages[0].free_chain,
        vec![b + 16, b + 32]
    );
}

#[test]
fn settings_are_checked_by_name() {
    let refused = |settings: Settings| {
        SmallObjectAllocator::new(settings, fallback())
            .unwrap_err()
            .setting
    };
    let cases = [
        (
            Settings {
                alignment: 12,
                ..Settings::default()
            },
            "alignment",
        ),
        (
            Settings {
                chunk_step: 12,
                ..Settings::default()
            },
            "chunk step",
        ),
        (
            Settings {
                chunk_step: 0,
                ..Settings::default()
            },
            "chunk step",
        ),
        (
            Settings {
                max_small: 0,
                ..Settings::default()
            },
            "largest small request",
        ),
        (
            Settings {
                page_size: 64,
                ..Settings::default()
            },
            "page size",
        ),
        (
            Settings {
                page_size: 1026,
                ..Settings::default()
            },
            "page size",
        ),
    ];
    for (settings, name) in cases {
        assert_eq!(refused(settings), name);
    }
    assert!(Settings::default().validate().is_ok());
}

#[test]
fn extreme_settings_are_refused_without_panicking() {
    let extremes = [0, 1, 4, 8, 16, 1 << 15, 1 << 16, u32::MAX - 7, u32::MAX];
    for max_small in extremes {
        for chunk_step in extremes {
            for page_size in extremes {
                let settings = Settings {
                    max_small,
                    chunk_step,
                    page_size,
                    alignment: 8,
                };
                if settings.validate().is_ok() {
                    let (mut pools, mut memory) = pools(settings);
                    let _ = pools.malloc(&mut memory, 0, max_small);
                    tiled_blocks(&pools, &memory);
                }
            }
        }
    }
}
