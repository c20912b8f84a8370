//! Property tests: random expression trees, printed as C with the fewest parentheses C's
//! precedence allows, must parse back to the same tree. This checks every precedence level
//! and associativity of the parser at once.

use memplay_lang::ast::{BinaryOp, ExprKind, StmtKind, UnaryOp};
use memplay_lang::dump;
use proptest::prelude::*;

/// A syntax tree without spans, for generation and printing.
#[derive(Debug, Clone)]
enum E {
    Ident(u8),
    Int(u32),
    Unary(UnaryOp, Box<E>),
    Binary(BinaryOp, Box<E>, Box<E>),
    Assign(Option<BinaryOp>, Box<E>, Box<E>),
    Conditional(Box<E>, Box<E>, Box<E>),
    Comma(Box<E>, Box<E>),
    Call(Box<E>, Vec<E>),
    Index(Box<E>, Box<E>),
    Member(Box<E>, bool),
    Cast(Box<E>),
    Sizeof(Box<E>),
}

const BINARY: [BinaryOp; 18] = [
    BinaryOp::Mul,
    BinaryOp::Div,
    BinaryOp::Rem,
    BinaryOp::Add,
    BinaryOp::Sub,
    BinaryOp::Shl,
    BinaryOp::Shr,
    BinaryOp::Lt,
    BinaryOp::Gt,
    BinaryOp::Le,
    BinaryOp::Ge,
    BinaryOp::Eq,
    BinaryOp::Ne,
    BinaryOp::BitAnd,
    BinaryOp::BitXor,
    BinaryOp::BitOr,
    BinaryOp::LogicalAnd,
    BinaryOp::LogicalOr,
];

/// The operators that have a compound assignment form (`+=`...).
const COMPOUND: [BinaryOp; 10] = [
    BinaryOp::Mul,
    BinaryOp::Div,
    BinaryOp::Rem,
    BinaryOp::Add,
    BinaryOp::Sub,
    BinaryOp::Shl,
    BinaryOp::Shr,
    BinaryOp::BitAnd,
    BinaryOp::BitXor,
    BinaryOp::BitOr,
];

const UNARY: [UnaryOp; 10] = [
    UnaryOp::Neg,
    UnaryOp::Plus,
    UnaryOp::Not,
    UnaryOp::BitNot,
    UnaryOp::Deref,
    UnaryOp::AddrOf,
    UnaryOp::PreInc,
    UnaryOp::PreDec,
    UnaryOp::PostInc,
    UnaryOp::PostDec,
];

fn precedence(op: BinaryOp) -> u8 {
    match op {
        BinaryOp::LogicalOr => 4,
        BinaryOp::LogicalAnd => 5,
        BinaryOp::BitOr => 6,
        BinaryOp::BitXor => 7,
        BinaryOp::BitAnd => 8,
        BinaryOp::Eq | BinaryOp::Ne => 9,
        BinaryOp::Lt | BinaryOp::Gt | BinaryOp::Le | BinaryOp::Ge => 10,
        BinaryOp::Shl | BinaryOp::Shr => 11,
        BinaryOp::Add | BinaryOp::Sub => 12,
        BinaryOp::Mul | BinaryOp::Div | BinaryOp::Rem => 13,
    }
}

/// The precedence level of a node: comma 1, assignment 2, conditional 3, binary 4..13,
/// unary and cast 14, postfix 15, primary 16.
fn level(e: &E) -> u8 {
    match e {
        E::Comma(..) => 1,
        E::Assign(..) => 2,
        E::Conditional(..) => 3,
        E::Binary(op, ..) => precedence(*op),
        E::Unary(UnaryOp::PostInc | UnaryOp::PostDec, _) => 15,
        E::Unary(..) | E::Cast(_) | E::Sizeof(_) => 14,
        E::Call(..) | E::Index(..) | E::Member(..) => 15,
        E::Ident(_) | E::Int(_) => 16,
    }
}

