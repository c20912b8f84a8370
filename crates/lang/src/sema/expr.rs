//! Expressions: typing, implicit conversions made explicit, constant folding, and the
//! diagnostics gcc gives for ill-typed ones.

use super::library::{self, LibraryFunction};
use super::{Binding, Sema, closest_name, cpp_hint};
use crate::ast::{self, BinaryOp, UnaryOp};
use crate::codemap::Span;
use crate::diagnostics::Diagnostic;
use crate::hir::{Callee, CastKind, Expr, ExprKind, UnaryOpKind};
use crate::types::{IntKind, QualType, Type};

/// Where a value is being converted to a type "as if by assignment" (for messages).
#[derive(Clone, Copy)]
pub(super) enum Conversion<'a> {
    Assignment,
    Initialization,
    Return,
    Argument { function: &'a str, index: usize },
}

impl Conversion<'_> {
    fn verb(&self) -> String {
        match self {
            Conversion::Assignment => "assignment".into(),
            Conversion::Initialization => "initialization".into(),
            Conversion::Return => "return".into(),
            Conversion::Argument { function, index } => {
                format!("passing argument {} of '{function}'", index + 1)
            }
        }
    }
}

fn expr(kind: ExprKind, ty: Type, is_lvalue: bool, span: Span) -> Expr {
    Expr {
        kind,
        ty,
        is_lvalue,
        span,
    }
}

fn constant(value: i64, kind: IntKind, span: Span) -> Expr {
    expr(
        ExprKind::Const(kind.convert(value)),
        Type::Int(kind),
        false,
        span,
    )
}

pub(super) fn const_value(e: &Expr) -> Option<i64> {
    match e.kind {
        ExprKind::Const(v) => Some(v),
        _ => None,
    }
}

/// A null pointer constant: an integer constant 0, or one cast to `void *`.
pub(super) fn is_null_constant(e: &Expr) -> bool {
    match &e.kind {
        ExprKind::Const(0) => e.ty.is_integer() || matches!(e.ty, Type::Enum(_)),
        ExprKind::Cast {
            kind: CastKind::IntegerToPointer | CastKind::NullToPointer,
            operand,
        } => e.ty.is_void_pointer() && is_null_constant(operand),
        _ => false,
    }
}

impl Sema {
    /// Integer kind of an integer or enum type.
    fn kind_of(&self, ty: &Type) -> Option<IntKind> {
        self.types.integer_kind(ty)
    }

    fn is_integer(&self, ty: &Type) -> bool {
        self.kind_of(ty).is_some()
    }

    fn is_scalar(&self, ty: &Type) -> bool {
        self.is_integer(ty) || ty.is_pointer()
    }

    /// A cast node, folding integer constants.
    pub(super) fn cast(&self, operand: Expr, ty: Type, kind: CastKind) -> Expr {
        let span = operand.span;
        if let (Some(value), Some(target)) = (const_value(&operand), self.kind_of(&ty))
            && matches!(kind, CastKind::Integral | CastKind::ToBool)
        {
            let value = if kind == CastKind::ToBool {
                i64::from(value != 0)
            } else {
                target.convert(value)
            };
            return expr(ExprKind::Const(value), ty, false, span);
        }
        expr(
            ExprKind::Cast {
                kind,
                operand: Box::new(operand),
            },
            ty,
            false,
            span,
        )
    }

    /// Converts an integer-valued rvalue to `kind` (no node when it already is).
    fn to_int_kind(&self, e: Expr, kind: IntKind) -> Expr {
        if e.ty == Type::Int(kind) {
            return e;
        }
        let cast = if kind == IntKind::Bool {
            CastKind::ToBool
        } else {
            CastKind::Integral
        };
        self.cast(e, Type::Int(kind), cast)
    }

    /// Records that the local an lvalue belongs to is read (or has its address taken).
    fn mark_read(&mut self, e: &Expr) {
        let mut root = e;
        while let ExprKind::Member { base, .. } = &root.kind {
            root = base;
        }
        if let (ExprKind::Local(id), Some(context)) = (&root.kind, self.current.as_mut()) {
            context.read.insert(*id);
        }
    }

    /// The value of an expression: lvalues are read, arrays and functions decay.
    pub(super) fn decay(&mut self, e: Expr) -> Expr {
        self.mark_read(&e);
        match &e.ty {
            Type::Array { element, .. } => {
                let ty = Type::pointer_to((**element).clone());
                self.cast(e, ty, CastKind::ArrayToPointer)
            }
            Type::Function(_) => {
                let ty = Type::pointer_to(e.ty.clone());
                self.cast(e, ty, CastKind::FunctionToPointer)
            }
            _ if e.is_lvalue => {
                let ty = e.ty.clone();
                self.cast(e, ty, CastKind::LValueToRValue)
            }
            _ => e,
        }
    }

    /// An expression used for its value (a `void` one has none).
    pub(super) fn rvalue(&mut self, e: &ast::Expr) -> Option<Expr> {
        let checked = self.expression(e)?;
        if checked.ty.is_void() {
            self.error(e.span, "void value not ignored as it ought to be");
            return None;
        }
        Some(self.decay(checked))
    }

    /// A scalar rvalue for a condition (`if`, loops, `?:`, `!`, `&&`, `||`).
    pub(super) fn condition(&mut self, e: &ast::Expr, what: &str) -> Option<Expr> {
        if let ast::ExprKind::Assign { op: None, lhs, .. } = &e.kind
            && lhs.span.start == e.span.start
        {
            // Not parenthesized: `if (x = 0)` is usually a mistyped `==`.
            self.diagnostics.push(
                Diagnostic::warning(e.span, "suggest parentheses around assignment used as truth value")
                    .with_note(None, "did you mean '=='? If the assignment is intended, write it in extra parentheses"),
            );
        }
        let value = self.rvalue(e)?;
        if !self.is_scalar(&value.ty) {
            self.error(
                e.span,
                format!(
                    "used '{}' where a scalar is required ({what})",
                    self.type_name(&value.ty)
                ),
            );
            return None;
        }
        Some(value)
    }

