use super::*;
use crate::BlockState;
use crate::memory::VecMemory;

const BASE: u32 = 0x1000;

fn heap(settings: Settings) -> (ImplicitList, VecMemory) {
    (
        ImplicitList::new(settings).unwrap(),
        VecMemory::new(BASE, 1 << 20),
    )
}

/// The blocks, without the padding before them and the epilogue after them.
fn program_blocks(list: &ImplicitList, memory: &VecMemory) -> Vec<BlockInfo> {
    let all = list.blocks(memory).unwrap();
    assert!(matches!(
        all.last().unwrap().state,
        BlockState::Internal { what: "epilogue" }
    ));
    all.into_iter()
        .filter(|b| !matches!(b.state, BlockState::Internal { .. }))
        .collect()
}

fn header(memory: &VecMemory, payload: u32) -> u32 {
    memory.read_u32(payload - 4)
}

/// CS:APP practice problem 9.6: double-word alignment, header-only blocks.
#[test]
fn csapp_block_sizes_and_header_words() {
    let (mut list, mut memory) = heap(Settings {
        footers: false,
        ..Settings::default()
    });
    let mut found = Vec::new();
    for request in [1, 5, 12, 13] {
        let payload = list.malloc(&mut memory, 0, request).unwrap().unwrap();
        let word = header(&memory, payload);
        found.push((word & !7, word));
    }
    assert_eq!(found, vec![(8, 0x9), (16, 0x11), (16, 0x11), (24, 0x19)]);
}

#[test]
fn payloads_are_aligned_for_every_alignment() {
    for alignment in [4, 8, 16] {
        let (mut list, mut memory) = heap(Settings {
            alignment,
            ..Settings::default()
        });
        for request in [1, 3, 7, 17, 33] {
            let payload = list.malloc(&mut memory, 0, request).unwrap().unwrap();
            assert_eq!(
                payload % alignment,
                0,
                "alignment {alignment}, request {request}"
            );
        }
    }
}

#[test]
fn freeing_neighbours_coalesces_back_to_one_block() {
    let (mut list, mut memory) = heap(Settings::default());
    let a = list.malloc(&mut memory, 0, 24).unwrap().unwrap();
    let b = list.malloc(&mut memory, 0, 24).unwrap().unwrap();
    let c = list.malloc(&mut memory, 0, 24).unwrap().unwrap();
    list.free(&mut memory, 0, b).unwrap();
    list.free(&mut memory, 0, a).unwrap();
    let blocks = program_blocks(&list, &memory);
    assert_eq!((blocks[0].is_free(), blocks[0].size), (true, 64));
    list.free(&mut memory, 0, c).unwrap();
    let blocks = program_blocks(&list, &memory);
    assert_eq!(blocks.len(), 1);
    assert!(blocks[0].is_free());
    assert_eq!(blocks[0].size, 4096 - 4 - 4);
}

#[test]
fn without_footers_the_previous_block_is_found_by_walking() {
    let (mut list, mut memory) = heap(Settings {
        footers: false,
        ..Settings::default()
    });
    let payloads: Vec<u32> = (0..5)
        .map(|_| list.malloc(&mut memory, 0, 8).unwrap().unwrap())
        .collect();
    list.free(&mut memory, 0, payloads[3]).unwrap();
    list.free(&mut memory, 0, payloads[4]).unwrap();
    // Merging block 4 with block 3 before it meant walking blocks 0..=3.
    assert_eq!(list.metrics(&memory).unwrap().last_searched, 4);
    let (mut tagged, mut tagged_memory) = heap(Settings::default());
    let payloads: Vec<u32> = (0..5)
        .map(|_| tagged.malloc(&mut tagged_memory, 0, 8).unwrap().unwrap())
        .collect();
    tagged.free(&mut tagged_memory, 0, payloads[3]).unwrap();
    tagged.free(&mut tagged_memory, 0, payloads[4]).unwrap();
    assert_eq!(tagged.metrics(&tagged_memory).unwrap().last_searched, 0);
}

#[test]
fn best_fit_and_first_fit_choose_differently() {
    for (fit, expected_hole) in [(Fit::First, 0), (Fit::Best, 2)] {
        let (mut list, mut memory) = heap(Settings {
            fit,
            ..Settings::default()
        });
        // Holes of 64, 32 and 16 bytes (payload 56, 24, 8), separated by live blocks.
        let holes: Vec<u32> = [56, 24, 8]
            .iter()
            .map(|&size| {
                let hole = list.malloc(&mut memory, 0, size).unwrap().unwrap();
                list.malloc(&mut memory, 0, 8).unwrap().unwrap();
                hole
            })
            .collect();
        for &hole in &holes {
            list.free(&mut memory, 0, hole).unwrap();
        }
        let got = list.malloc(&mut memory, 0, 8).unwrap().unwrap();
        assert_eq!(got, holes[expected_hole], "{fit:?}");
    }
}

#[test]
fn next_fit_resumes_after_the_last_placement() {
    let (mut list, mut memory) = heap(Settings {
        fit: Fit::Next,
        ..Settings::default()
    });
    let a = list.malloc(&mut memory, 0, 8).unwrap().unwrap();
    let _b = list.malloc(&mut memory, 0, 8).unwrap().unwrap();
    list.free(&mut memory, 0, a).unwrap();
    // The rover is past b: next fit takes the big free block after it, not a's hole.
    let c = list.malloc(&mut memory, 0, 8).unwrap().unwrap();
    assert!(c > a + 16, "{c:#x} should come after b");
    assert_eq!(list.metrics(&memory).unwrap().last_searched, 1);
}

