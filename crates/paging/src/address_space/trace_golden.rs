//! Golden hashes of everything an address space shows, over long seeded runs of reads and
//! writes in many shapes (every policy; TLBs and caches fully associative, set-associative
//! with sets that are not a power of two, direct-mapped or absent; write-through and
//! no-write-allocate; random eviction; accesses of 1 to 600 bytes that cross lines and
//! pages; faults; the heap growing and shrinking; events recorded or not). The hashes were
//! made by the straightforward implementation before the per-access path was optimised, so
//! a change that alters anything observable (a counter, a cost, an event, where an entry
//! sits in the TLB or cache, a byte) fails here.

use super::*;
use crate::assoc::Eviction;
use crate::rng::SplitMix64;

/// FNV-1a over the debug text of what is folded in.
struct Fold(u64);

impl Fold {
    fn add(&mut self, value: &impl std::fmt::Debug) {
        for byte in format!("{value:?}").bytes() {
            self.0 = (self.0 ^ u64::from(byte)).wrapping_mul(0x0100_0000_01b3);
        }
    }
}

const TEXT: (u32, u32) = (0x0100, 0x0300);
const DATA: (u32, u32) = (0x0800, 0x0900);
const HEAP_START: u32 = 0x2000;
const STACK: (u32, u32) = (0x6000, 0x0800);

/// The `shape`-th combination of geometry, TLB, cache, ticks and policy settings.
fn settings(policy: PolicyKind, shape: usize) -> Settings {
    let mut settings = Settings::x86_32(16);
    settings.policy = policy;
    settings.seed = shape as u64 * 31 + 5;
    settings.policy_settings.seed = shape as u64 + 1;
    settings.policy_settings.tau = 5 + shape as u64;
    settings.tick_interval = [1000, 7, 3, 50][shape % 4];
    settings.geometry = match shape % 3 {
        0 => Geometry {
            frames: 24,
            swap_pages: 96,
            ..Geometry::teaching_two_level()
        },
        1 => Geometry {
            frames: 12,
            swap_pages: 64,
            ..Geometry::teaching_linear()
        },
        _ => Geometry {
            va_bits: 16,
            page_size: 128,
            levels: vec![4, 5],
            frames: 20,
            swap_pages: 200,
            entry_size: 2,
            tables_in_frames: true,
        },
    };
    settings.tlb = match shape % 5 {
        0 => TlbSettings::default(),
        1 => TlbSettings {
            entries: 12,
            ways: 4,
            eviction: Eviction::Random,
        },
        2 => TlbSettings {
            entries: 0,
            ways: 1,
            eviction: Eviction::Lru,
        },
        3 => TlbSettings {
            entries: 6,
            ways: 1,
            eviction: Eviction::Fifo,
        },
        _ => TlbSettings {
            entries: 4,
            ways: 4,
            eviction: Eviction::Lru,
        },
    };
    settings.cache = match shape % 6 {
        0 => CacheSettings::default(),
        1 => CacheSettings {
            size: 768,
            line_size: 16,
            ways: 4,
            eviction: Eviction::Random,
            write_back: false,
            write_allocate: false,
        },
        2 => CacheSettings {
            size: 0,
            ..CacheSettings::default()
        },
        3 => CacheSettings {
            size: 256,
            line_size: 32,
            ways: 1,
            eviction: Eviction::Fifo,
            write_back: true,
            write_allocate: false,
        },
        4 => CacheSettings {
            size: 384,
            line_size: 8,
            ways: 3,
            eviction: Eviction::Lru,
            write_back: false,
            write_allocate: true,
        },
        _ => CacheSettings {
            size: 512,
            line_size: 4,
            ways: 128,
            eviction: Eviction::Lru,
            write_back: true,
            write_allocate: true,
        },
    };
    settings.validate().unwrap();
    settings
}

fn space(settings: Settings) -> AddressSpace {
    let mut space = AddressSpace::new(settings).unwrap();
    let region = |name: &str, (start, len): (u32, u32), writable, image: Vec<u8>| Region {
        name: name.into(),
        start,
        len,
        writable,
        image,
    };
    let text_image = (0..0x180).map(|i: u32| (i * 13 + 7) as u8).collect();
    let data_image = (0..0x40).map(|i: u32| (i * 3 + 1) as u8).collect();
    space.map(region("text", TEXT, false, text_image)).unwrap();
    space.map(region("data", DATA, true, data_image)).unwrap();
    space
        .map(region("heap", (HEAP_START, 0x100), true, Vec::new()))
        .unwrap();
    space.map(region("stack", STACK, true, Vec::new())).unwrap();
    space
}

