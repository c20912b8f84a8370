//! Properties of the translators on random machines: they agree with naive models written
//! the way a learner would work the exercise by hand, and no input makes them panic.

use std::collections::{BTreeMap, BTreeSet};

use memplay_paging::translate::base_bounds::BaseBounds;
use memplay_paging::translate::linear::{LinearPageTable, VALID_BIT};
use memplay_paging::translate::multilevel::{
    Fault, MultiLevelGeometry, PhysicalMemory, TwoLevelPageTable,
};
use memplay_paging::translate::segmentation::{SegmentRegisters, Segmentation};
use memplay_paging::translate::{parse_addresses, parse_size};
use proptest::prelude::*;

/// A random linear page table: address-space bits, page bits, entries.
fn linear_machine() -> impl Strategy<Value = (u32, u32, Vec<u32>)> {
    (1u32..14)
        .prop_flat_map(|space_bits| (Just(space_bits), 0..=space_bits))
        .prop_flat_map(|(space_bits, page_bits)| {
            let pages = 1usize << (space_bits - page_bits);
            let entry = prop_oneof![
                Just(0u32),
                any::<u32>(),
                (0u32..64).prop_map(|pfn| VALID_BIT | pfn)
            ];
            (
                Just(space_bits),
                Just(page_bits),
                prop::collection::vec(entry, pages),
            )
        })
}

proptest! {
    /// By hand: VPN = va / page size, offset = va mod page size, PA = PFN * page size + offset.
    #[test]
    fn linear_agrees_with_division((space_bits, page_bits, entries) in linear_machine(), va_seed in any::<u64>()) {
        let (space, page) = (1u64 << space_bits, 1u64 << page_bits);
        let table = LinearPageTable::new(space, page, entries.clone()).unwrap();
        let va = va_seed % space;
        let t = table.translate(va).unwrap();
        let entry = entries[(va / page) as usize];
        prop_assert_eq!(t.vpn, va / page);
        prop_assert_eq!(t.offset, va % page);
        let expected = (entry >= VALID_BIT).then(|| u64::from(entry - VALID_BIT) * page + va % page);
        prop_assert_eq!(t.pa, expected);
        prop_assert!(table.translate(space + va_seed % 1000).is_err());
    }

    /// Base and bounds: valid exactly below the limit, and then inside [base, base + limit).
    #[test]
    fn base_and_bounds_stays_inside_its_region(base in 0u64..100_000, limit in 0u64..5000, va_seed in any::<u64>()) {
        let registers = BaseBounds::new(base, limit, 4096, 200_000).unwrap();
        let va = va_seed % 4096;
        let pa = registers.translate(va).unwrap().pa;
        prop_assert_eq!(pa.is_some(), va < limit);
        if let Some(pa) = pa {
            prop_assert!(base <= pa && pa < base + limit);
            prop_assert_eq!(pa - base, va);
        }
    }

    /// Segmentation: a valid address lands inside its own segment's physical range, and
    /// segment 1's addresses keep their distance from the top.
    #[test]
    fn segments_stay_inside_their_regions(
        space_bits in 2u32..16,
        limits in (0u64..=1 << 15, 0u64..=1 << 15),
        va_seed in any::<u64>(),
    ) {
        let space = 1u64 << space_bits;
        let (limit0, limit1) = (limits.0 % (space / 2 + 1), limits.1 % (space / 2 + 1));
        let seg0 = SegmentRegisters { base: 1000, limit: limit0 };
        let seg1 = SegmentRegisters { base: 1000 + limit0 + 7 + limit1, limit: limit1 };
        let segments = Segmentation::new(seg0, seg1, space, 1 << 20).unwrap();
        let va = va_seed % space;
        let t = segments.translate(va).unwrap();
        prop_assert_eq!(t.segment, u8::from(va >= space / 2));
        match (t.segment, t.pa) {
            (0, Some(pa)) => prop_assert!(pa >= seg0.base && pa < seg0.base + limit0 && pa - seg0.base == va),
            (0, None) => prop_assert!(va >= limit0),
            (_, Some(pa)) => prop_assert!(pa >= seg1.base - limit1 && pa < seg1.base && seg1.base - pa == space - va),
            (_, None) => prop_assert!(space - va > limit1),
        }
    }
}

/// A random two-level machine built the way paging-multilevel-translate.py builds one, but
/// remembering the mapping in plain maps: the reference the walk is checked against.
#[derive(Debug)]
struct Machine {
    geometry: MultiLevelGeometry,
    bytes: Vec<u8>,
    /// Directory index → frame of its page of the page table.
    tables: BTreeMap<u64, u64>,
    /// VPN → data frame.
    pages: BTreeMap<u64, u64>,
}