    /// Types an expression (without reading lvalues or decaying arrays); `None` after an
    /// error has been reported.
    pub(super) fn expression(&mut self, e: &ast::Expr) -> Option<Expr> {
        let span = e.span;
        match &e.kind {
            ast::ExprKind::Error => None,
            ast::ExprKind::Int {
                value,
                suffix,
                decimal,
            } => self.int_constant(*value, *suffix, *decimal, span),
            ast::ExprKind::Char(value) => Some(constant(i64::from(*value), IntKind::Int, span)),
            ast::ExprKind::Str(bytes) => {
                let len = bytes.len() as u32 + 1;
                let id = self.add_string(bytes.clone());
                Some(expr(
                    ExprKind::String(id),
                    Type::array_of(Type::char(), Some(len)),
                    true,
                    span,
                ))
            }
            ast::ExprKind::Ident(name) => self.identifier(name, span),
            ast::ExprKind::Unary { op, operand } => self.unary(*op, operand, span),
            ast::ExprKind::Binary { op, lhs, rhs } => self.binary(*op, lhs, rhs, span),
            ast::ExprKind::Assign { op, lhs, rhs } => self.assignment(*op, lhs, rhs, span),
            ast::ExprKind::Conditional {
                cond,
                then_expr,
                else_expr,
            } => self.conditional(cond, then_expr, else_expr, span),
            ast::ExprKind::Comma { lhs, rhs } => {
                let lhs = self.rvalue(lhs);
                let rhs = self.rvalue(rhs)?;
                let lhs = lhs?;
                let ty = rhs.ty.clone();
                Some(expr(
                    ExprKind::Comma {
                        lhs: Box::new(lhs),
                        rhs: Box::new(rhs),
                    },
                    ty,
                    false,
                    span,
                ))
            }
            ast::ExprKind::Call { callee, args } => self.call(callee, args, span),
            ast::ExprKind::Index { base, index } => self.index(base, index, span),
            ast::ExprKind::Member {
                base,
                member,
                arrow,
            } => self.member(base, member, *arrow, span),
            ast::ExprKind::Cast { ty, operand } => self.explicit_cast(ty, operand, span),
            ast::ExprKind::SizeofExpr(operand) => {
                let operand_ty = self.expression_type_unevaluated(operand)?;
                self.size_constant(&operand_ty, span, "sizeof")
            }
            ast::ExprKind::SizeofType(ty) => {
                let ty = self.type_name_type(ty)?;
                self.size_constant(&ty.ty, span, "sizeof")
            }
            ast::ExprKind::AlignofType(ty) => {
                let ty = self.type_name_type(ty)?;
                match self.types.align_of(&ty.ty) {
                    Ok(align) => Some(constant(i64::from(align), IntKind::UInt, span)),
                    Err(_) => {
                        self.error(
                            span,
                            format!(
                                "invalid application of '_Alignof' to type '{}'",
                                self.type_name(&ty.ty)
                            ),
                        );
                        None
                    }
                }
            }
        }
    }

    /// The type of `sizeof`'s operand, which is not evaluated: its uses don't count and
    /// the string literals it mentions are not kept.
    fn expression_type_unevaluated(&mut self, e: &ast::Expr) -> Option<Type> {
        let strings = self.strings.len();
        let checked = self.expression(e);
        self.strings.truncate(strings);
        if let Some(checked) = &checked {
            // A variable only measured by sizeof still counts as used, as in gcc.
            self.mark_read(checked);
        }
        checked.map(|c| c.ty)
    }

    fn size_constant(&mut self, ty: &Type, span: Span, what: &str) -> Option<Expr> {
        if ty.is_function() {
            self.error(
                span,
                format!("invalid application of '{what}' to a function type"),
            );
            return None;
        }
        match self.types.size_of(ty) {
            Ok(size) => Some(constant(i64::from(size), IntKind::UInt, span)),
            Err(_) => {
                let ty_name = self.type_name(ty);
                let message = if ty.is_void() {
                    format!("invalid application of '{what}' to a void type")
                } else {
                    format!("invalid application of '{what}' to incomplete type '{ty_name}'")
                };
                self.error(span, message);
                None
            }
        }
    }

    pub(super) fn type_name_type(&mut self, ty: &ast::TypeName) -> Option<QualType> {
        let base = self.specifier_type(&ty.specifiers)?;
        Some(self.declarator(base, &ty.declarator)?.ty)
    }

    /// C11 6.4.4.1: the first type in the constant's list that can represent the value
    /// (decimal constants without a suffix never become unsigned).
    fn int_constant(
        &mut self,
        value: u64,
        suffix: ast::IntSuffix,
        decimal: bool,
        span: Span,
    ) -> Option<Expr> {
        use ast::IntSuffix::{L, U, UL};
        let candidates: &[IntKind] = match (suffix, decimal) {
            (ast::IntSuffix::None, true) => &[IntKind::Int, IntKind::Long],
            (ast::IntSuffix::None, false) => {
                &[IntKind::Int, IntKind::UInt, IntKind::Long, IntKind::ULong]
            }
            (U, _) => &[IntKind::UInt, IntKind::ULong],
            (L, true) => &[IntKind::Long],
            (L, false) => &[IntKind::Long, IntKind::ULong],
            (UL, _) => &[IntKind::ULong],
        };
        let fits = |kind: &&IntKind| i64::try_from(value).is_ok_and(|v| kind.can_represent(v));
        match candidates.iter().find(fits) {
            Some(kind) => Some(constant(value as i64, *kind, span)),
            None if decimal && suffix == ast::IntSuffix::None && value <= u64::from(u32::MAX) => {
                // gcc -m32 gives such constants `unsigned long` with this warning (C90 rule).
                self.warning(span, "this decimal constant is unsigned only in ISO C90");
                Some(constant(value as i64, IntKind::ULong, span))
            }
            None => {
                self.error(
                    span,
                    "integer constant is too large for its type (the largest is 4294967295)",
                );
                None
            }
        }
    }

    fn identifier(&mut self, name: &str, span: Span) -> Option<Expr> {
        if let Some((binding, _)) = self.lookup(name).cloned() {
            return match binding {
                Binding::Local(id) => {
                    let context = self.current.as_mut().expect("locals are in functions");
                    context.referenced.insert(id);
                    let ty = context.locals[id.0 as usize].ty.ty.clone();
                    Some(expr(ExprKind::Local(id), ty, true, span))
                }
                Binding::Global(id) => {
                    self.used_globals.entry(id).or_insert(span);
                    let ty = self.globals[id.0 as usize].ty.ty.clone();
                    Some(expr(ExprKind::Global(id), ty, true, span))
                }
                Binding::Function(id) => {
                    let ty = self.functions[id.0 as usize].ty.clone();
                    self.note_function_use(Callee::User(id), span);
                    Some(expr(ExprKind::Function(Callee::User(id)), ty, false, span))
                }
                Binding::EnumConstant(value) => Some(constant(value, IntKind::Int, span)),
                Binding::Poisoned => None,
                Binding::Typedef(_) => {
                    self.error(
                        span,
                        format!("unexpected type name '{name}': expected an expression"),
                    );
                    None
                }
            };
        }
        // Names the standard headers provide.
        if name == "NULL" {
            if self.headers.iter().any(|h| library::defines_null(*h)) {
                let zero = constant(0, IntKind::Int, span);
                return Some(self.cast(
                    zero,
                    Type::pointer_to(Type::Void),
                    CastKind::NullToPointer,
                ));
            }
            self.diagnostics.push(
                Diagnostic::error(span, "use of undeclared identifier 'NULL'").with_note(
                    None,
                    "NULL is defined in <stdio.h>, <stdlib.h> and <string.h>: include one of them",
                ),
            );
            return None;
        }
        for header in self.headers.clone() {
            if let Some(value) = library::header_constant(header, name) {
                return Some(constant(value, IntKind::Int, span));
            }
        }
        if let Some(function) = LibraryFunction::from_name(name) {
            if !self.headers.contains(&function.header())
                && self.implicit_warned.insert(function.name())
            {
                self.diagnostics.push(
                    Diagnostic::warning(span, format!("implicit declaration of function '{name}'"))
                        .with_note(
                            None,
                            format!(
                                "include <{}> to declare '{name}'",
                                function.header().file_name()
                            ),
                        ),
                );
            }
            let ty = function.ty(&self.library_types);
            return Some(expr(
                ExprKind::Function(Callee::Library(function)),
                ty,
                false,
                span,
            ));
        }
        let mut diagnostic =
            Diagnostic::error(span, format!("use of undeclared identifier '{name}'"));
        if let Some(defined) = self.defined_later.get(name).copied() {
            diagnostic = Diagnostic::error(
                span,
                format!("function '{name}' is used before it is declared"),
            )
            .with_note(
                Some(defined),
                format!("it is defined further down: move the definition up, or declare it above its first use with a prototype such as `int {name}(int);`"),
            );
        } else if let Some(hint) = cpp_hint(name) {
            diagnostic.message = format!("use of undeclared identifier '{name}'; {hint}");
        } else if let Some(header) = library::header_constant_home(name) {
            diagnostic = diagnostic.with_note(
                None,
                format!(
                    "'{name}' is defined in <{}>: include it",
                    header.file_name()
                ),
            );
        } else if let Some(suggestion) = closest_name(name, &self.visible_names()) {
            diagnostic = diagnostic.with_note(None, format!("did you mean '{suggestion}'?"));
        }
        self.diagnostics.push(diagnostic);
        None
    }

