//! Times the machine on C programs with the default settings (full paging, TLB and cache
//! simulation, memcheck-style checking): for each file, the best of `--runs` runs of
//! checking, loading and running it, printed as a JSON array for `cargo xtask bench`.
//!
//! `cargo run --release -p memplay-machine --example bench_run -- [--runs N] FILE.c...`
//!
//! The clock lives here, in the shell: the machine itself never reads one.

use std::process::ExitCode;
use std::time::{Duration, Instant};

use memplay_machine::{Machine, Settings};
use serde_json::{Value, json};

/// One timed run of a program: what it did and how long each part took.
struct Timed {
    steps: u64,
    stdout: Vec<u8>,
    exit_code: Option<i32>,
    status: String,
    errors: Vec<String>,
    /// Checking and loading the program (the lang front end and the machine's compiler).
    setup: Duration,
    /// Running it to its end, the leak scan included.
    run: Duration,
}

fn run_once(name: &str, source: &str) -> Result<Timed, String> {
    let started = Instant::now();
    let checked = memplay_lang::check(source);
    if checked.has_errors() {
        return Err(format!("{name} does not check: {:?}", checked.diagnostics));
    }
    let mut machine = Machine::new(&checked.program, source, name, Settings::default())
        .map_err(|e| format!("{name} does not load: {e}"))?;
    let loaded = Instant::now();
    let status = machine.run().clone();
    let finished = Instant::now();
    Ok(Timed {
        steps: machine.steps(),
        stdout: machine.stdout().to_vec(),
        exit_code: status.exit_status(),
        status: format!("{status:?}"),
        errors: machine.errors().iter().map(|e| e.message.clone()).collect(),
        setup: loaded - started,
        run: finished - loaded,
    })
}

/// The best of `runs` runs of one program; every run must do the same work (same steps and
/// output), or the machine is not deterministic and the figure means nothing.
fn measure(path: &str, runs: usize) -> Result<Value, String> {
    let source = std::fs::read_to_string(path).map_err(|e| format!("cannot read {path}: {e}"))?;
    let name = std::path::Path::new(path)
        .file_name()
        .map_or(path.to_string(), |n| n.to_string_lossy().into_owned());
    let first = run_once(&name, &source)?;
    let mut best_wall = first.setup + first.run;
    let mut best_run = first.run;
    for _ in 1..runs {
        let again = run_once(&name, &source)?;
        if again.steps != first.steps || again.stdout != first.stdout {
            return Err(format!(
                "{name}: two runs differ ({} and {} steps)",
                first.steps, again.steps
            ));
        }
        best_wall = best_wall.min(again.setup + again.run);
        best_run = best_run.min(again.run);
    }
    let run_seconds = best_run.as_secs_f64();
    Ok(json!({
        "program": name.trim_end_matches(".c"),
        "steps": first.steps,
        "exit_code": first.exit_code,
        "status": first.status,
        "errors": first.errors,
        "stdout": String::from_utf8_lossy(&first.stdout),
        "wall_ms": best_wall.as_secs_f64() * 1e3,
        "run_ms": run_seconds * 1e3,
        "steps_per_second": first.steps as f64 / run_seconds.max(1e-9),
    }))
}

fn main() -> ExitCode {
    let mut args = std::env::args().skip(1);
    let mut runs = 3;
    let mut files = Vec::new();
    while let Some(arg) = args.next() {
        if arg == "--runs" {
            match args.next().and_then(|n| n.parse().ok()) {
                Some(n) if n > 0 => runs = n,
                _ => {
                    eprintln!("bench_run: --runs takes a positive number");
                    return ExitCode::from(2);
                }
            }
        } else {
            files.push(arg);
        }
    }
    if files.is_empty() {
        eprintln!("usage: bench_run [--runs N] FILE.c...");
        return ExitCode::from(2);
    }
    let mut figures = Vec::new();
    for file in &files {
        match measure(file, runs) {
            Ok(figure) => {
                eprintln!(
                    "bench_run: {file}: {} steps in {:.0} ms",
                    figure["steps"], figure["wall_ms"]
                );
                figures.push(figure);
            }
            Err(e) => {
                eprintln!("bench_run: {e}");
                return ExitCode::FAILURE;
            }
        }
    }
    let text = serde_json::to_string_pretty(&figures).expect("plain data always serializes");
    println!("{text}");
    ExitCode::SUCCESS
}