/// An address, mostly inside a region and near the last one (locality), sometimes wild.
fn address(rng: &mut SplitMix64, last: &mut u32) -> u32 {
    let va = match rng.below(20) {
        0..=11 => last.wrapping_add(rng.below(64) as u32).wrapping_sub(24),
        12..=13 => STACK.0 + STACK.1 - 1 - rng.below(0x80) as u32,
        14 => DATA.0 + rng.below(0x100) as u32,
        15 => DATA.0 + rng.below(u64::from(DATA.1)) as u32,
        16 => HEAP_START + rng.below(0x800) as u32,
        17 => TEXT.0 + rng.below(u64::from(TEXT.1)) as u32,
        18 => rng.below(0x1_0000) as u32,
        _ => 0xffff_fff0 + rng.below(16) as u32,
    };
    *last = va;
    va
}

fn length(rng: &mut SplitMix64) -> usize {
    match rng.below(10) {
        0..=3 => 4,
        4 => 1,
        5 => 2,
        6 => 1 + rng.below(8) as usize,
        7 => 1 + rng.below(70) as usize,
        8 => 100 + rng.below(500) as usize,
        _ => 0,
    }
}

/// Runs `steps` seeded operations and folds in everything observable after each.
fn trace(settings: Settings, seed: u64, steps: usize, future: Option<&[u32]>) -> (u64, Vec<u32>) {
    let mut space = space(settings);
    if let Some(pages) = future {
        space.set_future(pages);
    }
    space.record_references(true);
    let mut rng = SplitMix64::new(seed);
    let mut fold = Fold(0xcbf2_9ce4_8422_2325);
    let mut last = DATA.0;
    let mut heap_len = 0x100;
    for step in 0..steps {
        if step % 97 == 0 {
            space.record_events(rng.below(2) == 0);
        }
        let va = address(&mut rng, &mut last);
        match rng.below(16) {
            0..=6 => {
                let kind = if rng.below(8) == 0 {
                    AccessKind::Fetch
                } else {
                    AccessKind::Read
                };
                let mut buf = vec![0u8; length(&mut rng)];
                let result = space.read(va, &mut buf, kind);
                fold.add(&(va, result, buf));
            }
            7..=11 => {
                let bytes: Vec<u8> = (0..length(&mut rng))
                    .map(|_| rng.next_u64() as u8)
                    .collect();
                fold.add(&(va, space.write(va, &bytes)));
            }
            12 => fold.add(&(va, space.read_u32(va))),
            13 => fold.add(&(va, space.write_u32(va, rng.next_u64() as u32))),
            14 => fold.add(&space.translate(va, AccessKind::Write)),
            _ => {
                // The heap's break moves, giving pages back when it shrinks.
                heap_len =
                    (heap_len as i64 + rng.below(0x300) as i64 - 0x140).clamp(1, 0x1000) as u32;
                fold.add(&space.resize(HEAP_START, heap_len));
            }
        }
        fold.add(&(space.stats(), space.costs(), space.time()));
        fold.add(&(space.tlb().hits, space.tlb().misses, space.cache().stats));
        fold.add(&space.take_events());
        if step % 13 == 0 {
            fold.add(&space.tlb().entries());
            fold.add(&space.cache().lines());
            fold.add(&space.resident());
            fold.add(&space.page_entries());
            fold.add(&space.frame_table().frames());
            fold.add(&space.frame_uses());
            fold.add(&space.swap_slots());
        }
    }
    for (start, len) in [TEXT, DATA, (HEAP_START, heap_len), STACK] {
        fold.add(&space.peek(start, len));
    }
    (fold.0, space.take_references())
}

/// One hash per policy, each over shapes `policy index .. policy index + 3`.
fn hashes() -> Vec<u64> {
    PolicyKind::ALL
        .iter()
        .enumerate()
        .map(|(i, &policy)| {
            let mut fold = Fold(0);
            for shape in i..i + 3 {
                let settings = settings(policy, shape);
                let seed = shape as u64 * 1_000_003;
                let (hash, references) = if policy == PolicyKind::Opt {
                    // OPT is told the future a first run recorded, as the machine does.
                    let (_, references) = trace(settings.clone(), seed, 1500, None);
                    trace(settings, seed, 1500, Some(&references))
                } else {
                    trace(settings, seed, 1500, None)
                };
                fold.add(&(hash, references.len()));
            }
            fold.0
        })
        .collect()
}

#[test]
fn every_shape_of_address_space_behaves_as_it_always_has() {
    let expected: Vec<u64> = vec![
        0x76d846d936a694a0,
        0x37eedcf251704880,
        0xde7d51fc40e386f7,
        0x81d16994b3aef60e,
        0x920e2a639ad432aa,
        0x111f74466162dce5,
        0xe881247c873aea52,
        0x7ba2eb7a5f3ea974,
        0xad1dca578021edf6,
        0xbc2c329ee50b290d,
        0xbdb5a59b273a1276,
        0x9cc76bfcdb5a64ac,
    ];
    let actual = hashes();
    assert_eq!(
        actual, expected,
        "the address space's observable behaviour changed"
    );
}
