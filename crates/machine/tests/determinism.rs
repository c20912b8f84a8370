//! Determinism: the same program and settings give the same trace, step for step. Each case
//! of test_data/determinism/cases.rs is run natively and its trace hash compared with
//! test_data/determinism/hashes.txt, which the WebAssembly test (crates/web/tests/
//! determinism.rs) compares with too. `UPDATE_EXPECT=1 cargo test -p memplay-machine --test
//! determinism` rewrites the golden file; review the diff, since a changed hash means a
//! changed trace.

#[path = "../test_data/determinism/cases.rs"]
mod cases;

use std::path::Path;

use cases::{Case, GOLDEN, cases, golden_for, golden_line};
use memplay_machine::trace::{TraceRecorder, TraceSummary, trace_hash, trace_machine};
use memplay_machine::{ErrorKind, Machine, Settings, Status};

fn summary(case: &Case) -> TraceSummary {
    trace_hash(case.source, case.settings.clone()).unwrap_or_else(|e| panic!("{}: {e}", case.name))
}

fn load(source: &str, settings: Settings) -> Machine {
    let checked = memplay_lang::check(source);
    assert!(!checked.has_errors(), "{:?}", checked.diagnostics);
    Machine::new(&checked.program, source, "program.c", settings).expect("loads")
}

fn case_named(name: &str) -> Case {
    cases()
        .into_iter()
        .find(|case| case.name == name)
        .unwrap_or_else(|| panic!("no case {name}"))
}

#[test]
fn native_hashes_match_the_golden_file() {
    let lines: Vec<String> = cases()
        .iter()
        .map(|case| golden_line(case.name, &summary(case)))
        .collect();
    if std::env::var_os("UPDATE_EXPECT").is_some() {
        let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("test_data/determinism/hashes.txt");
        let header = "# name steps hash: each case of cases.rs, its steps and FNV-1a trace hash.\n\
                      # UPDATE_EXPECT=1 cargo test -p memplay-machine --test determinism rewrites it.\n";
        std::fs::write(path, format!("{header}{}\n", lines.join("\n"))).expect("writable");
        return;
    }
    let mut failures = Vec::new();
    for (case, line) in cases().iter().zip(&lines) {
        match golden_for(GOLDEN, case.name) {
            Some(expected) if expected == line => {}
            Some(expected) => failures.push(format!("want {expected}\n got {line}")),
            None => failures.push(format!("no golden line for {line}")),
        }
    }
    let stale: Vec<&str> = GOLDEN
        .lines()
        .filter(|line| !line.starts_with('#') && !line.trim().is_empty())
        .filter(|line| {
            let name = line.split_whitespace().next().unwrap_or_default();
            !cases().iter().any(|case| case.name == name)
        })
        .collect();
    assert!(stale.is_empty(), "golden lines without a case: {stale:?}");
    assert!(
        failures.is_empty(),
        "traces differ from hashes.txt (UPDATE_EXPECT=1 rewrites it):\n{}",
        failures.join("\n")
    );
}

#[test]
fn running_twice_in_one_process_gives_the_same_trace() {
    for case in cases() {
        assert_eq!(summary(&case), summary(&case), "{}", case.name);
    }
}

/// A copy of a machine mid-run (what a time-travel checkpoint is) goes on exactly as the
/// original does.
#[test]
fn a_copy_taken_mid_run_goes_on_as_the_original() {
    for name in ["threads_thread_cache", "paging_random", "memory_errors"] {
        let case = case_named(name);
        let mut machine = load(case.source, case.settings.clone());
        let mut recorder = TraceRecorder::new(&machine);
        for _ in 0..200 {
            let running = machine.step();
            recorder.observe(&machine);
            if !running {
                break;
            }
        }
        let mut copy = machine.clone();
        let copy_recorder = recorder.clone();
        let original = run_on(&mut machine, recorder);
        assert_eq!(original, run_on(&mut copy, copy_recorder), "{name}");
        assert_eq!(original, summary(&case), "{name}: as a fresh run");
    }
}

