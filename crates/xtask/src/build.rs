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
        .env("CARGO_PROFILE_RELEASE_OPT_LEVEL", "z"))?;
    forbid_inline_script(&root().join("dist/index.html"))
}

/// The Content-Security-Policy of the released page: scripts only from its own files (no
/// inline script, no eval; WebAssembly may compile), styles from its files and the style
/// attributes the views set, nothing loaded from elsewhere. A link or a lesson that
/// smuggles markup in cannot run script.
pub const CONTENT_SECURITY_POLICY: &str = "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; \
    style-src 'self' 'unsafe-inline'; img-src 'self' data:; object-src 'none'; base-uri 'none'; \
    form-action 'none'";

/// Moves the module script Trunk writes inline (it starts the app) into a file of its own
/// and puts [`CONTENT_SECURITY_POLICY`] in the page, which then forbids inline script.
pub fn forbid_inline_script(index: &std::path::Path) -> Result<()> {
    let html = std::fs::read_to_string(index)
        .map_err(|e| format!("cannot read {}: {e}", index.display()))?;
    let (page, start) = split_start_script(&html)?;
    let dir = index.parent().ok_or("index.html has no folder")?;
    std::fs::write(dir.join(START_SCRIPT), start)
        .map_err(|e| format!("cannot write {START_SCRIPT}: {e}"))?;
    std::fs::write(index, page).map_err(|e| format!("cannot write {}: {e}", index.display()))
}

/// The file the app's start script moves to.
const START_SCRIPT: &str = "start.js";

/// The page with its inline module script replaced by a reference to [`START_SCRIPT`] and
/// the policy added to its head, and the script's text.
fn split_start_script(html: &str) -> Result<(String, String)> {
    const OPEN: &str = "<script type=\"module\">";
    const CLOSE: &str = "</script>";
    let at = html
        .find(OPEN)
        .ok_or("index.html has no inline module script to move (did Trunk change?)")?;
    let body = at + OPEN.len();
    let end = body
        + html[body..]
            .find(CLOSE)
            .ok_or("index.html's module script is not closed")?;
    if html[end..].contains(OPEN) {
        return Err("index.html has more than one inline module script".into());
    }
    let policy = format!(
        "<meta http-equiv=\"Content-Security-Policy\" content=\"{}\" />",
        CONTENT_SECURITY_POLICY
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ")
    );
    let page = format!(
        "{}<script type=\"module\" src=\"./{START_SCRIPT}\"></script>{}",
        &html[..at],
        &html[end + CLOSE.len()..]
    )
    .replacen(
        "<meta charset=\"utf-8\" />",
        &format!("<meta charset=\"utf-8\" />\n    {policy}"),
        1,
    );
    if !page.contains(&policy) {
        return Err("index.html has no <meta charset=\"utf-8\" /> to put the policy after".into());
    }
    Ok((page, html[body..end].trim().to_string() + "\n"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_start_script_moves_to_a_file_and_the_policy_forbids_inline_script() {
        let html = "<html><head><meta charset=\"utf-8\" />\n<script src=\"./editor.js\"></script>\n<script type=\"module\">\nimport init from './app.js';\nawait init();\n</script>\n</head></html>";
        let (page, start) = split_start_script(html).unwrap();
        assert_eq!(start, "import init from './app.js';\nawait init();\n");
        assert!(page.contains("<script type=\"module\" src=\"./start.js\"></script>"));
        assert!(page.contains("<script src=\"./editor.js\"></script>"));
        assert!(!page.contains("import init"));
        assert!(page.contains("script-src 'self' 'wasm-unsafe-eval'; style-src"));
        assert!(split_start_script("<html></html>").is_err());
    }
}
