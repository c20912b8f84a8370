//! Tidy: the workspace's structural rules, checked on every `cargo test`.
//!
//! - Only `crates/web` may know the browser (wasm-bindgen, web-sys, js-sys, yew, gloo...),
//!   directly or by depending on the web crate.
//! - Member manifests follow the workspace conventions: package `memplay-<dir>`, shared
//!   package fields inherited, every dependency named in `[workspace.dependencies]` and taken
//!   with `workspace = true`, workspace lints on.
//! - Trunk.toml asks for the wasm-bindgen version that Cargo.lock pins.

use std::fs;
use std::path::{Path, PathBuf};

use toml::{Table, Value};

const BROWSER_CRATES: [&str; 9] = [
    "wasm-bindgen",
    "wasm-bindgen-futures",
    "wasm-bindgen-test",
    "web-sys",
    "js-sys",
    "yew",
    "gloo",
    "serde-wasm-bindgen",
    "memplay-web",
];

/// The one crate allowed to know the browser.
const WEB_CRATE: &str = "web";

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .ancestors()
        .nth(2)
        .unwrap()
        .to_path_buf()
}

fn read_toml(path: &Path) -> Table {
    let text =
        fs::read_to_string(path).unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()));
    text.parse()
        .unwrap_or_else(|e| panic!("cannot parse {}: {e}", path.display()))
}

/// (directory name, manifest) of every crate under crates/.
fn members() -> Vec<(String, Table)> {
    let mut members: Vec<_> = fs::read_dir(root().join("crates"))
        .unwrap()
        .map(|entry| entry.unwrap().path())
        .filter(|dir| dir.join("Cargo.toml").is_file())
        .map(|dir| {
            let name = dir.file_name().unwrap().to_string_lossy().into_owned();
            (name, read_toml(&dir.join("Cargo.toml")))
        })
        .collect();
    members.sort_by(|a, b| a.0.cmp(&b.0));
    assert!(
        members.len() >= 4,
        "expected the workspace's crates under crates/"
    );
    members
}

/// Every dependency table of a manifest (normal, dev, build, and per-target ones).
fn dependency_tables(manifest: &Table) -> Vec<(String, &Table)> {
    let kinds = ["dependencies", "dev-dependencies", "build-dependencies"];
    let mut tables = Vec::new();
    for kind in kinds {
        if let Some(table) = manifest.get(kind).and_then(Value::as_table) {
            tables.push((kind.to_string(), table));
        }
    }
    if let Some(targets) = manifest.get("target").and_then(Value::as_table) {
        for (target, spec) in targets {
            for kind in kinds {
                if let Some(table) = spec.get(kind).and_then(Value::as_table) {
                    tables.push((format!("target.{target}.{kind}"), table));
                }
            }
        }
    }
    tables
}

#[test]
fn only_the_web_crate_knows_the_browser() {
    let mut offences = Vec::new();
    for (dir, manifest) in members() {
        if dir == WEB_CRATE {
            continue;
        }
        for (kind, table) in dependency_tables(&manifest) {
            for name in table.keys() {
                if BROWSER_CRATES.contains(&name.as_str()) {
                    offences.push(format!("crates/{dir}: [{kind}] {name}"));
                }
            }
        }
    }
    assert!(
        offences.is_empty(),
        "only crates/web may depend on browser crates:\n{}",
        offences.join("\n")
    );
}

#[test]
fn manifests_follow_workspace_conventions() {
    let workspace = read_toml(&root().join("Cargo.toml"));
    let shared = workspace["workspace"]["dependencies"].as_table().unwrap();
    let mut offences = Vec::new();
    let mut used = std::collections::BTreeSet::new();
    for (dir, manifest) in members() {
        let package = manifest["package"].as_table().unwrap();
        let expected = if dir == "xtask" {
            "xtask".to_string()
        } else {
            format!("memplay-{dir}")
        };
        if package["name"].as_str() != Some(&expected) {
            offences.push(format!("crates/{dir}: package must be named `{expected}`"));
        }
        for field in ["version", "edition", "license", "rust-version"] {
            let inherited = package
                .get(field)
                .and_then(|v| v.get("workspace"))
                .and_then(Value::as_bool)
                == Some(true);
            if !inherited {
                offences.push(format!("crates/{dir}: `{field}.workspace = true` expected"));
            }
        }
        let lints_inherited = manifest
            .get("lints")
            .and_then(|l| l.get("workspace"))
            .and_then(Value::as_bool)
            == Some(true);
        if !lints_inherited {
            offences.push(format!("crates/{dir}: `[lints] workspace = true` expected"));
        }
        for (kind, table) in dependency_tables(&manifest) {
            for (name, spec) in table {
                used.insert(name.clone());
                let from_workspace = spec.get("workspace").and_then(Value::as_bool) == Some(true);
                if !from_workspace {
                    offences.push(format!(
                        "crates/{dir}: [{kind}] {name} must say `workspace = true` (versions live in the root Cargo.toml)"
                    ));
                } else if !shared.contains_key(name) {
                    offences.push(format!(
                        "crates/{dir}: [{kind}] {name} is missing from [workspace.dependencies]"
                    ));
                }
            }
        }
    }
    for name in shared.keys() {
        if !used.contains(name) {
            offences.push(format!(
                "[workspace.dependencies] {name} is used by no crate; remove it"
            ));
        }
    }
    assert!(offences.is_empty(), "{}", offences.join("\n"));
}

#[test]
fn trunk_uses_the_locked_wasm_bindgen() {
    let lock = read_toml(&root().join("Cargo.lock"));
    let locked = lock["package"]
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["name"].as_str() == Some("wasm-bindgen"))
        .and_then(|p| p["version"].as_str())
        .expect("Cargo.lock pins wasm-bindgen");
    let trunk = read_toml(&root().join("Trunk.toml"));
    let wanted = trunk["tools"]["wasm_bindgen"].as_str();
    assert_eq!(
        wanted,
        Some(locked),
        "Trunk.toml [tools] wasm_bindgen must equal Cargo.lock's wasm-bindgen, or trunk tries a download"
    );
}
