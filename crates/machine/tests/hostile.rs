//! Programs that ask the host for too much: huge lengths to the library stop at the first
//! unmapped page, as a real process faults there, instead of allocating gigabytes.

use memplay_machine::{Machine, Settings};

fn run(source: &str) -> Machine {
    let checked = memplay_lang::check(source);
    assert!(!checked.has_errors(), "{:?}", checked.diagnostics);
    let mut machine = Machine::new(&checked.program, source, "h.c", Settings::default()).unwrap();
    machine.run();
    machine
}

#[test]
fn huge_lengths_fault_at_the_first_unmapped_page() {
    for call in [
        "memset(p, 1, 4000000000u)",
        "memcpy(p, \"x\", 4000000000u)",
        "memmove(p + 1, p, 4000000000u)",
    ] {
        let source = format!(
            "#include <stdlib.h>\n#include <string.h>\nint main(void) {{\n    char *p = malloc(16);\n    {call};\n    return 0;\n}}\n"
        );
        let machine = run(&source);
        assert_eq!(machine.status().exit_status(), Some(139), "{call}");
        let last = machine.errors().last().unwrap();
        assert_eq!(machine.line_of(last.span), 5, "{call}: {last:?}");
    }
}

#[test]
fn memmove_copies_overlapping_ranges_either_way() {
    let source = "#include <stdio.h>\n#include <string.h>\nint main(void) {\n    char a[16] = \"abcdefgh\";\n    char b[16] = \"abcdefgh\";\n    memmove(a + 2, a, 6);\n    memmove(b, b + 2, 6);\n    printf(\"%s %s\\n\", a, b);\n    return 0;\n}\n";
    let machine = run(source);
    assert_eq!(machine.stdout(), b"ababcdef cdefghgh\n");
}

#[test]
fn a_huge_printf_width_meets_the_output_budget() {
    let source = "#include <stdio.h>\nint main(void) {\n    printf(\"%*d\", 2000000000, 1);\n    return 0;\n}\n";
    let machine = run(source);
    assert!(
        matches!(machine.status(), memplay_machine::Status::Stopped { reason } if reason.contains("output budget")),
        "{:?}",
        machine.status()
    );
    assert_eq!(machine.stdout().len(), Settings::default().max_output);
}
