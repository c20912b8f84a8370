//! Golden tests, rust-analyzer style: every `test_data/ok/*.c` and `test_data/err/*.c` is
//! checked, and the syntax tree dump plus all diagnostics (syntax and semantic) must equal
//! the `.txt` beside it.
//!
//! To (re)generate the expected files after an intended change, run
//! `UPDATE_EXPECT=1 cargo test -p memplay-lang --test golden` and review the diff.
//!
//! `ok/` programs must produce no errors; `err/` programs at least one.

use std::fmt::Write;
use std::fs;
use std::path::{Path, PathBuf};

use memplay_lang::codemap::SourceMap;
use memplay_lang::diagnostics::Severity;
use memplay_lang::dump::dump;

fn render(source: &str) -> (String, usize) {
    let parse = memplay_lang::check(source);
    let mut out = dump(&parse.unit);
    let errors = parse.diagnostics.iter().filter(|d| d.is_error()).count();
    if errors == 0 {
        // The checked program, with every conversion explicit.
        out.push_str("--- checked\n");
        out.push_str(&memplay_lang::dump::dump_program(&parse.program));
    }
    let map = SourceMap::new(source);
    if !parse.diagnostics.is_empty() {
        out.push_str("--- diagnostics\n");
    }
    for diagnostic in &parse.diagnostics {
        let start = map.line_col(source, diagnostic.span.start);
        let end = map.line_col(source, diagnostic.span.end);
        let severity = match diagnostic.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
        };
        let _ = writeln!(
            out,
            "{severity} {}:{}-{}:{}: {}",
            start.line, start.column, end.line, end.column, diagnostic.message
        );
        for note in &diagnostic.notes {
            match note.span {
                Some(span) => {
                    let at = map.line_col(source, span.start);
                    let _ = writeln!(out, "  note {}:{}: {}", at.line, at.column, note.message);
                }
                None => {
                    let _ = writeln!(out, "  note: {}", note.message);
                }
            }
        }
    }
    (out, errors)
}

fn cases(dir: &str) -> Vec<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("test_data")
        .join(dir);
    let mut files: Vec<PathBuf> = fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("cannot list {}: {e}", dir.display()))
        .map(|entry| entry.unwrap().path())
        .filter(|path| path.extension().is_some_and(|ext| ext == "c"))
        .collect();
    files.sort();
    assert!(!files.is_empty(), "no cases in {}", dir.display());
    files
}

fn check_dir(dir: &str, expect_errors: bool) {
    let update = std::env::var_os("UPDATE_EXPECT").is_some();
    let mut failures = Vec::new();
    for case in cases(dir) {
        let source = fs::read_to_string(&case).unwrap();
        let (actual, errors) = render(&source);
        let name = case.file_name().unwrap().to_string_lossy().into_owned();
        if expect_errors && errors == 0 {
            failures.push(format!(
                "{dir}/{name}: expected at least one error, got none"
            ));
        }
        if !expect_errors && errors > 0 {
            failures.push(format!(
                "{dir}/{name}: expected no errors, got {errors}:\n{actual}"
            ));
        }
        let expected_path = case.with_extension("txt");
        if update {
            fs::write(&expected_path, &actual).unwrap();
            continue;
        }
        let expected = fs::read_to_string(&expected_path).unwrap_or_default();
        if expected != actual {
            failures.push(format!(
                "{dir}/{name}: output differs from {} (UPDATE_EXPECT=1 regenerates)\n--- expected\n{expected}\n--- actual\n{actual}",
                expected_path.file_name().unwrap().to_string_lossy()
            ));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}

#[test]
fn ok_cases() {
    check_dir("ok", false);
}

#[test]
fn err_cases() {
    check_dir("err", true);
}

/// Every program the checker accepts in `ok/` must be a valid C11 program for gcc -m32 too:
/// the subset is a subset of C, never a dialect.
#[test]
fn ok_cases_compile_under_gcc_m32() {
    let dir = std::env::temp_dir().join(format!("memplay-golden-gcc-{}", std::process::id()));
    fs::create_dir_all(&dir).unwrap();
    let mut failures = Vec::new();
    for case in cases("ok") {
        let output = std::process::Command::new("gcc")
            // _DEFAULT_SOURCE: strdup and sbrk are POSIX, which strict -std=c11 headers hide.
            .args([
                "-m32",
                "-std=c11",
                "-D_DEFAULT_SOURCE",
                "-pedantic-errors",
                "-o",
            ])
            .arg(dir.join("a.out"))
            .arg(&case)
            .output()
            .expect("gcc runs (install it with `cargo xtask setup --test`)");
        if !output.status.success() {
            failures.push(format!(
                "{}:\n{}",
                case.display(),
                String::from_utf8_lossy(&output.stderr)
            ));
        }
    }
    fs::remove_dir_all(&dir).unwrap();
    assert!(
        failures.is_empty(),
        "gcc -m32 rejects ok/ programs (is gcc-multilib installed?):\n{}",
        failures.join("\n")
    );
}
