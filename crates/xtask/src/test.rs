//! `cargo xtask test`: every test stage, each reported in one line; fails if any fails.

use std::time::Instant;

use crate::build;
use crate::process::{Result, command, editor_bundle, root, run, www};
use crate::setup::{self, Needs};

struct Stage {
    name: &'static str,
    run: fn() -> Result<()>,
}

const STAGES: [Stage; 5] = [
    Stage {
        name: "rustfmt",
        run: rustfmt,
    },
    Stage {
        name: "clippy",
        run: clippy,
    },
    Stage {
        name: "host tests",
        run: host_tests,
    },
    Stage {
        name: "browser tests",
        run: browser_tests,
    },
    Stage {
        name: "end-to-end",
        run: end_to_end,
    },
];

pub fn run_all() -> Result<()> {
    let started = Instant::now();
    setup::install(Needs::Tests)?;
    let mut lines = vec![format!("ok      setup ({:.0?})", started.elapsed())];
    let mut failed = 0;
    for stage in &STAGES {
        println!("\n==> {}", stage.name);
        let started = Instant::now();
        let result = (stage.run)();
        let took = started.elapsed();
        lines.push(match result {
            Ok(()) => format!("ok      {} ({took:.0?})", stage.name),
            Err(e) => {
                failed += 1;
                format!("FAILED  {} ({took:.0?}): {e}", stage.name)
            }
        });
    }
    println!("\ntest summary:");
    for line in &lines {
        println!("  {line}");
    }
    match failed {
        0 => Ok(()),
        n => Err(format!("{n} of {} test stages failed", STAGES.len())),
    }
}

fn rustfmt() -> Result<()> {
    run(command("cargo").args(["fmt", "--all", "--", "--check"]))
}

fn clippy() -> Result<()> {
    run(command("cargo").args([
        "clippy",
        "--workspace",
        "--all-targets",
        "--",
        "-D",
        "warnings",
    ]))?;
    // The browser-only code (wasm32-gated tests) is linted on its own target.
    build_editor_bundle()?;
    run(command("cargo")
        .args([
            "clippy",
            "--package",
            "memplay-web",
            "--target",
            "wasm32-unknown-unknown",
            "--all-targets",
            "--",
            "-D",
            "warnings",
        ])
        .env("MEMPLAY_EDITOR_BUNDLE", editor_bundle()))
}

fn host_tests() -> Result<()> {
    run(command("cargo").args(["test", "--workspace"]))
}

/// The editor bundle the browser tests load (the app's own copy is built by Trunk's hook).
fn build_editor_bundle() -> Result<()> {
    run(command("node")
        .arg(www().join("editor/build.mjs"))
        .arg(editor_bundle()))
}

fn browser_tests() -> Result<()> {
    build_editor_bundle()?;
    run(command("cargo")
        .args([
            "test",
            "--package",
            "memplay-web",
            "--target",
            "wasm32-unknown-unknown",
        ])
        .env("CHROMEDRIVER", "/usr/bin/chromedriver")
        .env("MEMPLAY_EDITOR_BUNDLE", editor_bundle()))
}

fn end_to_end() -> Result<()> {
    build::build_dist()?;
    let e2e = www().join("e2e");
    let mut files: Vec<_> = std::fs::read_dir(&e2e)
        .map_err(|e| format!("cannot list {}: {e}", e2e.display()))?
        .filter_map(|entry| entry.ok().map(|e| e.path()))
        .filter(|path| path.to_string_lossy().ends_with(".test.mjs"))
        .collect();
    files.sort();
    if files.is_empty() {
        return Err(format!("no *.test.mjs files in {}", e2e.display()));
    }
    run(command("node")
        .arg("--test")
        .args(&files)
        .env("MEMPLAY_DIST", root().join("dist"))
        .env("MEMPLAY_E2E_OUT", root().join("target/e2e")))
}
