use super::*;

/// 16-bit addresses, 256-byte pages, a linear table outside the frames, `frames` frames.
fn small(frames: u32, policy: PolicyKind) -> AddressSpace {
    let settings = Settings {
        geometry: Geometry {
            frames,
            ..Geometry::teaching_linear()
        },
        policy,
        tlb: TlbSettings {
            entries: 4,
            ways: 4,
            ..TlbSettings::default()
        },
        ..Settings::x86_32(16)
    };
    let mut space = AddressSpace::new(settings).unwrap();
    space
        .map(region("data", 0x1000, 0x1000, true, Vec::new()))
        .unwrap();
    space
}

fn region(name: &str, start: u32, len: u32, writable: bool, image: Vec<u8>) -> Region {
    Region {
        name: name.into(),
        start,
        len,
        writable,
        image,
    }
}

#[test]
fn a_first_touch_is_a_minor_fault_on_a_zeroed_frame() {
    let mut space = small(4, PolicyKind::Lru);
    assert_eq!(space.read_u32(0x1010), Ok(0));
    space.write_u32(0x1010, 0xdead_beef).unwrap();
    assert_eq!(space.read_u32(0x1010), Ok(0xdead_beef));
    let stats = space.stats();
    assert_eq!((stats.minor_faults, stats.major_faults), (1, 0));
    assert_eq!((stats.tlb_misses, stats.tlb_hits), (1, 2));
}

#[test]
fn an_evicted_dirty_page_goes_to_swap_and_comes_back_intact() {
    let mut space = small(2, PolicyKind::Lru);
    space.write_u32(0x1000, 1).unwrap(); // page 0x10 in frame 0
    space.write_u32(0x1100, 2).unwrap(); // page 0x11 in frame 1
    space.read_u32(0x1200).unwrap(); // page 0x12 evicts the LRU page 0x10
    let stats = space.stats();
    assert_eq!((stats.evictions, stats.swap_outs), (1, 1));
    assert_eq!(space.swap_slots(), vec![(0, 0x10)]);
    assert_eq!(space.read_u32(0x1000), Ok(1), "read back from swap");
    let stats = space.stats();
    assert_eq!((stats.major_faults, stats.swap_ins), (1, 1));
    // Page 0x11 was the victim this time, dirty: written out too.
    assert_eq!(space.read_u32(0x1100), Ok(2));
}

#[test]
fn only_dirty_pages_are_written_to_swap() {
    let mut space = small(1, PolicyKind::Fifo);
    space.write_u32(0x1000, 7).unwrap();
    space.read_u32(0x1100).unwrap(); // evicts 0x10, dirty: written to a slot
    assert_eq!(space.stats().swap_outs, 1);
    space.read_u32(0x1000).unwrap(); // back from swap; evicts 0x11, clean: dropped
    assert_eq!(space.stats().swap_outs, 1);
    space.read_u32(0x1100).unwrap(); // 0x11 is made again: a minor fault, not a major one
    let stats = space.stats();
    assert_eq!((stats.minor_faults, stats.major_faults), (3, 1));
    // 0x10 went out clean (its slot still holds it) and comes back from that slot.
    assert_eq!(stats.swap_outs, 1);
    assert_eq!(space.read_u32(0x1000), Ok(7));
    assert_eq!(space.stats().major_faults, 2);
}

#[test]
fn writes_to_read_only_pages_and_unmapped_addresses_are_faults() {
    let mut space = small(4, PolicyKind::Lru);
    space
        .map(region("rodata", 0x3000, 0x100, false, b"hello".to_vec()))
        .unwrap();
    let mut hello = [0u8; 5];
    space.read(0x3000, &mut hello, AccessKind::Read).unwrap();
    assert_eq!(&hello, b"hello");
    assert_eq!(
        space.write(0x3000, b"J"),
        Err(Fault::Protection { va: 0x3000 }),
        "even with the page present and in the TLB"
    );
    assert_eq!(space.read_u32(0x8000), Err(Fault::Invalid { va: 0x8000 }));
    assert_eq!(
        space.read_u32(0x1_0000),
        Err(Fault::Invalid { va: 0x1_0000 })
    );
    assert!(
        space
            .map(region("clash", 0x1800, 0x100, true, Vec::new()))
            .is_err()
    );
}

