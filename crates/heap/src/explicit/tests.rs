use super::*;
use crate::BlockState;
use crate::memory::VecMemory;

const BASE: u32 = 0x1000;

fn heap(settings: Settings) -> (ExplicitList, VecMemory) {
    (
        ExplicitList::new(settings).unwrap(),
        VecMemory::new(BASE, 1 << 20),
    )
}

fn malloc(list: &mut ExplicitList, memory: &mut VecMemory, size: u32) -> u32 {
    list.malloc(memory, 0, size).unwrap().unwrap()
}

/// Each list's block addresses, in list order.
fn list_orders(list: &ExplicitList, memory: &VecMemory) -> Vec<Vec<u32>> {
    list.free_structures(memory)
        .unwrap()
        .lists
        .iter()
        .map(|l| l.entries.iter().map(|e| e.addr).collect())
        .collect()
}

fn searched(list: &ExplicitList, memory: &VecMemory) -> u32 {
    list.metrics(memory).unwrap().last_searched
}

/// Six 32-byte blocks (malloc(24): 24 + 8 bytes of header and footer) from the first block
/// at 0x1004 (the head word takes 0x1000..0x1004): 0x1004, 0x1024, ..., 0x10a4, and the rest
/// from 0x10c4. Freeing the 1st, 3rd and 5th leaves three holes between live blocks.
fn three_holes(insertion: Insertion) -> (ExplicitList, VecMemory, Vec<u32>) {
    let (mut list, mut memory) = heap(Settings::explicit(insertion));
    let payloads: Vec<u32> = (0..6).map(|_| malloc(&mut list, &mut memory, 24)).collect();
    assert_eq!(payloads[0], 0x1008);
    assert_eq!(payloads[5], 0x10a8);
    for index in [0, 2, 4] {
        list.free(&mut memory, 0, payloads[index]).unwrap();
    }
    (list, memory, payloads)
}

#[test]
fn lifo_lists_the_last_freed_first_and_reuses_it() {
    let (mut list, mut memory, _) = three_holes(Insertion::Lifo);
    // Freed 0x1004, then 0x1044, then 0x1084, each pushed in front of the rest at 0x10c4.
    assert_eq!(
        list_orders(&list, &memory),
        vec![vec![0x1084, 0x1044, 0x1004, 0x10c4]]
    );
    assert_eq!(memory.read_u32(BASE), 0x1084, "the head word in the heap");
    let structures = list.free_structures(&memory).unwrap();
    let entries = &structures.lists[0].entries;
    assert_eq!(structures.lists[0].head_addr, Some(BASE));
    assert_eq!((entries[0].next, entries[0].prev), (Some(0x1044), None));
    assert_eq!(
        (entries[1].next, entries[1].prev),
        (Some(0x1004), Some(0x1084))
    );
    assert_eq!((entries[3].next, entries[3].prev), (None, Some(0x1004)));
    assert_eq!(malloc(&mut list, &mut memory, 24), 0x1088);
    assert_eq!(searched(&list, &memory), 1);
}

#[test]
fn address_order_lists_by_address_and_reuses_the_lowest() {
    let (mut list, mut memory, _) = three_holes(Insertion::AddressOrdered);
    assert_eq!(
        list_orders(&list, &memory),
        vec![vec![0x1004, 0x1044, 0x1084, 0x10c4]]
    );
    assert_eq!(memory.read_u32(BASE), 0x1004);
    assert_eq!(malloc(&mut list, &mut memory, 24), 0x1008);
    assert_eq!(searched(&list, &memory), 1);
    // Freeing the 6th block (0x10a4) merges the hole at 0x1084 before it and the rest at
    // 0x10c4 after it: 32 + 32 + 3896 = 3960 bytes at 0x1084, placed after 0x1044 (two
    // entries looked at: 0x1044, then 0x1084 which is not below it).
    list.free(&mut memory, 0, 0x10a8).unwrap();
    assert_eq!(searched(&list, &memory), 2);
    assert_eq!(list_orders(&list, &memory), vec![vec![0x1044, 0x1084]]);
    assert_eq!(memory.read_u32(0x1084), 3960);
    let heads = &list.blocks(&memory).unwrap()[0];
    assert_eq!(
        (heads.addr, heads.size, heads.state),
        (
            BASE,
            4,
            BlockState::Internal {
                what: "free list heads"
            }
        )
    );
}

