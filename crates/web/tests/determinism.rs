//! Determinism in WebAssembly: every case of crates/machine/test_data/determinism/cases.rs
//! runs here, on wasm32's 32-bit `usize`, and must give the trace hash the native run
//! stored in hashes.txt (crates/machine/tests/determinism.rs checks the native side).
#![cfg(target_arch = "wasm32")]

#[path = "../../machine/test_data/determinism/cases.rs"]
mod cases;

use cases::{GOLDEN, cases, golden_for, golden_line};
use memplay_machine::trace::trace_hash;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

#[wasm_bindgen_test]
fn webassembly_traces_match_the_native_golden_hashes() {
    let mut failures = Vec::new();
    for case in cases() {
        let line = match trace_hash(case.source, case.settings) {
            Ok(summary) => golden_line(case.name, &summary),
            Err(error) => format!("{} does not run: {error}", case.name),
        };
        match golden_for(GOLDEN, case.name) {
            Some(expected) if expected == line => {}
            Some(expected) => failures.push(format!("native {expected}\n  wasm {line}")),
            None => failures.push(format!("no golden line for {line}")),
        }
    }
    assert!(
        failures.is_empty(),
        "WebAssembly traces differ from the native ones:\n{}",
        failures.join("\n")
    );
}
