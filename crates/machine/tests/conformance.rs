//! The conformance corpus: every program in test_data/programs runs on the machine and must
//! print what gcc -m32 prints and end with the same status (see the README there).

use std::path::{Path, PathBuf};
use std::process::Command;

use memplay_machine::{Machine, Settings};

fn programs() -> Vec<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("test_data/programs");
    let mut programs: Vec<PathBuf> = std::fs::read_dir(&dir)
        .expect("the corpus exists")
        .map(|e| e.expect("a readable entry").path())
        .filter(|p| p.extension().is_some_and(|e| e == "c"))
        .collect();
    programs.sort();
    programs
}

/// Runs a program on the machine: its stdout and exit status.
fn run_on_machine(path: &Path) -> (Vec<u8>, i32, String) {
    let source = std::fs::read_to_string(path).expect("readable source");
    let checked = memplay_lang::check(&source);
    assert!(
        !checked.has_errors(),
        "{} does not check: {:?}",
        path.display(),
        checked.diagnostics
    );
    let name = path.file_name().unwrap().to_string_lossy();
    let mut machine = Machine::new(&checked.program, &source, &name, Settings::default())
        .unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let status = machine.run().clone();
    let errors: Vec<String> = machine.errors().iter().map(|e| e.message.clone()).collect();
    (
        machine.stdout().to_vec(),
        status.exit_status().unwrap_or(-1),
        format!("{status:?} {errors:?}"),
    )
}

/// Compiles and runs a program with gcc -m32, if this machine can.
fn run_with_gcc(path: &Path) -> Option<(Vec<u8>, i32)> {
    let binary = std::env::temp_dir().join(format!(
        "memplay-conformance-{}",
        path.file_stem().unwrap().to_string_lossy()
    ));
    let compiled = Command::new("gcc")
        .args(["-m32", "-std=c11", "-D_DEFAULT_SOURCE", "-w", "-o"])
        .arg(&binary)
        .arg(path)
        .output()
        .ok()?;
    if !compiled.status.success() {
        return None;
    }
    let output = Command::new(&binary).output().ok()?;
    let status = output.status.code().unwrap_or_else(|| {
        use std::os::unix::process::ExitStatusExt;
        128 + output.status.signal().unwrap_or(0)
    });
    Some((output.stdout, status))
}

#[test]
fn the_machine_prints_what_gcc_prints() {
    let update = std::env::var_os("UPDATE_EXPECT").is_some();
    let mut failures = Vec::new();
    for path in programs() {
        let stdout_file = path.with_extension("stdout");
        let status_file = path.with_extension("status");
        if let Some((stdout, status)) = run_with_gcc(&path) {
            if update {
                if status < 128 {
                    std::fs::write(&stdout_file, &stdout).unwrap();
                }
                std::fs::write(&status_file, format!("{status}\n")).unwrap();
            } else {
                let expected: i32 = std::fs::read_to_string(&status_file)
                    .unwrap()
                    .trim()
                    .parse()
                    .unwrap();
                assert_eq!(
                    status,
                    expected,
                    "{}: gcc disagrees with the stored status",
                    path.display()
                );
                if status < 128 {
                    assert_eq!(
                        stdout,
                        std::fs::read(&stdout_file).unwrap(),
                        "{}: gcc disagrees with the stored output",
                        path.display()
                    );
                }
            }
        }
        let expected_stdout = std::fs::read(&stdout_file).unwrap();
        let expected_status: i32 = std::fs::read_to_string(&status_file)
            .unwrap()
            .trim()
            .parse()
            .unwrap();
        let (stdout, status, detail) = run_on_machine(&path);
        if stdout != expected_stdout || status != expected_status {
            failures.push(format!(
                "{}: status {status} (want {expected_status}), {detail}\n--- got\n{}--- want\n{}",
                path.display(),
                String::from_utf8_lossy(&stdout),
                String::from_utf8_lossy(&expected_stdout)
            ));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