/// Holes of 48, 32 and 64 bytes in that address order (malloc 40, 24, 56), each followed by a
/// live block; a last block fills the heap (256 bytes: 4 of head, 4 of epilogue).
fn holes_48_32_64(fit: Fit) -> (ExplicitList, VecMemory) {
    let (mut list, mut memory) = heap(Settings {
        fit,
        initial_size: 256,
        ..Settings::explicit(Insertion::AddressOrdered)
    });
    let mut holes = Vec::new();
    for size in [40, 24, 56] {
        holes.push(malloc(&mut list, &mut memory, size));
        malloc(&mut list, &mut memory, 8);
    }
    // 48 + 16 + 32 + 16 + 64 + 16 = 192 bytes from 0x1004; 0x10c4..0x10fc is 56 bytes.
    malloc(&mut list, &mut memory, 48);
    assert_eq!(holes, vec![0x1008, 0x1048, 0x1078]);
    for hole in holes {
        list.free(&mut memory, 0, hole).unwrap();
    }
    assert_eq!(
        list_orders(&list, &memory),
        vec![vec![0x1004, 0x1044, 0x1074]]
    );
    (list, memory)
}

#[test]
fn first_best_and_worst_fit_choose_different_holes() {
    // A request of 24 needs 32 bytes: the 48 hole comes first, the 32 hole is the
    // smallest, the 64 hole the largest. First fit stops at the first; the others read all 3.
    for (fit, expected, expected_searched) in [
        (Fit::First, 0x1008, 1),
        (Fit::Best, 0x1048, 3),
        (Fit::Worst, 0x1078, 3),
    ] {
        let (mut list, mut memory) = holes_48_32_64(fit);
        assert_eq!(malloc(&mut list, &mut memory, 24), expected, "{fit:?}");
        assert_eq!(searched(&list, &memory), expected_searched, "{fit:?}");
    }
}

#[test]
fn a_split_block_keeps_its_place_in_the_list() {
    let (mut list, mut memory) = holes_48_32_64(Fit::First);
    malloc(&mut list, &mut memory, 8);
    // The 48 hole at 0x1004 gave its first 16 bytes; the 32 bytes left start at 0x1014.
    assert_eq!(
        list_orders(&list, &memory),
        vec![vec![0x1014, 0x1044, 0x1074]]
    );
}

/// Segregated preset: 10 heads (40 bytes) at 0x1000, 4 bytes of padding, the first block at
/// 0x102c. Blocks of 128 (malloc 120) and 64 (malloc 56) bytes freed between live 16-byte
/// blocks land in the classes "65 to 128" (3) and "33 to 64" (2).
fn segregated_holes() -> (ExplicitList, VecMemory, u32, u32) {
    let (mut list, mut memory) = heap(Settings::segregated());
    let big = malloc(&mut list, &mut memory, 120);
    malloc(&mut list, &mut memory, 8);
    let small = malloc(&mut list, &mut memory, 56);
    malloc(&mut list, &mut memory, 8);
    assert_eq!((big, small), (0x1030, 0x10c0));
    list.free(&mut memory, 0, big).unwrap();
    list.free(&mut memory, 0, small).unwrap();
    (list, memory, big, small)
}

#[test]
fn segregated_requests_search_their_own_class_first() {
    let (mut list, mut memory, big, small) = segregated_holes();
    let lists = list_orders(&list, &memory);
    assert_eq!(lists[2], vec![0x10bc]);
    assert_eq!(lists[3], vec![0x102c]);
    // The rest: 4048 - 224 = 3824 bytes from 0x110c, in "2049 to 4096".
    assert_eq!(lists[8], vec![0x110c]);
    assert_eq!(memory.read_u32(ExplicitList::head_addr(&memory, 3)), 0x102c);
    // 40 bytes need a 48-byte block, class 2: the 64 hole, though the 128 hole is lower.
    assert_eq!(malloc(&mut list, &mut memory, 40), small);
    assert_eq!(searched(&list, &memory), 1);
    // The 16 bytes left over move to class 0.
    assert_eq!(list_orders(&list, &memory)[0], vec![0x10ec]);
    // Class 2 is empty now: the next 40 bytes fall through to class 3.
    assert_eq!(malloc(&mut list, &mut memory, 40), big);
    assert_eq!(
        list_orders(&list, &memory)[3],
        vec![0x105c],
        "80 bytes left"
    );
}

