//! The benchmark's workload (a million random malloc/free, at most 200 live, 1 to 256
//! bytes) run once per allocator: the list entries searched per operation, the heap size
//! reached, and a rough ns per operation. `cargo run --release -p memplay-heap --example
//! workload [ALLOCATOR] [--json]`. `cargo xtask bench` reads the JSON for the searching
//! figures (they do not depend on the machine); its timings come from criterion.

use std::time::Instant;

use memplay_heap::catalog::{AllocatorChoice, HeapSettings, build};
use memplay_heap::memory::{HeapMemory, VecMemory};
use memplay_heap::workload::{random_ops, run_ops};

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let json = args.iter().any(|a| a == "--json");
    let only = args.iter().find(|a| !a.starts_with("--"));
    let ops = random_ops(0x2545_f491_4f6c_dd1d, 1_000_000, 200, 256);
    let mut rows = Vec::new();
    for &choice in AllocatorChoice::ALL
        .iter()
        .filter(|c| only.is_none_or(|o| o == c.name()))
    {
        let mut allocator = build(choice, &HeapSettings::default()).expect("defaults");
        let mut memory = VecMemory::new(0x1000_0000, 64 << 20);
        let started = Instant::now();
        let summary = run_ops(allocator.as_mut(), &mut memory, &ops).expect("a sound workload");
        let ns_per_op = started.elapsed().as_nanos() as f64 / ops.len() as f64;
        let searched = summary.searched as f64 / ops.len() as f64;
        let heap = memory.brk() - memory.heap_start();
        if json {
            rows.push(format!(
                r#"{{"allocator":"{}","searched_per_op":{searched:.2},"heap_bytes":{heap}}}"#,
                choice.name()
            ));
        } else {
            println!(
                "{:14} {searched:6.1} searched/op {ns_per_op:7.1} ns/op  heap {heap} bytes",
                choice.name()
            );
        }
    }
    if json {
        println!("[{}]", rows.join(","));
    }
}
