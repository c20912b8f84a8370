//! A readable dump of the syntax tree, for golden tests and for debugging: declarations in
//! words (`a: array[3] of pointer to int`), expressions as S-expressions, statements indented
//! with their byte spans.

use std::fmt::Write;

use crate::ast::*;

pub fn dump(unit: &TranslationUnit) -> String {
    let mut out = Dumper { out: String::new() };
    for item in &unit.items {
        match item {
            ExternalDecl::Function(f) => out.function(f),
            ExternalDecl::Declaration(d) => out.declaration(d, 0),
        }
    }
    out.out
}

struct Dumper {
    out: String,
}

impl Dumper {
    fn line(&mut self, indent: usize, text: &str) {
        let _ = writeln!(self.out, "{:indent$}{text}", "", indent = indent * 2);
    }

    fn function(&mut self, f: &FunctionDef) {
        let header = format!(
            "fn {} @{}",
            declarator_words(&f.specifiers, &f.declarator),
            f.span
        );
        self.line(0, &header);
        self.block(&f.body, 1);
    }

    fn declaration(&mut self, d: &Declaration, indent: usize) {
        if d.declarators.is_empty() {
            let text = format!("decl {} @{}", specifiers_words(&d.specifiers), d.span);
            self.line(indent, &text);
            self.record_bodies(&d.specifiers.ty, indent + 1);
            return;
        }
        for init_declarator in &d.declarators {
            let mut text = format!(
                "decl {}",
                declarator_words(&d.specifiers, &init_declarator.declarator)
            );
            if let Some(init) = &init_declarator.init {
                let _ = write!(text, " = {}", initializer(init));
            }
            let _ = write!(text, " @{}", d.span);
            self.line(indent, &text);
        }
        self.record_bodies(&d.specifiers.ty, indent + 1);
    }

    /// The members of a struct/union defined in a declaration, and enumerators.
    fn record_bodies(&mut self, ty: &TypeSpecifier, indent: usize) {
        match ty {
            TypeSpecifier::Record(record) => {
                for member in record.members.iter().flatten() {
                    for declarator in &member.declarators {
                        let text = format!(
                            "member {}",
                            declarator_words(&member.specifiers, declarator)
                        );
                        self.line(indent, &text);
                    }
                    self.record_bodies(&member.specifiers.ty, indent + 1);
                }
            }
            TypeSpecifier::Enum(spec) => {
                for enumerator in spec.enumerators.iter().flatten() {
                    let text = match &enumerator.value {
                        Some(value) => {
                            format!("enumerator {} = {}", enumerator.name.node, expr(value))
                        }
                        None => format!("enumerator {}", enumerator.name.node),
                    };
                    self.line(indent, &text);
                }
            }
            _ => {}
        }
    }

    fn block(&mut self, block: &Block, indent: usize) {
        for stmt in &block.items {
            self.stmt(stmt, indent);
        }
    }