#[test]
fn segregated_views_name_the_classes_and_the_heads() {
    let (list, memory, _, _) = segregated_holes();
    let structures = list.free_structures(&memory).unwrap();
    let labels: Vec<&str> = structures.lists.iter().map(|l| l.label.as_str()).collect();
    assert_eq!(labels[0], "up to 16 bytes");
    assert_eq!(labels[2], "33 to 64 bytes");
    assert_eq!(labels[9], "4097 bytes and more");
    assert_eq!(structures.lists[9].head_addr, Some(BASE + 36));
    let blocks = list.blocks(&memory).unwrap();
    assert_eq!(
        (blocks[0].addr, blocks[0].size, blocks[0].state),
        (
            BASE,
            40,
            BlockState::Internal {
                what: "size-class heads"
            }
        )
    );
    assert_eq!(
        (blocks[1].size, blocks[1].state),
        (
            4,
            BlockState::Internal {
                what: "alignment padding"
            }
        )
    );
    assert_eq!(blocks[2].addr, 0x102c);
}

#[test]
fn freeing_merges_with_both_neighbours_and_unlinks_them() {
    let (mut list, mut memory) = heap(Settings::default());
    let payloads: Vec<u32> = (0..4).map(|_| malloc(&mut list, &mut memory, 24)).collect();
    list.free(&mut memory, 0, payloads[0]).unwrap();
    list.free(&mut memory, 0, payloads[2]).unwrap();
    // Freeing the 2nd merges 0x1004..0x1064 (three 32-byte blocks) and lists it once.
    list.free(&mut memory, 0, payloads[1]).unwrap();
    assert_eq!(list_orders(&list, &memory), vec![vec![0x1004, 0x1084]]);
    assert_eq!(memory.read_u32(0x1004), 96, "header: 96 bytes, free");
    assert_eq!(memory.read_u32(0x1004 + 92), 96, "footer");
    list.free(&mut memory, 0, payloads[3]).unwrap();
    assert_eq!(list_orders(&list, &memory), vec![vec![0x1004]]);
    assert_eq!(memory.read_u32(0x1004), 4096 - 4 - 4);
}

#[test]
fn the_heap_grows_in_steps_merging_a_free_last_block() {
    let settings = Settings {
        initial_size: 256,
        growth_step: 256,
        ..Settings::default()
    };
    let mut list = ExplicitList::new(settings).unwrap();
    let mut memory = VecMemory::new(BASE, 512);
    // 100 + 8 rounds to 112: 0x1004..0x1074; 136 bytes are left before the epilogue at 0x10fc.
    assert_eq!(malloc(&mut list, &mut memory, 100), 0x1008);
    // 200 needs 208: the heap grows by 256, merged with the 136 into 392 bytes at 0x1074.
    assert_eq!(malloc(&mut list, &mut memory, 200), 0x1078);
    assert_eq!(memory.brk(), BASE + 512);
    assert_eq!(list_orders(&list, &memory), vec![vec![0x1074 + 208]]);
    assert_eq!(list.malloc(&mut memory, 0, 1000).unwrap(), None, "full");
    assert_eq!(list.malloc(&mut memory, 0, u32::MAX).unwrap(), None);
    assert_eq!(memory.brk(), BASE + 512, "a failed malloc leaves the heap");
}

#[test]
fn bad_frees_are_named_and_change_nothing() {
    let (mut list, mut memory) = heap(Settings::default());
    let a = malloc(&mut list, &mut memory, 16);
    let before = memory.bytes().to_vec();
    assert_eq!(
        list.free(&mut memory, 0, 0x10),
        Err(FreeError::NotInHeap { addr: 0x10 })
    );
    assert_eq!(
        list.free(&mut memory, 0, a + 4),
        Err(FreeError::Interior {
            addr: a + 4,
            block: a - 4,
            payload: a
        })
    );
    assert_eq!(
        list.free(&mut memory, 0, BASE),
        Err(FreeError::NotABlock { addr: BASE }),
        "the head word"
    );
    assert_eq!(memory.bytes(), &before[..]);
    list.free(&mut memory, 0, a).unwrap();
    let after_free = memory.bytes().to_vec();
    assert_eq!(
        list.free(&mut memory, 0, a),
        Err(FreeError::DoubleFree { addr: a })
    );
    assert_eq!(memory.bytes(), &after_free[..]);
}

