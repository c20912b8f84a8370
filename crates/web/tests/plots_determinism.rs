//! The Plots view's data in WebAssembly: for each of the machine's determinism cases, the
//! time series and Belady's curve must hash to the line the native run stored in
//! crates/session/test_data/plots/hashes.txt (crates/session/tests/plots_determinism.rs
//! checks the native side).
#![cfg(target_arch = "wasm32")]

#[path = "../../machine/test_data/determinism/cases.rs"]
#[allow(dead_code)]
mod cases;
#[path = "../../session/test_data/plots/fingerprint.rs"]
mod fingerprint;

use cases::cases;
use fingerprint::{PLOTS_GOLDEN, plots_golden_for, plots_line};
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

#[wasm_bindgen_test]
fn webassembly_plots_match_the_native_golden_hashes() {
    let mut failures = Vec::new();
    for case in cases() {
        let line = plots_line(case.name, case.source, case.settings);
        match plots_golden_for(PLOTS_GOLDEN, case.name) {
            Some(expected) if expected == line => {}
            Some(expected) => failures.push(format!("native {expected}\n  wasm {line}")),
            None => failures.push(format!("no golden line for {line}")),
        }
    }
    assert!(
        failures.is_empty(),
        "WebAssembly plots differ from the native ones:\n{}",
        failures.join("\n")
    );
}