    fn unary(&mut self, op: UnaryOp, operand: &ast::Expr, span: Span) -> Option<Expr> {
        match op {
            UnaryOp::AddrOf => {
                let target = self.expression(operand)?;
                if let ExprKind::Function(_) = target.kind {
                    let ty = Type::pointer_to(target.ty.clone());
                    return Some(
                        self.cast(target, ty, CastKind::FunctionToPointer)
                            .with_span(span),
                    );
                }
                if !target.is_lvalue {
                    self.error(span, "lvalue required as unary '&' operand");
                    return None;
                }
                self.mark_read(&target);
                let ty = Type::pointer_to(QualType::new(
                    target.ty.clone(),
                    self.is_const_object(&target),
                ));
                Some(expr(ExprKind::AddressOf(Box::new(target)), ty, false, span))
            }
            UnaryOp::Deref => {
                let pointer = self.rvalue(operand)?;
                self.dereference(pointer, span, "unary '*'")
            }
            UnaryOp::PreInc | UnaryOp::PreDec | UnaryOp::PostInc | UnaryOp::PostDec => {
                let target = self.expression(operand)?;
                let increment = matches!(op, UnaryOp::PreInc | UnaryOp::PostInc);
                let prefix = matches!(op, UnaryOp::PreInc | UnaryOp::PreDec);
                let what = if increment { "increment" } else { "decrement" };
                self.check_modifiable(&target, what)?;
                self.mark_read(&target);
                let step = if self.is_integer(&target.ty) {
                    1
                } else if let Some(pointee) = target.ty.pointee() {
                    self.element_size(&pointee.ty, span)?
                } else {
                    self.error(
                        span,
                        format!(
                            "wrong type argument to {what} ('{}')",
                            self.type_name(&target.ty)
                        ),
                    );
                    return None;
                };
                let ty = target.ty.clone();
                Some(expr(
                    ExprKind::IncDec {
                        target: Box::new(target),
                        increment,
                        prefix,
                        step,
                    },
                    ty,
                    false,
                    span,
                ))
            }
            UnaryOp::Not => {
                let value = self.condition(operand, "operand of '!'")?;
                if let Some(v) = const_value(&value) {
                    return Some(constant(i64::from(v == 0), IntKind::Int, span));
                }
                Some(expr(
                    ExprKind::Unary {
                        op: UnaryOpKind::LogicalNot,
                        operand: Box::new(value),
                    },
                    Type::int(),
                    false,
                    span,
                ))
            }
            UnaryOp::Neg | UnaryOp::Plus | UnaryOp::BitNot => {
                let value = self.rvalue(operand)?;
                let Some(kind) = self.types.promote(&value.ty) else {
                    self.error(
                        span,
                        format!(
                            "wrong type argument to unary '{}' (have '{}')",
                            op.spelling(),
                            self.type_name(&value.ty)
                        ),
                    );
                    return None;
                };
                let value = self.to_int_kind(value, kind);
                if op == UnaryOp::Plus {
                    return Some(value.with_span(span));
                }
                let op_kind = if op == UnaryOp::Neg {
                    UnaryOpKind::Neg
                } else {
                    UnaryOpKind::BitNot
                };
                if let Some(v) = const_value(&value) {
                    let result = if op == UnaryOp::Neg {
                        v.wrapping_neg()
                    } else {
                        !v
                    };
                    if op == UnaryOp::Neg && kind.is_signed() && !kind.can_represent(result) {
                        self.warning(
                            span,
                            format!(
                                "integer overflow in expression of type '{}'",
                                kind.gcc_name()
                            ),
                        );
                    }
                    return Some(constant(result, kind, span));
                }
                Some(expr(
                    ExprKind::Unary {
                        op: op_kind,
                        operand: Box::new(value),
                    },
                    Type::Int(kind),
                    false,
                    span,
                ))
            }
        }
    }

    fn dereference(&mut self, pointer: Expr, span: Span, what: &str) -> Option<Expr> {
        let Some(pointee) = pointer.ty.pointee().cloned() else {
            self.error(
                span,
                format!(
                    "invalid type argument of {what} (have '{}')",
                    self.type_name(&pointer.ty)
                ),
            );
            return None;
        };
        if pointee.ty.is_void() {
            self.error(
                span,
                "dereferencing a 'void *' pointer: cast it to a pointer to a real type first",
            );
            return None;
        }
        if !pointee.ty.is_function() && !self.types.is_complete(&pointee.ty) {
            self.error(
                span,
                format!(
                    "dereferencing pointer to incomplete type '{}'",
                    self.type_name(&pointee.ty)
                ),
            );
            return None;
        }
        let is_lvalue = !pointee.ty.is_function();
        Some(expr(
            ExprKind::Deref(Box::new(pointer)),
            pointee.ty,
            is_lvalue,
            span,
        ))
    }

    /// Whether the object an lvalue designates is const (so writes through it fail).
    fn is_const_object(&self, target: &Expr) -> bool {
        match &target.kind {
            ExprKind::Local(id) => self
                .current
                .as_ref()
                .is_some_and(|c| c.locals[id.0 as usize].ty.is_const),
            ExprKind::Global(id) => self.globals[id.0 as usize].ty.is_const,
            ExprKind::Deref(pointer) => pointer.ty.pointee().is_some_and(|p| p.is_const),
            ExprKind::Member { base, name, .. } => {
                self.is_const_object(base)
                    || base
                        .ty
                        .record_id()
                        .and_then(|id| self.types.find_member(id, name))
                        .is_some_and(|m| m.member.ty.is_const)
            }
            _ => false,
        }
    }