    fn stmt(&mut self, stmt: &Stmt, indent: usize) {
        let at = format!("@{}", stmt.span);
        match &stmt.kind {
            StmtKind::Expr(None) => self.line(indent, &format!("empty {at}")),
            StmtKind::Expr(Some(e)) => self.line(indent, &format!("expr {} {at}", expr(e))),
            StmtKind::Decl(d) => self.declaration(d, indent),
            StmtKind::Block(b) => {
                self.line(indent, &format!("block {at}"));
                self.block(b, indent + 1);
            }
            StmtKind::If {
                cond,
                then_branch,
                else_branch,
            } => {
                self.line(indent, &format!("if {} {at}", expr(cond)));
                self.stmt(then_branch, indent + 1);
                if let Some(else_branch) = else_branch {
                    self.line(indent, "else");
                    self.stmt(else_branch, indent + 1);
                }
            }
            StmtKind::While { cond, body } => {
                self.line(indent, &format!("while {} {at}", expr(cond)));
                self.stmt(body, indent + 1);
            }
            StmtKind::DoWhile { body, cond } => {
                self.line(indent, &format!("do-while {} {at}", expr(cond)));
                self.stmt(body, indent + 1);
            }
            StmtKind::For {
                init,
                cond,
                step,
                body,
            } => {
                let opt = |e: &Option<Expr>| e.as_ref().map_or("-".to_string(), expr);
                self.line(
                    indent,
                    &format!("for cond={} step={} {at}", opt(cond), opt(step)),
                );
                match init {
                    Some(ForInit::Decl(d)) => self.declaration(d, indent + 2),
                    Some(ForInit::Expr(e)) => self.line(indent + 2, &format!("init {}", expr(e))),
                    None => {}
                }
                self.stmt(body, indent + 1);
            }
            StmtKind::Switch { cond, body } => {
                self.line(indent, &format!("switch {} {at}", expr(cond)));
                self.stmt(body, indent + 1);
            }
            StmtKind::Case { value, body } => {
                self.line(indent, &format!("case {} {at}", expr(value)));
                self.stmt(body, indent + 1);
            }
            StmtKind::Default { body } => {
                self.line(indent, &format!("default {at}"));
                self.stmt(body, indent + 1);
            }
            StmtKind::Break => self.line(indent, &format!("break {at}")),
            StmtKind::Continue => self.line(indent, &format!("continue {at}")),
            StmtKind::Return(None) => self.line(indent, &format!("return {at}")),
            StmtKind::Return(Some(e)) => self.line(indent, &format!("return {} {at}", expr(e))),
            StmtKind::Error => self.line(indent, &format!("<error> {at}")),
        }
    }
}

pub fn specifiers_words(specifiers: &DeclSpecifiers) -> String {
    let mut words = Vec::new();
    if let Some(storage) = specifiers.storage {
        words.push(match storage.node {
            StorageClass::Typedef => "typedef",
            StorageClass::Extern => "extern",
            StorageClass::Static => "static",
        });
    }
    if specifiers.is_const {
        words.push("const");
    }
    let base = base_type(&specifiers.ty);
    words.push(&base);
    words.join(" ")
}

fn base_type(ty: &TypeSpecifier) -> String {
    match ty {
        TypeSpecifier::Void => "void".into(),
        TypeSpecifier::Bool => "_Bool".into(),
        TypeSpecifier::Char => "char".into(),
        TypeSpecifier::SignedChar => "signed char".into(),
        TypeSpecifier::UnsignedChar => "unsigned char".into(),
        TypeSpecifier::Short => "short".into(),
        TypeSpecifier::UnsignedShort => "unsigned short".into(),
        TypeSpecifier::Int => "int".into(),
        TypeSpecifier::UnsignedInt => "unsigned int".into(),
        TypeSpecifier::Long => "long".into(),
        TypeSpecifier::UnsignedLong => "unsigned long".into(),
        TypeSpecifier::Record(record) => {
            let keyword = match record.kind {
                RecordKind::Struct => "struct",
                RecordKind::Union => "union",
            };
            let tag = record.tag.as_ref().map_or("<anonymous>", |t| &t.node);
            let body = if record.members.is_some() {
                " {...}"
            } else {
                ""
            };
            format!("{keyword} {tag}{body}")
        }
        TypeSpecifier::Enum(spec) => {
            let tag = spec.tag.as_ref().map_or("<anonymous>", |t| &t.node);
            let body = if spec.enumerators.is_some() {
                " {...}"
            } else {
                ""
            };
            format!("enum {tag}{body}")
        }
        TypeSpecifier::TypedefName(name) => name.node.clone(),
        TypeSpecifier::Error => "<error>".into(),
    }
}

