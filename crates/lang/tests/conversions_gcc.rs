//! Integer conversions against gcc -m32: for every pair of integer types (the ten kinds, an
//! enum with no negative enumerator and one with a negative enumerator), gcc's `_Generic`
//! names the type of `a + b` and of `+a`, and the table's usual arithmetic conversions and
//! integer promotions must name the same. Then every conversion between two kinds is run on
//! the boundary values of the source kind, checking `IntKind::convert` and
//! `IntKind::conversion_may_change_value`.

use std::path::PathBuf;
use std::process::Command;

use memplay_lang::types::{Enumerator, IntKind, Type, TypeTable};

const SETUP_HINT: &str = "gcc -m32 is the reference memplay is checked against; install it with `cargo xtask setup --test` (Debian: gcc-multilib)";

/// A scratch directory for one test's C files, removed on success.
struct Scratch(PathBuf);

impl Drop for Scratch {
    fn drop(&mut self) {
        if !std::thread::panicking() {
            let _ = std::fs::remove_dir_all(&self.0);
        }
    }
}

/// Compiles `source` with gcc -m32 and returns what the program prints.
fn compile_and_run(name: &str, source: &str) -> String {
    let scratch =
        Scratch(std::env::temp_dir().join(format!("memplay-{name}-{}", std::process::id())));
    std::fs::create_dir_all(&scratch.0).unwrap();
    let path = scratch.0.join("conversions.c");
    let binary = scratch.0.join("conversions");
    std::fs::write(&path, source).unwrap();
    let compiled = Command::new("gcc")
        .args(["-m32", "-std=c11", "-Wall", "-Werror", "-o"])
        .arg(&binary)
        .arg(&path)
        .env("LC_ALL", "C")
        .output()
        .unwrap_or_else(|e| panic!("cannot run gcc ({e}); {SETUP_HINT}"));
    assert!(
        compiled.status.success(),
        "gcc -m32 could not compile the generated program; {SETUP_HINT}\n{}\n--- source ---\n{source}",
        String::from_utf8_lossy(&compiled.stderr)
    );
    let ran = Command::new(&binary)
        .output()
        .expect("the compiled program runs");
    assert!(ran.status.success(), "the compiled program failed");
    String::from_utf8(ran.stdout).unwrap()
}

/// `_Generic` association for every integer type; enums match their compatible type.
fn type_name_macro() -> String {
    let associations: Vec<String> = IntKind::ALL
        .iter()
        .map(|kind| format!("{0}: \"{0}\"", kind.c_name()))
        .collect();
    format!(
        "#define TYPE_NAME(x) _Generic((x), {}, default: \"not an integer type\")\n",
        associations.join(", ")
    )
}

/// Operand types: the ten kinds and two enums, each with a C variable of that type.
fn operands(table: &mut TypeTable) -> Vec<(Type, String)> {
    let mut operands: Vec<(Type, String)> = IntKind::ALL
        .iter()
        .map(|&kind| (Type::Int(kind), kind.c_name().to_owned()))
        .collect();
    let unsigned_enum = table.declare_enum(Some("count"));
    table
        .complete_enum(
            unsigned_enum,
            vec![Enumerator::new("NONE", 0), Enumerator::new("MANY", 7)],
        )
        .unwrap();
    let signed_enum = table.declare_enum(Some("delta"));
    table
        .complete_enum(
            signed_enum,
            vec![Enumerator::new("DOWN", -1), Enumerator::new("UP", 1)],
        )
        .unwrap();
    operands.push((Type::Enum(unsigned_enum), "enum count".to_owned()));
    operands.push((Type::Enum(signed_enum), "enum delta".to_owned()));
    operands
}

