use super::*;
use crate::memory::VecMemory;

const BASE: u32 = 0x1_0000;
const KIB: u32 = 1024;

fn heap(settings: Settings) -> (BuddySystem, VecMemory) {
    (
        BuddySystem::new(settings).unwrap(),
        VecMemory::new(BASE, 1 << 24),
    )
}

/// The textbook's heap: one 256 KiB segment, 8-byte header and alignment, 16-byte blocks at
/// the smallest. Orders 4 to 18 make 15 head words (60 bytes), padded to 64: the segment
/// starts at BASE + 0x40.
fn textbook() -> (BuddySystem, VecMemory) {
    heap(Settings {
        segment_size: 256 * KIB,
        ..Settings::default()
    })
}

fn node(addr: u32, size: u32, depth: u32, state: BuddyState) -> BuddyNode {
    BuddyNode {
        addr,
        size,
        depth,
        state,
    }
}

/// The free lists as (order, block addresses head first), leaving out empty ones.
fn nonempty_lists(buddy: &BuddySystem, memory: &VecMemory) -> Vec<(String, Vec<u32>)> {
    buddy
        .free_structures(memory)
        .unwrap()
        .lists
        .into_iter()
        .filter(|list| !list.entries.is_empty())
        .map(|list| (list.label, list.entries.iter().map(|e| e.addr).collect()))
        .collect()
}

/// A 21 KiB request: 21504 + 8 header bytes round up to a 32 KiB block (order 15), cut
/// from the 256 KiB segment by splitting 256 into 128 + 128, 128 into 64 + 64 and 64 into
/// 32 + 32; the program gets the lowest 32 KiB, the three upper halves wait on their lists.
#[test]
fn the_textbook_example_splits_256_down_to_32() {
    let (mut buddy, mut memory) = textbook();
    let segment = BASE + 0x40;
    let payload = buddy.malloc(&mut memory, 0, 21 * KIB).unwrap().unwrap();
    assert_eq!(payload, segment + 8);
    assert_eq!(memory.read_u32(segment), ALLOCATED_TAG | 15);
    assert_eq!(
        buddy.free_structures(&memory).unwrap().buddy_tree,
        vec![
            node(segment, 256 * KIB, 0, BuddyState::Split),
            node(segment, 128 * KIB, 1, BuddyState::Split),
            node(segment, 64 * KIB, 2, BuddyState::Split),
            node(segment, 32 * KIB, 3, BuddyState::Allocated),
            node(segment + 32 * KIB, 32 * KIB, 3, BuddyState::Free),
            node(segment + 64 * KIB, 64 * KIB, 2, BuddyState::Free),
            node(segment + 128 * KIB, 128 * KIB, 1, BuddyState::Free),
        ]
    );
    assert_eq!(
        nonempty_lists(&buddy, &memory),
        vec![
            (
                "order 15: 32768 bytes".to_string(),
                vec![segment + 32 * KIB]
            ),
            (
                "order 16: 65536 bytes".to_string(),
                vec![segment + 64 * KIB]
            ),
            (
                "order 17: 131072 bytes".to_string(),
                vec![segment + 128 * KIB]
            ),
        ]
    );
    // The order-15 head word is the 12th (orders 4..=15) at BASE + 11 * 4.
    assert_eq!(memory.read_u32(BASE + 44), segment + 32 * KIB);
    let metrics = buddy.metrics(&memory).unwrap();
    // 32768 − 21504 = 11264 bytes (11 KiB) of the block are header and rounding.
    assert_eq!(metrics.internal_fragmentation, 11 * KIB as u64);
    // Lists of orders 15, 16, 17 were empty; the order-18 list had the segment.
    assert_eq!(metrics.last_searched, 4);
}