#[test]
fn a_fault_under_x86_walks_two_levels_and_makes_a_table() {
    let mut space = AddressSpace::new(Settings::x86_32(8)).unwrap();
    space
        .map(region("heap", 0x0804_c000, 0x4000, true, Vec::new()))
        .unwrap();
    space.record_events(true);
    space.write_u32(0x0804_c010, 5).unwrap();
    let events = space.take_events();
    // Every cost is an event too, and they add up to the cost model's total.
    let charged: u64 = events
        .iter()
        .filter_map(|e| match e {
            Event::Cost { cycles, .. } => Some(*cycles),
            _ => None,
        })
        .sum();
    assert_eq!(charged, space.costs().total());
    let kinds: Vec<&str> = events
        .iter()
        .filter(|e| !matches!(e, Event::Cost { .. }))
        .map(|e| match e {
            Event::TlbMiss { .. } => "tlb miss",
            Event::WalkRead(r) if r.found => "walk hit",
            Event::WalkRead(_) => "walk miss",
            Event::PageFault { major: false, .. } => "minor fault",
            Event::PageFault { major: true, .. } => "major fault",
            Event::TableMade { .. } => "table made",
            Event::Loaded { .. } => "loaded",
            Event::Cache { .. } => "cache",
            _ => "other",
        })
        .collect();
    assert_eq!(
        kinds,
        [
            "tlb miss",
            "walk miss",
            "minor fault",
            "table made",
            "loaded",
            "cache"
        ]
    );
    // Frame 0 is the directory, frame 1 the new table, frame 2 the page.
    assert_eq!(
        &space.frame_uses()[..3],
        &[
            FrameUse::Table { level: 0 },
            FrameUse::Table { level: 1 },
            FrameUse::Page { page: 0x0804c }
        ]
    );
    // A neighbour page in the same table walks both levels and makes nothing.
    space.read_u32(0x0804_d000).unwrap();
    let events = space.take_events();
    let walked = events
        .iter()
        .filter(|e| matches!(e, Event::WalkRead(r) if r.found))
        .count();
    assert_eq!(
        walked, 1,
        "the directory entry is there; the page's entry is not"
    );
    assert!(!events.iter().any(|e| matches!(e, Event::TableMade { .. })));
}

#[test]
fn peek_sees_bytes_wherever_they_are_and_changes_nothing() {
    let mut space = small(1, PolicyKind::Lru);
    space.write(0x1000, b"abc").unwrap();
    space.read_u32(0x1100).unwrap(); // 0x10 goes to swap
    let before = space.stats();
    assert_eq!(space.peek(0x1000, 3), Some(b"abc".to_vec()));
    assert_eq!(
        space.peek(0x10fe, 4),
        Some(vec![0; 4]),
        "across a page boundary"
    );
    assert_eq!(space.peek(0x9000, 1), None);
    assert_eq!(space.stats(), before);
}

#[test]
fn unmapping_frees_frames_and_slots() {
    let mut space = small(2, PolicyKind::Lru);
    space
        .map(region("stack", 0x4000, 0x200, true, Vec::new()))
        .unwrap();
    space.write_u32(0x4000, 1).unwrap();
    space.write_u32(0x4100, 2).unwrap();
    space.write_u32(0x1000, 3).unwrap(); // evicts 0x40 to swap
    assert_eq!(space.swap_slots().len(), 1);
    space.unmap(0x4000).unwrap();
    assert!(space.swap_slots().is_empty());
    assert_eq!(space.read_u32(0x4000), Err(Fault::Invalid { va: 0x4000 }));
    let free = space
        .frame_uses()
        .iter()
        .filter(|u| **u == FrameUse::Free)
        .count();
    assert_eq!(free, 1, "0x41's frame is free again");
}