#[test]
fn arithmetic_conversions_and_promotions_match_gcc_m32() {
    let mut table = TypeTable::new();
    let operands = operands(&mut table);
    let mut source = String::from("#include <stdio.h>\n");
    source.push_str(&type_name_macro());
    source.push_str(&table.c_definitions());
    for (index, (ty, _)) in operands.iter().enumerate() {
        source.push_str(&format!(
            "{};\n",
            table.declare(&ty.clone().into(), &format!("v{index}"))
        ));
    }
    source.push_str("int main(void) {\n");
    // (description, expected type name)
    let mut checks: Vec<(String, String)> = Vec::new();
    for (i, (a, a_name)) in operands.iter().enumerate() {
        for (j, (b, b_name)) in operands.iter().enumerate() {
            source.push_str(&format!("    puts(TYPE_NAME(v{i} + v{j}));\n"));
            let common = table.usual_arithmetic_conversion(a, b).unwrap();
            checks.push((
                format!("({a_name}) + ({b_name})"),
                common.c_name().to_owned(),
            ));
        }
    }
    for (i, (a, a_name)) in operands.iter().enumerate() {
        source.push_str(&format!("    puts(TYPE_NAME(+v{i}));\n"));
        let promoted = table.promote(a).unwrap();
        checks.push((format!("+({a_name})"), promoted.c_name().to_owned()));
    }
    source.push_str("    return 0;\n}\n");

    let output = compile_and_run("conversions", &source);
    let gcc_names: Vec<&str> = output.lines().collect();
    assert_eq!(gcc_names.len(), checks.len(), "one line per expression");
    assert_eq!(checks.len(), 12 * 12 + 12);
    let mismatches: Vec<String> = checks
        .iter()
        .zip(&gcc_names)
        .filter(|((_, ours), gcc)| ours != *gcc)
        .map(|((expression, ours), gcc)| {
            format!("{expression} has type {gcc} under gcc -m32 but {ours} in memplay")
        })
        .collect();
    assert!(
        mismatches.is_empty(),
        "{} of {} expression types differ from gcc -m32:\n{}",
        mismatches.len(),
        checks.len(),
        mismatches.join("\n")
    );
}

/// The values of `kind` most likely to change when converted: its extremes and 0, ±1.
fn boundary_values(kind: IntKind) -> Vec<i64> {
    let mut values = vec![
        kind.min_value(),
        kind.min_value() + 1,
        -1,
        0,
        1,
        kind.max_value() - 1,
        kind.max_value(),
    ];
    values.retain(|&v| kind.can_represent(v));
    values.sort_unstable();
    values.dedup();
    values
}

#[test]
fn integer_conversions_of_values_match_gcc_m32() {
    let mut source = String::from(
        "#include <stdio.h>\n\
         #define CONVERT(FROM, TO, VALUE) do { \\\n\
             volatile long long source_ = (VALUE); \\\n\
             FROM from_ = (FROM)source_; \\\n\
             TO to_ = (TO)from_; \\\n\
             printf(\"%lld\\n\", (long long)to_); \\\n\
         } while (0)\n\
         int main(void) {\n",
    );
    // (from, to, value, expected)
    let mut checks = Vec::new();
    for from in IntKind::ALL {
        for to in IntKind::ALL {
            for value in boundary_values(from) {
                source.push_str(&format!(
                    "    CONVERT({}, {}, {value}LL);\n",
                    from.c_name(),
                    to.c_name()
                ));
                checks.push((from, to, value, to.convert(value)));
            }
        }
    }
    source.push_str("    return 0;\n}\n");
    let output = compile_and_run("conversion-values", &source);
    let gcc_values: Vec<i64> = output.lines().map(|line| line.parse().unwrap()).collect();
    assert_eq!(gcc_values.len(), checks.len(), "one line per conversion");

    let mut mismatches = Vec::new();
    for (&(from, to, value, ours), &gcc) in checks.iter().zip(&gcc_values) {
        if ours != gcc {
            mismatches.push(format!(
                "({to})({from}){value} is {gcc} under gcc -m32 but {ours} in memplay"
            ));
        }
    }
    for from in IntKind::ALL {
        for to in IntKind::ALL {
            let changed_some = checks
                .iter()
                .zip(&gcc_values)
                .any(|(&(f, t, value, _), &gcc)| f == from && t == to && gcc != value);
            if changed_some != from.conversion_may_change_value(to) {
                mismatches.push(format!(
                    "{from} -> {to}: gcc {} a boundary value, but conversion_may_change_value says {}",
                    if changed_some { "changes" } else { "keeps every" },
                    from.conversion_may_change_value(to)
                ));
            }
        }
    }
    assert!(
        mismatches.is_empty(),
        "integer conversions differ from gcc -m32:\n{}",
        mismatches.join("\n")
    );
}
