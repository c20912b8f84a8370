//! The address space over random reads and writes, for every policy, with and without page
//! tables in frames: what the program reads is what it wrote (through evictions, swap and
//! back), no frame holds two pages, the TLB never holds a translation the page table does
//! not, and swap slots are each one page's.

use std::collections::{BTreeSet, HashMap};

use memplay_paging::address_space::{AccessKind, AddressSpace, Fault, FrameUse, Region, Settings};
use memplay_paging::geometry::Geometry;
use memplay_paging::policy::PolicyKind;
use memplay_paging::tlb::TlbSettings;
use proptest::prelude::*;

/// Two writable regions and a read-only one with an image, in a 15-bit space of 32-byte
/// pages (OSTEP's two-level shape). With tables in frames they take four frames (the
/// directory and one table per region), so at least five frames leave room for pages.
const DATA: (u32, u32) = (0x0400, 0x0400);
const STACK: (u32, u32) = (0x6000, 0x0200);
const RODATA: (u32, u32) = (0x1000, 0x0100);

#[derive(Debug, Clone)]
enum Op {
    Write(u32, u32),
    Read(u32),
    ReadOnlyWrite(u32),
    Wild(u32),
}

fn addr_in((start, len): (u32, u32)) -> impl Strategy<Value = u32> {
    (0..len / 4).prop_map(move |word| start + word * 4)
}

fn op() -> impl Strategy<Value = Op> {
    let writable = prop_oneof![addr_in(DATA), addr_in(STACK)];
    prop_oneof![
        4 => (writable.clone(), any::<u32>()).prop_map(|(a, v)| Op::Write(a, v)),
        4 => prop_oneof![writable, addr_in(RODATA)].prop_map(Op::Read),
        1 => addr_in(RODATA).prop_map(Op::ReadOnlyWrite),
        1 => (0x2000u32..0x5000).prop_map(|a| Op::Wild(a & !3)),
    ]
}

fn image() -> Vec<u8> {
    (0..RODATA.1).map(|i| (i * 7 + 1) as u8).collect()
}

fn space(policy: PolicyKind, frames: u32, tables_in_frames: bool, tlb: u32) -> AddressSpace {
    let settings = Settings {
        geometry: Geometry {
            frames,
            swap_pages: 128,
            tables_in_frames,
            ..Geometry::teaching_two_level()
        },
        policy,
        tlb: TlbSettings {
            entries: tlb,
            ways: tlb.max(1),
            ..TlbSettings::default()
        },
        tick_interval: 5,
        ..Settings::x86_32(frames)
    };
    let mut space = AddressSpace::new(settings).unwrap();
    let mut map = |name: &str, (start, len): (u32, u32), writable, image| {
        space
            .map(Region {
                name: name.into(),
                start,
                len,
                writable,
                image,
            })
            .unwrap()
    };
    map("data", DATA, true, Vec::new());
    map("stack", STACK, true, Vec::new());
    map("rodata", RODATA, false, image());
    space
}

fn check(space: &AddressSpace) -> Result<(), TestCaseError> {
    let entries = space.page_entries();
    let mut frames = BTreeSet::new();
    for (page, entry) in &entries {
        if entry.present {
            prop_assert!(
                frames.insert(entry.frame),
                "frame {} holds two pages",
                entry.frame
            );
            prop_assert_eq!(
                space.frame_uses()[entry.frame as usize],
                FrameUse::Page { page: *page }
            );
        }
    }
    let page_frames = space
        .frame_uses()
        .iter()
        .filter(|u| matches!(u, FrameUse::Page { .. }))
        .count();
    prop_assert_eq!(
        page_frames,
        frames.len(),
        "a frame claims a page that is not present"
    );
    for (_, _, page, tlb) in space.tlb().entries() {
        let entry = entries.iter().find(|(p, _)| *p == page).map(|(_, e)| *e);
        prop_assert!(
            entry.is_some_and(|e| e.present && e.frame == tlb.frame && e.writable == tlb.writable),
            "the TLB maps page {:#x} to frame {} but the page table says {:?}",
            page,
            tlb.frame,
            entry
        );
    }
    let slots = space.swap_slots();
    let distinct: BTreeSet<u32> = slots.iter().map(|(slot, _)| *slot).collect();
    prop_assert_eq!(distinct.len(), slots.len(), "a swap slot holds two pages");
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]

    #[test]
    fn memory_keeps_what_was_written_through_any_paging(
        policy in proptest::sample::select(PolicyKind::ALL.to_vec()),
        frames in 5u32..9,
        tables_in_frames in any::<bool>(),
        tlb in proptest::sample::select(vec![0u32, 1, 4]),
        ops in proptest::collection::vec(op(), 1..120),
    ) {
        let mut space = space(policy, frames, tables_in_frames, tlb);
        let mut model: HashMap<u32, u32> = HashMap::new();
        let image = image();
        let expected = |model: &HashMap<u32, u32>, addr: u32| {
            if (RODATA.0..RODATA.0 + RODATA.1).contains(&addr) {
                let i = (addr - RODATA.0) as usize;
                u32::from_le_bytes(image[i..i + 4].try_into().unwrap())
            } else {
                model.get(&addr).copied().unwrap_or(0)
            }
        };
        for op in ops {
            match op {
                Op::Write(addr, value) => {
                    space.write_u32(addr, value).unwrap();
                    model.insert(addr, value);
                }
                Op::Read(addr) => {
                    prop_assert_eq!(space.read_u32(addr), Ok(expected(&model, addr)));
                }
                Op::ReadOnlyWrite(addr) => {
                    prop_assert_eq!(space.write_u32(addr, 1), Err(Fault::Protection { va: addr }));
                }
                Op::Wild(addr) => {
                    let mut word = [0; 4];
                    prop_assert_eq!(
                        space.read(addr, &mut word, AccessKind::Read),
                        Err(Fault::Invalid { va: addr })
                    );
                }
            }
            check(&space)?;
        }
        // Every written word, read without side effects, is still there.
        for (&addr, &value) in &model {
            let bytes = space.peek(addr, 4).unwrap();
            prop_assert_eq!(u32::from_le_bytes(bytes.try_into().unwrap()), value);
        }
        // A scan word by word reads the aligned words `peek` copies, wherever the pages are.
        for region in [DATA, STACK, RODATA] {
            let mut scanned = Vec::new();
            space.for_each_word(region.0 + 2, region.0 + region.1 - 1, |w| scanned.push(w));
            let copied: Vec<u32> = space
                .peek(region.0 + 4, region.1 - 8)
                .unwrap()
                .chunks_exact(4)
                .map(|w| u32::from_le_bytes([w[0], w[1], w[2], w[3]]))
                .collect();
            prop_assert_eq!(scanned, copied);
        }
    }
}
