//! Programs with memory errors and leaks (test_data/errors): the machine must report the
//! first error's kind at the line memcheck names, end with the status the real program
//! ends with, and sum leaks into memcheck's categories (expected.txt lists them).

use std::path::Path;

use memplay_machine::{LeakReport, Machine, Settings};

fn leak_summary(leaks: Option<&LeakReport>) -> String {
    let Some(leaks) = leaks else {
        return "none".into();
    };
    let count = |c: &memplay_machine::LeakCount| format!("{}({})", c.bytes, c.blocks);
    format!(
        "{}/{}/{}",
        count(&leaks.definitely_lost),
        count(&leaks.indirectly_lost),
        count(&leaks.still_reachable)
    )
}

#[test]
fn errors_and_leaks_are_reported_as_memcheck_reports_them() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("test_data/errors");
    let expected = std::fs::read_to_string(dir.join("expected.txt")).unwrap();
    let mut failures = Vec::new();
    let mut checked = 0;
    for line in expected
        .lines()
        .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
    {
        let fields: Vec<&str> = line.split_whitespace().collect();
        let [file, kind, error_line, status, leaks] = fields[..] else {
            panic!("a malformed line in expected.txt: {line}");
        };
        let source = std::fs::read_to_string(dir.join(file)).unwrap();
        let checked_program = memplay_lang::check(&source);
        assert!(
            !checked_program.has_errors(),
            "{file}: {:?}",
            checked_program.diagnostics
        );
        let mut machine =
            Machine::new(&checked_program.program, &source, file, Settings::default()).unwrap();
        let got_status = machine.run().exit_status().unwrap_or(-1).to_string();
        let first = machine.errors().first();
        let got_kind = first.map_or("-".to_string(), |e| {
            serde_json::to_value(e.kind)
                .unwrap()
                .as_str()
                .unwrap()
                .to_string()
        });
        let got_line = first.map_or("-".to_string(), |e| machine.line_of(e.span).to_string());
        let got_leaks = leak_summary(machine.leaks());
        let got = format!("{got_kind} {got_line} {got_status} {got_leaks}");
        let want = format!("{kind} {error_line} {status} {leaks}");
        if got != want {
            failures.push(format!(
                "{file}: got `{got}`, want `{want}` ({:?})",
                machine.errors()
            ));
        }
        checked += 1;
    }
    assert!(checked >= 10);
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// Misaligned scalar accesses are not memcheck's business but UBSan's: `gcc -m32 -std=c11
/// -g -fsanitize=alignment misaligned.c` reports a store at line 5, a load and a store at
/// line 7 and a load at line 8, and the program prints `4 16909060`. memplay reports one
/// error per kind and line, and the accesses go ahead as they do on x86.
#[test]
fn misaligned_accesses_are_reported_where_ubsan_reports_them() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("test_data/errors");
    let source = std::fs::read_to_string(dir.join("misaligned.c")).unwrap();
    let checked = memplay_lang::check(&source);
    assert!(!checked.has_errors(), "{:?}", checked.diagnostics);
    let mut machine = Machine::new(
        &checked.program,
        &source,
        "misaligned.c",
        Settings::default(),
    )
    .unwrap();
    assert_eq!(machine.run().exit_status(), Some(0));
    assert_eq!(machine.stdout(), b"4 16909060\n");
    let reported: Vec<(String, usize)> = machine
        .errors()
        .iter()
        .map(|e| {
            let kind = serde_json::to_value(e.kind).unwrap();
            (kind.as_str().unwrap().to_string(), machine.line_of(e.span))
        })
        .collect();
    let misaligned = |line| ("misaligned-access".to_string(), line);
    assert_eq!(reported, [misaligned(5), misaligned(7), misaligned(8)]);
}
