//! `memplay`: the playground's engines on the command line, for course authors who want
//! answer keys and for checking scenario files before they are shared.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::{Parser, Subcommand};
use memplay_session::lesson::answer_all;
use memplay_session::{Scenario, check_report, link};

mod heap;
mod paging;
mod run;
mod translate;

#[derive(Parser)]
#[command(
    name = "memplay",
    version,
    about = "A memory playground: watch what C programs do to the stack, the heap and pages.",
    long_about = "A memory playground: watch what C programs do to the stack, the heap and \
                  pages.\n\nThe same engines as the web app, on the command line.\n\nExit status: 0 \
                  when all is well, 1 when the input has errors, 2 when it cannot be read."
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Check a C program against the playground's C subset.
    ///
    /// Diagnostics go to stderr in gcc's `file:line:col: error: message` form, each with
    /// its source line and a caret. Exits 1 if there are errors (warnings alone exit 0).
    Check {
        /// The C source file.
        file: PathBuf,
        /// Print the diagnostics to stdout as a JSON array instead (line and column are
        /// 1-based; columns count characters).
        #[arg(long)]
        json: bool,
    },
    /// Run a list of heap operations and print each result and the free list after it.
    ///
    /// With `--compat ostep`, reproduces OSTEP's free-space simulator (vm-freespace/malloc.py)
    /// exactly: `memplay heap --compat ostep --policy best --order addrsort --coalesce
    /// --ops +10,+20,-0,+5`. Exits 2 on a bad argument.
    Heap(heap::HeapArgs),
    /// Run a reference string over N frames with a page-replacement policy.
    ///
    /// `memplay paging --policy lru --frames 3 --refs 7,0,1,2,0,3,0,4 [--json]`; with
    /// `--compat ostep`, OSTEP's paging-policy.py exactly; with `--sweep 1..8 --policy
    /// fifo,lru,opt`, misses for each frame count (Belady's curve). Exits 2 on a bad argument.
    Paging(paging::PagingArgs),
    /// Answer address-translation exercises: base and bounds, segmentation, linear and
    /// two-level page tables, as OSTEP's homework simulators do. Exits 2 on a bad argument.
    #[command(subcommand)]
    Translate(translate::TranslateCommand),
    /// Run a C program on the simulated machine: its output to stdout, its memory errors
    /// to stderr, its exit status as the program's (128 + the signal after a fatal fault).
    Run(run::RunArgs),
    /// Work with scenario files (a program plus what the playground needs to show it).
    #[command(subcommand)]
    Scenario(ScenarioCommand),
}

#[derive(Subcommand)]
enum ScenarioCommand {
    /// Check that a scenario file is valid; prints what is wrong, naming the field, or,
    /// for a lesson, the answer key (each question's answer, computed by running it).
    Check { file: PathBuf },
    /// Print the share link that opens a scenario: `--base` is where the playground is
    /// served (`https://example.edu/os/memplay/`).
    Link {
        file: PathBuf,
        #[arg(long, value_name = "URL")]
        base: String,
    },
    /// Print the default scenario (the program the playground opens on) as JSON.
    Default,
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    match cli.command {
        Command::Check { file, json } => check_program(&file, json),
        Command::Heap(args) => heap::run(&args),
        Command::Paging(args) => paging::run(&args),
        Command::Translate(command) => translate::run(&command),
        Command::Run(args) => run::run(&args),
        Command::Scenario(ScenarioCommand::Check { file }) => check_scenario(&file),
        Command::Scenario(ScenarioCommand::Link { file, base }) => scenario_link(&file, &base),
        Command::Scenario(ScenarioCommand::Default) => {
            println!("{}", Scenario::default().to_json());
            ExitCode::SUCCESS
        }
    }
}

/// Exit status when the input file cannot be read (1 means "read, and wrong").
const UNREADABLE: u8 = 2;

fn read(file: &Path) -> Result<String, ExitCode> {
    std::fs::read_to_string(file).map_err(|e| {
        eprintln!("memplay: cannot read {}: {e}", file.display());
        ExitCode::from(UNREADABLE)
    })
}

fn check_program(file: &Path, json: bool) -> ExitCode {
    let source = match read(file) {
        Ok(source) => source,
        Err(code) => return code,
    };
    let report = check_report(&file.display().to_string(), &source);
    if json {
        let text =
            serde_json::to_string(&report.diagnostics).expect("plain data always serializes");
        println!("{text}");
    } else {
        eprint!("{}", report.rendered);
    }
    if report.has_errors {
        ExitCode::FAILURE
    } else {
        ExitCode::SUCCESS
    }
}

/// The scenario in `file`, or the exit status after saying why not.
fn load_scenario(file: &Path) -> Result<Scenario, ExitCode> {
    let text = read(file)?;
    Scenario::from_json(&text).map_err(|e| {
        eprintln!("{}: {e}", file.display());
        ExitCode::FAILURE
    })
}

fn check_scenario(file: &Path) -> ExitCode {
    let scenario = match load_scenario(file) {
        Ok(scenario) => scenario,
        Err(code) => return code,
    };
    println!(
        "{}: ok (\"{}\", {} lines of C)",
        file.display(),
        scenario.title,
        scenario.program.lines().count()
    );
    let Some(lesson) = &scenario.lesson else {
        return ExitCode::SUCCESS;
    };
    // Valid settings were checked by loading.
    let settings = scenario.machine_settings().unwrap_or_default();
    let answers = match answer_all(lesson, &scenario.program, &settings) {
        Ok(answers) => answers,
        Err(why) => {
            eprintln!("{}: {why}", file.display());
            return ExitCode::FAILURE;
        }
    };
    let mut status = ExitCode::SUCCESS;
    for (i, (question, answer)) in lesson.questions.iter().zip(answers).enumerate() {
        match answer {
            Ok(answer) => println!(
                "question {}: {} -> {}",
                i + 1,
                question.prompt,
                answer.shown()
            ),
            Err(why) => {
                eprintln!(
                    "{}: lesson.questions[{i}]: the engine cannot answer it: {why}",
                    file.display()
                );
                status = ExitCode::FAILURE;
            }
        }
    }
    status
}

fn scenario_link(file: &Path, base: &str) -> ExitCode {
    match load_scenario(file) {
        Ok(scenario) => {
            println!("{}", link::url(base, &scenario));
            ExitCode::SUCCESS
        }
        Err(code) => code,
    }
}
