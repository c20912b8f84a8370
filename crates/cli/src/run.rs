//! `memplay run prog.c`: runs a program on the machine. The program's stdout goes to stdout
//! byte for byte, its errors to stderr in a valgrind-like form, and the exit status is the
//! program's (or 128 + the signal of a fatal fault).

use std::io::Write as _;
use std::path::PathBuf;
use std::process::ExitCode;

use clap::Args;
use memplay_session::Scenario;
use memplay_session::heap_lab::AllocatorChoice;
use memplay_session::run::MachineSettings;
use memplay_session::run::{RunFailure, run_program};
use memplay_session::settings_form::Preset;

#[derive(Args)]
pub struct RunArgs {
    /// The C source file.
    #[arg(required_unless_present = "scenario", conflicts_with = "scenario")]
    file: Option<PathBuf>,
    /// Run a scenario file's program on its machine instead (flags change it further).
    #[arg(long, value_name = "FILE.json")]
    scenario: Option<PathBuf>,
    /// Start from a ready-made machine (linux-32, tiny, small-memory, buddy, memcheck);
    /// the other flags change it further.
    #[arg(long)]
    preset: Option<String>,
    /// Bits of a virtual address: 32 (by default) or 16, a 64 KiB machine.
    #[arg(long)]
    address_bits: Option<u32>,
    /// The main thread's stack size in bytes (`64k`, `8m` accepted); 8 MiB by default.
    #[arg(long, value_parser = parse_size)]
    stack_size: Option<u32>,
    /// The allocator serving malloc and free (as `memplay heap --allocator`).
    #[arg(long)]
    allocator: Option<String>,
    /// Put glibc-like per-thread caches in front of the allocator.
    #[arg(long)]
    thread_cache: bool,
    /// Statements a thread runs before the scheduler switches threads (10 by default).
    #[arg(long)]
    quantum: Option<u64>,
    /// Physical memory in frames (pages of --page-size bytes).
    #[arg(long)]
    frames: Option<u32>,
    /// Bytes per page, a power of two: 1k to 64k in 32 bits (4k by default, as on x86),
    /// 64 to 4k in 16 bits.
    #[arg(long, value_parser = parse_size)]
    page_size: Option<u32>,
    /// The page-replacement policy (fifo, lru, clock, ...; opt runs the program twice:
    /// once to learn the future).
    #[arg(long)]
    replacement: Option<String>,
    /// TLB entries (0 for none; 16 by default).
    #[arg(long)]
    tlb: Option<u32>,
    /// Seeds every random choice (replacement, TLB, cache).
    #[arg(long)]
    seed: Option<u64>,
    /// Statements the program may run before it is stopped (10 million by default).
    #[arg(long)]
    max_steps: Option<u64>,
    /// Hold freed blocks back from reuse, up to this many bytes (`1m`), as memcheck and
    /// ASan do, so a use after free is caught even after malloc runs again (0 by default).
    #[arg(long, value_parser = parse_size)]
    quarantine: Option<u32>,
    /// Pad every heap block with this many bytes that the program may not touch, as
    /// memcheck's red zones, so an overrun into the next block is caught (0 by default).
    #[arg(long, value_parser = parse_size)]
    red_zone: Option<u32>,
    /// Write a JSON report of the run to this file.
    #[arg(long, value_name = "FILE.json")]
    report: Option<PathBuf>,
}

/// A size in bytes with an optional k, m or g suffix.
fn parse_size(text: &str) -> Result<u32, String> {
    let lower = text.to_ascii_lowercase();
    let (digits, scale) = match lower.strip_suffix(['k', 'm', 'g']) {
        Some(digits) => (
            digits,
            match lower.chars().last() {
                Some('k') => 1u64 << 10,
                Some('m') => 1 << 20,
                _ => 1 << 30,
            },
        ),
        None => (lower.as_str(), 1),
    };
    digits
        .parse::<u64>()
        .ok()
        .and_then(|n| u32::try_from(n * scale).ok())
        .ok_or_else(|| format!("expected a size such as 65536, 64k or 8m, not `{text}`"))
}

/// Exit status when memplay itself cannot run the program (unreadable, bad arguments).
const CANNOT_RUN: u8 = 2;