#[test]
fn opt_with_a_recorded_future_matches_the_reference_string_run() {
    // Silberschatz's string over 3 frames: OPT takes 9 faults.
    let refs = [7, 0, 1, 2, 0, 3, 0, 4, 2, 3, 0, 3, 2, 1, 2, 0, 1, 7, 0, 1];
    let settings = Settings {
        geometry: Geometry {
            frames: 3,
            ..Geometry::teaching_linear()
        },
        policy: PolicyKind::Opt,
        tlb: TlbSettings {
            entries: 0,
            ..TlbSettings::default()
        },
        ..Settings::x86_32(3)
    };
    let mut space = AddressSpace::new(settings).unwrap();
    space
        .map(region("all", 0, 0x1_0000, true, Vec::new()))
        .unwrap();
    space.set_future(&refs);
    for page in refs {
        space.read_u32(page * 256).unwrap();
    }
    let stats = space.stats();
    assert_eq!(stats.minor_faults + stats.major_faults, 9);
}

#[test]
fn memory_and_swap_both_full_is_out_of_memory() {
    let settings = Settings {
        geometry: Geometry {
            frames: 1,
            swap_pages: 1,
            ..Geometry::teaching_linear()
        },
        ..Settings::x86_32(1)
    };
    let mut space = AddressSpace::new(settings).unwrap();
    space
        .map(region("data", 0, 0x1000, true, Vec::new()))
        .unwrap();
    space.write_u32(0, 1).unwrap();
    space.write_u32(0x100, 2).unwrap(); // page 0 to the one swap slot
    assert_eq!(
        space.write_u32(0x200, 3),
        Err(Fault::OutOfMemory { va: 0x200 })
    );
    assert_eq!(space.read_u32(0x100), Ok(2), "what was there is intact");
}

#[test]
fn costs_show_a_major_fault_dwarfs_cache_hits() {
    let mut space = small(1, PolicyKind::Lru);
    space.read_u32(0x1000).unwrap();
    let before = space.costs().total();
    for _ in 0..100 {
        space.read_u32(0x1000).unwrap();
    }
    let hot = space.costs().total() - before;
    space.write_u32(0x1000, 1).unwrap();
    space.write_u32(0x1100, 1).unwrap(); // evicts 0x10, dirty, to swap
    space.read_u32(0x1000).unwrap(); // a major fault
    assert!(space.costs().major_fault_cycles > 1000 * hot);
}

#[test]
fn settings_are_checked_by_name() {
    let bad = |settings: Settings| AddressSpace::new(settings).unwrap_err().setting;
    let base = Settings::x86_32(16);
    assert_eq!(
        bad(Settings {
            tick_interval: 0,
            ..base.clone()
        }),
        "clock tick"
    );
    assert_eq!(
        bad(Settings {
            geometry: Geometry::x86_32(1 << 20),
            ..base
        }),
        "physical frames"
    );
}

#[test]
fn a_region_grows_up_to_its_neighbour_and_shrinking_drops_pages() {
    let mut space = small(4, PolicyKind::Lru);
    space
        .map(region("heap", 0x3000, 0x100, true, Vec::new()))
        .unwrap();
    space
        .map(region("next", 0x5000, 0x100, true, Vec::new()))
        .unwrap();
    assert_eq!(space.read_u32(0x3100), Err(Fault::Invalid { va: 0x3100 }));
    space.resize(0x3000, 0x2000).unwrap();
    space.write_u32(0x3100, 9).unwrap();
    assert!(
        space.resize(0x3000, 0x2001).is_err(),
        "into the next region"
    );
    space.resize(0x3000, 0x100).unwrap();
    assert_eq!(space.read_u32(0x3100), Err(Fault::Invalid { va: 0x3100 }));
    space.resize(0x3000, 0x200).unwrap();
    assert_eq!(
        space.read_u32(0x3100),
        Ok(0),
        "a dropped page comes back zeroed"
    );
}

