//! Installs what the app and its tests need. Each step checks the installed version first and
//! says what it installs and why, so running it again costs seconds.

use std::fs;

use crate::process::{Result, command, output, root, run, www};

pub const TRUNK_VERSION: &str = "0.21.14";
const WASM_TARGET: &str = "wasm32-unknown-unknown";
const APT_PACKAGES: [(&str, &str); 3] = [
    (
        "chromium",
        "the browser the browser tests and end-to-end tests drive",
    ),
    (
        "chromium-driver",
        "WebDriver for wasm-bindgen-test's browser runner",
    ),
    (
        "gcc-multilib",
        "gcc -m32, the reference the C engine's output is checked against",
    ),
];

#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Needs {
    /// What building and serving the app needs.
    App,
    /// Additionally what the tests need (Debian packages, installed with apt-get).
    Tests,
}

pub fn install(needs: Needs) -> Result<()> {
    wasm_target()?;
    trunk()?;
    wasm_bindgen_cli()?;
    npm_packages()?;
    if needs == Needs::Tests {
        apt_packages()?;
        memcheck_packages();
    }
    Ok(())
}

/// valgrind and the i386 C library's debug symbols, without which memcheck cannot run
/// the gcc -m32 builds: the memory-error test re-checks its expectations against memcheck
/// when they are present, so a machine that cannot install them only skips that check.
const MEMCHECK_PACKAGES: [(&str, &str); 2] = [
    (
        "valgrind",
        "memcheck, the reference for memory errors and leaks",
    ),
    (
        "libc6-dbg:i386",
        "symbols memcheck needs to run 32-bit programs",
    ),
];

fn memcheck_packages() {
    let missing = missing_packages(&MEMCHECK_PACKAGES);
    if missing.is_empty() {
        return;
    }
    let has_i386 = output(command("dpkg").arg("--print-foreign-architectures"))
        .is_some_and(|arches| arches.lines().any(|a| a.trim() == "i386"));
    let installed = (has_i386 || apt(&["--add-architecture", "i386"], "dpkg").is_ok())
        && install_packages(&missing).is_ok();
    if !installed {
        println!(
            "setup: could not install {}; the memory-error test will skip its memcheck re-check",
            missing
                .iter()
                .map(|(name, _)| *name)
                .collect::<Vec<_>>()
                .join(", ")
        );
    }
}

fn wasm_target() -> Result<()> {
    let installed =
        output(command("rustup").args(["target", "list", "--installed"])).unwrap_or_default();
    if installed.lines().any(|line| line.trim() == WASM_TARGET) {
        return Ok(());
    }
    println!("setup: adding the Rust target {WASM_TARGET} (the app is compiled to WebAssembly)");
    run(command("rustup").args(["target", "add", WASM_TARGET]))
}

fn trunk() -> Result<()> {
    let version = output(command("trunk").arg("--version")).unwrap_or_default();
    if version.trim() == format!("trunk {TRUNK_VERSION}") {
        return Ok(());
    }
    // 0.22 needs a newer rustc than this machine has; --locked keeps its dependencies buildable.
    println!(
        "setup: installing trunk {TRUNK_VERSION} (builds and serves the web app; takes ~6 minutes once)"
    );
    run(command("cargo").args(["install", "trunk", "--version", TRUNK_VERSION, "--locked"]))
}

/// The wasm-bindgen version Cargo.lock pins; the CLI must match it exactly.
pub fn locked_wasm_bindgen_version() -> Result<String> {
    let lock = fs::read_to_string(root().join("Cargo.lock"))
        .map_err(|e| format!("cannot read Cargo.lock: {e}"))?;
    let lock: toml::Table = lock
        .parse()
        .map_err(|e| format!("cannot parse Cargo.lock: {e}"))?;
    lock.get("package")
        .and_then(|p| p.as_array())
        .into_iter()
        .flatten()
        .find(|p| p.get("name").and_then(|n| n.as_str()) == Some("wasm-bindgen"))
        .and_then(|p| p.get("version")?.as_str().map(str::to_string))
        .ok_or_else(|| "Cargo.lock has no wasm-bindgen package".to_string())
}