    fn check_modifiable(&mut self, target: &Expr, what: &str) -> Option<()> {
        if !target.is_lvalue {
            self.error(target.span, format!("lvalue required as {what} operand"));
            return None;
        }
        if target.ty.is_array() {
            self.error(
                target.span,
                format!("{what} of an array: assign to its elements instead"),
            );
            return None;
        }
        let whole = QualType::new(target.ty.clone(), self.is_const_object(target));
        if !self.types.is_modifiable(&whole) {
            let name = self.object_name(target);
            let message = match name {
                Some(name) => format!("{what} of read-only variable '{name}'"),
                None => format!("{what} of read-only location"),
            };
            self.error(target.span, message);
            return None;
        }
        Some(())
    }

    fn object_name(&self, target: &Expr) -> Option<String> {
        match &target.kind {
            ExprKind::Local(id) => self
                .current
                .as_ref()
                .map(|c| c.locals[id.0 as usize].name.clone()),
            ExprKind::Global(id) => Some(self.globals[id.0 as usize].name.clone()),
            ExprKind::Member { name, .. } => Some(name.clone()),
            _ => None,
        }
    }

    fn element_size(&mut self, ty: &Type, span: Span) -> Option<u32> {
        match self.types.size_of(ty) {
            Ok(0) | Err(_) => {
                let message = if ty.is_void() {
                    "arithmetic on a 'void *' pointer: cast it to a pointer to a real type first"
                        .to_string()
                } else {
                    format!(
                        "arithmetic on a pointer to incomplete type '{}'",
                        self.type_name(ty)
                    )
                };
                self.error(span, message);
                None
            }
            Ok(size) => Some(size),
        }
    }

    fn binary(
        &mut self,
        op: BinaryOp,
        lhs: &ast::Expr,
        rhs: &ast::Expr,
        span: Span,
    ) -> Option<Expr> {
        if matches!(op, BinaryOp::LogicalAnd | BinaryOp::LogicalOr) {
            let what = format!("operand of '{}'", op.spelling());
            let lhs = self.condition(lhs, &what);
            let rhs = self.condition(rhs, &what)?;
            let lhs = lhs?;
            if let (Some(a), Some(b)) = (const_value(&lhs), const_value(&rhs)) {
                let value = if op == BinaryOp::LogicalAnd {
                    a != 0 && b != 0
                } else {
                    a != 0 || b != 0
                };
                return Some(constant(i64::from(value), IntKind::Int, span));
            }
            let kind = if op == BinaryOp::LogicalAnd {
                ExprKind::LogicalAnd {
                    lhs: Box::new(lhs),
                    rhs: Box::new(rhs),
                }
            } else {
                ExprKind::LogicalOr {
                    lhs: Box::new(lhs),
                    rhs: Box::new(rhs),
                }
            };
            return Some(expr(kind, Type::int(), false, span));
        }
        let lhs = self.rvalue(lhs);
        let rhs = self.rvalue(rhs)?;
        let lhs = lhs?;
        self.binary_values(op, lhs, rhs, span)
    }

    /// A binary operation on two rvalues (also used by compound assignment).
    fn binary_values(&mut self, op: BinaryOp, lhs: Expr, rhs: Expr, span: Span) -> Option<Expr> {
        let (lk, rk) = (self.kind_of(&lhs.ty), self.kind_of(&rhs.ty));
        match op {
            BinaryOp::Add | BinaryOp::Sub if lhs.ty.is_pointer() || rhs.ty.is_pointer() => {
                self.pointer_arithmetic(op, lhs, rhs, span)
            }
            BinaryOp::Lt
            | BinaryOp::Gt
            | BinaryOp::Le
            | BinaryOp::Ge
            | BinaryOp::Eq
            | BinaryOp::Ne
                if lhs.ty.is_pointer() || rhs.ty.is_pointer() =>
            {
                self.pointer_comparison(op, lhs, rhs, span)
            }
            BinaryOp::Shl | BinaryOp::Shr => {
                let (Some(lk), Some(rk)) = (lk, rk) else {
                    return self.invalid_operands(op, &lhs, &rhs, span);
                };
                let kind = lk.promoted();
                let lhs = self.to_int_kind(lhs, kind);
                let rhs = self.to_int_kind(rhs, rk.promoted());
                if let Some(count) = const_value(&rhs) {
                    let width = i64::from(kind.size() * 8);
                    if count < 0 {
                        self.warning(
                            rhs.span,
                            format!("{} shift count is negative", shift_name(op)),
                        );
                    } else if count >= width {
                        self.warning(
                            rhs.span,
                            format!("{} shift count >= width of type", shift_name(op)),
                        );
                    } else if let Some(value) = const_value(&lhs) {
                        let result = if op == BinaryOp::Shl {
                            (value as u64).wrapping_shl(count as u32) as i64
                        } else if kind.is_signed() {
                            value >> count
                        } else {
                            ((value as u64) >> count) as i64
                        };
                        return Some(constant(result, kind, span));
                    }
                }
                Some(expr(
                    ExprKind::Binary {
                        op,
                        lhs: Box::new(lhs),
                        rhs: Box::new(rhs),
                    },
                    Type::Int(kind),
                    false,
                    span,
                ))
            }
            _ => {
                let (Some(lk), Some(rk)) = (lk, rk) else {
                    return self.invalid_operands(op, &lhs, &rhs, span);
                };
                let kind = crate::types::usual_arithmetic_conversion(lk.promoted(), rk.promoted());
                let is_comparison = matches!(
                    op,
                    BinaryOp::Lt
                        | BinaryOp::Gt
                        | BinaryOp::Le
                        | BinaryOp::Ge
                        | BinaryOp::Eq
                        | BinaryOp::Ne
                );
                if is_comparison
                    && lk.promoted().is_signed() != rk.promoted().is_signed()
                    && !kind.is_signed()
                {
                    let signed_side = if lk.promoted().is_signed() {
                        &lhs
                    } else {
                        &rhs
                    };
                    let harmless = const_value(signed_side).is_some_and(|v| v >= 0);
                    if !harmless {
                        self.diagnostics.push(
                            Diagnostic::warning(span, "comparison of integer expressions of different signedness")
                                .with_note(None, format!(
                                    "'{}' and '{}': the signed value is converted to unsigned, so -1 compares greater than 0",
                                    self.type_name(&lhs.ty),
                                    self.type_name(&rhs.ty)
                                )),
                        );
                    }
                }
                let lhs = self.to_int_kind(lhs, kind);
                let rhs = self.to_int_kind(rhs, kind);
                let result_kind = if is_comparison { IntKind::Int } else { kind };
                if let (Some(a), Some(b)) = (const_value(&lhs), const_value(&rhs))
                    && let Some(value) = self.fold(op, kind, a, b, span)
                {
                    return Some(constant(value, result_kind, span));
                }
                if matches!(op, BinaryOp::Div | BinaryOp::Rem) && const_value(&rhs) == Some(0) {
                    self.warning(rhs.span, "division by zero");
                }
                Some(expr(
                    ExprKind::Binary {
                        op,
                        lhs: Box::new(lhs),
                        rhs: Box::new(rhs),
                    },
                    Type::Int(result_kind),
                    false,
                    span,
                ))
            }
        }
    }

