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

/// The Cargo profile the shipped wasm is built with (see Cargo.toml).
pub const WEB_PROFILE: &str = "web";

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
/// page copied in beside it. The wasm is built with Cargo.toml's `web` profile, optimised
/// for size (what users download), while native release builds stay optimised for speed.
pub fn build_dist() -> Result<()> {
    run(command("trunk").args([
        "build",
        "index.html",
        "--release",
        "--cargo-profile",
        WEB_PROFILE,
    ]))?;
    forbid_inline_script(&root().join("dist/index.html"), "start.js")?;
    minify_glue(&root().join("dist"), "memplay-web-")?;
    run(command("trunk").args([
        "build",
        "lab.html",
        "--release",
        "--html-output",
        "lab.html",
        "--dist",
        LAB_DIST,
        "--cargo-profile",
        WEB_PROFILE,
    ]))?;
    forbid_inline_script(&root().join(LAB_DIST).join("lab.html"), "lab-start.js")?;
    minify_glue(&root().join(LAB_DIST), "memplay-lab-")?;
    copy_new(&root().join(LAB_DIST), &root().join("dist"))
}

/// Minifies wasm-bindgen's JS glue (`{prefix}*.js` in `dist`) and its snippets (the
/// crate's `inline_js`, under `dist/snippets/`) with esbuild: Trunk's own JS minifier
/// cannot read the glue (`export default`) and leaves the snippets as written, so
/// index.html and lab.html opt the glue out (`data-no-minify`) and it is minified here. The
/// page loads both without an integrity hash, so rewriting them in place is safe; the main
/// and lab builds minify a shared snippet to the same bytes.
fn minify_glue(dist: &Path, prefix: &str) -> Result<()> {
    let entries =
        std::fs::read_dir(dist).map_err(|e| format!("cannot list {}: {e}", dist.display()))?;
    let mut minified = 0;
    for entry in entries {
        let path = entry.map_err(|e| e.to_string())?.path();
        let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("");
        if name.starts_with(prefix) && name.ends_with(".js") {
            minify_js(&path)?;
            minified += 1;
        }
    }
    if minified == 0 {
        return Err(format!(
            "no {prefix}*.js glue in {} to minify",
            dist.display()
        ));
    }
    minify_snippets(&dist.join("snippets"))
}

/// Minifies every `.js` file under `dir` (wasm-bindgen's snippets, a folder per crate);
/// no folder means no snippets.
fn minify_snippets(dir: &Path) -> Result<()> {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return Ok(());
    };
    for entry in entries {
        let path = entry.map_err(|e| e.to_string())?.path();
        if path.is_dir() {
            minify_snippets(&path)?;
        } else if path.extension().is_some_and(|ext| ext == "js") {
            minify_js(&path)?;
        }
    }
    Ok(())
}

/// Minifies an ES module in place with esbuild.
fn minify_js(path: &Path) -> Result<()> {
    let file = path.to_string_lossy();
    run(command("esbuild").args([
        &*file,
        "--minify",
        "--format=esm",
        "--log-level=warning",
        "--allow-overwrite",
        &format!("--outfile={file}"),
    ]))
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

/// The Content-Security-Policy of the released page: scripts only from its own files (no
/// inline script, no eval; WebAssembly may compile), styles from its files and the style
/// attributes the views set, nothing loaded from elsewhere. A link or a lesson that
/// smuggles markup in cannot run script.
pub const CONTENT_SECURITY_POLICY: &str = "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; \
    style-src 'self' 'unsafe-inline'; img-src 'self' data:; object-src 'none'; base-uri 'none'; \
    form-action 'none'";

/// Moves the module script Trunk writes inline (it starts the app) into a file of its own
/// and puts [`CONTENT_SECURITY_POLICY`] in the page, which then forbids inline script.
/// The start script goes to `script`, beside the page.
pub fn forbid_inline_script(page: &Path, script: &str) -> Result<()> {
    let html = std::fs::read_to_string(page)
        .map_err(|e| format!("cannot read {}: {e}", page.display()))?;
    let (html, start) = split_start_script(&html, script)?;
    let dir = page.parent().ok_or("the page has no folder")?;
    std::fs::write(dir.join(script), start).map_err(|e| format!("cannot write {script}: {e}"))?;
    std::fs::write(page, html).map_err(|e| format!("cannot write {}: {e}", page.display()))
}

/// The page with its inline module script replaced by a reference to `script` and the
/// policy added to its head, and the script's text.
fn split_start_script(html: &str, script: &str) -> Result<(String, String)> {
    // As Trunk writes them, and as its HTML minifier leaves them (release builds).
    const OPENS: [&str; 2] = ["<script type=\"module\">", "<script type=module>"];
    const CHARSETS: [&str; 2] = ["<meta charset=\"utf-8\" />", "<meta charset=utf-8>"];
    const CLOSE: &str = "</script>";
    let (at, open) = OPENS
        .iter()
        .find_map(|open| html.find(open).map(|at| (at, *open)))
        .ok_or("the page has no inline module script to move (did Trunk change?)")?;
    let body = at + open.len();
    let end = body
        + html[body..]
            .find(CLOSE)
            .ok_or("the page's module script is not closed")?;
    if OPENS.iter().any(|open| html[end..].contains(open)) {
        return Err("the page has more than one inline module script".into());
    }
    let policy = format!(
        "<meta http-equiv=\"Content-Security-Policy\" content=\"{}\">",
        CONTENT_SECURITY_POLICY
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ")
    );
    let page = format!(
        "{}<script type=\"module\" src=\"./{script}\"></script>{}",
        &html[..at],
        &html[end + CLOSE.len()..]
    );
    let charset = CHARSETS
        .iter()
        .find(|charset| page.contains(*charset))
        .ok_or("the page has no <meta charset=\"utf-8\"> to put the policy after")?;
    let page = page.replacen(charset, &format!("{charset}{policy}"), 1);
    Ok((page, html[body..end].trim().to_string() + "\n"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_start_script_moves_to_a_file_and_the_policy_forbids_inline_script() {
        let html = "<html><head><meta charset=\"utf-8\" />\n<script src=\"./editor.js\"></script>\n<script type=\"module\">\nimport init from './app.js';\nawait init();\n</script>\n</head></html>";
        let (page, start) = split_start_script(html, "start.js").unwrap();
        assert_eq!(start, "import init from './app.js';\nawait init();\n");
        assert!(page.contains("<script type=\"module\" src=\"./start.js\"></script>"));
        assert!(page.contains("<script src=\"./editor.js\"></script>"));
        assert!(!page.contains("import init"));
        assert!(page.contains("script-src 'self' 'wasm-unsafe-eval'; style-src"));
        assert!(split_start_script("<html></html>", "start.js").is_err());
        // The same page after Trunk's HTML minifier (release builds).
        let minified = "<!doctype html><html lang=en><meta charset=utf-8><script src=./editor.js></script><script type=module>import init from './app.js';\nawait init();</script></html>";
        let (page, start) = split_start_script(minified, "start.js").unwrap();
        assert_eq!(start, "import init from './app.js';\nawait init();\n");
        assert!(page.contains("<meta charset=utf-8><meta http-equiv=\"Content-Security-Policy\""));
        assert!(page.contains("<script type=\"module\" src=\"./start.js\"></script>"));
    }
}
