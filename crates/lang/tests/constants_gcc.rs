//! Constant folding against gcc -m32: each integer constant expression is folded by the
//! checker and printed by a program gcc compiled; the two values must agree. This covers
//! literal typing, integer conversions, the usual arithmetic conversions, shifts, division
//! of negative numbers, character constants and sizeof.

use std::process::Command;

use memplay_lang::hir::{ExprKind, InitValue};

const PRELUDE: &str = "#include <stdio.h>\n\
struct mix { char c; int i; short s; };\n\
union u { char bytes[5]; int i; };\n\
enum color { RED, GREEN = 5, BLUE };\n";

const EXPRESSIONS: &[&str] = &[
    "42",
    "-1",
    "0x7fffffff",
    "0xffffffff",
    "2147483647 + 0",
    "4294967295u",
    "017",
    "'A'",
    "'\\377'",
    "'\\xff'",
    "'ab'",
    "'\\n'",
    "(unsigned char)-1",
    "(signed char)200",
    "(char)300",
    "(short)70000",
    "(unsigned short)-2",
    "(_Bool)5",
    "(_Bool)0",
    "-1 < 0u",
    "-1 < 0L",
    "-1L < 0u",
    "(unsigned char)255 + 1",
    "~0u >> 1",
    "~0 >> 1",
    "(unsigned)-1 / 2",
    "-5 / 2",
    "-5 % 2",
    "5 % -3",
    "1 << 30",
    "3 << 2 >> 1",
    "-16 >> 2",
    "0x80000000 >> 4",
    "10 > 5 ? 1 : 2",
    "0 ? 1u : -1",
    "!5",
    "!0",
    "3 && 0",
    "3 || 0",
    "sizeof(int)",
    "sizeof(char)",
    "sizeof 'a'",
    "sizeof \"abc\"",
    "sizeof(int[3][4])",
    "sizeof(struct mix)",
    "sizeof(union u)",
    "sizeof(enum color)",
    "sizeof(char *)",
    "sizeof(long)",
    "_Alignof(struct mix)",
    "BLUE",
    "GREEN * 2",
    "RED - 1",
    "sizeof(int) - 5",
    "(long)(sizeof(int) - 5)",
    "-(unsigned)1",
    "65535 * 65537",
    "(short)-32768 - 1",
    "1000000 * 3000",
    "0x7fffffff * 2u",
    "(unsigned)0x80000000 + 0x80000000",
    "~(unsigned char)0",
    "-'a'",
    "(char)-129",
    "(int)(unsigned short)65535 * 65535u",
    "5 & 3 | 8 ^ 2",
    "-7 / 2 * 2 + -7 % 2",
];

#[test]
fn constants_fold_as_gcc_computes_them() {
    // Our side: each expression as a global initializer, read back folded.
    let mut ours = String::from(PRELUDE);
    for (i, e) in EXPRESSIONS.iter().enumerate() {
        ours.push_str(&format!("long v{i} = (long)({e});\n"));
    }
    ours.push_str("int main(void) { return 0; }\n");
    let checked = memplay_lang::check(&ours);
    let errors: Vec<_> = checked
        .diagnostics
        .iter()
        .filter(|d| d.is_error())
        .collect();
    assert!(
        errors.is_empty(),
        "the checker rejected constants: {errors:?}"
    );
    let folded: Vec<i64> = (0..EXPRESSIONS.len())
        .map(|i| {
            let global = checked
                .program
                .globals
                .iter()
                .find(|g| g.name == format!("v{i}"))
                .expect("each value is a global");
            let init = global.init.as_ref().expect("initialized");
            match &init.entries[0].value {
                InitValue::Expr(e) => match e.kind {
                    ExprKind::Const(v) => v,
                    ref other => panic!("{} was not folded: {other:?}", EXPRESSIONS[i]),
                },
                other => panic!("unexpected initializer {other:?}"),
            }
        })
        .collect();

    // gcc's side.
    let mut program = String::from(PRELUDE);
    program.push_str("int main(void) {\n");
    for e in EXPRESSIONS {
        program.push_str(&format!("    printf(\"%ld\\n\", (long)({e}));\n"));
    }
    program.push_str("    return 0;\n}\n");
    let dir = std::env::temp_dir().join(format!("memplay-constants-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let (source, binary) = (dir.join("constants.c"), dir.join("constants"));
    std::fs::write(&source, &program).unwrap();
    let compiled = Command::new("gcc")
        .args(["-m32", "-std=c11", "-w", "-o"])
        .arg(&binary)
        .arg(&source)
        .output()
        .expect("gcc runs (install it with `cargo xtask setup --test`)");
    assert!(
        compiled.status.success(),
        "gcc -m32 failed (is gcc-multilib installed? `cargo xtask setup --test`):\n{}",
        String::from_utf8_lossy(&compiled.stderr)
    );
    let output = Command::new(&binary).output().expect("the program runs");
    let printed = String::from_utf8_lossy(&output.stdout);
    let expected: Vec<i64> = printed.lines().map(|l| l.parse().unwrap()).collect();
    std::fs::remove_dir_all(&dir).unwrap();

    let mismatches: Vec<String> = EXPRESSIONS
        .iter()
        .zip(folded.iter().zip(&expected))
        .filter(|(_, (ours, gcc))| ours != gcc)
        .map(|(e, (ours, gcc))| format!("{e}: memplay {ours}, gcc {gcc}"))
        .collect();
    assert!(mismatches.is_empty(), "{}", mismatches.join("\n"));
}
