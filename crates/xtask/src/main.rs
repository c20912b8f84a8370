//! `cargo xtask <command>`: the project's automation, in Rust so it runs wherever cargo does.
//!
//! Every command first installs what it needs (idempotently: each tool's version is checked
//! before anything is installed), so the README's two commands work on a bare machine.

mod bench;
mod build;
mod process;
mod setup;
mod sizes;
mod test;

use std::process::ExitCode;

const USAGE: &str = "\
usage: cargo xtask <command>

commands:
  setup   install the tools the app and its tests need (wasm32 target, trunk,
          wasm-bindgen-cli, npm packages of www/; with --test also Debian's
          chromium, chromium-driver and gcc-multilib through apt-get)
  serve   set up, build and serve the app at http://127.0.0.1:8080 with live reload;
          --lab serves the lab page at http://127.0.0.1:8081/lab.html instead
  build   set up and build the release app (index.html and lab.html) into dist/, then
          print its size report
  test    set up everything tests need, then run every test stage:
          rustfmt, clippy, host tests, browser tests (wasm-bindgen-test), end-to-end
  bench   run the benchmarks and report their figures (a table, and target/bench.json);
          --only engine|heap|paging runs one of them";

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    let result = match args.as_slice() {
        ["setup"] => setup::install(setup::Needs::App),
        ["setup", "--test"] => setup::install(setup::Needs::Tests),
        ["serve"] => build::serve(false),
        ["serve", "--lab"] => build::serve(true),
        ["build"] => build::release().map(|_| ()),
        ["test"] => test::run_all(),
        ["bench", options @ ..] => bench::run_all(options),
        ["help" | "--help" | "-h"] => {
            println!("{USAGE}");
            Ok(())
        }
        _ => {
            eprintln!("{USAGE}");
            return ExitCode::from(2);
        }
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("xtask: {e}");
            ExitCode::FAILURE
        }
    }
}
