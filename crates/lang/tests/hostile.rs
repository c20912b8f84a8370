//! Hostile input: each yields diagnostics, never a panic, a hang or a host stack overflow.
//! (Tests run on threads with 2 MiB stacks, so bounded recursion is checked here too.)

use memplay_lang::check as parse;
use memplay_lang::parser::{MAX_DEPTH, MAX_DIAGNOSTICS};

fn errors(source: &str) -> Vec<String> {
    parse(source)
        .diagnostics
        .into_iter()
        .filter(|d| d.is_error())
        .map(|d| d.message)
        .collect()
}

#[test]
fn ten_thousand_nested_parentheses() {
    let source = format!(
        "int main(void) {{ return {}1{}; }}\nint after(void) {{ return 0 }}",
        "(".repeat(10_000),
        ")".repeat(10_000)
    );
    let messages = errors(&source);
    assert!(
        messages[0].starts_with("this is nested too deeply"),
        "{messages:?}"
    );
    // Parsing resumed after the deep function: the next one's missing ';' is found.
    assert!(
        messages
            .iter()
            .any(|m| m == "expected ';' after return statement"),
        "{messages:?}"
    );
}

#[test]
fn deep_prefix_operators_blocks_and_conditionals() {
    for body in [
        format!("return {}1;", "!".repeat(50_000)),
        format!("{}{}", "{".repeat(50_000), "}".repeat(50_000)),
        format!("int x = {}1;", "1 ? 1 : ".repeat(20_000)),
        format!("int x; x = {}1;", "x = ".repeat(20_000)),
        format!(
            "int x = {}1{};",
            "sizeof(".repeat(20_000),
            ")".repeat(20_000)
        ),
        format!("int x = {}1{};", "f(".repeat(20_000), ")".repeat(20_000)),
        format!("int x = 1{};", " + 1".repeat(50_000)),
        format!("int x; x = 1{};", ", 1".repeat(50_000)),
        format!("int a[2]; a{};", "[0]".repeat(50_000)),
    ] {
        let source = format!("int main(void) {{ {body} }}");
        let messages = errors(&source);
        assert!(
            messages
                .iter()
                .any(|m| m.starts_with("this is nested too deeply")),
            "{messages:?}"
        );
    }
}

#[test]
fn deep_declarators_and_initializers() {
    for source in [
        format!("int {}x{};", "(".repeat(20_000), ")".repeat(20_000)),
        format!("int x = {}1{};", "{".repeat(20_000), "}".repeat(20_000)),
        format!(
            "struct a {{ {} int x; {} }};",
            "struct b {".repeat(5_000),
            "} y;".repeat(5_000)
        ),
    ] {
        let messages = errors(&source);
        assert!(
            messages
                .iter()
                .any(|m| m.starts_with("this is nested too deeply")),
            "{messages:?}"
        );
    }
}

/// A deterministic byte soup (xorshift), turned into text as the web app would get it.
fn random_text(len: usize, mut seed: u64) -> String {
    let bytes: Vec<u8> = (0..len)
        .map(|_| {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            seed as u8
        })
        .collect();
    String::from_utf8_lossy(&bytes).into_owned()
}

#[test]
fn a_megabyte_of_random_bytes() {
    let source = random_text(1 << 20, 0x9E3779B97F4A7C15);
    let parse = parse(&source);
    // Capped: the first MAX_DIAGNOSTICS, then one saying how many more there were.
    assert_eq!(parse.diagnostics.len(), MAX_DIAGNOSTICS + 1);
    assert!(
        parse
            .diagnostics
            .last()
            .unwrap()
            .message
            .starts_with("too many errors")
    );
}

#[test]
fn random_c_shaped_soup() {
    // Tokens of C in random order stress recovery more than raw bytes do.
    let words = [
        "int",
        "(",
        ")",
        "{",
        "}",
        "[",
        "]",
        ";",
        ",",
        "*",
        "x",
        "=",
        "1",
        "struct",
        "s",
        "if",
        "else",
        "return",
        "for",
        "while",
        "\"str\"",
        "'c'",
        "->",
        ".",
        "?",
        ":",
        "+",
        "typedef",
        "enum",
        "sizeof",
        "case",
        "default",
        "switch",
        "#define N 3\n",
        "\n",
    ];
    let mut seed = 42u64;
    for _ in 0..200 {
        let mut source = String::new();
        for _ in 0..300 {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            source.push_str(words[(seed % words.len() as u64) as usize]);
            source.push(' ');
        }
        let _ = parse(&source);
    }
}

#[test]
fn a_hundred_thousand_line_program() {
    let mut source = String::from("int main(void) {\n    int total = 0;\n");
    for i in 0..100_000 {
        source.push_str(&format!("    total = total + {i} % 7;\n"));
    }
    source.push_str("    return total;\n}\n");
    let parse = parse(&source);
    assert!(
        parse.diagnostics.is_empty(),
        "{:?}",
        parse.diagnostics.first()
    );
}

#[test]
fn unterminated_everything() {
    for source in [
        "/* forever",
        "\"forever",
        "'x",
        "int main(void) {",
        "int a[",
        "struct {",
        "#define",
        "#include <",
    ] {
        let messages = errors(source);
        assert!(!messages.is_empty(), "{source:?} gave no error");
    }
}

/// Nesting just inside the limit must be checked completely, without overflowing a test
/// thread's 2 MiB stack in a debug build (release frames, as in the web app, are smaller).
#[test]
fn nesting_at_the_limit_is_fine() {
    let n = MAX_DEPTH as usize - 10;
    for source in [
        format!("int main(void) {{ int x = 1; return {}x; }}", "!".repeat(n)),
        format!(
            "int main(void) {{ {}{} return 0; }}",
            "{".repeat(n),
            "}".repeat(n)
        ),
        format!(
            "int main(void) {{ int x = 0; {} x = 1; return x; }}",
            "if (x) x++; else ".repeat(n)
        ),
        format!(
            "int main(void) {{ int x = 1; return x{}; }}",
            " + x".repeat(n)
        ),
        format!(
            "int main(void) {{ int x = 1; return {}x{}; }}",
            "(".repeat(n / 3),
            ")".repeat(n / 3)
        ),
    ] {
        let found = errors(&source);
        assert!(found.is_empty(), "{found:?}");
    }
}

/// Found by the fuzzer: a function cut off by an unterminated character constant whose
/// last byte became U+FFFD; "control reaches end" must point at a character boundary.
#[test]
fn warning_at_the_end_of_a_cut_off_function_stays_on_a_character_boundary() {
    let bytes = b"int mifn(void) {\n  \xff char *\n = &&\"never closed;'\xdf\n    /* aet\n";
    let source = String::from_utf8_lossy(bytes).into_owned();
    for diagnostic in parse(&source).diagnostics {
        let span = diagnostic.span;
        assert!(
            source.is_char_boundary(span.start as usize),
            "{diagnostic:?}"
        );
        assert!(source.is_char_boundary(span.end as usize), "{diagnostic:?}");
    }
}
