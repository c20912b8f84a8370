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

/// A readable dump of the checked program: every global and function with its type, and
/// every expression with its conversions made explicit (`load`, `decay`, `conv`...).
pub fn dump_program(program: &crate::hir::Program) -> String {
    let mut out = String::new();
    let printer = HirPrinter {
        program,
        function: None,
    };
    for global in &program.globals {
        let _ = write!(
            out,
            "global {}: {}",
            global.name,
            program.types.qual_type_name(&global.ty)
        );
        if let Some(init) = &global.init {
            let _ = write!(out, " = {}", printer.initializer(init));
        }
        out.push('\n');
    }
    for function in &program.functions {
        let Some(body) = &function.body else {
            continue;
        };
        let printer = HirPrinter {
            program,
            function: Some(function),
        };
        let _ = writeln!(
            out,
            "fn {}: {}",
            function.name,
            program.types.type_name(&function.ty)
        );
        for local in &function.locals {
            let _ = writeln!(
                out,
                "  local {}: {}",
                local.name,
                program.types.qual_type_name(&local.ty)
            );
        }
        for stmt in &body.stmts {
            printer.stmt(&mut out, stmt, 1);
        }
    }
    out
}

struct HirPrinter<'a> {
    program: &'a crate::hir::Program,
    function: Option<&'a crate::hir::Function>,
}

