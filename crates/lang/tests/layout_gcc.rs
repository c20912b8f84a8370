//! The layout table against gcc -m32, the reference the playground is held to: a corpus of
//! types built through the public API is printed as C (with the table's own printers), gcc
//! reports `sizeof`, `_Alignof` and the `offsetof` of every member (nested members and array
//! elements included), and every number must match the table's. A second test compiles
//! declarations written by `declare` and checks that gcc names their types the way
//! `type_name` does.

use std::path::PathBuf;
use std::process::{Command, Output};

use memplay_lang::types::{
    EnumId, Enumerator, IntKind, Member, QualType, RecordId, RecordKind, Type, TypeTable,
};

const SETUP_HINT: &str = "gcc -m32 is the reference memplay is checked against; install it with `cargo xtask setup --test` (Debian: gcc-multilib)";

/// A scratch directory for one test's C files, removed on success.
struct Scratch(PathBuf);

impl Scratch {
    fn new(name: &str) -> Scratch {
        let dir = std::env::temp_dir().join(format!("memplay-{name}-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        Scratch(dir)
    }
}

impl Drop for Scratch {
    fn drop(&mut self) {
        if !std::thread::panicking() {
            let _ = std::fs::remove_dir_all(&self.0);
        }
    }
}

fn run_gcc(args: &[&str], scratch: &Scratch, source: &str) -> Output {
    let path = scratch.0.join("corpus.c");
    std::fs::write(&path, source).unwrap();
    Command::new("gcc")
        .args(["-m32", "-std=c11"])
        .args(args)
        .arg(&path)
        .current_dir(&scratch.0)
        .env("LC_ALL", "C")
        .output()
        .unwrap_or_else(|e| panic!("cannot run gcc ({e}); {SETUP_HINT}"))
}

/// Compiles `source` with gcc -m32 and returns what the program prints.
fn compile_and_run(name: &str, source: &str) -> String {
    let scratch = Scratch::new(name);
    let compiled = run_gcc(&["-Wall", "-Werror", "-o", "corpus"], &scratch, source);
    assert!(
        compiled.status.success(),
        "gcc -m32 could not compile the generated program; {SETUP_HINT}\n{}\n--- source ---\n{source}",
        String::from_utf8_lossy(&compiled.stderr)
    );
    let ran = Command::new(scratch.0.join("corpus"))
        .output()
        .expect("the compiled program runs");
    assert!(ran.status.success(), "the compiled program failed");
    String::from_utf8(ran.stdout).unwrap()
}

/// Builds types into a table, the way the checker will.
struct Corpus {
    table: TypeTable,
    /// Every type whose layout is checked.
    types: Vec<Type>,
}

impl Corpus {
    fn record(
        &mut self,
        kind: RecordKind,
        tag: Option<&str>,
        members: &[(&str, QualType)],
    ) -> Type {
        let id = self.table.declare_record(kind, tag);
        self.complete(id, members);
        Type::Record(id)
    }

    fn complete(&mut self, id: RecordId, members: &[(&str, QualType)]) {
        let members = members
            .iter()
            .map(|(name, ty)| Member::new(*name, ty.clone()))
            .collect();
        self.table
            .complete_record(id, members)
            .unwrap_or_else(|e| panic!("corpus record refused: {e}"));
    }

    /// A tagged struct, recorded in the corpus.
    fn strukt(&mut self, tag: &str, members: &[(&str, QualType)]) -> Type {
        let ty = self.record(RecordKind::Struct, Some(tag), members);
        self.types.push(ty.clone());
        ty
    }

    /// A tagged union, recorded in the corpus.
    fn union(&mut self, tag: &str, members: &[(&str, QualType)]) -> Type {
        let ty = self.record(RecordKind::Union, Some(tag), members);
        self.types.push(ty.clone());
        ty
    }

    fn enumeration(&mut self, tag: &str, enumerators: &[(&str, i64)]) -> EnumId {
        let id = self.table.declare_enum(Some(tag));
        let enumerators = enumerators
            .iter()
            .map(|(name, value)| Enumerator::new(*name, *value))
            .collect();
        self.table.complete_enum(id, enumerators).unwrap();
        id
    }
}

fn int(kind: IntKind) -> QualType {
    Type::Int(kind).into()
}

fn konst(ty: impl Into<QualType>) -> QualType {
    ty.into().with_const()
}

fn ptr(ty: impl Into<QualType>) -> QualType {
    Type::pointer_to(ty).into()
}

fn array(ty: impl Into<QualType>, len: u32) -> QualType {
    Type::array_of(ty, Some(len)).into()
}

fn func(ret: QualType, params: &[QualType]) -> QualType {
    let params = params.iter().map(|p| p.ty.clone()).collect();
    Type::function(ret.ty, params, false).into()
}

fn q(ty: &Type) -> QualType {
    ty.clone().into()
}

fn build_corpus() -> Corpus {
    use IntKind::*;
    let mut c = Corpus {
        table: TypeTable::new(),
        types: Vec::new(),
    };
    let color = c.enumeration("color", &[("RED", 0), ("GREEN", 5), ("BLUE", 9)]);
    let sign = c.enumeration("sign", &[("NEG", -3), ("ZERO", 0), ("POS", 4)]);
    let color = Type::Enum(color);
    let sign = Type::Enum(sign);

    let s_ci = c.strukt("s_ci", &[("c", int(Char)), ("i", int(Int))]);
    c.strukt("s_ic", &[("i", int(Int)), ("c", int(Char))]);
    let s_csc = c.strukt(
        "s_csc",
        &[("a", int(Char)), ("b", int(Short)), ("c", int(Char))],
    );
    c.strukt(
        "s_scs",
        &[("a", int(Short)), ("b", int(Char)), ("c", int(Short))],
    );
    c.strukt(
        "s_lcs",
        &[("a", int(Long)), ("b", int(Char)), ("c", int(Short))],
    );
    c.strukt(
        "s_cls",
        &[("a", int(Char)), ("b", int(Long)), ("c", int(Short))],
    );
    c.strukt(
        "s_slc",
        &[("a", int(Short)), ("b", int(Long)), ("c", int(Char))],
    );
    c.strukt(
        "s_csl",
        &[("a", int(Char)), ("b", int(Short)), ("c", int(Long))],
    );
    c.strukt(
        "s_unsigned",
        &[
            ("a", int(UChar)),
            ("b", int(ULong)),
            ("c", int(UShort)),
            ("d", int(SChar)),
        ],
    );
    c.strukt(
        "s_bool",
        &[("b", int(Bool)), ("i", int(Int)), ("c", int(Bool))],
    );
    let s_odd = c.strukt("s_odd", &[("name", array(int(Char), 7))]);
    c.strukt(
        "s_odd_mix",
        &[
            ("a", array(int(Char), 3)),
            ("s", int(Short)),
            ("b", array(int(Char), 5)),
        ],
    );
    c.strukt(
        "s_ptrs",
        &[
            ("c", int(Char)),
            ("p", ptr(int(Char))),
            ("pp", ptr(ptr(int(Int)))),
            ("v", ptr(Type::Void)),
        ],
    );
    c.strukt(
        "s_fnptr",
        &[
            ("c", int(Char)),
            ("cb", ptr(func(int(Int), &[int(Int), int(Char)]))),
            ("done", ptr(func(Type::Void.into(), &[]))),
        ],
    );
    c.strukt(
        "s_enum",
        &[
            ("c", int(Char)),
            ("col", q(&color)),
            ("s", int(Short)),
            ("sg", q(&sign)),
        ],
    );
    c.strukt(
        "s_const",
        &[
            ("c", konst(int(Char))),
            ("i", konst(int(Int))),
            ("msg", ptr(konst(int(Char)))),
            ("fixed", konst(ptr(int(Char)))),
        ],
    );

    // Self-referential and mutually referential records, declared before completion.
    let node = c.table.declare_record(RecordKind::Struct, Some("node"));
    c.complete(
        node,
        &[("value", int(Int)), ("next", ptr(Type::Record(node)))],
    );
    c.types.push(Type::Record(node));
    let tree = c.table.declare_record(RecordKind::Struct, Some("tree"));
    c.complete(
        tree,
        &[
            ("left", ptr(Type::Record(tree))),
            ("right", ptr(Type::Record(tree))),
            ("key", int(Short)),
            ("tag", int(Char)),
        ],
    );
    c.types.push(Type::Record(tree));
    let list = c.table.declare_record(RecordKind::Struct, Some("list"));
    let item = c.strukt(
        "item",
        &[
            ("owner", ptr(Type::Record(list))),
            ("w", int(Short)),
            ("next", ptr(Type::Record(list))),
        ],
    );
    c.complete(
        list,
        &[
            ("head", ptr(q(&item))),
            ("count", int(Char)),
            ("first", q(&item)),
        ],
    );
    c.types.push(Type::Record(list));

    let inner = c.strukt("inner", &[("a", int(Char)), ("b", int(Int))]);
    let outer = c.strukt(
        "outer",
        &[
            ("c", int(Char)),
            ("in", q(&inner)),
            ("s", int(Short)),
            ("arr", array(q(&inner), 3)),
        ],
    );
    let u_ic = c.union("u_ic", &[("i", int(Int)), ("c", array(int(Char), 5))]);
    let u_arrays = c.union(
        "u_arrays",
        &[
            ("s", array(int(Short), 3)),
            ("c", array(int(Char), 7)),
            ("l", array(int(Long), 2)),
        ],
    );
    c.strukt(
        "s_with_union",
        &[("tag", int(Char)), ("val", q(&u_ic)), ("end", int(Char))],
    );
    let u_with_struct = c.union(
        "u_with_struct",
        &[("a", q(&s_csc)), ("b", q(&s_ci)), ("c", int(Char))],
    );
    c.strukt(
        "s_2d",
        &[
            ("grid", array(array(int(Char), 5), 3)),
            ("m", array(array(int(Int), 3), 2)),
            ("z", int(Short)),
        ],
    );
    c.strukt(
        "s_arr_structs",
        &[("items", array(q(&s_csc), 4)), ("tail", int(Char))],
    );
    let anonymous_union = c.record(
        RecordKind::Union,
        None,
        &[("i", int(Int)), ("c", array(int(Char), 3))],
    );
    c.strukt(
        "s_anon_member",
        &[
            ("kind", int(Char)),
            ("as", q(&anonymous_union)),
            ("after", int(Short)),
        ],
    );
    let anonymous_struct = c.record(
        RecordKind::Struct,
        None,
        &[("x", int(Char)), ("y", int(Short))],
    );
    c.union(
        "u_anon_member",
        &[
            ("pair", q(&anonymous_struct)),
            ("raw", array(int(UChar), 3)),
        ],
    );
    c.strukt(
        "deep",
        &[("o", q(&outer)), ("u", q(&u_with_struct)), ("x", int(Char))],
    );
    c.strukt(
        "s_bool_arr",
        &[("flags", array(int(Bool), 3)), ("c", int(Char))],
    );
    c.strukt(
        "s_ptr_arr",
        &[("names", array(ptr(int(Char)), 3)), ("c", int(Char))],
    );
    c.strukt(
        "s_fnptr_arr",
        &[
            ("ops", array(ptr(func(int(Int), &[int(Int), int(Int)])), 4)),
            ("c", int(Char)),
        ],
    );
    c.strukt(
        "s_ptr_to_arr",
        &[("rows", ptr(array(int(Int), 4))), ("c", int(Char))],
    );
    c.strukt("s_empty", &[]);
    c.strukt("s_big", &[("buf", array(int(Char), 1001)), ("n", int(Int))]);
    c.union("u_single", &[("c", int(Char))]);
    c.strukt(
        "s_long_ulong",
        &[("a", int(ULong)), ("b", int(Long)), ("c", int(Char))],
    );
    c.strukt(
        "s_shorts",
        &[
            ("a", int(Short)),
            ("b", int(Char)),
            ("c", int(UShort)),
            ("d", int(Char)),
            ("e", int(Short)),
        ],
    );
    c.strukt(
        "s_union_arr",
        &[("us", array(q(&u_arrays), 2)), ("c", int(Char))],
    );
    c.strukt(
        "s_fn_returning_ptr",
        &[
            ("c", int(Char)),
            ("get", ptr(func(ptr(int(Char)), &[]))),
            ("names", ptr(array(ptr(konst(int(Char))), 2))),
        ],
    );
    c.strukt(
        "s_enum_arr",
        &[("cols", array(q(&color), 3)), ("b", int(Bool))],
    );
    c.strukt("s_one_char", &[("c", int(Char))]);
    c.strukt("s_char_short", &[("c", int(Char)), ("s", int(Short))]);
    c.union(
        "u_ptrs",
        &[
            ("p", ptr(int(Char))),
            ("f", ptr(func(int(Int), &[]))),
            ("l", int(Long)),
        ],
    );
    let kids = c.table.declare_record(RecordKind::Struct, Some("s_kids"));
    c.complete(
        kids,
        &[
            ("kids", array(ptr(Type::Record(kids)), 3)),
            ("n", int(UChar)),
        ],
    );
    c.types.push(Type::Record(kids));
    c.strukt(
        "s_mixed",
        &[
            ("a", int(Char)),
            ("o", q(&s_odd)),
            ("b", int(Short)),
            ("ci", q(&s_ci)),
            ("d", int(Char)),
        ],
    );
    c.strukt(
        "s_const_arr",
        &[("c", int(Char)), ("table", konst(array(int(Short), 3)))],
    );
    c.union(
        "u_of_unions",
        &[
            ("a", q(&u_ic)),
            ("b", q(&u_arrays)),
            ("c", array(q(&s_odd), 2)),
        ],
    );

    // Types other than records.
    let more = [
        array(array(int(Int), 5), 3),
        array(int(Char), 7),
        array(q(&s_csc), 4),
        array(ptr(int(Char)), 3),
        ptr(func(int(Int), &[int(Int)])),
        q(&color),
        q(&sign),
        int(Bool),
        array(int(Short), 3),
        array(q(&u_arrays), 2),
        ptr(Type::Record(node)),
        ptr(ptr(int(Int))),
        ptr(konst(int(Char))),
        array(array(array(int(ULong), 2), 2), 2),
        array(array(q(&outer), 3), 2),
        array(int(Bool), 5),
    ];
    c.types.extend(more.into_iter().map(|qt| qt.ty));
    c
}

/// One number gcc and the table must agree on.
struct Fact {
    /// The type, as gcc names it.
    type_name: String,
    /// `sizeof`, `_Alignof`, or `offsetof(path)`.
    what: String,
    /// The C expression that computes it.
    expression: String,
    expected: u32,
}

/// `offsetof` facts for `designator` (a member path in `record`) and everything inside it:
/// nested members, and the last element of arrays (so strides are checked too).
fn member_facts(
    table: &TypeTable,
    record: &str,
    type_name: &str,
    designator: &str,
    offset: u32,
    ty: &Type,
    facts: &mut Vec<Fact>,
) {
    facts.push(Fact {
        type_name: type_name.to_owned(),
        what: format!("offsetof({designator})"),
        expression: format!("offsetof({record}, {designator})"),
        expected: offset,
    });
    match ty {
        Type::Record(id) => {
            let layout = table.record_layout(*id).unwrap();
            let members = table.record(*id).members().unwrap();
            for (member, member_offset) in members.iter().zip(&layout.offsets) {
                member_facts(
                    table,
                    record,
                    type_name,
                    &format!("{designator}.{}", member.name),
                    offset + member_offset,
                    &member.ty.ty,
                    facts,
                );
            }
        }
        Type::Array {
            element,
            len: Some(len @ 1..),
        } => {
            let last = len - 1;
            let stride = table.size_of(&element.ty).unwrap();
            member_facts(
                table,
                record,
                type_name,
                &format!("{designator}[{last}]"),
                offset + last * stride,
                &element.ty,
                facts,
            );
        }
        _ => {}
    }
}

fn facts(corpus: &Corpus) -> Vec<Fact> {
    let table = &corpus.table;
    let mut facts = Vec::new();
    for ty in &corpus.types {
        let type_name = table.type_name(ty);
        let c_type = table.declare(&ty.clone().into(), "");
        let size = table
            .size_of(ty)
            .unwrap_or_else(|e| panic!("{type_name}: {e}"));
        let align = table.align_of(ty).unwrap();
        facts.push(Fact {
            type_name: type_name.clone(),
            what: "sizeof".to_owned(),
            expression: format!("sizeof({c_type})"),
            expected: size,
        });
        facts.push(Fact {
            type_name: type_name.clone(),
            what: "_Alignof".to_owned(),
            expression: format!("_Alignof({c_type})"),
            expected: align,
        });
        if let Type::Record(id) = ty {
            let layout = table.record_layout(*id).unwrap();
            let members = table.record(*id).members().unwrap();
            for (member, offset) in members.iter().zip(&layout.offsets) {
                member_facts(
                    table,
                    &c_type,
                    &type_name,
                    &member.name,
                    *offset,
                    &member.ty.ty,
                    &mut facts,
                );
            }
        }
    }
    facts
}

fn program(table: &TypeTable, facts: &[Fact]) -> String {
    let mut source = String::from("#include <stddef.h>\n#include <stdio.h>\n\n");
    source.push_str(&table.c_definitions());
    source.push_str("\nint main(void) {\n");
    for fact in facts {
        source.push_str(&format!(
            "    printf(\"%u\\n\", (unsigned)({}));\n",
            fact.expression
        ));
    }
    source.push_str("    return 0;\n}\n");
    source
}

#[test]
fn layout_matches_gcc_m32() {
    let corpus = build_corpus();
    assert!(
        corpus.types.len() >= 45,
        "corpus has {} types",
        corpus.types.len()
    );
    let facts = facts(&corpus);
    let source = program(&corpus.table, &facts);
    let output = compile_and_run("layout", &source);
    let gcc_numbers: Vec<&str> = output.lines().collect();
    assert_eq!(gcc_numbers.len(), facts.len(), "one line per fact");
    let mismatches: Vec<String> = facts
        .iter()
        .zip(gcc_numbers)
        .filter(|(fact, gcc)| fact.expected.to_string() != *gcc)
        .map(|(fact, gcc)| {
            format!(
                "{}: {} is {gcc} under gcc -m32 but {} in memplay",
                fact.type_name, fact.what, fact.expected
            )
        })
        .collect();
    assert!(
        mismatches.is_empty(),
        "{} of {} layout facts differ from gcc -m32:\n{}",
        mismatches.len(),
        facts.len(),
        mismatches.join("\n")
    );
}

/// gcc names a declared variable's type in "incompatible types when initializing type 'T'";
/// our `type_name` must say the same, apart from two spacing quirks of gcc's printer
/// (`int (*)(int,  char)` and `* const*`) that we deliberately do not copy.
#[test]
fn type_names_match_gcc_diagnostics() {
    use IntKind::*;
    let mut c = build_corpus();
    let node = c.table.declare_record(RecordKind::Struct, Some("named"));
    let anonymous = c.record(RecordKind::Struct, None, &[("q", int(Int))]);
    let anon_enum = c.table.declare_enum(None);
    c.table
        .complete_enum(anon_enum, vec![Enumerator::new("ANON_A", 1)])
        .unwrap();
    let color = c
        .table
        .enums()
        .find(|(_, e)| e.tag() == Some("color"))
        .unwrap()
        .0;
    let mut types: Vec<QualType> = IntKind::ALL.iter().map(|&k| int(k)).collect();
    types.extend([
        // (A top-level `const` on a non-pointer is left out of this gcc message.)
        ptr(konst(ptr(int(Int)))),
        q(&Type::Enum(color)),
        q(&Type::Enum(anon_enum)),
        ptr(int(Int)),
        ptr(konst(int(Char))),
        konst(ptr(int(Char))),
        ptr(konst(ptr(konst(int(Char))))),
        ptr(Type::Record(node)),
        ptr(q(&anonymous)),
        ptr(Type::Void),
        ptr(ptr(int(Char))),
        ptr(array(int(Int), 3)),
        ptr(array(array(konst(int(Int)), 3), 2)),
        ptr(array(ptr(int(Char)), 3)),
        ptr(func(int(Int), &[int(Int), int(Char)])),
        ptr(func(int(Int), &[])),
        ptr(Type::function_without_prototype(Type::int())),
        ptr(Type::Function(std::rc::Rc::new(
            memplay_lang::types::FunctionType {
                ret: Type::int(),
                params: vec![Type::pointer_to(konst(int(Char)))],
                variadic: true,
                has_prototype: true,
            },
        ))),
        ptr(func(ptr(int(Int)), &[int(Long)])),
        ptr(func(ptr(func(int(Int), &[int(Int)])), &[])),
        ptr(ptr(func(
            Type::Void.into(),
            &[ptr(array(int(Int), 4)), int(UShort)],
        ))),
        ptr(func(Type::Void.into(), &[array(int(Int), 2)])),
    ]);
    let mut source = String::from("struct mismatch { int z; } z;\n");
    source.push_str(&c.table.c_definitions());
    source.push_str("void probe(void) {\n");
    let first_line = source.lines().count() + 1;
    for (index, qt) in types.iter().enumerate() {
        source.push_str(&format!(
            "    {} = z;\n",
            c.table.declare(qt, &format!("v{index}"))
        ));
    }
    source.push_str("}\n");

    let scratch = Scratch::new("type-names");
    let compiled = run_gcc(&["-fsyntax-only"], &scratch, &source);
    let stderr = String::from_utf8_lossy(&compiled.stderr);
    let marker = ": error: incompatible types when initializing type '";
    let mut gcc_names = vec![None; types.len()];
    for line in stderr.lines() {
        let Some(at) = line.find(marker) else {
            continue;
        };
        let line_number: usize = line.split(':').nth(1).and_then(|n| n.parse().ok()).unwrap();
        let rest = &line[at + marker.len()..];
        let name = &rest[..rest.find("' using type").unwrap()];
        gcc_names[line_number - first_line] =
            Some(name.replace(",  ", ", ").replace("const*", "const *"));
    }
    let mut mismatches = Vec::new();
    for (index, (qt, gcc)) in types.iter().zip(&gcc_names).enumerate() {
        let ours = c.table.qual_type_name(qt);
        match gcc {
            Some(gcc) if *gcc == ours => {}
            Some(gcc) => {
                mismatches.push(format!("v{index}: gcc says '{gcc}', memplay says '{ours}'"))
            }
            None => mismatches.push(format!("v{index} ('{ours}'): gcc gave no type name")),
        }
    }
    assert!(
        mismatches.is_empty(),
        "type names differ from gcc -m32 ({SETUP_HINT}):\n{}\n--- gcc ---\n{stderr}\n--- source ---\n{source}",
        mismatches.join("\n")
    );
}