    /// Folds an integer operation in `kind`; `None` leaves it to run time (division by
    /// zero, which the machine reports).
    fn fold(&mut self, op: BinaryOp, kind: IntKind, a: i64, b: i64, span: Span) -> Option<i64> {
        let unsigned = !kind.is_signed();
        let (ua, ub) = (a as u64 & mask(kind), b as u64 & mask(kind));
        let exact: i128 = match op {
            BinaryOp::Add => i128::from(a) + i128::from(b),
            BinaryOp::Sub => i128::from(a) - i128::from(b),
            BinaryOp::Mul => i128::from(a) * i128::from(b),
            BinaryOp::Div | BinaryOp::Rem => {
                if b == 0 {
                    return None;
                }
                let (x, y) = if unsigned {
                    (ua as i128, ub as i128)
                } else {
                    (i128::from(a), i128::from(b))
                };
                if op == BinaryOp::Div { x / y } else { x % y }
            }
            BinaryOp::BitAnd => i128::from(a & b),
            BinaryOp::BitOr => i128::from(a | b),
            BinaryOp::BitXor => i128::from(a ^ b),
            BinaryOp::Lt => i128::from(if unsigned { ua < ub } else { a < b }),
            BinaryOp::Gt => i128::from(if unsigned { ua > ub } else { a > b }),
            BinaryOp::Le => i128::from(if unsigned { ua <= ub } else { a <= b }),
            BinaryOp::Ge => i128::from(if unsigned { ua >= ub } else { a >= b }),
            BinaryOp::Eq => i128::from(ua == ub),
            BinaryOp::Ne => i128::from(ua != ub),
            _ => return None,
        };
        let is_arithmetic = matches!(
            op,
            BinaryOp::Add | BinaryOp::Sub | BinaryOp::Mul | BinaryOp::Div
        );
        if is_arithmetic
            && !unsigned
            && (exact < i128::from(kind.min_value()) || exact > i128::from(kind.max_value()))
        {
            let wrapped = kind.convert(exact as i64);
            self.warning(
                span,
                format!(
                    "integer overflow in expression of type '{}' results in '{wrapped}'",
                    kind.gcc_name()
                ),
            );
        }
        Some(exact as i64)
    }

    fn invalid_operands(
        &mut self,
        op: BinaryOp,
        lhs: &Expr,
        rhs: &Expr,
        span: Span,
    ) -> Option<Expr> {
        self.error(
            span,
            format!(
                "invalid operands to binary {} (have '{}' and '{}')",
                op.spelling(),
                self.type_name(&lhs.ty),
                self.type_name(&rhs.ty)
            ),
        );
        None
    }

    fn pointer_arithmetic(
        &mut self,
        op: BinaryOp,
        lhs: Expr,
        rhs: Expr,
        span: Span,
    ) -> Option<Expr> {
        if lhs.ty.is_pointer() && rhs.ty.is_pointer() {
            if op == BinaryOp::Add {
                return self.invalid_operands(op, &lhs, &rhs, span);
            }
            let (lp, rp) = (
                lhs.ty.pointee().expect("a pointer").clone(),
                rhs.ty.pointee().expect("a pointer").clone(),
            );
            if !self.types.compatible(&lp.ty, &rp.ty) {
                self.error(
                    span,
                    format!(
                        "invalid operands to binary - (have '{}' and '{}'): pointers to different types",
                        self.type_name(&lhs.ty),
                        self.type_name(&rhs.ty)
                    ),
                );
                return None;
            }
            let element_size = self.element_size(&lp.ty, span)?;
            return Some(expr(
                ExprKind::PointerDifference {
                    lhs: Box::new(lhs),
                    rhs: Box::new(rhs),
                    element_size,
                },
                Type::int(),
                false,
                span,
            ));
        }
        let (pointer, index) = if lhs.ty.is_pointer() {
            (lhs, rhs)
        } else {
            (rhs, lhs)
        };
        if op == BinaryOp::Sub && !pointer.span.start.eq(&span.start) {
            // `n - p`: only pointer - integer is allowed.
            return self.invalid_operands(op, &index, &pointer, span);
        }
        let Some(index_kind) = self.kind_of(&index.ty) else {
            return self.invalid_operands(op, &pointer, &index, span);
        };
        let pointee = pointer.ty.pointee().expect("a pointer").ty.clone();
        let element_size = self.element_size(&pointee, span)?;
        let index = self.to_int_kind(index, index_kind.promoted());
        let ty = pointer.ty.clone();
        Some(expr(
            ExprKind::PointerOffset {
                pointer: Box::new(pointer),
                index: Box::new(index),
                element_size,
                subtract: op == BinaryOp::Sub,
            },
            ty,
            false,
            span,
        ))
    }

    fn pointer_comparison(
        &mut self,
        op: BinaryOp,
        lhs: Expr,
        rhs: Expr,
        span: Span,
    ) -> Option<Expr> {
        let equality = matches!(op, BinaryOp::Eq | BinaryOp::Ne);
        let (lhs, rhs) = match (lhs.ty.is_pointer(), rhs.ty.is_pointer()) {
            (true, true) => {
                let (lp, rp) = (
                    lhs.ty.pointee().expect("a pointer"),
                    rhs.ty.pointee().expect("a pointer"),
                );
                let void_involved = lp.ty.is_void() || rp.ty.is_void();
                if !(self.types.compatible(&lp.ty, &rp.ty) || (equality && void_involved)) {
                    self.warning(
                        span,
                        format!(
                            "comparison of distinct pointer types ('{}' and '{}') lacks a cast",
                            self.type_name(&lhs.ty),
                            self.type_name(&rhs.ty)
                        ),
                    );
                }
                (lhs, rhs)
            }
            (true, false) if is_null_constant(&rhs) && equality => {
                let ty = lhs.ty.clone();
                let rhs = self.cast(rhs, ty, CastKind::NullToPointer);
                (lhs, rhs)
            }
            (false, true) if is_null_constant(&lhs) && equality => {
                let ty = rhs.ty.clone();
                let lhs = self.cast(lhs, ty, CastKind::NullToPointer);
                (lhs, rhs)
            }
            _ => {
                if self.is_integer(&lhs.ty) || self.is_integer(&rhs.ty) {
                    self.warning(span, "comparison between pointer and integer");
                    let (pointer_ty, lhs_is_pointer) = if lhs.ty.is_pointer() {
                        (lhs.ty.clone(), true)
                    } else {
                        (rhs.ty.clone(), false)
                    };
                    return if lhs_is_pointer {
                        let rhs = self.cast(rhs, pointer_ty, CastKind::IntegerToPointer);
                        Some(expr(
                            ExprKind::Binary {
                                op,
                                lhs: Box::new(lhs),
                                rhs: Box::new(rhs),
                            },
                            Type::int(),
                            false,
                            span,
                        ))
                    } else {
                        let lhs = self.cast(lhs, pointer_ty, CastKind::IntegerToPointer);
                        Some(expr(
                            ExprKind::Binary {
                                op,
                                lhs: Box::new(lhs),
                                rhs: Box::new(rhs),
                            },
                            Type::int(),
                            false,
                            span,
                        ))
                    };
                }
                return self.invalid_operands(op, &lhs, &rhs, span);
            }
        };
        Some(expr(
            ExprKind::Binary {
                op,
                lhs: Box::new(lhs),
                rhs: Box::new(rhs),
            },
            Type::int(),
            false,
            span,
        ))
    }

