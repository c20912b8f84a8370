//! Running commands with the project's tool environment, and where things live.

use std::path::{Path, PathBuf};
use std::process::Command;

pub type Result<T> = std::result::Result<T, String>;

/// The workspace root (xtask lives in crates/xtask).
pub fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .ancestors()
        .nth(2)
        .expect("crates/xtask sits two levels below the workspace root")
        .to_path_buf()
}

pub fn www() -> PathBuf {
    root().join("www")
}

/// Where the editor bundle is built for tests (the Trunk hook builds the app's own copy).
pub fn editor_bundle() -> PathBuf {
    root().join("target/editor/editor.js")
}

/// A command run from the workspace root with npm's tools first on PATH (binaryen's wasm-opt
/// must win over any older system one) and cargo's bin directory on it (fresh installs).
pub fn command(program: &str) -> Command {
    let mut command = Command::new(program);
    command.current_dir(root());
    let mut paths = vec![www().join("node_modules/.bin")];
    if let Some(home) = std::env::var_os("CARGO_HOME")
        .map(PathBuf::from)
        .or_else(|| std::env::var_os("HOME").map(|h| PathBuf::from(h).join(".cargo")))
    {
        paths.push(home.join("bin"));
    }
    if let Some(path) = std::env::var_os("PATH") {
        paths.extend(std::env::split_paths(&path));
    }
    command.env(
        "PATH",
        std::env::join_paths(paths).expect("PATH entries contain no separator"),
    );
    command.env("TRUNK_SKIP_VERSION_CHECK", "true");
    command
}

/// Runs a command to completion with its output shown; an error names the command.
pub fn run(command: &mut Command) -> Result<()> {
    let status = command
        .status()
        .map_err(|e| format!("could not start {}: {e}", describe(command)))?;
    if status.success() {
        Ok(())
    } else {
        Err(format!("{} failed ({status})", describe(command)))
    }
}

/// Runs a command and returns its standard output, or None if it cannot run or fails.
pub fn output(command: &mut Command) -> Option<String> {
    let output = command.output().ok()?;
    output
        .status
        .success()
        .then(|| String::from_utf8_lossy(&output.stdout).into_owned())
}

fn describe(command: &Command) -> String {
    let mut words = vec![command.get_program().to_string_lossy().into_owned()];
    words.extend(command.get_args().map(|a| a.to_string_lossy().into_owned()));
    format!("`{}`", words.join(" "))
}