fn build_machine(page_bits: u32, directory_bits: u32, vpns: Vec<u64>, fill: Vec<u8>) -> Machine {
    let page = 1u64 << page_bits;
    let physical_pages = 128;
    let geometry = MultiLevelGeometry {
        page_size: page,
        virtual_bits: 2 * page_bits + directory_bits,
        physical_pages,
        pdbr: 0,
    };
    let mut bytes: Vec<u8> = fill
        .iter()
        .cycle()
        .take((page * physical_pages) as usize)
        .copied()
        .collect();
    let mut next_frame = 0u64;
    let mut take_frame = |bytes: &mut Vec<u8>, fill_invalid: bool| {
        let frame = next_frame;
        next_frame += 1;
        if fill_invalid {
            bytes[(frame * page) as usize..((frame + 1) * page) as usize].fill(0x7f);
        }
        frame
    };
    let pdbr = take_frame(&mut bytes, true);
    let (mut tables, mut pages) = (BTreeMap::new(), BTreeMap::new());
    let vpn_count = 1u64 << (page_bits + directory_bits);
    for vpn in vpns
        .into_iter()
        .map(|vpn| vpn % vpn_count)
        .collect::<BTreeSet<_>>()
    {
        let directory_index = vpn >> page_bits;
        let table = *tables
            .entry(directory_index)
            .or_insert_with(|| take_frame(&mut bytes, true));
        bytes[(pdbr * page + directory_index) as usize] = 0x80 | table as u8;
        let frame = take_frame(&mut bytes, false);
        bytes[(table * page + (vpn & (page - 1))) as usize] = 0x80 | frame as u8;
        pages.insert(vpn, frame);
    }
    Machine {
        geometry: MultiLevelGeometry { pdbr, ..geometry },
        bytes,
        tables,
        pages,
    }
}

fn two_level_machine() -> impl Strategy<Value = Machine> {
    (2u32..=5)
        .prop_flat_map(|page_bits| (Just(page_bits), 1..=page_bits))
        .prop_flat_map(|(page_bits, directory_bits)| {
            (
                Just(page_bits),
                Just(directory_bits),
                // At most 40 pages: with their tables and the directory, under 128 frames.
                prop::collection::vec(any::<u64>(), 0..40),
                prop::collection::vec(any::<u8>(), 1..64),
            )
        })
        .prop_map(|(page_bits, directory_bits, vpns, fill)| {
            build_machine(page_bits, directory_bits, vpns, fill)
        })
}

proptest! {
    /// The walk finds exactly the mapping the OS wrote, with the fault at the right level.
    #[test]
    fn two_level_walk_agrees_with_the_mapping(machine in two_level_machine(), va_seed in any::<u64>()) {
        let geometry = machine.geometry;
        let page = geometry.page_size;
        let memory = PhysicalMemory::from_bytes(page, machine.bytes.clone()).unwrap();
        // Through the hex format and back, as the CLI reads it.
        let memory = PhysicalMemory::from_hex(&memory.to_hex(), page, geometry.physical_pages).unwrap();
        let table = TwoLevelPageTable::new(geometry, memory).unwrap();
        let va = va_seed % (1 << geometry.virtual_bits);
        let t = table.translate(va).unwrap();
        let vpn = va / page;
        let directory_index = vpn / page;
        prop_assert_eq!(t.pde.index, directory_index);
        prop_assert_eq!(t.pde.valid(), machine.tables.contains_key(&directory_index));
        match (machine.tables.get(&directory_index), machine.pages.get(&vpn)) {
            (None, _) => prop_assert_eq!((t.fault, t.pte), (Some(Fault::Pde), None)),
            (Some(_), None) => prop_assert_eq!(t.fault, Some(Fault::Pte)),
            (Some(table_frame), Some(frame)) => {
                let pte = t.pte.unwrap();
                prop_assert_eq!(pte.address, table_frame * page + vpn % page);
                let pa = frame * page + va % page;
                prop_assert_eq!((t.fault, t.pa), (None, Some(pa)));
                prop_assert_eq!(t.value, Some(machine.bytes[pa as usize]));
            }
        }
    }

    /// Whatever the settings and addresses, the translators answer or refuse; never panic.
    #[test]
    fn no_input_panics(
        numbers in prop::collection::vec(any::<u64>(), 8),
        small in prop::collection::vec(0u64..70, 4),
        entries in prop::collection::vec(any::<u32>(), 0..20),
        bytes in prop::collection::vec(any::<u8>(), 0..300),
        text in ".{0,40}",
    ) {
        let n = &numbers;
        if let Ok(registers) = BaseBounds::new(n[0], n[1], n[2], n[3]) {
            let _ = registers.translate(n[4]);
        }
        let seg0 = SegmentRegisters { base: n[0], limit: n[1] };
        let seg1 = SegmentRegisters { base: n[2], limit: n[3] };
        if let Ok(segments) = Segmentation::new(seg0, seg1, n[4], n[5]) {
            let _ = segments.translate(n[6]);
        }
        let (space, page) = (1u64.checked_shl(small[0] as u32).unwrap_or(0), 1u64.checked_shl(small[1] as u32).unwrap_or(3));
        if let Ok(table) = LinearPageTable::new(space, page, entries) {
            let _ = table.translate(n[7]);
            let _ = table.translate(n[7] % space);
        }
        let geometry = MultiLevelGeometry { page_size: small[2].max(1), virtual_bits: small[3] as u32, physical_pages: n[5] % 16, pdbr: n[6] % 16 };
        if let Ok(memory) = PhysicalMemory::from_bytes(geometry.page_size, bytes)
            && let Ok(table) = TwoLevelPageTable::new(geometry, memory)
        {
            let _ = table.translate(n[7]);
            let _ = table.translate(n[7] % (1 << geometry.virtual_bits));
        }
        let _ = parse_size("asize", &text);
        let _ = parse_addresses(&text);
        let _ = PhysicalMemory::from_hex(&text, small[2].max(1), n[0] % 4);
    }
}