fn wasm_bindgen_cli() -> Result<()> {
    let wanted = locked_wasm_bindgen_version()?;
    let have = output(command("wasm-bindgen").arg("--version")).unwrap_or_default();
    let runner = output(command("wasm-bindgen-test-runner").arg("--version")).unwrap_or_default();
    let expected = format!("wasm-bindgen {wanted}");
    if have.trim() == expected && runner.contains(&wanted) {
        return Ok(());
    }
    // Without --locked: with it, the install asks for a webpki-roots the registry lacks.
    println!(
        "setup: installing wasm-bindgen-cli {wanted} (must equal Cargo.lock's wasm-bindgen; also the browser test runner; ~2 minutes once)"
    );
    run(command("cargo").args(["install", "wasm-bindgen-cli", "--version", &wanted]))
}

/// Runs `npm ci` in www/ unless node_modules was installed from this very lockfile.
fn npm_packages() -> Result<()> {
    let lock = fs::read(www().join("package-lock.json"))
        .map_err(|e| format!("cannot read www/package-lock.json: {e}"))?;
    let stamp_path = www().join("node_modules/.memplay-installed-lock");
    let stamp = fingerprint(&lock);
    if fs::read_to_string(&stamp_path).is_ok_and(|s| s == stamp) {
        return Ok(());
    }
    println!(
        "setup: installing npm packages of www/ (CodeMirror and esbuild for the editor, binaryen's wasm-opt, playwright-core for end-to-end tests)"
    );
    run(command("npm")
        .args(["ci", "--no-audit", "--no-fund"])
        .current_dir(www()))?;
    fs::write(&stamp_path, stamp).map_err(|e| format!("cannot write {}: {e}", stamp_path.display()))
}

/// A content fingerprint (FNV-1a); it only has to notice that the lockfile changed.
fn fingerprint(bytes: &[u8]) -> String {
    let hash = bytes.iter().fold(0xcbf29ce484222325_u64, |hash, &b| {
        (hash ^ u64::from(b)).wrapping_mul(0x100000001b3)
    });
    format!("{hash:016x}")
}

fn apt_packages() -> Result<()> {
    let missing = missing_packages(&APT_PACKAGES);
    if missing.is_empty() {
        return Ok(());
    }
    install_packages(&missing)
}

fn missing_packages<'a>(packages: &[(&'a str, &'a str)]) -> Vec<(&'a str, &'a str)> {
    packages
        .iter()
        .copied()
        .filter(|(name, _)| {
            !output(command("dpkg-query").args(["-W", "-f=${Status}", name]))
                .is_some_and(|status| status.contains("install ok installed"))
        })
        .collect()
}

fn install_packages(packages: &[(&str, &str)]) -> Result<()> {
    for (name, why) in packages {
        println!("setup: installing the Debian package {name} ({why})");
    }
    // A mirror caught mid-sync fails one index ("File has unexpected size") and apt-get
    // update exits non-zero, keeping the old one; the packages usually install all the
    // same, so only a failed install counts.
    let updated = apt(&["update"], "apt-get");
    let mut args = vec!["install", "-y"];
    args.extend(packages.iter().map(|(name, _)| *name));
    match (apt(&args, "apt-get"), updated) {
        (Ok(()), _) => Ok(()),
        (Err(install), Err(update)) => {
            Err(format!("{install} (apt-get update had failed: {update})"))
        }
        (Err(install), Ok(())) => Err(install),
    }
}

/// Runs a Debian package tool (`apt-get`, `dpkg`) as root, through sudo when needed.
fn apt(args: &[&str], tool: &str) -> Result<()> {
    let as_root = output(command("id").arg("-u")).is_some_and(|uid| uid.trim() == "0");
    // sudo resets the environment, so the setting travels as an argument.
    let mut apt = if as_root {
        command("env")
    } else {
        command("sudo")
    };
    apt.args(["DEBIAN_FRONTEND=noninteractive", tool])
        .args(args);
    run(&mut apt)
        .map_err(|e| format!("{e}; installing Debian packages needs root or sudo (see README.md)"))
}
