//! Fuzz target `run`: any bytes, read as (lossy) UTF-8; a program that checks without errors
//! runs on the machine under small budgets, through a timeline that jumps back to the middle
//! and forward again. Besides "never panics, never hangs", it asserts that the run ends
//! (exit, signal or a budget) and that a revisited step looks as it did.

#![no_main]

use libfuzzer_sys::fuzz_target;
use memplay_machine::{Granularity, Machine, Settings, Status, Timeline};

fuzz_target!(|data: &[u8]| {
    let source = String::from_utf8_lossy(data);
    let checked = memplay_lang::check(&source);
    if checked.has_errors() {
        return;
    }
    let settings = Settings {
        max_steps: 20_000,
        max_output: 64 << 10,
        frames: 64,
        stack_size: 256 << 10,
        thread_stack_size: 64 << 10,
        max_heap: 1 << 20,
        max_threads: 8,
        quantum: 3,
        granularity: if data.len() % 2 == 0 {
            Granularity::Statement
        } else {
            Granularity::Expression
        },
        ..Settings::default()
    };
    let Ok(machine) = Machine::new(&checked.program, &source, "fuzz.c", settings) else {
        return;
    };
    let mut timeline = Timeline::new(machine, 64);
    timeline.go_to(u64::MAX);
    assert_ne!(timeline.machine().status(), &Status::Running, "the run ended");
    let end = timeline.step();
    let middle = end / 2;
    timeline.go_to(middle);
    let there = timeline.machine().snapshot();
    timeline.go_to(end);
    timeline.go_to(middle);
    assert_eq!(timeline.machine().snapshot(), there, "step {middle} revisited");
});