/// The program to run, its name, and the machine it runs on before any flag.
fn program_and_machine(args: &RunArgs) -> Result<(String, String, MachineSettings), String> {
    let read = |path: &PathBuf| {
        std::fs::read_to_string(path).map_err(|e| format!("cannot read {}: {e}", path.display()))
    };
    match (&args.file, &args.scenario) {
        (_, Some(path)) => {
            let scenario = Scenario::from_json(&read(path)?)
                .map_err(|e| format!("{}: {e}", path.display()))?;
            let settings = scenario
                .machine_settings()
                .map_err(|e| format!("{}: {e}", path.display()))?;
            Ok((path.display().to_string(), scenario.program, settings))
        }
        (Some(path), None) => Ok((
            path.display().to_string(),
            read(path)?,
            MachineSettings::default(),
        )),
        (None, None) => Err("give a C file or --scenario FILE.json".into()),
    }
}

pub fn run(args: &RunArgs) -> ExitCode {
    let (name, source, base) = match program_and_machine(args) {
        Ok(found) => found,
        Err(why) => {
            eprintln!("memplay run: {why}");
            return ExitCode::from(CANNOT_RUN);
        }
    };
    let mut settings = match args.preset.as_deref().map(|id| (id, Preset::from_id(id))) {
        None => base,
        Some((_, Some(preset))) => preset.settings(),
        Some((id, None)) => {
            let known: Vec<&str> = Preset::ALL.iter().map(|p| p.id()).collect();
            eprintln!(
                "memplay run: --preset: unknown preset `{id}` (expected one of {})",
                known.join(", ")
            );
            return ExitCode::from(CANNOT_RUN);
        }
    };
    if let Some(bits) = args.address_bits {
        settings.address_bits = bits;
    }
    if let Some(stack_size) = args.stack_size {
        settings.stack_size = stack_size;
    }
    if let Some(name) = &args.allocator {
        match name.parse::<AllocatorChoice>() {
            Ok(choice) => settings.allocator = choice,
            Err(e) => {
                eprintln!("memplay run: --allocator: {e}");
                return ExitCode::from(CANNOT_RUN);
            }
        }
    }
    settings.heap.thread_cache = args.thread_cache;
    if let Some(quantum) = args.quantum {
        settings.quantum = quantum;
    }
    if let Some(frames) = args.frames {
        settings.frames = frames;
    }
    if let Some(page_size) = args.page_size {
        settings.page_size = page_size;
    }
    if let Some(name) = &args.replacement {
        match name.parse() {
            Ok(policy) => settings.replacement = policy,
            Err(e) => {
                eprintln!("memplay run: --replacement: {e}");
                return ExitCode::from(CANNOT_RUN);
            }
        }
    }
    if let Some(tlb) = args.tlb {
        settings.tlb_entries = tlb;
    }
    if let Some(quarantine) = args.quarantine {
        settings.quarantine = quarantine;
    }
    if let Some(red_zone) = args.red_zone {
        settings.red_zone = red_zone;
    }
    if let Some(seed) = args.seed {
        settings.seed = seed;
    }
    if let Some(max_steps) = args.max_steps {
        settings.max_steps = max_steps;
    }
    let report = match run_program(&name, &source, settings) {
        Ok(report) => report,
        Err(RunFailure::Diagnostics(rendered)) => {
            eprint!("{rendered}");
            return ExitCode::FAILURE;
        }
        Err(RunFailure::Setup(message)) => {
            eprintln!("memplay run: {message}");
            return ExitCode::from(CANNOT_RUN);
        }
    };
    let _ = std::io::stdout().write_all(&report.stdout);
    let _ = std::io::stderr().write_all(&report.stderr);
    eprint!("{}", report.error_lines(&name));
    if let Some(path) = &args.report {
        let text = serde_json::to_string_pretty(&report).expect("plain data always serializes");
        if let Err(e) = std::fs::write(path, text + "\n") {
            eprintln!("memplay run: cannot write {}: {e}", path.display());
            return ExitCode::from(CANNOT_RUN);
        }
    }
    match report.exit_code {
        Some(code) => ExitCode::from(code as u8),
        None => ExitCode::from(CANNOT_RUN),
    }
}
