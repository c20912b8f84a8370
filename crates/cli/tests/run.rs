//! `memplay run`, as a course author runs it: the program's stdout byte for byte, errors
//! on stderr, the program's exit status, and the JSON report.

use std::path::PathBuf;
use std::process::{Command, Output};

use serde_json::Value;

fn program(name: &str, source: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("memplay-run-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join(name);
    std::fs::write(&path, source).unwrap();
    path
}

fn memplay(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_memplay"))
        .arg("run")
        .args(args)
        .output()
        .expect("memplay runs")
}

#[test]
fn output_and_status_are_the_programs() {
    let path = program(
        "hello.c",
        "#include <stdio.h>\nint main(void) { printf(\"hi %d\\n\", 6 * 7); return 3; }\n",
    );
    let output = memplay(&[path.to_str().unwrap()]);
    assert_eq!(output.stdout, b"hi 42\n");
    assert_eq!(output.status.code(), Some(3));
}

#[test]
fn a_crash_reports_its_error_and_exits_128_plus_the_signal() {
    let path = program(
        "crash.c",
        "int main(void) {\n    int *p = 0;\n    return *p;\n}\n",
    );
    let report = path.with_extension("json");
    let output = memplay(&[path.to_str().unwrap(), "--report", report.to_str().unwrap()]);
    assert_eq!(output.status.code(), Some(139));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("crash.c:3:5: null-dereference"), "{stderr}");
    let json: Value = serde_json::from_str(&std::fs::read_to_string(&report).unwrap()).unwrap();
    assert_eq!(json["exit_code"], 139);
    assert_eq!(json["signal"], 11);
    assert_eq!(json["errors"][0]["kind"], "null-dereference");
    assert_eq!(json["errors"][0]["line"], 3);
    assert_eq!(json["stack_overflow"], false);
    assert!(json["stats"]["page_faults"].as_u64().unwrap() > 0);
}

#[test]
fn leaks_are_summarised_on_stderr_and_in_the_report() {
    let path = program(
        "leak.c",
        "#include <stdlib.h>\nint main(void) {\n    char *p = malloc(8);\n    p = 0;\n    return 0;\n}\n",
    );
    let report = path.with_extension("json");
    let output = memplay(&[path.to_str().unwrap(), "--report", report.to_str().unwrap()]);
    assert_eq!(output.status.code(), Some(0));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains("definitely lost: 8 bytes in 1 blocks"),
        "{stderr}"
    );
    assert!(
        stderr.contains("allocated in main (") && stderr.contains("leak.c:3)"),
        "{stderr}"
    );
    let json: Value = serde_json::from_str(&std::fs::read_to_string(&report).unwrap()).unwrap();
    assert_eq!(json["leaks"]["definitely_lost"]["bytes"], 8);
}

#[test]
fn a_program_that_does_not_compile_exits_1_and_bad_flags_exit_2() {
    let path = program("bad.c", "int main(void) { return x; }\n");
    let output = memplay(&[path.to_str().unwrap()]);
    assert_eq!(output.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&output.stderr).contains("error:"));
    let good = program("ok.c", "int main(void) { return 0; }\n");
    for flags in [
        ["--allocator", "worst"],
        ["--replacement", "never"],
        ["--page-size", "3000"],
        ["--stack-size", "lots"],
    ] {
        let mut args = vec![good.to_str().unwrap()];
        args.extend(flags);
        let output = memplay(&args);
        assert_eq!(output.status.code(), Some(2), "{flags:?}");
    }
    assert_eq!(memplay(&["/no/such/file.c"]).status.code(), Some(2));
}

#[test]
fn a_runaway_program_stops_at_its_step_budget() {
    let path = program("loop.c", "int main(void) { for (;;) {} }\n");
    let output = memplay(&[path.to_str().unwrap(), "--max-steps", "1000"]);
    assert_eq!(output.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&output.stderr).contains("step budget"));
}

#[test]
fn a_quarantine_flag_holds_freed_blocks_back() {
    let source = "#include <stdlib.h>\nint main(void) {\n    int *p = malloc(16);\n    free(p);\n    int *q = malloc(16);\n    p[1] = 7;\n    free(q);\n    return 0;\n}\n";
    let path = program("reuse.c", source);
    let path = path.to_str().unwrap();
    let held = memplay(&[path, "--quarantine", "64k"]);
    let stderr = String::from_utf8_lossy(&held.stderr);
    assert!(stderr.contains(":6:5: use-after-free-write"), "{stderr}");
    let reused = memplay(&[path]);
    assert!(!String::from_utf8_lossy(&reused.stderr).contains("use-after-free"));
    let bad = memplay(&[path, "--quarantine", "lots"]);
    assert_eq!(bad.status.code(), Some(2));
}

#[test]
fn the_tiny_preset_runs_a_program_in_a_16_bit_space_that_swaps() {
    let path = program(
        "sweep.c",
        "#include <stdio.h>\nint main(void) {\n    int a[1000];\n    for (int i = 0; i < 1000; i++) a[i] = i;\n    int s = 0;\n    for (int i = 0; i < 1000; i++) s += a[i];\n    printf(\"%d %p\\n\", s, (void *)a);\n    return 0;\n}\n",
    );
    let report = path.with_extension("json");
    let output = memplay(&[
        "--preset",
        "tiny",
        path.to_str().unwrap(),
        "--report",
        report.to_str().unwrap(),
    ]);
    assert_eq!(output.status.code(), Some(0));
    let stdout = String::from_utf8(output.stdout).unwrap();
    let (sum, address) = stdout.trim().split_once(' ').unwrap();
    assert_eq!(sum, "499500");
    let address = u32::from_str_radix(address.trim_start_matches("0x"), 16).unwrap();
    assert!(
        address < 0xc000,
        "the array at {address:#x} lies below the 16-bit kernel"
    );
    let report: Value = serde_json::from_str(&std::fs::read_to_string(&report).unwrap()).unwrap();
    assert!(report["stats"]["swap_outs"].as_u64() > Some(0), "{report}");

    let unknown = memplay(&["--preset", "huge", path.to_str().unwrap()]);
    assert_eq!(unknown.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&unknown.stderr).contains("unknown preset `huge`"));
    // 16 bits with Linux's 8 MiB stack: refused, naming the setting.
    let too_big = memplay(&["--address-bits", "16", path.to_str().unwrap()]);
    assert_eq!(too_big.status.code(), Some(2));
    assert!(
        String::from_utf8_lossy(&too_big.stderr).contains("stack size: must be from one page"),
        "{}",
        String::from_utf8_lossy(&too_big.stderr)
    );
}