    fn assignment(
        &mut self,
        op: Option<BinaryOp>,
        lhs: &ast::Expr,
        rhs: &ast::Expr,
        span: Span,
    ) -> Option<Expr> {
        let target = self.expression(lhs);
        let value = self.rvalue(rhs)?;
        let target = target?;
        self.check_modifiable(&target, "assignment")?;
        let ty = target.ty.clone();
        match op {
            None => {
                let value =
                    self.convert_for_assignment(value, &ty, Conversion::Assignment, span)?;
                Some(expr(
                    ExprKind::Assign {
                        target: Box::new(target),
                        value: Box::new(value),
                    },
                    ty,
                    false,
                    span,
                ))
            }
            Some(op) => {
                self.mark_read(&target);
                // Typed as `target = target op value`, with the target read once.
                let current = self.decay(target.clone());
                let combined = self.binary_values(op, current, value, span)?;
                let (operation_type, element_size, value) = match combined.kind {
                    ExprKind::PointerOffset {
                        index,
                        element_size,
                        ..
                    } => (combined.ty, Some(element_size), *index),
                    ExprKind::Binary { rhs, .. } => (combined.ty, None, *rhs),
                    // Folded: only when both were constants, impossible for an lvalue target.
                    _ => (combined.ty.clone(), None, combined),
                };
                if element_size.is_none() && !self.is_integer(&ty) {
                    self.error(
                        span,
                        format!(
                            "invalid operands to '{}=' (have '{}')",
                            op.spelling(),
                            self.type_name(&ty)
                        ),
                    );
                    return None;
                }
                Some(expr(
                    ExprKind::CompoundAssign {
                        op,
                        target: Box::new(target),
                        value: Box::new(value),
                        operation_type,
                        element_size,
                    },
                    ty,
                    false,
                    span,
                ))
            }
        }
    }

    /// Converts an rvalue to `target` as assignment does (C11 6.5.16.1), with gcc's
    /// diagnostics: errors for impossible conversions, warnings for dubious ones.
    pub(super) fn convert_for_assignment(
        &mut self,
        value: Expr,
        target: &Type,
        context: Conversion,
        span: Span,
    ) -> Option<Expr> {
        let verb = context.verb();
        if self.types.compatible(&value.ty, target) && !target.is_pointer() {
            return Some(if self.is_integer(target) && value.ty != *target {
                self.cast(value, target.clone(), CastKind::Integral)
            } else {
                value
            });
        }
        if let Some(kind) = self.kind_of(target) {
            if self.is_integer(&value.ty) {
                return Some(self.to_int_kind(value, kind).retyped(target.clone()));
            }
            if value.ty.is_pointer() {
                if kind == IntKind::Bool {
                    return Some(self.cast(value, target.clone(), CastKind::ToBool));
                }
                self.warning(
                    span,
                    format!("{verb} makes integer from pointer without a cast"),
                );
                return Some(self.cast(value, target.clone(), CastKind::PointerToInteger));
            }
        }
        if let Some(target_pointee) = target.pointee() {
            if is_null_constant(&value) {
                return Some(self.cast(value, target.clone(), CastKind::NullToPointer));
            }
            if self.is_integer(&value.ty) {
                self.warning(
                    span,
                    format!("{verb} makes pointer from integer without a cast"),
                );
                return Some(self.cast(value, target.clone(), CastKind::IntegerToPointer));
            }
            if let Some(value_pointee) = value.ty.pointee() {
                if value_pointee.is_const && !target_pointee.is_const {
                    self.warning(
                        span,
                        format!("{verb} discards 'const' qualifier from pointer target type"),
                    );
                }
                let compatible = self.types.compatible(&value_pointee.ty, &target_pointee.ty)
                    || value_pointee.ty.is_void()
                    || target_pointee.ty.is_void();
                if !compatible {
                    self.warning(
                        span,
                        format!(
                            "incompatible pointer types in {verb}: '{}' from '{}'",
                            self.type_name(target),
                            self.type_name(&value.ty)
                        ),
                    );
                }
                return Some(if value.ty == *target {
                    value
                } else {
                    self.cast(value, target.clone(), CastKind::PointerToPointer)
                });
            }
        }
        if target.is_record() && value.ty == *target {
            return Some(value);
        }
        self.error(
            span,
            format!(
                "incompatible types in {verb}: '{}' from '{}'",
                self.type_name(target),
                self.type_name(&value.ty)
            ),
        );
        None
    }