/// `name: array[3] of pointer to int`, in the manner of cdecl.
pub fn declarator_words(specifiers: &DeclSpecifiers, declarator: &Declarator) -> String {
    let name = declarator.name.as_ref().map_or("<abstract>", |n| &n.node);
    let mut words = String::new();
    for derived in &declarator.derived {
        match derived {
            DerivedDecl::Pointer { is_const, .. } => words.push_str(if *is_const {
                "const pointer to "
            } else {
                "pointer to "
            }),
            DerivedDecl::Array { size, .. } => match size {
                Some(size) => {
                    let _ = write!(words, "array[{}] of ", expr(size));
                }
                None => words.push_str("array[] of "),
            },
            DerivedDecl::Function {
                params,
                has_prototype,
                ..
            } => {
                let list: Vec<String> = params
                    .iter()
                    .map(|p| declarator_words(&p.specifiers, &p.declarator))
                    .collect();
                let list = if *has_prototype && list.is_empty() {
                    "void".to_string()
                } else if !has_prototype {
                    "no prototype".to_string()
                } else {
                    list.join(", ")
                };
                let _ = write!(words, "function({list}) returning ");
            }
        }
    }
    format!("{name}: {words}{}", specifiers_words(specifiers))
}

fn initializer(init: &Initializer) -> String {
    match init {
        Initializer::Expr(e) => expr(e),
        Initializer::List { items, .. } => {
            let parts: Vec<String> = items
                .iter()
                .map(|item| {
                    let mut text = String::new();
                    for designator in &item.designators {
                        match designator {
                            Designator::Index(e) => {
                                let _ = write!(text, "[{}]", expr(e));
                            }
                            Designator::Member(name) => {
                                let _ = write!(text, ".{}", name.node);
                            }
                        }
                    }
                    if !text.is_empty() {
                        text.push('=');
                    }
                    text + &initializer(&item.init)
                })
                .collect();
            format!("{{{}}}", parts.join(", "))
        }
    }
}

fn type_name(ty: &TypeName) -> String {
    let words = declarator_words(&ty.specifiers, &ty.declarator);
    words
        .strip_prefix("<abstract>: ")
        .unwrap_or(&words)
        .to_string()
}

/// An expression as an S-expression: `(+ a (* b c))`.
pub fn expr(e: &Expr) -> String {
    match &e.kind {
        ExprKind::Int { value, suffix, .. } => {
            let suffix = match suffix {
                IntSuffix::None => "",
                IntSuffix::U => "u",
                IntSuffix::L => "l",
                IntSuffix::UL => "ul",
            };
            format!("{value}{suffix}")
        }
        ExprKind::Char(value) => format!("(char {value})"),
        ExprKind::Str(bytes) => format!("{:?}", String::from_utf8_lossy(bytes)),
        ExprKind::Ident(name) => name.clone(),
        ExprKind::Unary { op, operand } => {
            let op = match op {
                UnaryOp::PostInc => "post++",
                UnaryOp::PostDec => "post--",
                other => other.spelling(),
            };
            format!("({op} {})", expr(operand))
        }
        ExprKind::Binary { op, lhs, rhs } => {
            format!("({} {} {})", op.spelling(), expr(lhs), expr(rhs))
        }
        ExprKind::Assign { op, lhs, rhs } => {
            let op = op.map_or("=".to_string(), |op| format!("{}=", op.spelling()));
            format!("({op} {} {})", expr(lhs), expr(rhs))
        }
        ExprKind::Conditional {
            cond,
            then_expr,
            else_expr,
        } => format!("(? {} {} {})", expr(cond), expr(then_expr), expr(else_expr)),
        ExprKind::Comma { lhs, rhs } => format!("(, {} {})", expr(lhs), expr(rhs)),
        ExprKind::Call { callee, args } => {
            let mut text = format!("(call {}", expr(callee));
            for arg in args {
                text.push(' ');
                text.push_str(&expr(arg));
            }
            text + ")"
        }
        ExprKind::Index { base, index } => format!("(index {} {})", expr(base), expr(index)),
        ExprKind::Member {
            base,
            member,
            arrow,
        } => format!(
            "({} {} {})",
            if *arrow { "->" } else { "." },
            expr(base),
            member.node
        ),
        ExprKind::Cast { ty, operand } => format!("(cast [{}] {})", type_name(ty), expr(operand)),
        ExprKind::SizeofExpr(operand) => format!("(sizeof {})", expr(operand)),
        ExprKind::SizeofType(ty) => format!("(sizeof [{}])", type_name(ty)),
        ExprKind::AlignofType(ty) => format!("(_Alignof [{}])", type_name(ty)),
        ExprKind::Error => "<error>".into(),
    }
}