#[test]
fn draining_references_hands_over_each_page_once_in_order() {
    let mut space = small(4, PolicyKind::Lru);
    assert!(!space.records_references());
    space.read_u32(0x1000).unwrap();
    let mut seen = Vec::new();
    space.drain_references(|page| seen.push(page));
    assert!(
        seen.is_empty(),
        "nothing is recorded before recording starts"
    );
    space.record_references(true);
    assert!(space.records_references());
    space.read_u32(0x1000).unwrap();
    space.write_u32(0x1104, 1).unwrap();
    space.drain_references(|page| seen.push(page));
    assert_eq!(seen, vec![0x10, 0x11]);
    space.read_u32(0x1200).unwrap();
    space.drain_references(|page| seen.push(page));
    assert_eq!(
        seen,
        vec![0x10, 0x11, 0x12],
        "drained pages are not handed over again"
    );
    assert!(space.take_references().is_empty());
}

#[test]
fn recording_page_changes_merges_immediate_repeats() {
    let mut space = small(4, PolicyKind::Lru);
    space.record_page_changes(true);
    assert!(space.records_references());
    for va in [0x1000, 0x1004, 0x1100, 0x1104, 0x1000] {
        space.read_u32(va).unwrap();
    }
    let mut seen = Vec::new();
    space.drain_references(|page| seen.push(page));
    assert_eq!(seen, vec![0x10, 0x11, 0x10]);
    // Across a drain the page before still counts: a repeat stays merged.
    space.read_u32(0x1008).unwrap();
    space.read_u32(0x1200).unwrap();
    space.drain_references(|page| seen.push(page));
    assert_eq!(seen, vec![0x10, 0x11, 0x10, 0x12]);
    // Recording every access again records repeats too.
    space.record_references(true);
    space.read_u32(0x1200).unwrap();
    space.read_u32(0x1204).unwrap();
    assert_eq!(space.take_references(), vec![0x12, 0x12]);
    space.record_page_changes(false);
    assert!(!space.records_references());
}

mod scalars {
    use super::*;
    use proptest::prelude::*;

    /// An access the machine makes: a load or a store of 1 to 4 bytes.
    #[derive(Debug, Clone)]
    enum Scalar {
        Load { va: u32, size: u32 },
        Store { va: u32, size: u32, value: u32 },
    }

    fn scalar() -> impl Strategy<Value = Scalar> {
        // Around the mapped 0x1000..0x2000 (256-byte pages), so that accesses cross pages,
        // fall outside the region and evict each other's pages from 3 frames.
        let va = prop_oneof![0x0ff0u32..0x1010, 0x1000u32..0x2000, 0x1ff0u32..0x2010];
        prop_oneof![
            (va.clone(), 1u32..=4).prop_map(|(va, size)| Scalar::Load { va, size }),
            (va, 1u32..=4, any::<u32>()).prop_map(|(va, size, value)| Scalar::Store {
                va,
                size,
                value
            }),
        ]
    }

    proptest! {
        /// `read_scalar` and `write_scalar` are `read` and `write` of the scalar's bytes:
        /// the same values, faults, counters and costs, access after access.
        #[test]
        fn are_reads_and_writes_of_their_bytes(accesses in proptest::collection::vec(scalar(), 1..80)) {
            let mut by_scalar = small(3, PolicyKind::Lru);
            let mut by_bytes = small(3, PolicyKind::Lru);
            for access in accesses {
                match access {
                    Scalar::Load { va, size } => {
                        let mut bytes = [0; 4];
                        let expected = by_bytes
                            .read(va, &mut bytes[..size as usize], AccessKind::Read)
                            .map(|()| u32::from_le_bytes(bytes));
                        prop_assert_eq!(by_scalar.read_scalar(va, size), expected);
                    }
                    Scalar::Store { va, size, value } => {
                        let expected = by_bytes.write(va, &value.to_le_bytes()[..size as usize]);
                        prop_assert_eq!(by_scalar.write_scalar(va, size, value), expected);
                    }
                }
                prop_assert_eq!(by_scalar.stats(), by_bytes.stats());
                prop_assert_eq!(by_scalar.costs(), by_bytes.costs());
            }
            prop_assert_eq!(by_scalar.peek(0x1000, 0x1000), by_bytes.peek(0x1000, 0x1000));
        }
    }
}
