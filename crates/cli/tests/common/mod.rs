//! Running the `memplay` binary from the CLI tests.

#![allow(dead_code)] // each test file uses a different part

use std::process::{Command, Output};

use serde_json::Value;

/// `memplay COMMAND ARGS...`.
pub fn memplay(command: &str, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_memplay"))
        .arg(command)
        .args(args)
        .output()
        .expect("memplay runs")
}

pub fn stdout(output: &Output) -> String {
    String::from_utf8_lossy(&output.stdout).into_owned()
}

pub fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

/// The JSON a successful run printed.
pub fn json(output: &Output) -> Value {
    assert!(output.status.success(), "{}", stderr(output));
    serde_json::from_str(&stdout(output)).expect("valid JSON")
}