    fn conditional(
        &mut self,
        cond: &ast::Expr,
        then_expr: &ast::Expr,
        else_expr: &ast::Expr,
        span: Span,
    ) -> Option<Expr> {
        let cond = self.condition(cond, "condition of '?:'");
        // Both operands may be void (C11 6.5.15p3): `flag ? hit() : miss();`.
        let then_checked = self.expression(then_expr);
        let else_checked = self.expression(else_expr);
        let both_void = then_checked.as_ref().is_some_and(|e| e.ty.is_void())
            && else_checked.as_ref().is_some_and(|e| e.ty.is_void());
        let mut operand = |checked: Option<Expr>, e: &ast::Expr| {
            let checked = checked?;
            if checked.ty.is_void() && !both_void {
                self.error(e.span, "void value not ignored as it ought to be");
                return None;
            }
            Some(if both_void {
                checked
            } else {
                self.decay(checked)
            })
        };
        let then_value = operand(then_checked, then_expr);
        let else_value = operand(else_checked, else_expr)?;
        let (cond, then_value) = (cond?, then_value?);
        let (then_value, else_value, ty) =
            match (self.kind_of(&then_value.ty), self.kind_of(&else_value.ty)) {
                (Some(a), Some(b)) => {
                    let kind =
                        crate::types::usual_arithmetic_conversion(a.promoted(), b.promoted());
                    (
                        self.to_int_kind(then_value, kind),
                        self.to_int_kind(else_value, kind),
                        Type::Int(kind),
                    )
                }
                _ if then_value.ty.is_void() && else_value.ty.is_void() => {
                    (then_value, else_value, Type::Void)
                }
                _ if then_value.ty.is_record() && then_value.ty == else_value.ty => {
                    let ty = then_value.ty.clone();
                    (then_value, else_value, ty)
                }
                _ if then_value.ty.is_pointer() && is_null_constant(&else_value) => {
                    let ty = then_value.ty.clone();
                    let else_value = self.cast(else_value, ty.clone(), CastKind::NullToPointer);
                    (then_value, else_value, ty)
                }
                _ if else_value.ty.is_pointer() && is_null_constant(&then_value) => {
                    let ty = else_value.ty.clone();
                    let then_value = self.cast(then_value, ty.clone(), CastKind::NullToPointer);
                    (then_value, else_value, ty)
                }
                _ if then_value.ty.is_pointer() && else_value.ty.is_pointer() => {
                    let (a, b) = (
                        then_value.ty.pointee().expect("pointer").clone(),
                        else_value.ty.pointee().expect("pointer").clone(),
                    );
                    let is_const = a.is_const || b.is_const;
                    let pointee = if a.ty.is_void() || b.ty.is_void() {
                        Type::Void
                    } else if let Some(composite) = self.types.composite(&a.ty, &b.ty) {
                        composite
                    } else {
                        self.warning(span, "pointer type mismatch in conditional expression");
                        Type::Void
                    };
                    let ty = Type::pointer_to(QualType::new(pointee, is_const));
                    let then_value = self.cast(then_value, ty.clone(), CastKind::PointerToPointer);
                    let else_value = self.cast(else_value, ty.clone(), CastKind::PointerToPointer);
                    (then_value, else_value, ty)
                }
                _ => {
                    self.error(
                        span,
                        format!(
                            "type mismatch in conditional expression ('{}' and '{}')",
                            self.type_name(&then_value.ty),
                            self.type_name(&else_value.ty)
                        ),
                    );
                    return None;
                }
            };
        if let Some(c) = const_value(&cond)
            && let (Some(_), Some(_)) = (const_value(&then_value), const_value(&else_value))
        {
            return Some(if c != 0 { then_value } else { else_value }.with_span(span));
        }
        Some(expr(
            ExprKind::Conditional {
                cond: Box::new(cond),
                then_expr: Box::new(then_value),
                else_expr: Box::new(else_value),
            },
            ty,
            false,
            span,
        ))
    }

    fn call(&mut self, callee: &ast::Expr, args: &[ast::Expr], span: Span) -> Option<Expr> {
        let callee_value = self.rvalue(callee);
        let arg_values: Vec<Option<Expr>> = args.iter().map(|a| self.rvalue(a)).collect();
        let callee_value = callee_value?;
        let Some(function) = callee_value
            .ty
            .pointee()
            .and_then(|p| p.ty.as_function())
            .cloned()
        else {
            self.error(
                callee.span,
                format!(
                    "called object is not a function or function pointer (it has type '{}')",
                    self.type_name(&callee_value.ty)
                ),
            );
            return None;
        };
        let name = callee_name(&callee_value, self);
        if function.has_prototype {
            let expected = function.params.len();
            if args.len() < expected || (args.len() > expected && !function.variadic) {
                let which = if args.len() < expected { "few" } else { "many" };
                let mut diagnostic = Diagnostic::error(
                    span,
                    format!(
                        "too {which} arguments to function '{name}' (expected {expected}, have {})",
                        args.len()
                    ),
                );
                if let Some(declared) = self.declaration_span(&callee_value) {
                    diagnostic = diagnostic.with_note(Some(declared), "declared here");
                }
                self.diagnostics.push(diagnostic);
                return None;
            }
        }
        let mut converted = Vec::with_capacity(args.len());
        let mut failed = false;
        for (index, value) in arg_values.into_iter().enumerate() {
            let Some(value) = value else {
                failed = true;
                continue;
            };
            let value = match function.params.get(index) {
                Some(param) if function.has_prototype => {
                    let span = value.span;
                    self.convert_for_assignment(
                        value,
                        param,
                        Conversion::Argument {
                            function: &name,
                            index,
                        },
                        span,
                    )
                }
                _ => {
                    if value.ty.is_void() {
                        self.error(value.span, "void value not ignored as it ought to be");
                        None
                    } else {
                        let promoted = self.types.default_argument_promotion(&value.ty);
                        Some(match self.kind_of(&promoted) {
                            Some(kind) => self.to_int_kind(value, kind),
                            None => value,
                        })
                    }
                }
            };
            match value {
                Some(value) => converted.push(value),
                None => failed = true,
            }
        }
        if failed {
            return None;
        }
        if let ExprKind::Cast { operand, .. } = &callee_value.kind
            && let ExprKind::Function(Callee::Library(LibraryFunction::Printf)) = operand.kind
        {
            self.check_printf_format(&converted);
        }
        Some(expr(
            ExprKind::Call {
                callee: Box::new(callee_value),
                args: converted,
            },
            function.ret.clone(),
            false,
            span,
        ))
    }

    fn declaration_span(&self, callee: &Expr) -> Option<Span> {
        let mut e = callee;
        while let ExprKind::Cast { operand, .. } = &e.kind {
            e = operand;
        }
        match e.kind {
            ExprKind::Function(Callee::User(id)) => Some(self.functions[id.0 as usize].name_span),
            _ => None,
        }
    }

    fn index(&mut self, base: &ast::Expr, index: &ast::Expr, span: Span) -> Option<Expr> {
        let base_value = self.rvalue(base);
        let index_value = self.rvalue(index)?;
        let base_value = base_value?;
        let (pointer, offset) = if base_value.ty.is_pointer() {
            (base_value, index_value)
        } else if index_value.ty.is_pointer() {
            (index_value, base_value)
        } else {
            self.error(span, "subscripted value is neither array nor pointer");
            return None;
        };
        if !self.is_integer(&offset.ty) {
            self.error(offset.span, "array subscript is not an integer");
            return None;
        }
        let sum = self.pointer_arithmetic(BinaryOp::Add, pointer, offset, span)?;
        self.dereference(sum, span, "array subscript")
    }

