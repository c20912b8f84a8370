//! Building and serving the web app with Trunk: the main page (index.html) and the lab
//! page (lab.html, its own wasm), both into dist/.

use std::path::Path;

use crate::process::{Result, command, root, run};
use crate::setup::{self, Needs};
use crate::sizes;

pub const SERVE_ADDRESS: &str = "127.0.0.1";
pub const SERVE_PORT: &str = "8080";
/// The lab page's debug server, beside the main one.
pub const LAB_SERVE_PORT: &str = "8081";

/// Where Trunk builds the lab page: Trunk empties its dist folder on every build, so the
/// lab is built apart and its files copied into dist/ after the main build.
const LAB_DIST: &str = "target/lab-dist";

/// `cargo xtask serve [--lab]`: a debug build with live reload, kept apart from the release
/// dist/: the main app, or with `--lab` the lab page (on its own port, so both can run).
pub fn serve(lab: bool) -> Result<()> {
    setup::install(Needs::App)?;
    let (target, port, dist, path) = if lab {
        (
            "lab.html",
            LAB_SERVE_PORT,
            "target/trunk-serve-lab",
            "lab.html",
        )
    } else {
        ("index.html", SERVE_PORT, "target/trunk-serve", "")
    };
    println!(
        "serve: building {target}; it will be served at http://{SERVE_ADDRESS}:{port}/{path} (live reload; Ctrl-C stops)"
    );
    run(command("trunk").args([
        "serve",
        target,
        "--html-output",
        target,
        "--address",
        SERVE_ADDRESS,
        "--port",
        port,
        "--dist",
        dist,
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

/// Builds the release dist/ (tools must already be installed): the main page, then the lab
/// page copied in beside it. The wasm is optimised for size (what users download), while
/// native release builds stay optimised for speed.
pub fn build_dist() -> Result<()> {
    run(command("trunk")
        .args(["build", "index.html", "--release"])
        .env("CARGO_PROFILE_RELEASE_OPT_LEVEL", "z"))?;
    run(command("trunk")
        .args([
            "build",
            "lab.html",
            "--release",
            "--html-output",
            "lab.html",
            "--dist",
            LAB_DIST,
        ])
        .env("CARGO_PROFILE_RELEASE_OPT_LEVEL", "z"))?;
    copy_new(&root().join(LAB_DIST), &root().join("dist"))
}

/// Copies every file under `from` into `to`; a file already there must be the same bytes
/// (wasm-bindgen's snippets of the shared crate, say), never silently replaced.
fn copy_new(from: &Path, to: &Path) -> Result<()> {
    let entries =
        std::fs::read_dir(from).map_err(|e| format!("cannot list {}: {e}", from.display()))?;
    for entry in entries {
        let entry = entry.map_err(|e| e.to_string())?;
        let source = entry.path();
        let target = to.join(entry.file_name());
        if source.is_dir() {
            std::fs::create_dir_all(&target)
                .map_err(|e| format!("cannot create {}: {e}", target.display()))?;
            copy_new(&source, &target)?;
            continue;
        }
        let bytes =
            std::fs::read(&source).map_err(|e| format!("cannot read {}: {e}", source.display()))?;
        match std::fs::read(&target) {
            Ok(existing) if existing == bytes => {}
            Ok(_) => {
                return Err(format!(
                    "the lab page's {} would replace the main page's file of that name in dist/",
                    target.display()
                ));
            }
            Err(_) => std::fs::write(&target, bytes)
                .map_err(|e| format!("cannot write {}: {e}", target.display()))?,
        }
    }
    Ok(())
}