#[test]
fn deferred_coalescing_merges_only_when_a_search_fails() {
    let settings = Settings {
        coalescing: Coalescing::Deferred,
        initial_size: 512,
        growth_step: 512,
        ..Settings::default()
    };
    let (mut list, mut memory) = heap(settings);
    // Three 64-byte blocks, then one filling the rest of the 512 bytes (4 padding, 4 epilogue).
    let payloads: Vec<u32> = (0..3)
        .map(|_| list.malloc(&mut memory, 0, 56).unwrap().unwrap())
        .collect();
    list.malloc(&mut memory, 0, 504 - 192 - 8).unwrap().unwrap();
    for &p in &payloads {
        list.free(&mut memory, 0, p).unwrap();
    }
    let free_blocks = program_blocks(&list, &memory)
        .iter()
        .filter(|b| b.is_free())
        .count();
    assert_eq!(
        free_blocks, 3,
        "freed blocks stay apart until a search fails"
    );
    let big = list.malloc(&mut memory, 0, 150).unwrap().unwrap();
    assert_eq!(
        big, payloads[0],
        "the merged blocks served it without growing"
    );
    assert_eq!(memory.brk() - BASE, 512);
}

#[test]
fn the_heap_grows_in_steps_and_stops_at_its_limit() {
    let settings = Settings {
        initial_size: 64,
        growth_step: 64,
        ..Settings::default()
    };
    let mut list = ImplicitList::new(settings).unwrap();
    let mut memory = VecMemory::new(BASE, 256);
    let first = list.malloc(&mut memory, 0, 100).unwrap();
    assert!(first.is_some());
    assert_eq!(memory.brk() - BASE, 192);
    assert_eq!(
        list.malloc(&mut memory, 0, 1000).unwrap(),
        None,
        "past the maximum: malloc fails"
    );
    assert_eq!(
        memory.brk() - BASE,
        192,
        "a failed malloc leaves the heap as it was"
    );
}

#[test]
fn bad_frees_are_named_and_change_nothing() {
    let (mut list, mut memory) = heap(Settings::default());
    let a = list.malloc(&mut memory, 0, 16).unwrap().unwrap();
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
        Err(FreeError::NotABlock { addr: BASE })
    );
    assert_eq!(memory.bytes(), &before[..]);
    list.free(&mut memory, 0, a).unwrap();
    assert_eq!(
        list.free(&mut memory, 0, a),
        Err(FreeError::DoubleFree { addr: a })
    );
    let message = list.free(&mut memory, 0, a).unwrap_err().to_string();
    assert!(message.contains("double free"), "{message}");
}

#[test]
fn an_overwritten_header_is_reported_not_followed() {
    let (mut list, mut memory) = heap(Settings::default());
    let a = list.malloc(&mut memory, 0, 8).unwrap().unwrap();
    let b = list.malloc(&mut memory, 0, 8).unwrap().unwrap();
    // A program writes past a's payload into b's header.
    memory.write_u32(b - 4, 0xdead_beef);
    let before = memory.bytes().to_vec();
    assert!(matches!(
        list.free(&mut memory, 0, b),
        Err(FreeError::Corrupted(_))
    ));
    // Freeing a finds b's header broken while coalescing, and is refused before it
    // writes anything: a's header still says allocated.
    assert!(matches!(
        list.free(&mut memory, 0, a),
        Err(FreeError::Corrupted(_))
    ));
    assert_eq!(memory.bytes(), &before[..]);
    assert!(list.malloc(&mut memory, 0, 8).is_err());
    assert!(list.blocks(&memory).is_err());
}

#[test]
fn settings_are_checked_by_name() {
    let error = ImplicitList::new(Settings {
        alignment: 6,
        ..Settings::default()
    })
    .unwrap_err();
    assert_eq!(error.setting, "alignment");
    let error = ImplicitList::new(Settings {
        initial_size: 4,
        ..Settings::default()
    })
    .unwrap_err();
    assert_eq!(error.setting, "initial heap size");
    let error = ImplicitList::new(Settings {
        growth_step: 0,
        ..Settings::default()
    })
    .unwrap_err();
    assert_eq!(error.setting, "growth step");
}

#[test]
fn metrics_follow_the_operations() {
    let (mut list, mut memory) = heap(Settings::default());
    let a = list.malloc(&mut memory, 0, 10).unwrap().unwrap();
    let _b = list.malloc(&mut memory, 0, 30).unwrap().unwrap();
    let metrics = list.metrics(&memory).unwrap();
    assert_eq!(metrics.live_requested, 40);
    // 10 → 24-byte block, 30 → 40-byte block: 14 + 10 bytes of overhead and padding.
    assert_eq!(metrics.internal_fragmentation, 24);
    list.free(&mut memory, 0, a).unwrap();
    let metrics = list.metrics(&memory).unwrap();
    assert_eq!((metrics.live_requested, metrics.peak_requested), (30, 40));
    assert!(
        metrics.external_fragmentation > 0.0,
        "a hole before b and the rest after it"
    );
    let blocks = program_blocks(&list, &memory);
    assert_eq!(blocks[1].requested, Some(30));
    assert_eq!(blocks[1].allocation_id, Some(1));
}