    fn member(
        &mut self,
        base: &ast::Expr,
        member: &ast::Name,
        arrow: bool,
        span: Span,
    ) -> Option<Expr> {
        let record = if arrow {
            let pointer = self.rvalue(base)?;
            if !pointer.ty.pointee().is_some_and(|p| p.ty.is_record()) {
                let message = if pointer.ty.is_pointer() {
                    format!(
                        "request for member '{}' in something not a structure or union",
                        member.node
                    )
                } else if pointer.ty.is_record() {
                    format!(
                        "invalid type argument of '->' (have '{}'); use '.' for a struct value",
                        self.type_name(&pointer.ty)
                    )
                } else {
                    format!(
                        "invalid type argument of '->' (have '{}')",
                        self.type_name(&pointer.ty)
                    )
                };
                self.error(span, message);
                return None;
            }
            self.dereference(pointer, span, "'->'")?
        } else {
            let value = self.expression(base)?;
            if !value.ty.is_record() {
                let hint = if value.ty.pointee().is_some_and(|p| p.ty.is_record()) {
                    "; it is a pointer, so use '->'"
                } else {
                    ""
                };
                self.error(
                    span,
                    format!(
                        "request for member '{}' in something not a structure or union{hint}",
                        member.node
                    ),
                );
                return None;
            }
            value
        };
        let id = record.ty.record_id().expect("a record");
        if !self.types.record(id).is_complete() {
            self.error(
                span,
                format!(
                    "dereferencing pointer to incomplete type '{}'",
                    self.type_name(&record.ty)
                ),
            );
            return None;
        }
        let Some(found) = self.types.find_member(id, &member.node) else {
            let names: Vec<String> = self
                .types
                .record(id)
                .members()
                .unwrap_or_default()
                .iter()
                .map(|m| m.name.clone())
                .collect();
            let mut diagnostic = Diagnostic::error(
                member.span,
                format!(
                    "'{}' has no member named '{}'",
                    self.type_name(&record.ty),
                    member.node
                ),
            );
            if let Some(suggestion) = closest_name(&member.node, &names) {
                diagnostic = diagnostic.with_note(None, format!("did you mean '{suggestion}'?"));
            }
            self.diagnostics.push(diagnostic);
            return None;
        };
        let (offset, ty) = (found.offset, found.member.ty.ty.clone());
        let is_lvalue = record.is_lvalue;
        Some(expr(
            ExprKind::Member {
                base: Box::new(record),
                offset,
                name: member.node.clone(),
            },
            ty,
            is_lvalue,
            span,
        ))
    }

    fn explicit_cast(
        &mut self,
        ty: &ast::TypeName,
        operand: &ast::Expr,
        span: Span,
    ) -> Option<Expr> {
        let target = self.type_name_type(ty)?.ty;
        let value = self.rvalue(operand)?;
        if target.is_void() {
            return Some(
                self.cast(value, Type::Void, CastKind::ToVoid)
                    .with_span(span),
            );
        }
        if !self.is_scalar(&target) {
            self.error(
                span,
                format!(
                    "conversion to non-scalar type '{}' requested",
                    self.type_name(&target)
                ),
            );
            return None;
        }
        if !self.is_scalar(&value.ty) {
            self.error(
                span,
                format!(
                    "cannot cast a value of type '{}' to '{}'",
                    self.type_name(&value.ty),
                    self.type_name(&target)
                ),
            );
            return None;
        }
        let kind = match (
            self.kind_of(&target),
            target.is_pointer(),
            self.is_integer(&value.ty),
        ) {
            (Some(IntKind::Bool), _, _) => CastKind::ToBool,
            (Some(_), _, true) => CastKind::Integral,
            (Some(_), _, false) => CastKind::PointerToInteger,
            (None, true, true) => CastKind::IntegerToPointer,
            _ => CastKind::PointerToPointer,
        };
        if value.ty == target {
            return Some(value.with_span(span));
        }
        Some(self.cast(value, target, kind).with_span(span))
    }

    /// gcc's -Wformat checks for printf: the conversions against the number and the types
    /// of the arguments (a wrong one prints garbage or crashes, a classic learner bug).
    fn check_printf_format(&mut self, args: &[Expr]) {
        use crate::printf::{Expected, Piece};
        let Some(format) = args.first() else {
            return;
        };
        let mut e = format;
        while let ExprKind::Cast { operand, .. } = &e.kind {
            e = operand;
        }
        let ExprKind::String(id) = e.kind else {
            return;
        };
        let pieces = match crate::printf::parse(&self.strings[id.0 as usize]) {
            Ok(pieces) => pieces,
            Err(error) => {
                self.warning(format.span, error.message);
                return;
            }
        };
        let mut next = 1;
        for piece in pieces {
            let Piece::Conversion(conversion) = piece else {
                continue;
            };
            let spelled =
                String::from_utf8_lossy(&self.strings[id.0 as usize][conversion.range.clone()])
                    .into_owned();
            for expected in conversion.expected_arguments() {
                let Some(arg) = args.get(next) else {
                    self.warning(
                        format.span,
                        format!(
                            "format '{spelled}' expects a matching argument, but there are too few"
                        ),
                    );
                    return;
                };
                next += 1;
                let ok = match expected {
                    Expected::Int => {
                        matches!(self.kind_of(&arg.ty), Some(k) if k.size() == 4 && !matches!(k, IntKind::Long | IntKind::ULong))
                    }
                    Expected::Long => {
                        matches!(self.kind_of(&arg.ty), Some(IntKind::Long | IntKind::ULong))
                    }
                    Expected::Size => {
                        matches!(self.kind_of(&arg.ty), Some(IntKind::UInt | IntKind::Int))
                    }
                    Expected::CharPointer => arg.ty.pointee().is_some_and(|p| {
                        matches!(
                            p.ty,
                            Type::Int(IntKind::Char | IntKind::SChar | IntKind::UChar)
                        )
                    }),
                    Expected::Pointer => arg.ty.is_pointer(),
                };
                if !ok {
                    let wanted = match expected {
                        Expected::Int => "int",
                        Expected::Long => "long int",
                        Expected::Size => "size_t",
                        Expected::CharPointer => "char *",
                        Expected::Pointer => "void *",
                    };
                    self.warning(
                        arg.span,
                        format!(
                            "format '{spelled}' expects argument of type '{wanted}', but argument {} has type '{}'",
                            next,
                            self.type_name(&arg.ty)
                        ),
                    );
                }
            }
        }
        if let Some(extra) = args.get(next) {
            self.warning(extra.span, "too many arguments for format");
        }
    }
}

fn shift_name(op: BinaryOp) -> &'static str {
    if op == BinaryOp::Shl { "left" } else { "right" }
}

fn mask(kind: IntKind) -> u64 {
    if kind.size() >= 8 {
        u64::MAX
    } else {
        (1u64 << (kind.size() * 8)) - 1
    }
}

fn callee_name(callee: &Expr, sema: &Sema) -> String {
    let mut e = callee;
    while let ExprKind::Cast { operand, .. } = &e.kind {
        e = operand;
    }
    match &e.kind {
        ExprKind::Function(Callee::User(id)) => sema.functions[id.0 as usize].name.clone(),
        ExprKind::Function(Callee::Library(f)) => f.name().to_string(),
        ExprKind::Local(id) => sema
            .current
            .as_ref()
            .map_or("function".into(), |c| c.locals[id.0 as usize].name.clone()),
        ExprKind::Global(id) => sema.globals[id.0 as usize].name.clone(),
        _ => "function".into(),
    }
}

impl Expr {
    pub(super) fn with_span(mut self, span: Span) -> Expr {
        self.span = span;
        self
    }

    /// The same value seen as another type of the same representation (an integer kind
    /// as the enum it came from).
    fn retyped(mut self, ty: Type) -> Expr {
        self.ty = ty;
        self
    }
}