/// Runs `machine` to its end from where it stands, as `trace_machine` does.
fn run_on(machine: &mut Machine, mut recorder: TraceRecorder) -> TraceSummary {
    if *machine.status() == Status::Running {
        loop {
            let running = machine.step();
            recorder.observe(machine);
            if !running {
                break;
            }
        }
    }
    recorder.finish(machine)
}

/// One setting changed in place.
type SettingChange = fn(&mut Settings);

#[test]
fn changing_one_setting_changes_the_trace() {
    let changes: [(&str, SettingChange); 5] = [
        ("paging_random", |s| s.seed += 1),
        ("paging_clock", |s| s.frames += 1),
        ("threads_thread_cache", |s| s.quantum += 1),
        ("random_heap_buddy", |s| s.heap.thread_cache = true),
        ("memory_errors", |s| s.tlb_entries = 1),
    ];
    for (name, change) in changes {
        let case = case_named(name);
        let mut changed = case.settings.clone();
        change(&mut changed);
        let before = summary(&case);
        let after = trace_hash(case.source, changed).expect("runs");
        assert_ne!(before.hash, after.hash, "{name}: the change left no trace");
    }
}

#[test]
fn one_changed_byte_of_output_changes_the_trace() {
    let run = |text: &str| {
        let source =
            format!("#include <stdio.h>\nint main(void) {{ printf(\"{text}\"); return 0; }}");
        trace_hash(&source, Settings::default()).expect("runs")
    };
    let (a, b) = (run("ab\\n"), run("ac\\n"));
    assert_eq!(a.steps, b.steps);
    assert_ne!(a.hash, b.hash);
}

/// How often the running thread changed from one step to the next.
fn thread_switches(source: &str, settings: Settings) -> u32 {
    let mut machine = load(source, settings);
    let mut thread = machine.position().thread;
    let mut switches = 0;
    while machine.step() {
        let now = machine.position().thread;
        switches += u32::from(now != thread);
        thread = now;
    }
    switches
}

/// The cases do what they are there for: threads interleave, pages are swapped, errors
/// are reported and leaks found, and no run is cut short by a budget or a deadlock.
#[test]
fn the_cases_exercise_what_they_claim() {
    for case in cases() {
        let mut machine = load(case.source, case.settings.clone());
        let summary = trace_machine(&mut machine);
        let name = case.name;
        assert!(
            matches!(
                summary.status,
                Status::Exited { .. } | Status::Killed { .. }
            ),
            "{name} ended {:?}",
            summary.status
        );
        assert!(
            summary.steps < 20_000,
            "{name}: {} steps is too long for the browser test",
            summary.steps
        );
        let stats = machine.space().stats();
        if case.settings.frames < 16 {
            assert!(
                stats.evictions > 0 && stats.swap_outs > 0 && stats.major_faults > 0,
                "{name}: {stats:?}"
            );
        }
        if name.starts_with("threads") {
            assert_eq!(summary.status, Status::Exited { code: 0 }, "{name}");
            let switches = thread_switches(case.source, case.settings.clone());
            assert!(switches > 20, "{name}: only {switches} thread switches");
            assert!(
                String::from_utf8_lossy(&machine.stdout()).contains("counter 144"),
                "{name}: {}",
                String::from_utf8_lossy(&machine.stdout())
            );
        }
        if name.starts_with("random_heap") {
            let leaks = machine.leaks().expect("a leak report");
            assert_eq!(leaks.definitely_lost.blocks, 1, "{name}: {leaks:?}");
            assert_eq!(leaks.indirectly_lost.blocks, 1, "{name}: {leaks:?}");
        }
        if name.starts_with("memory_errors") {
            let kinds: Vec<ErrorKind> = machine.errors().iter().map(|e| e.kind).collect();
            assert_eq!(
                kinds,
                [
                    ErrorKind::InvalidWrite,
                    ErrorKind::UseAfterFreeRead,
                    ErrorKind::UninitialisedValue,
                    ErrorKind::DoubleFree
                ],
                "{name}"
            );
            assert_eq!(summary.status, Status::Killed { signal: 6 }, "{name}");
        }
    }
}
