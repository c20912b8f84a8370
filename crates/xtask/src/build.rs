//! Building and serving the web app with Trunk.

use crate::process::{Result, command, root, run};
use crate::setup::{self, Needs};
use crate::sizes;

pub const SERVE_ADDRESS: &str = "127.0.0.1";
pub const SERVE_PORT: &str = "8080";

/// `cargo xtask serve`: a debug build with live reload, kept apart from the release dist/.
pub fn serve() -> Result<()> {
    setup::install(Needs::App)?;
    println!(
        "serve: building memplay; it will be served at http://{SERVE_ADDRESS}:{SERVE_PORT}/ (live reload; Ctrl-C stops)"
    );
    run(command("trunk").args([
        "serve",
        "index.html",
        "--address",
        SERVE_ADDRESS,
        "--port",
        SERVE_PORT,
        "--dist",
        "target/trunk-serve",
    ]))
}

/// `cargo xtask build`: the release dist/ (relative URLs, so it works from any sub-path),
/// then its size report; fails if a size budget is exceeded.
pub fn release() -> Result<sizes::Report> {
    setup::install(Needs::App)?;
    build_dist()?;
    let report = sizes::measure(&root().join("dist"))?;
    print!("{report}");
    report.check_budgets()?;
    Ok(report)
}

/// Builds the release dist/ (tools must already be installed). The wasm is optimised for
/// size (what users download), while native release builds stay optimised for speed.
pub fn build_dist() -> Result<()> {
    run(command("trunk")
        .args(["build", "index.html", "--release"])
        .env("CARGO_PROFILE_RELEASE_OPT_LEVEL", "z"))
}
