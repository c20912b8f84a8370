//! The benchmark's workload (a million random malloc/free, at most 200 live) run once per
//! allocator, printing the list entries searched per operation, a rough ns per operation
//! and the heap size reached: `cargo run --release -p memplay-heap --example workload
//! [ALLOCATOR]`. For profiling (`perf record`); the figures to report come from
//! `cargo xtask bench`.

use memplay_heap::catalog::{AllocatorChoice, HeapSettings, build};
use memplay_heap::memory::{HeapMemory, VecMemory};
fn main() {
    let only = std::env::args().nth(1);
    for &choice in AllocatorChoice::ALL
        .iter()
        .filter(|c| only.as_deref().is_none_or(|o| o == c.name()))
    {
        let mut a = build(choice, &HeapSettings::default()).unwrap();
        let mut m = VecMemory::new(0x1000_0000, 64 << 20);
        let mut seed: u64 = 0x2545_f491_4f6c_dd1d;
        let mut live: Vec<u32> = vec![];
        let (mut searched, mut ops) = (0u64, 0u64);
        let t = std::time::Instant::now();
        for _ in 0..1_000_000 {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            let r = seed;
            if !live.is_empty() && (live.len() >= 200 || r.is_multiple_of(2)) {
                let p = live.swap_remove((r >> 8) as usize % live.len());
                a.free(&mut m, 0, p).unwrap();
            } else if let Some(p) = a.malloc(&mut m, 0, 1 + (r >> 16) as u32 % 256).unwrap() {
                live.push(p);
            }
            searched += u64::from(a.ledger().last_searched);
            ops += 1;
        }
        println!(
            "{:14} {:6.1} searched/op  {:6.1} ns/op heap {}",
            choice.name(),
            searched as f64 / ops as f64,
            t.elapsed().as_nanos() as f64 / 1e6,
            m.brk() - m.heap_start()
        );
    }
}
