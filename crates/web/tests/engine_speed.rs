//! The machine's speed in WebAssembly, in headless Chromium: each benchmark program of
//! crates/machine/test_data/bench checked, loaded and run with the default settings (full
//! paging, TLB and cache simulation), the best of three runs timed with performance.now().
//!
//! A benchmark, not a test of the app: every function is ignored, so `cargo xtask test`
//! skips it; `cargo xtask bench` runs it in release with `-- --include-ignored --nocapture`
//! and reads the `engine-speed` lines it prints (the same figures as the native example
//! crates/machine/examples/bench_run.rs, which does the same work).
//!
//! The runs block for seconds, so they happen in a dedicated worker: on the page's main
//! thread they would starve chromedriver, which gives up on a renderer silent for 30 s.
#![cfg(target_arch = "wasm32")]

use memplay_machine::{Machine, Settings};
use wasm_bindgen::prelude::*;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_dedicated_worker);

#[wasm_bindgen]
extern "C" {
    /// The worker's high-resolution clock, in milliseconds.
    #[wasm_bindgen(js_namespace = performance)]
    fn now() -> f64;
}

/// Runs per program; the best is reported, as natively.
const RUNS: usize = 3;

/// What one run did, and how long checking plus loading (`setup_ms`) and running took.
struct Timed {
    steps: u64,
    stdout: Vec<u8>,
    exit_code: Option<i32>,
    setup_ms: f64,
    run_ms: f64,
}

fn run_once(name: &str, source: &str) -> Timed {
    let started = now();
    let checked = memplay_lang::check(source);
    assert!(!checked.has_errors(), "{name} does not check");
    let mut machine = Machine::new(&checked.program, source, name, Settings::default())
        .unwrap_or_else(|e| panic!("{name} does not load: {e}"));
    let loaded = now();
    let status = machine.run().clone();
    let finished = now();
    Timed {
        steps: machine.steps(),
        stdout: machine.stdout().to_vec(),
        exit_code: status.exit_status(),
        setup_ms: loaded - started,
        run_ms: finished - loaded,
    }
}

/// Times one program and prints its line for the xtask:
/// `engine-speed program=NAME steps=N wall_ms=F run_ms=F exit=CODE stdout=HEX`.
fn bench(name: &str, source: &str) {
    let first = run_once(name, source);
    assert_eq!(
        first.exit_code,
        Some(0),
        "{name} must run to its end: {:?}",
        String::from_utf8_lossy(&first.stdout)
    );
    let mut best_wall = first.setup_ms + first.run_ms;
    let mut best_run = first.run_ms;
    for _ in 1..RUNS {
        let again = run_once(name, source);
        // The machine is deterministic: every run does the same work.
        assert_eq!(again.steps, first.steps, "{name}: runs differ in steps");
        assert_eq!(again.stdout, first.stdout, "{name}: runs differ in output");
        best_wall = best_wall.min(again.setup_ms + again.run_ms);
        best_run = best_run.min(again.run_ms);
    }
    let stdout_hex: String = first.stdout.iter().map(|b| format!("{b:02x}")).collect();
    console_log!(
        "engine-speed program={name} steps={} wall_ms={best_wall:.3} run_ms={best_run:.3} exit=0 stdout={stdout_hex}",
        first.steps
    );
}

/// The programs, from the machine's bench folder (the xtask reports any it lacks here).
macro_rules! bench_program {
    ($test:ident, $name:literal) => {
        #[wasm_bindgen_test]
        #[ignore = "a benchmark: `cargo xtask bench` runs it"]
        fn $test() {
            bench(
                $name,
                include_str!(concat!("../../machine/test_data/bench/", $name, ".c")),
            );
        }
    };
}

bench_program!(array_loops, "array_loops");
bench_program!(linked_list, "linked_list");
bench_program!(malloc_heavy, "malloc_heavy");
bench_program!(matrix_multiply, "matrix_multiply");
bench_program!(recursion, "recursion");