#[test]
fn freeing_the_textbook_block_merges_back_to_one_segment() {
    let (mut buddy, mut memory) = textbook();
    let segment = BASE + 0x40;
    let payload = buddy.malloc(&mut memory, 0, 21 * KIB).unwrap().unwrap();
    buddy.free(&mut memory, 0, payload).unwrap();
    assert_eq!(
        buddy.free_structures(&memory).unwrap().buddy_tree,
        vec![node(segment, 256 * KIB, 0, BuddyState::Free)]
    );
    assert_eq!(
        nonempty_lists(&buddy, &memory),
        vec![("order 18: 262144 bytes".to_string(), vec![segment])]
    );
    assert_eq!(
        memory.read_u32(segment),
        18,
        "a free header word: the order alone"
    );
    // Merged with the buddies of orders 15, 16 and 17.
    assert_eq!(buddy.metrics(&memory).unwrap().last_searched, 3);
}

/// Default settings (4 KiB segments, orders 4 to 12): nine head words (36 bytes) and 4
/// bytes of padding put the segment at BASE + 40.
const FIRST: u32 = BASE + 40;

#[test]
fn split_off_halves_carry_headers_and_links_in_the_heap() {
    let (mut buddy, mut memory) = heap(Settings::default());
    let a = buddy.malloc(&mut memory, 0, 1).unwrap().unwrap();
    assert_eq!(a, FIRST + 8);
    assert_eq!(
        memory.read_u32(FIRST),
        0x104,
        "allocated, order 4 (16 bytes)"
    );
    // The upper halves: 16 bytes at +16, 32 at +32, ..., 2048 at +2048, one per list.
    for order in 4..12 {
        let half = FIRST + (1 << order);
        assert_eq!(memory.read_u32(half), order, "free header of order {order}");
        assert_eq!(memory.read_u32(half + 8), 0, "no next");
        assert_eq!(memory.read_u32(half + 12), 0, "no prev");
        assert_eq!(
            memory.read_u32(BASE + 4 * (order - 4)),
            half,
            "head of {order}"
        );
    }
    assert_eq!(memory.read_u32(BASE + 32), 0, "the order-12 list is empty");
    let blocks = buddy.blocks(&memory).unwrap();
    assert_eq!(
        blocks[0].state,
        BlockState::Internal {
            what: "free-list heads"
        }
    );
    assert_eq!((blocks[0].addr, blocks[0].size), (BASE, 36));
    assert_eq!((blocks[1].addr, blocks[1].size), (BASE + 36, 4));
    assert_eq!(blocks[2].payload, a);
    assert_eq!(blocks.len(), 2 + 1 + 8);
}

#[test]
fn lists_are_stacks_and_malloc_takes_the_head() {
    let (mut buddy, mut memory) = heap(Settings::default());
    // Four 16-byte blocks side by side: a and b are buddies, c and d are buddies.
    let [a, b, c, d] = [0; 4].map(|_| buddy.malloc(&mut memory, 0, 8).unwrap().unwrap());
    assert_eq!(
        [a, b, c, d],
        [FIRST + 8, FIRST + 24, FIRST + 40, FIRST + 56]
    );
    buddy.free(&mut memory, 0, a).unwrap();
    buddy.free(&mut memory, 0, c).unwrap();
    let order4 = &buddy.free_structures(&memory).unwrap().lists[0];
    assert_eq!(order4.head_addr, Some(BASE));
    assert_eq!(
        order4.entries,
        vec![
            FreeEntry {
                addr: c - 8,
                size: 16,
                next: Some(a - 8),
                prev: None
            },
            FreeEntry {
                addr: a - 8,
                size: 16,
                next: None,
                prev: Some(c - 8)
            },
        ]
    );
    assert_eq!(buddy.malloc(&mut memory, 0, 8).unwrap(), Some(c));
    let _ = (b, d);
}

#[test]
fn a_merge_stops_at_an_allocated_buddy() {
    let (mut buddy, mut memory) = heap(Settings::default());
    let a = buddy.malloc(&mut memory, 0, 8).unwrap().unwrap();
    let b = buddy.malloc(&mut memory, 0, 8).unwrap().unwrap();
    buddy.free(&mut memory, 0, a).unwrap();
    assert_eq!(buddy.metrics(&memory).unwrap().last_searched, 1);
    assert_eq!(memory.read_u32(FIRST), 4, "a stays a free 16-byte block");
    buddy.free(&mut memory, 0, b).unwrap();
    // b merges with a (16 → 32), then with the halves of 32, 64, ... 2048 bytes: 8 buddies.
    assert_eq!(buddy.metrics(&memory).unwrap().last_searched, 8);
    assert_eq!(memory.read_u32(FIRST), 12);
}