#[test]
fn an_overwritten_link_is_reported_not_followed() {
    let (mut list, mut memory) = heap(Settings::default());
    let a = malloc(&mut list, &mut memory, 24);
    let b = malloc(&mut list, &mut memory, 24);
    list.free(&mut memory, 0, a).unwrap();
    // Use after free: the program writes over a's next link.
    memory.write_u32(a, 0xdead_beef);
    let before = memory.bytes().to_vec();
    let corruption = Corruption {
        addr: a,
        word: 0xdead_beef,
    };
    assert_eq!(list.malloc(&mut memory, 0, 24), Err(corruption));
    assert_eq!(list.free_structures(&memory), Err(corruption));
    assert_eq!(
        list.free(&mut memory, 0, b),
        Err(FreeError::Corrupted(corruption))
    );
    assert_eq!(memory.bytes(), &before[..], "nothing written");
}

#[test]
fn a_link_loop_is_caught() {
    let (mut list, mut memory) = heap(Settings::default());
    let a = malloc(&mut list, &mut memory, 24);
    malloc(&mut list, &mut memory, 24);
    list.free(&mut memory, 0, a).unwrap();
    memory.write_u32(a, a - 4);
    assert!(list.free_structures(&memory).is_err());
    assert!(list.malloc(&mut memory, 0, 5000).is_err());
}

#[test]
fn settings_are_refused_by_name() {
    let refused = |settings: Settings| ExplicitList::new(settings).unwrap_err().setting;
    assert_eq!(
        refused(Settings {
            alignment: 6,
            ..Settings::default()
        }),
        "alignment"
    );
    assert_eq!(
        refused(Settings {
            classes: vec![64, 32],
            ..Settings::segregated()
        }),
        "size classes"
    );
    assert_eq!(
        refused(Settings {
            classes: vec![8, 32],
            ..Settings::segregated()
        }),
        "size classes"
    );
    assert_eq!(
        refused(Settings {
            classes: (1..=40).map(|i| i * 16).collect(),
            ..Settings::segregated()
        }),
        "size classes"
    );
    assert_eq!(
        refused(Settings {
            initial_size: 16,
            ..Settings::default()
        }),
        "initial heap size"
    );
    assert_eq!(
        refused(Settings {
            growth_step: 12,
            ..Settings::default()
        }),
        "growth step"
    );
    assert!(ExplicitList::new(Settings::segregated()).is_ok());
}

#[test]
fn payloads_are_aligned_for_every_alignment() {
    for alignment in [4, 8, 16] {
        let (mut list, mut memory) = heap(Settings {
            alignment,
            ..Settings::segregated()
        });
        for request in [0, 1, 3, 7, 17, 33, 100] {
            let payload = malloc(&mut list, &mut memory, request);
            assert_eq!(payload % alignment, 0, "alignment {alignment}");
        }
    }
}

#[test]
fn before_the_first_malloc_the_heap_is_empty() {
    let (list, memory) = heap(Settings::segregated());
    assert!(list.blocks(&memory).unwrap().is_empty());
    let lists = list.free_structures(&memory).unwrap().lists;
    assert_eq!(lists.len(), 10);
    assert!(lists.iter().all(|l| l.entries.is_empty()));
}

#[test]
fn an_overwritten_head_is_reported_before_a_free_writes() {
    let (mut list, mut memory) = heap(Settings::default());
    let a = malloc(&mut list, &mut memory, 24);
    let b = malloc(&mut list, &mut memory, 24);
    // The head now points into b's payload, as if b were a free block.
    memory.write_u32(BASE, b);
    let before = memory.bytes().to_vec();
    assert!(matches!(
        list.free(&mut memory, 0, a),
        Err(FreeError::Corrupted(_))
    ));
    assert_eq!(memory.bytes(), &before[..], "b's bytes were not written");
}

#[test]
fn a_merged_block_moves_to_the_class_of_its_new_size() {
    let (mut list, mut memory) = heap(Settings::segregated());
    // Three 32-byte blocks from 0x102c (after 40 bytes of heads and 4 of padding).
    let payloads: Vec<u32> = (0..3).map(|_| malloc(&mut list, &mut memory, 24)).collect();
    list.free(&mut memory, 0, payloads[0]).unwrap();
    assert_eq!(
        list_orders(&list, &memory)[1],
        vec![0x102c],
        "17 to 32 bytes"
    );
    // 32 + 32 = 64 bytes: from class 1 to class 2.
    list.free(&mut memory, 0, payloads[1]).unwrap();
    let lists = list_orders(&list, &memory);
    assert_eq!((lists[1].len(), &lists[2]), (0, &vec![0x102c]));
    assert_eq!(memory.read_u32(ExplicitList::head_addr(&memory, 1)), 0);
}

