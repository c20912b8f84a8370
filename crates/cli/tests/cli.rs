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

/// A temporary folder for one test, removed when dropped (even if the test fails).
struct TempDir(std::path::PathBuf);

impl TempDir {
    fn new(name: &str) -> TempDir {
        let dir = std::env::temp_dir().join(format!("memplay-cli-{name}-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        TempDir(dir)
    }

    fn file(&self, name: &str, contents: &str) -> String {
        let path = self.0.join(name);
        std::fs::write(&path, contents).unwrap();
        path.to_str().unwrap().to_owned()
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

fn stderr(output: &std::process::Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

const TWO_ERRORS: &str = "int main(void) {\n    float f = 1;\n    int x = 1\n    return x;\n}\n";

#[test]
fn check_accepts_a_valid_program_silently() {
    let dir = TempDir::new("check-ok");
    let file = dir.file(
        "ok.c",
        "#include <stdio.h>\n\nint main(void) {\n    printf(\"hi\\n\");\n    return 0;\n}\n",
    );
    let checked = memplay(&["check", &file]);
    assert_eq!(checked.status.code(), Some(0), "{checked:?}");
    assert_eq!(stdout(&checked), "");
    assert_eq!(stderr(&checked), "");
}

#[test]
fn check_reports_every_error_like_gcc_and_fails() {
    let dir = TempDir::new("check-errors");
    let file = dir.file("two.c", TWO_ERRORS);
    let checked = memplay(&["check", &file]);
    assert_eq!(checked.status.code(), Some(1), "{checked:?}");
    assert_eq!(
        stdout(&checked),
        "",
        "diagnostics go to stderr, as gcc's do"
    );
    let err = stderr(&checked);
    assert!(
        err.contains(&format!(
            "{file}:2:5: error: `float` is not supported in this playground\n    \
             2 |     float f = 1;\n      |     ^~~~~\n"
        )),
        "{err}"
    );
    assert!(
        err.contains(&format!(
            "{file}:3:14: error: expected ';' after declaration\n    \
             3 |     int x = 1\n      |              ^\n"
        )),
        "{err}"
    );
}

#[test]
fn check_json_gives_positions_and_notes() {
    let dir = TempDir::new("check-json");
    let file = dir.file("two.c", TWO_ERRORS);
    let checked = memplay(&["check", "--json", &file]);
    assert_eq!(checked.status.code(), Some(1), "{checked:?}");
    let json: serde_json::Value = serde_json::from_slice(&checked.stdout).expect("stdout is JSON");
    assert_eq!(
        json,
        serde_json::json!([
            {
                "severity": "error",
                "line": 2, "column": 5, "end_line": 2, "end_column": 10,
                "message": "`float` is not supported in this playground",
                "notes": [{
                    "line": null, "column": null,
                    "message": "the playground has integers and pointers only: no floating point"
                }]
            },
            {
                "severity": "error",
                "line": 3, "column": 14, "end_line": 3, "end_column": 14,
                "message": "expected ';' after declaration",
                "notes": []
            }
        ])
    );

    // A note that points somewhere has its position; a clean program is an empty array.
    let unclosed = dir.file("unclosed.c", "int main(void) {\n");
    let checked = memplay(&["check", "--json", &unclosed]);
    let json: serde_json::Value = serde_json::from_slice(&checked.stdout).unwrap();
    assert_eq!(json[0]["message"], "expected '}' at end of input");
    assert_eq!(json[0]["notes"][0]["line"], 1);
    assert_eq!(json[0]["notes"][0]["column"], 16);
    let clean = dir.file("clean.c", "int main(void) { return 0; }\n");
    let checked = memplay(&["check", "--json", &clean]);
    assert_eq!(checked.status.code(), Some(0));
    assert_eq!(stdout(&checked).trim(), "[]");
}

#[test]
fn check_of_a_missing_file_exits_2() {
    for args in [
        &["check", "/nonexistent/prog.c"][..],
        &["check", "--json", "/nonexistent/prog.c"][..],
    ] {
        let checked = memplay(args);
        assert_eq!(checked.status.code(), Some(2), "{checked:?}");
        assert!(
            stderr(&checked).contains("cannot read /nonexistent/prog.c"),
            "{checked:?}"
        );
        assert_eq!(stdout(&checked), "");
    }
}

#[test]
fn check_with_only_warnings_prints_them_and_succeeds() {
    let dir = TempDir::new("check-warnings");
    let file = dir.file(
        "warn.c",
        "int main(void) {\n    int c = 'ab';\n    return c;\n}\n",
    );
    let checked = memplay(&["check", &file]);
    assert_eq!(checked.status.code(), Some(0), "{checked:?}");
    let err = stderr(&checked);
    assert!(
        err.starts_with(&format!(
            "{file}:2:13: warning: multi-character character constant"
        )),
        "{err}"
    );
    let checked = memplay(&["check", "--json", &file]);
    assert_eq!(checked.status.code(), Some(0));
    let json: serde_json::Value = serde_json::from_slice(&checked.stdout).unwrap();
    assert_eq!(json[0]["severity"], "warning");
}

fn lesson_file() -> String {
    concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../session/test_data/scenarios/ok/tiny_machine_lesson.json"
    )
    .to_string()
}

#[test]
fn a_lessons_check_prints_the_answer_key_the_engine_computed() {
    let checked = memplay(&["scenario", "check", &lesson_file()]);
    assert!(checked.status.success(), "{checked:?}");
    let text = stdout(&checked);
    assert!(
        text.contains("question 1: How many frames are on the stack when `return 0;` runs? -> 5"),
        "{text}"
    );
    assert!(
        text.contains("question 2: What does the program exit with? -> 3"),
        "{text}"
    );
}

#[test]
fn a_scenarios_link_opens_it_and_run_uses_its_machine() {
    let linked = memplay(&[
        "scenario",
        "link",
        &lesson_file(),
        "--base",
        "https://example.edu/os/memplay/",
    ]);
    assert!(linked.status.success());
    let url = stdout(&linked);
    let fragment = url
        .trim()
        .strip_prefix("https://example.edu/os/memplay/#")
        .unwrap_or_else(|| panic!("{url}"));
    let scenario = memplay_session::link::decode(fragment).unwrap();
    assert_eq!(scenario.title, "Recursion on a tiny machine");

    // The program exits with down(3) = 3, on the scenario's 16-bit machine.
    let report = std::env::temp_dir().join(format!("memplay-scenario-{}.json", std::process::id()));
    let ran = memplay(&[
        "run",
        "--scenario",
        &lesson_file(),
        "--report",
        report.to_str().unwrap(),
    ]);
    assert_eq!(ran.status.code(), Some(3));
    let report: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&report).unwrap()).unwrap();
    assert_eq!(report["stats"]["max_stack_depth"], 5, "{report}");
    // The scenario's machine is in force: its 256-byte pages do not fit 32-bit addresses.
    let widened = memplay(&["run", "--scenario", &lesson_file(), "--address-bits", "32"]);
    assert_eq!(widened.status.code(), Some(2));
    assert!(
        String::from_utf8_lossy(&widened.stderr)
            .contains("page size: must be a power of two from 1024"),
        "{widened:?}"
    );
    let neither = memplay(&["run"]);
    assert_eq!(neither.status.code(), Some(2));
}