#[test]
fn payloads_are_aligned_for_every_alignment_and_heap_start() {
    for alignment in [4, 8, 16] {
        for start in [0x1000, 0x1004, 0x100c] {
            let mut buddy = BuddySystem::new(Settings::for_alignment(alignment)).unwrap();
            let mut memory = VecMemory::new(start, 1 << 20);
            for request in [0, 1, 3, 7, 17, 33, 100, 1000] {
                let payload = buddy.malloc(&mut memory, 0, request).unwrap().unwrap();
                assert_eq!(payload % alignment, 0, "{alignment} {start:#x} {request}");
            }
        }
    }
}

#[test]
fn the_heap_grows_by_segments_and_stops_at_its_limit() {
    let mut buddy = BuddySystem::new(Settings::default()).unwrap();
    let mut memory = VecMemory::new(BASE, 40 + 2 * 4096);
    assert!(buddy.blocks(&memory).unwrap().is_empty(), "no heap yet");
    // 4000 + 8 rounds up to 4096: a whole segment each.
    let a = buddy.malloc(&mut memory, 0, 4000).unwrap();
    let b = buddy.malloc(&mut memory, 0, 4000).unwrap();
    assert_eq!((a, b), (Some(FIRST + 8), Some(FIRST + 4096 + 8)));
    assert_eq!(buddy.malloc(&mut memory, 0, 1).unwrap(), None, "heap full");
    assert_eq!(memory.brk(), BASE + 40 + 8192);
    buddy.free(&mut memory, 0, a.unwrap()).unwrap();
    assert_eq!(buddy.malloc(&mut memory, 0, 1).unwrap(), Some(FIRST + 8));
}

#[test]
fn requests_bigger_than_a_segment_fail_without_growing() {
    let (mut buddy, mut memory) = heap(Settings::default());
    // 4089 + 8 = 4097 needs an 8 KiB block: more than a segment.
    assert_eq!(buddy.malloc(&mut memory, 0, 4089).unwrap(), None);
    assert_eq!(buddy.malloc(&mut memory, 0, u32::MAX).unwrap(), None);
    assert_eq!(buddy.malloc(&mut memory, 0, u32::MAX - 7).unwrap(), None);
    assert_eq!(memory.brk(), BASE);
    assert_eq!(buddy.malloc(&mut memory, 0, 4088).unwrap(), Some(FIRST + 8));
}

#[test]
fn several_initial_segments_are_listed_lowest_first() {
    let (mut buddy, mut memory) = heap(Settings {
        initial_segments: 3,
        ..Settings::default()
    });
    let a = buddy.malloc(&mut memory, 0, 4000).unwrap().unwrap();
    assert_eq!(a, FIRST + 8);
    assert_eq!(memory.brk(), FIRST + 3 * 4096);
    assert_eq!(
        nonempty_lists(&buddy, &memory),
        vec![(
            "order 12: 4096 bytes".to_string(),
            vec![FIRST + 4096, FIRST + 8192]
        )]
    );
}

