//! Runs every file of a directory that checks without errors on the machine with a small
//! step budget, reporting any that panic (for finding crashes). It catches panics, so it
//! needs them to unwind, which the release profile does not:
//! `cargo run --release --config 'profile.release.panic="unwind"' -p memplay-machine
//! --example corpus_run DIR`.

use memplay_machine::{Machine, Settings};

fn main() {
    let dir = std::env::args().nth(1).expect("a directory");
    let mut runs = 0;
    let mut panics = 0;
    let mut entries: Vec<_> = std::fs::read_dir(&dir)
        .expect("readable")
        .flatten()
        .collect();
    entries.sort_by_key(|e| e.path());
    for entry in entries {
        let Ok(source) = std::fs::read_to_string(entry.path()) else {
            continue;
        };
        let checked = memplay_lang::check(&source);
        if checked.has_errors() {
            continue;
        }
        runs += 1;
        let result = std::panic::catch_unwind(|| {
            let settings = Settings {
                max_steps: 20_000,
                frames: 256,
                ..Settings::default()
            };
            if let Ok(mut machine) = Machine::new(&checked.program, &source, "x.c", settings) {
                machine.run();
            }
        });
        if result.is_err() {
            panics += 1;
            println!("PANIC: {}", entry.path().display());
        }
    }
    println!("{runs} programs ran, {panics} panicked");
}
