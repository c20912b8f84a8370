//! ns per operation of each allocator over a million random malloc/free operations
//! (`cargo xtask bench`, or `cargo bench -p memplay-heap`). The operation list is generated
//! once, from a fixed seed, so every allocator serves the same requests.

use criterion::{Criterion, criterion_group, criterion_main};
use memplay_heap::catalog::{AllocatorChoice, HeapSettings, build};
use memplay_heap::memory::VecMemory;
use memplay_heap::workload::{random_ops, run_ops};

/// The workload: a million operations, at most 200 blocks live (so the heap stays a
/// realistic size), requests of 1 to 256 bytes. The workload example uses the same.
const SEED: u64 = 0x2545_f491_4f6c_dd1d;
const OPERATIONS: usize = 1_000_000;
const MAX_LIVE: usize = 200;
const MAX_SIZE: u32 = 256;

/// One benchmark per allocator in the catalog, named as on the command line; `cargo xtask
/// bench` reads criterion's estimates under target/criterion/heap/<name>.
fn allocators(c: &mut Criterion) {
    let ops = random_ops(SEED, OPERATIONS, MAX_LIVE, MAX_SIZE);
    let mut group = c.benchmark_group("heap");
    group.sample_size(10);
    for &choice in AllocatorChoice::ALL {
        group.bench_function(choice.name(), |b| {
            b.iter(|| {
                let mut allocator = build(choice, &HeapSettings::default()).expect("defaults");
                let mut memory = VecMemory::new(0x1000_0000, 64 << 20);
                run_ops(allocator.as_mut(), &mut memory, &ops).expect("a sound workload")
            })
        });
    }
    group.finish();
}

criterion_group!(benches, allocators);
criterion_main!(benches);