#[test]
fn bad_frees_are_named_and_change_nothing() {
    let (mut buddy, mut memory) = heap(Settings::default());
    assert_eq!(
        buddy.free(&mut memory, 0, BASE),
        Err(FreeError::NotInHeap { addr: BASE }),
        "no heap yet"
    );
    let a = buddy.malloc(&mut memory, 0, 16).unwrap().unwrap();
    let before = memory.bytes().to_vec();
    assert_eq!(
        buddy.free(&mut memory, 0, 0x10),
        Err(FreeError::NotInHeap { addr: 0x10 })
    );
    assert_eq!(
        buddy.free(&mut memory, 0, a + 4),
        Err(FreeError::Interior {
            addr: a + 4,
            block: a - 8,
            payload: a
        })
    );
    assert_eq!(
        buddy.free(&mut memory, 0, BASE + 4),
        Err(FreeError::NotABlock { addr: BASE + 4 }),
        "a list head"
    );
    assert_eq!(
        buddy.free(&mut memory, 0, a - 4),
        Err(FreeError::NotABlock { addr: a - 4 }),
        "a's header"
    );
    // The free 32-byte block split off after a: not a block malloc returned.
    assert_eq!(
        buddy.free(&mut memory, 0, FIRST + 32 + 8),
        Err(FreeError::DoubleFree { addr: FIRST + 40 })
    );
    assert_eq!(memory.bytes(), &before[..]);
    buddy.free(&mut memory, 0, a).unwrap();
    let after_free = memory.bytes().to_vec();
    assert_eq!(
        buddy.free(&mut memory, 0, a),
        Err(FreeError::DoubleFree { addr: a })
    );
    assert_eq!(memory.bytes(), &after_free[..]);
}

#[test]
fn an_overwritten_header_is_reported_and_nothing_changes() {
    let (mut buddy, mut memory) = heap(Settings::default());
    let a = buddy.malloc(&mut memory, 0, 8).unwrap().unwrap();
    let b = buddy.malloc(&mut memory, 0, 8).unwrap().unwrap();
    // The program writes 8 bytes past a's payload, over b's header.
    memory.write_u32(b - 8, 0xdead_beef);
    let before = memory.bytes().to_vec();
    let damage = Corruption {
        addr: b - 8,
        word: 0xdead_beef,
    };
    assert_eq!(
        buddy.free(&mut memory, 0, b),
        Err(FreeError::Corrupted(damage))
    );
    // Freeing a looks at its buddy, b: the same damage.
    assert_eq!(
        buddy.free(&mut memory, 0, a),
        Err(FreeError::Corrupted(damage))
    );
    assert_eq!(memory.bytes(), &before[..]);
    assert_eq!(buddy.blocks(&memory), Err(damage));
    assert!(buddy.free_structures(&memory).is_err());
    assert_eq!(
        buddy.free(&mut memory, 0, b + 4),
        Err(FreeError::Corrupted(damage)),
        "diagnosing walks into it too"
    );
}

#[test]
fn a_damaged_link_is_reported_before_anything_is_written() {
    let (mut buddy, mut memory) = heap(Settings::default());
    let a = buddy.malloc(&mut memory, 0, 8).unwrap().unwrap();
    let b = buddy.malloc(&mut memory, 0, 8).unwrap().unwrap();
    buddy.free(&mut memory, 0, b).unwrap();
    // A use after free: the program writes into b's payload, its next link.
    memory.write_u32(b, 0x4141_4141);
    let before = memory.bytes().to_vec();
    assert_eq!(
        buddy.free(&mut memory, 0, a),
        Err(FreeError::Corrupted(Corruption {
            addr: b,
            word: 0x4141_4141
        }))
    );
    assert_eq!(memory.bytes(), &before[..]);
    assert!(buddy.malloc(&mut memory, 0, 8).is_err(), "malloc pops b");
    assert_eq!(memory.bytes(), &before[..]);
}

#[test]
fn a_damaged_list_head_and_a_looping_list_are_reported() {
    let (mut buddy, mut memory) = heap(Settings::default());
    let a = buddy.malloc(&mut memory, 0, 8).unwrap().unwrap();
    // The order-4 list holds the block at FIRST + 16; make it point at itself.
    memory.write_u32(FIRST + 16 + 8, FIRST + 16);
    assert!(buddy.free_structures(&memory).is_err(), "the list loops");
    memory.write_u32(BASE, 0x0bad_0000);
    assert_eq!(
        buddy.malloc(&mut memory, 0, 8),
        Err(Corruption {
            addr: BASE,
            word: 0x0bad_0000
        })
    );
    let _ = a;
}