#[test]
fn the_split_threshold_keeps_small_rests_in_the_block() {
    // A 48-byte hole at 0x1004 before a live block; the rest of the heap from 0x1044.
    // malloc(24) needs 32 bytes, leaving 16: split at threshold 0 (16 >= the 16-byte
    // smallest block), handed out whole at threshold 32.
    for (split_threshold, block_size, expected_lists) in
        [(0, 32, vec![0x1024, 0x1044]), (32, 48, vec![0x1044])]
    {
        let (mut list, mut memory) = heap(Settings {
            split_threshold,
            ..Settings::default()
        });
        let hole = malloc(&mut list, &mut memory, 40);
        malloc(&mut list, &mut memory, 8);
        list.free(&mut memory, 0, hole).unwrap();
        assert_eq!(malloc(&mut list, &mut memory, 24), 0x1008);
        assert_eq!(
            memory.read_u32(0x1004),
            block_size | 1,
            "threshold {split_threshold}"
        );
        assert_eq!(list_orders(&list, &memory), vec![expected_lists]);
    }
}

#[test]
fn realloc_copies_through_the_list() {
    let (mut list, mut memory) = heap(Settings::segregated());
    let a = malloc(&mut list, &mut memory, 8);
    memory.write_u32(a, 0x1234_5678);
    memory.write_u32(a + 4, 0x9abc_def0);
    let b = list.realloc(&mut memory, 0, a, 100).unwrap().unwrap();
    assert_ne!(a, b);
    assert_eq!(
        (memory.read_u32(b), memory.read_u32(b + 4)),
        (0x1234_5678, 0x9abc_def0)
    );
    assert_eq!(list.ledger().live_count(), 1);
}

#[test]
fn the_class_lookup_agrees_with_the_search() {
    let settings = |classes: Vec<u32>| Settings {
        classes,
        ..Settings::explicit(Insertion::Lifo)
    };
    let beyond_the_table = CLASS_TABLE_LIMIT + 4096;
    for settings in [
        Settings::segregated(),
        settings(Vec::new()),
        settings(vec![24, 100, 1000]),
        settings(vec![16, CLASS_TABLE_LIMIT * 2]),
    ] {
        let list = ExplicitList::new(settings.clone()).unwrap();
        let sizes = (0..beyond_the_table)
            .step_by(4)
            .chain([u32::MAX - 3, u32::MAX]);
        for size in sizes {
            assert_eq!(
                list.class_of(size),
                settings.class_of(size),
                "size {size} with classes {:?}",
                settings.classes
            );
        }
    }
}

#[test]
fn a_last_bound_of_u32_max_leaves_the_last_class_empty() {
    let settings = Settings {
        classes: vec![32, u32::MAX],
        ..Settings::explicit(Insertion::Lifo)
    };
    let (mut list, mut memory) = heap(settings);
    let a = malloc(&mut list, &mut memory, 8);
    let b = malloc(&mut list, &mut memory, 100);
    list.free(&mut memory, 0, a).unwrap();
    list.free(&mut memory, 0, b).unwrap();
    // The freed blocks merged with the rest into one free block, found again by a malloc.
    let blocks = list.blocks(&memory).unwrap();
    assert_eq!(blocks.iter().filter(|block| block.is_free()).count(), 1);
    assert_eq!(malloc(&mut list, &mut memory, 8), a);
}

#[test]
fn class_labels_name_each_range_up_to_the_largest_bound() {
    let settings = Settings {
        classes: vec![32, 64, u32::MAX],
        ..Settings::default()
    };
    assert_eq!(settings.class_label(0), "up to 32 bytes");
    assert_eq!(settings.class_label(1), "33 to 64 bytes");
    assert_eq!(settings.class_label(2), "65 to 4294967295 bytes");
    // The class above a bound of u32::MAX starts past any 32-bit size.
    assert_eq!(settings.class_label(3), "4294967296 bytes and more");
}
