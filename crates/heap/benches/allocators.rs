//! ns per operation of each allocator over a million random malloc/free operations
//! (`cargo bench -p memplay-heap`). The operation list is generated once, from a fixed seed,
//! so every allocator serves the same requests.

use criterion::{Criterion, criterion_group, criterion_main};
use memplay_heap::Allocator;
use memplay_heap::implicit::{Coalescing, Fit, ImplicitList, Settings};
use memplay_heap::memory::VecMemory;

const OPERATIONS: usize = 1_000_000;
/// Live allocations are capped so the heap stays a realistic size (and the implicit list's
/// walks stay comparable between runs).
const MAX_LIVE: usize = 200;

#[derive(Clone, Copy)]
enum Op {
    Malloc(u32),
    /// Frees the live allocation at this index (modulo the number live).
    Free(usize),
}

fn operations() -> Vec<Op> {
    let mut seed: u64 = 0x2545_f491_4f6c_dd1d;
    let mut next = move || {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        seed
    };
    let mut live = 0usize;
    (0..OPERATIONS)
        .map(|_| {
            let r = next();
            if live > 0 && (live >= MAX_LIVE || r % 2 == 0) {
                live -= 1;
                Op::Free((r >> 8) as usize)
            } else {
                live += 1;
                Op::Malloc(1 + (r >> 16) as u32 % 256)
            }
        })
        .collect()
}

fn run(settings: &Settings, ops: &[Op]) {
    let mut list = ImplicitList::new(settings.clone()).expect("valid settings");
    let mut memory = VecMemory::new(0x1000_0000, 64 << 20);
    let mut live: Vec<u32> = Vec::with_capacity(MAX_LIVE);
    for op in ops {
        match *op {
            Op::Malloc(size) => {
                if let Some(payload) = list.malloc(&mut memory, 0, size).expect("no corruption") {
                    live.push(payload);
                }
            }
            Op::Free(index) => {
                if !live.is_empty() {
                    let payload = live.swap_remove(index % live.len());
                    list.free(&mut memory, 0, payload).expect("a live block");
                }
            }
        }
    }
}

fn allocators(c: &mut Criterion) {
    let ops = operations();
    let mut group = c.benchmark_group("1M malloc/free");
    group.sample_size(10);
    for (name, settings) in [
        ("implicit first-fit", Settings::default()),
        (
            "implicit next-fit",
            Settings {
                fit: Fit::Next,
                ..Settings::default()
            },
        ),
        (
            "implicit best-fit",
            Settings {
                fit: Fit::Best,
                ..Settings::default()
            },
        ),
        (
            "implicit first-fit deferred",
            Settings {
                coalescing: Coalescing::Deferred,
                ..Settings::default()
            },
        ),
    ] {
        group.bench_function(name, |b| b.iter(|| run(&settings, &ops)));
    }
    group.finish();
}

criterion_group!(benches, allocators);
criterion_main!(benches);