/// Prints `e` where the grammar needs at least precedence `min`.
fn print(e: &E, min: u8) -> String {
    let text = match e {
        E::Ident(i) => format!("v{i}"),
        E::Int(v) => v.to_string(),
        E::Unary(op @ (UnaryOp::PostInc | UnaryOp::PostDec), operand) => {
            format!("{}{}", print(operand, 15), op.spelling())
        }
        E::Unary(op @ (UnaryOp::PreInc | UnaryOp::PreDec), operand) => {
            format!("{} {}", op.spelling(), print_unary_operand(operand))
        }
        // A space after prefix operators keeps `- -x` from lexing as `--x`.
        E::Unary(op, operand) => format!("{} {}", op.spelling(), print(operand, 14)),
        E::Binary(op, lhs, rhs) => {
            let p = precedence(*op);
            format!("{} {} {}", print(lhs, p), op.spelling(), print(rhs, p + 1))
        }
        E::Assign(op, lhs, rhs) => {
            let op = op.map_or("=".to_string(), |op| format!("{}=", op.spelling()));
            format!("{} {op} {}", print(lhs, 14), print(rhs, 2))
        }
        E::Conditional(c, t, f) => format!("{} ? {} : {}", print(c, 4), print(t, 1), print(f, 3)),
        E::Comma(lhs, rhs) => format!("{}, {}", print(lhs, 1), print(rhs, 2)),
        E::Call(callee, args) => {
            let args: Vec<String> = args.iter().map(|a| print(a, 2)).collect();
            format!("{}({})", print(callee, 15), args.join(", "))
        }
        E::Index(base, index) => format!("{}[{}]", print(base, 15), print(index, 1)),
        E::Member(base, arrow) => {
            // `0.m` would lex as one preprocessing number, as in C: keep them apart.
            let base = print(base, 15);
            let gap = if base.ends_with(|c: char| c.is_ascii_digit()) {
                " "
            } else {
                ""
            };
            format!("{base}{gap}{}m", if *arrow { "->" } else { "." })
        }
        E::Cast(operand) => format!("(int) {}", print(operand, 14)),
        // sizeof, ++ and -- take a unary-expression, which a cast is not: `sizeof (int) x`
        // is `sizeof(int)` followed by `x` in C.
        E::Sizeof(operand) => format!("sizeof {}", print_unary_operand(operand)),
    };
    if level(e) < min {
        format!("({text})")
    } else {
        text
    }
}

fn print_unary_operand(e: &E) -> String {
    match e {
        E::Cast(_) => format!("({})", print(e, 1)),
        _ => print(e, 14),
    }
}

/// The same S-expression the crate's dump gives for a parsed tree.
fn sexpr(e: &E) -> String {
    match e {
        E::Ident(i) => format!("v{i}"),
        E::Int(v) => v.to_string(),
        E::Unary(op, operand) => {
            let op = match op {
                UnaryOp::PostInc => "post++",
                UnaryOp::PostDec => "post--",
                other => other.spelling(),
            };
            format!("({op} {})", sexpr(operand))
        }
        E::Binary(op, lhs, rhs) => format!("({} {} {})", op.spelling(), sexpr(lhs), sexpr(rhs)),
        E::Assign(op, lhs, rhs) => {
            let op = op.map_or("=".to_string(), |op| format!("{}=", op.spelling()));
            format!("({op} {} {})", sexpr(lhs), sexpr(rhs))
        }
        E::Conditional(c, t, f) => format!("(? {} {} {})", sexpr(c), sexpr(t), sexpr(f)),
        E::Comma(lhs, rhs) => format!("(, {} {})", sexpr(lhs), sexpr(rhs)),
        E::Call(callee, args) => {
            let mut text = format!("(call {}", sexpr(callee));
            for arg in args {
                text.push(' ');
                text.push_str(&sexpr(arg));
            }
            text + ")"
        }
        E::Index(base, index) => format!("(index {} {})", sexpr(base), sexpr(index)),
        E::Member(base, arrow) => {
            format!("({} {} m)", if *arrow { "->" } else { "." }, sexpr(base))
        }
        E::Cast(operand) => format!("(cast [int] {})", sexpr(operand)),
        E::Sizeof(operand) => format!("(sizeof {})", sexpr(operand)),
    }
}

