//! `memplay`: the playground's engines on the command line, for course authors who want
//! answer keys and for checking scenario files before they are shared.

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};
use memplay_session::Scenario;

#[derive(Parser)]
#[command(
    name = "memplay",
    version,
    about = "A memory playground: watch what C programs do to the stack, the heap and pages.",
    long_about = "A memory playground: watch what C programs do to the stack, the heap and \
                  pages.\n\nThe same engines as the web app, on the command line. More \
                  commands (run, heap, paging) arrive with their engines."
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Work with scenario files (a program plus what the playground needs to show it).
    #[command(subcommand)]
    Scenario(ScenarioCommand),
}

#[derive(Subcommand)]
enum ScenarioCommand {
    /// Check that a scenario file is valid; prints what is wrong, naming the field.
    Check { file: PathBuf },
    /// Print the default scenario (the program the playground opens on) as JSON.
    Default,
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    match cli.command {
        Command::Scenario(ScenarioCommand::Check { file }) => check_scenario(&file),
        Command::Scenario(ScenarioCommand::Default) => {
            println!("{}", Scenario::default().to_json());
            ExitCode::SUCCESS
        }
    }
}

fn check_scenario(file: &PathBuf) -> ExitCode {
    let text = match std::fs::read_to_string(file) {
        Ok(text) => text,
        Err(e) => {
            eprintln!("memplay: cannot read {}: {e}", file.display());
            return ExitCode::from(2);
        }
    };
    match Scenario::from_json(&text) {
        Ok(scenario) => {
            println!(
                "{}: ok (\"{}\", {} lines of C)",
                file.display(),
                scenario.title,
                scenario.program.lines().count()
            );
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("{}: {e}", file.display());
            ExitCode::FAILURE
        }
    }
}