#[test]
fn settings_are_checked_by_name() {
    let refused = |settings: Settings| BuddySystem::new(settings).unwrap_err().setting;
    let default = Settings::default;
    for (settings, name) in [
        (
            Settings {
                alignment: 6,
                ..default()
            },
            "alignment",
        ),
        (
            Settings {
                header_size: 6,
                ..default()
            },
            "header size",
        ),
        (
            Settings {
                header_size: 4,
                ..default()
            },
            "header size",
        ),
        (
            Settings {
                min_block: 24,
                ..default()
            },
            "minimum block",
        ),
        (
            Settings {
                min_block: 8,
                ..default()
            },
            "minimum block",
        ),
        (
            Settings {
                segment_size: 1000,
                ..default()
            },
            "segment size",
        ),
        (
            Settings {
                segment_size: 8,
                ..default()
            },
            "segment size",
        ),
        (
            Settings {
                initial_segments: 0,
                ..default()
            },
            "initial segments",
        ),
        (
            Settings {
                segment_size: 1 << 31,
                initial_segments: 2,
                ..default()
            },
            "initial segments",
        ),
        (
            Settings {
                header_size: u32::MAX - 3,
                ..default()
            },
            "header size",
        ),
        (Settings::for_alignment(u32::MAX), "alignment"),
    ] {
        assert_eq!(refused(settings.clone()), name, "{settings:?}");
    }
    for alignment in [4, 8, 16] {
        Settings::for_alignment(alignment).validate().unwrap();
    }
    assert_eq!(Settings::for_alignment(16).min_block, 32);
    assert_eq!(Settings::for_alignment(4).min_block, 16);
}

#[test]
fn the_order_of_a_request() {
    let settings = Settings::default();
    // size + 8 header bytes, at least 16, rounded up to a power of two.
    assert_eq!(settings.order_for(0), Some(4));
    assert_eq!(settings.order_for(8), Some(4));
    assert_eq!(settings.order_for(9), Some(5));
    assert_eq!(settings.order_for(100), Some(7));
    assert_eq!(settings.order_for(4088), Some(12));
    assert_eq!(settings.order_for(4089), None);
    assert_eq!(settings.order_for(u32::MAX), None);
}

#[test]
fn metrics_follow_the_operations() {
    let (mut buddy, mut memory) = heap(Settings::default());
    let a = buddy.malloc(&mut memory, 0, 10).unwrap().unwrap();
    let _b = buddy.malloc(&mut memory, 0, 100).unwrap().unwrap();
    let metrics = buddy.metrics(&memory).unwrap();
    // 10 → 32-byte block (22 wasted), 100 → 128-byte block (28 wasted).
    assert_eq!(metrics.internal_fragmentation, 50);
    assert_eq!(metrics.heap_size, 40 + 4096);
    buddy.free(&mut memory, 0, a).unwrap();
    let metrics = buddy.metrics(&memory).unwrap();
    assert_eq!((metrics.live_requested, metrics.peak_requested), (100, 110));
    let allocated: Vec<_> = buddy
        .blocks(&memory)
        .unwrap()
        .into_iter()
        .filter(BlockInfo::is_allocated)
        .collect();
    assert_eq!(allocated.len(), 1);
    assert_eq!(allocated[0].requested, Some(100));
    assert_eq!(allocated[0].allocation_id, Some(1));
}

#[test]
fn bytes_someone_else_took_from_sbrk_are_left_alone() {
    let (mut buddy, mut memory) = heap(Settings::default());
    buddy.malloc(&mut memory, 0, 4000).unwrap().unwrap();
    // Another user of the break takes 100 bytes after the first segment.
    memory.sbrk(100).unwrap();
    assert_eq!(
        buddy.malloc(&mut memory, 0, 4000).unwrap(),
        None,
        "a new segment would not follow the last one"
    );
    let blocks = buddy.blocks(&memory).unwrap();
    let last = blocks.last().unwrap();
    assert_eq!(
        last.state,
        BlockState::Internal {
            what: "past the last segment"
        }
    );
    assert_eq!((last.addr, last.size), (FIRST + 4096, 100));
}
