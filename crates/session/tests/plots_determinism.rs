//! The Plots view's data is deterministic: for each of the machine's determinism cases, the
//! time series and Belady's curve hash to the line stored in test_data/plots/hashes.txt,
//! which the WebAssembly test (crates/web/tests/plots_determinism.rs) checks too.
//! `UPDATE_EXPECT=1 cargo test -p memplay-session --test plots_determinism` rewrites it.

#[path = "../../machine/test_data/determinism/cases.rs"]
#[allow(dead_code)]
mod cases;
#[path = "../test_data/plots/fingerprint.rs"]
mod fingerprint;

use std::path::Path;

use cases::cases;
use fingerprint::{PLOTS_GOLDEN, plots_golden_for, plots_line};

#[test]
fn native_plots_match_the_golden_file() {
    let lines: Vec<String> = cases()
        .into_iter()
        .map(|case| plots_line(case.name, case.source, case.settings))
        .collect();
    if std::env::var_os("UPDATE_EXPECT").is_some() {
        let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("test_data/plots/hashes.txt");
        let header = "# name points references hash: each determinism case's plots (time series \
                      and Belady's curve).\n# UPDATE_EXPECT=1 cargo test -p memplay-session --test \
                      plots_determinism rewrites it.\n";
        std::fs::write(path, format!("{header}{}\n", lines.join("\n"))).expect("writable");
        return;
    }
    let failures: Vec<String> = cases()
        .iter()
        .zip(&lines)
        .filter_map(
            |(case, line)| match plots_golden_for(PLOTS_GOLDEN, case.name) {
                Some(expected) if expected == line => None,
                Some(expected) => Some(format!("want {expected}\n got {line}")),
                None => Some(format!("no golden line for {line}")),
            },
        )
        .collect();
    assert!(
        failures.is_empty(),
        "plots differ from hashes.txt (UPDATE_EXPECT=1 rewrites it):\n{}",
        failures.join("\n")
    );
}

#[test]
fn the_plots_of_a_run_are_the_same_twice() {
    let case = cases().into_iter().next().expect("a case");
    let first = plots_line(case.name, case.source, case.settings.clone());
    assert_eq!(first, plots_line(case.name, case.source, case.settings));
}