impl HirPrinter<'_> {
    fn initializer(&self, init: &crate::hir::Initializer) -> String {
        use crate::hir::InitValue;
        let entries: Vec<String> = init
            .entries
            .iter()
            .map(|entry| match &entry.value {
                InitValue::Expr(e) => format!("@{}: {}", entry.offset, self.expr(e)),
                InitValue::Bytes(bytes) => {
                    format!("@{}: {:?}", entry.offset, String::from_utf8_lossy(bytes))
                }
            })
            .collect();
        format!("{{{}}}", entries.join(", "))
    }

    fn stmt(&self, out: &mut String, stmt: &crate::hir::Stmt, indent: usize) {
        use crate::hir::StmtKind;
        let pad = "  ".repeat(indent);
        match &stmt.kind {
            StmtKind::Expr(e) => {
                let _ = writeln!(out, "{pad}{}", self.expr(e));
            }
            StmtKind::Empty => {
                let _ = writeln!(out, "{pad}empty");
            }
            StmtKind::Decl { local, init } => {
                let name = &self.function.expect("in a function").local(*local).name;
                match init {
                    Some(init) => {
                        let _ = writeln!(out, "{pad}init {name} = {}", self.initializer(init));
                    }
                    None => {
                        let _ = writeln!(out, "{pad}declare {name}");
                    }
                }
            }
            StmtKind::Block(block) => {
                let _ = writeln!(out, "{pad}block");
                for s in &block.stmts {
                    self.stmt(out, s, indent + 1);
                }
            }
            StmtKind::If {
                cond,
                then_branch,
                else_branch,
            } => {
                let _ = writeln!(out, "{pad}if {}", self.expr(cond));
                self.stmt(out, then_branch, indent + 1);
                if let Some(else_branch) = else_branch {
                    let _ = writeln!(out, "{pad}else");
                    self.stmt(out, else_branch, indent + 1);
                }
            }
            StmtKind::While { cond, body } => {
                let _ = writeln!(out, "{pad}while {}", self.expr(cond));
                self.stmt(out, body, indent + 1);
            }
            StmtKind::DoWhile { body, cond } => {
                let _ = writeln!(out, "{pad}do-while {}", self.expr(cond));
                self.stmt(out, body, indent + 1);
            }
            StmtKind::For {
                init,
                cond,
                step,
                body,
            } => {
                let opt = |e: &Option<crate::hir::Expr>| {
                    e.as_ref().map_or("-".to_string(), |e| self.expr(e))
                };
                let _ = writeln!(out, "{pad}for cond={} step={}", opt(cond), opt(step));
                for s in init {
                    self.stmt(out, s, indent + 2);
                }
                self.stmt(out, body, indent + 1);
            }
            StmtKind::Switch { cond, body } => {
                let _ = writeln!(out, "{pad}switch {}", self.expr(cond));
                self.stmt(out, body, indent + 1);
            }
            StmtKind::Case { value, body } => {
                let _ = writeln!(out, "{pad}case {value}");
                self.stmt(out, body, indent + 1);
            }
            StmtKind::Default { body } => {
                let _ = writeln!(out, "{pad}default");
                self.stmt(out, body, indent + 1);
            }
            StmtKind::Break => {
                let _ = writeln!(out, "{pad}break");
            }
            StmtKind::Continue => {
                let _ = writeln!(out, "{pad}continue");
            }
            StmtKind::Return(value) => {
                let _ = writeln!(
                    out,
                    "{pad}return {}",
                    value.as_ref().map_or(String::new(), |e| self.expr(e))
                );
            }
        }
    }

    fn ty(&self, ty: &crate::types::Type) -> String {
        self.program.types.type_name(ty)
    }

    fn expr(&self, e: &crate::hir::Expr) -> String {
        use crate::hir::{Callee, CastKind, ExprKind, UnaryOpKind};
        match &e.kind {
            ExprKind::Const(v) => match e.ty.int_kind() {
                Some(crate::types::IntKind::Int) => v.to_string(),
                _ => format!("({v} {})", self.ty(&e.ty)),
            },
            ExprKind::String(id) => format!(
                "{:?}",
                String::from_utf8_lossy(&self.program.strings[id.0 as usize])
            ),
            ExprKind::Local(id) => self
                .function
                .map_or("?".into(), |f| f.local(*id).name.clone()),
            ExprKind::Global(id) => self.program.globals[id.0 as usize].name.clone(),
            ExprKind::Function(Callee::User(id)) => {
                self.program.functions[id.0 as usize].name.clone()
            }
            ExprKind::Function(Callee::Library(f)) => f.name().to_string(),
            ExprKind::Cast { kind, operand } => {
                let operand = self.expr(operand);
                match kind {
                    CastKind::LValueToRValue => format!("(load {operand})"),
                    CastKind::ArrayToPointer => format!("(decay {operand})"),
                    CastKind::FunctionToPointer => format!("(fnptr {operand})"),
                    CastKind::Integral => format!("(conv {} {operand})", self.ty(&e.ty)),
                    CastKind::ToBool => format!("(bool {operand})"),
                    CastKind::IntegerToPointer => {
                        format!("(int->ptr {} {operand})", self.ty(&e.ty))
                    }
                    CastKind::PointerToInteger => {
                        format!("(ptr->int {} {operand})", self.ty(&e.ty))
                    }
                    CastKind::PointerToPointer => format!("(ptr {} {operand})", self.ty(&e.ty)),
                    CastKind::NullToPointer => format!("(null {})", self.ty(&e.ty)),
                    CastKind::ToVoid => format!("(void {operand})"),
                }
            }
            ExprKind::Unary { op, operand } => {
                let op = match op {
                    UnaryOpKind::Neg => "-",
                    UnaryOpKind::BitNot => "~",
                    UnaryOpKind::LogicalNot => "!",
                };
                format!("({op} {})", self.expr(operand))
            }
            ExprKind::Binary { op, lhs, rhs } => {
                format!("({} {} {})", op.spelling(), self.expr(lhs), self.expr(rhs))
            }
            ExprKind::PointerOffset {
                pointer,
                index,
                element_size,
                subtract,
            } => format!(
                "(ptr{} {} {} *{element_size})",
                if *subtract { "-" } else { "+" },
                self.expr(pointer),
                self.expr(index)
            ),
            ExprKind::PointerDifference {
                lhs,
                rhs,
                element_size,
            } => {
                format!(
                    "(ptrdiff {} {} /{element_size})",
                    self.expr(lhs),
                    self.expr(rhs)
                )
            }
            ExprKind::LogicalAnd { lhs, rhs } => {
                format!("(&& {} {})", self.expr(lhs), self.expr(rhs))
            }
            ExprKind::LogicalOr { lhs, rhs } => {
                format!("(|| {} {})", self.expr(lhs), self.expr(rhs))
            }
            ExprKind::Deref(p) => format!("(deref {})", self.expr(p)),
            ExprKind::AddressOf(t) => format!("(addr {})", self.expr(t)),
            ExprKind::Member { base, offset, name } => {
                format!("(member {} .{name}@{offset})", self.expr(base))
            }
            ExprKind::Assign { target, value } => {
                format!("(= {} {})", self.expr(target), self.expr(value))
            }
            ExprKind::CompoundAssign {
                op,
                target,
                value,
                operation_type,
                element_size,
            } => format!(
                "({}= {} {} in {}{})",
                op.spelling(),
                self.expr(target),
                self.expr(value),
                self.ty(operation_type),
                element_size.map_or(String::new(), |s| format!(" *{s}"))
            ),
            ExprKind::IncDec {
                target,
                increment,
                prefix,
                step,
            } => format!(
                "({}{} {} by {step})",
                if *prefix { "pre" } else { "post" },
                if *increment { "++" } else { "--" },
                self.expr(target)
            ),
            ExprKind::Conditional {
                cond,
                then_expr,
                else_expr,
            } => {
                format!(
                    "(? {} {} {})",
                    self.expr(cond),
                    self.expr(then_expr),
                    self.expr(else_expr)
                )
            }
            ExprKind::Comma { lhs, rhs } => format!("(, {} {})", self.expr(lhs), self.expr(rhs)),
            ExprKind::Call { callee, args } => {
                let mut text = format!("(call {}", self.expr(callee));
                for arg in args {
                    text.push(' ');
                    text.push_str(&self.expr(arg));
                }
                text + ")"
            }
        }
    }
}
