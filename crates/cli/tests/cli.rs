//! The `memplay` binary, run as a learner or course author would run it.

use std::process::Command;

fn memplay(args: &[&str]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_memplay"))
        .args(args)
        .output()
        .expect("memplay runs")
}

fn stdout(output: &std::process::Output) -> String {
    String::from_utf8_lossy(&output.stdout).into_owned()
}

#[test]
fn version_names_the_package_version() {
    let output = memplay(&["--version"]);
    assert!(output.status.success());
    assert_eq!(
        stdout(&output).trim(),
        format!("memplay {}", env!("CARGO_PKG_VERSION"))
    );
}

#[test]
fn help_lists_the_commands() {
    let output = memplay(&["--help"]);
    assert!(output.status.success());
    let text = stdout(&output);
    assert!(text.contains("memory playground"), "{text}");
    assert!(text.contains("scenario"), "{text}");
}

#[test]
fn default_scenario_passes_its_own_check() {
    let dir = std::env::temp_dir().join(format!("memplay-cli-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let file = dir.join("default.json");
    let printed = memplay(&["scenario", "default"]);
    std::fs::write(&file, &printed.stdout).unwrap();
    let checked = memplay(&["scenario", "check", file.to_str().unwrap()]);
    assert!(checked.status.success(), "{:?}", checked);
    assert!(stdout(&checked).contains(": ok ("));
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn a_bad_scenario_is_reported_with_its_field() {
    let dir = std::env::temp_dir().join(format!("memplay-cli-bad-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let file = dir.join("bad.json");
    std::fs::write(
        &file,
        r#"{"version":1,"title":"t","program":"","colour":"red"}"#,
    )
    .unwrap();
    let checked = memplay(&["scenario", "check", file.to_str().unwrap()]);
    assert_eq!(checked.status.code(), Some(1));
    let err = String::from_utf8_lossy(&checked.stderr);
    assert!(err.contains("unknown field `colour`"), "{err}");
    let missing = memplay(&["scenario", "check", "/nonexistent/x.json"]);
    assert_eq!(missing.status.code(), Some(2));
    std::fs::remove_dir_all(&dir).unwrap();
}
