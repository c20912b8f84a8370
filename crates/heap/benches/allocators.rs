//! ns per operation of each allocator over a million random malloc/free operations
//! (`cargo xtask bench`, or `cargo bench -p memplay-heap`). The operation list is generated once, from a fixed seed,
//! so every allocator serves the same requests.

use criterion::{Criterion, criterion_group, criterion_main};
use memplay_heap::catalog::{AllocatorChoice, HeapSettings, build};
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

fn run(choice: AllocatorChoice, ops: &[Op]) {
    let mut allocator = build(choice, &HeapSettings::default()).expect("default settings");
    let mut memory = VecMemory::new(0x1000_0000, 64 << 20);
    let mut live: Vec<u32> = Vec::with_capacity(MAX_LIVE);
    for op in ops {
        match *op {
            Op::Malloc(size) => {
                if let Some(payload) = allocator
                    .malloc(&mut memory, 0, size)
                    .expect("no corruption")
                {
                    live.push(payload);
                }
            }
            Op::Free(index) => {
                if !live.is_empty() {
                    let payload = live.swap_remove(index % live.len());
                    allocator
                        .free(&mut memory, 0, payload)
                        .expect("a live block");
                }
            }
        }
    }
}

/// One benchmark per allocator in the catalog, named as on the command line; `cargo xtask
/// bench` reads criterion's estimates under target/criterion/heap/<name>.
fn allocators(c: &mut Criterion) {
    let ops = operations();
    let mut group = c.benchmark_group("heap");
    group.sample_size(10);
    for &choice in AllocatorChoice::ALL {
        group.bench_function(choice.name(), |b| b.iter(|| run(choice, &ops)));
    }
    group.finish();
}

criterion_group!(benches, allocators);
criterion_main!(benches);