fn expression() -> impl Strategy<Value = E> {
    let leaf = prop_oneof![(0u8..4).prop_map(E::Ident), (0u32..1000).prop_map(E::Int)];
    leaf.prop_recursive(6, 48, 3, |inner| {
        let boxed = || inner.clone().prop_map(Box::new);
        prop_oneof![
            (proptest::sample::select(UNARY.to_vec()), boxed()).prop_map(|(op, e)| E::Unary(op, e)),
            (proptest::sample::select(BINARY.to_vec()), boxed(), boxed())
                .prop_map(|(op, l, r)| E::Binary(op, l, r)),
            (
                proptest::option::of(proptest::sample::select(COMPOUND.to_vec())),
                boxed(),
                boxed()
            )
                .prop_map(|(op, l, r)| E::Assign(op, l, r)),
            (boxed(), boxed(), boxed()).prop_map(|(c, t, f)| E::Conditional(c, t, f)),
            (boxed(), boxed()).prop_map(|(l, r)| E::Comma(l, r)),
            (boxed(), proptest::collection::vec(inner.clone(), 0..3))
                .prop_map(|(c, a)| E::Call(c, a)),
            (boxed(), boxed()).prop_map(|(b, i)| E::Index(b, i)),
            (boxed(), any::<bool>()).prop_map(|(b, arrow)| E::Member(b, arrow)),
            boxed().prop_map(E::Cast),
            boxed().prop_map(E::Sizeof),
        ]
    })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    #[test]
    fn printed_expressions_parse_back_to_the_same_tree(e in expression()) {
        let source = format!("void f(void) {{ {}; }}", print(&e, 1));
        let parse = memplay_lang::parser::parse(&source);
        prop_assert!(parse.diagnostics.is_empty(), "{source}\n{:?}", parse.diagnostics);
        let memplay_lang::ast::ExternalDecl::Function(f) = &parse.unit.items[0] else {
            panic!("a function");
        };
        let StmtKind::Expr(Some(parsed)) = &f.body.items[0].kind else {
            panic!("an expression statement");
        };
        prop_assert_eq!(dump::expr(parsed), sexpr(&e), "{}", source);
        prop_assert!(!matches!(parsed.kind, ExprKind::Error));
    }

    /// Every byte string survives C escaping and the lexer+parser's unescaping.
    #[test]
    fn string_literals_round_trip(bytes in proptest::collection::vec(any::<u8>(), 0..40)) {
        let escaped: String = bytes.iter().map(|b| format!("\\x{b:02x}\"\"")).collect();
        let source = format!("char *s = \"{escaped}\";");
        let parse = memplay_lang::parser::parse(&source);
        prop_assert!(parse.diagnostics.is_empty(), "{:?}", parse.diagnostics);
        let memplay_lang::ast::ExternalDecl::Declaration(d) = &parse.unit.items[0] else {
            panic!("a declaration");
        };
        let Some(memplay_lang::ast::Initializer::Expr(init)) = &d.declarators[0].init else {
            panic!("an initializer");
        };
        prop_assert_eq!(&init.kind, &ExprKind::Str(bytes));
    }

    /// Integer constants in every radix and suffix read back to their value.
    #[test]
    fn integer_literals_round_trip(value in any::<u32>(), radix in 0usize..3, suffix in 0usize..4) {
        let digits = match radix {
            0 => value.to_string(),
            1 => format!("0x{value:X}"),
            _ => format!("0{value:o}"),
        };
        let suffix_text = ["", "u", "L", "UL"][suffix];
        let source = format!("long x = {digits}{suffix_text};");
        let parse = memplay_lang::parser::parse(&source);
        prop_assert!(parse.diagnostics.is_empty(), "{:?}", parse.diagnostics);
        let memplay_lang::ast::ExternalDecl::Declaration(d) = &parse.unit.items[0] else {
            panic!("a declaration");
        };
        let Some(memplay_lang::ast::Initializer::Expr(init)) = &d.declarators[0].init else {
            panic!("an initializer");
        };
        let ExprKind::Int { value: parsed, .. } = init.kind else {
            panic!("an integer");
        };
        prop_assert_eq!(parsed, u64::from(value));
    }
}
