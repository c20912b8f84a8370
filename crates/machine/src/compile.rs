//! From the checked program to the machine's instructions, one function at a time: locals
//! get their places in the frame (cdecl-like: parameters above the saved frame pointer and
//! return address, locals below), expressions become stack code, control flow becomes
//! jumps, and every statement starts with a `Statement` marker, the unit of a step. Calls,
//! assignments and increments also get an `Expression` marker just before their last
//! operation, where a step stops at expression granularity.

use memplay_lang::hir::{
    self, BinaryOpKind, Callee, CastKind, Expr, ExprKind, Function, InitValue, Initializer,
    Program, Stmt, StmtKind, UnaryOpKind,
};
use memplay_lang::types::{IntKind, Type, TypeTable};

use memplay_lang::codemap::Span;

use crate::code::{BinOp, Code, Op, Point, PointKind, Symbol};

/// Where the first parameter is, above the frame pointer: the saved frame pointer and the
/// return address sit between.
const FIRST_PARAM: i32 = 8;

/// A compiled program: each function's code (`None` for declarations) and the table of
/// points its `Statement` and `Expression` markers index. Point `f` is function `f`'s
/// entry.
pub struct Compiled {
    pub functions: Vec<Option<Code>>,
    pub points: Vec<Point>,
}

/// Compiles every defined function.
pub fn compile_program(program: &Program) -> Compiled {
    let mut points: Vec<Point> = program
        .functions
        .iter()
        .map(|function| Point {
            span: Span::at(function.span.start),
            kind: PointKind::Entry,
        })
        .collect();
    let functions = program
        .functions
        .iter()
        .map(|function| {
            function.body.as_ref().map(|body| {
                FunctionCompiler::new(&program.types, function, &mut points).compile(body)
            })
        })
        .collect();
    Compiled { functions, points }
}

/// Whether values of this type are handled by address (structs and unions).
pub fn is_record(ty: &Type) -> bool {
    matches!(ty, Type::Record(_))
}

struct FunctionCompiler<'p> {
    types: &'p TypeTable,
    function: &'p Function,
    /// The program's point table, shared by every function.
    points: &'p mut Vec<Point>,
    /// Expression points emitted since the last statement marker.
    points_in_statement: u32,
    /// The whole expression of an expression statement being compiled: its own point is
    /// left out when nothing inside it has one (the statement's stop already shows it).
    lone_expression: Option<Span>,
    ops: Vec<Op>,
    local_offsets: Vec<i32>,
    /// Bytes below the frame pointer used so far (locals, then temporaries).
    frame_size: u32,
    returns_record: bool,
    /// Jumps to patch at the end of each enclosing loop or switch.
    breaks: Vec<Vec<usize>>,
    continues: Vec<Vec<usize>>,
    /// Where each case and default label of the enclosing switches landed, innermost
    /// last (a label may sit anywhere in the body, even inside a loop: Duff's device).
    labels: Vec<Vec<(usize, usize)>>,
}

impl<'p> FunctionCompiler<'p> {
    fn new(
        types: &'p TypeTable,
        function: &'p Function,
        points: &'p mut Vec<Point>,
    ) -> FunctionCompiler<'p> {
        let returns_record = is_record(function.return_type());
        let mut compiler = FunctionCompiler {
            types,
            function,
            points,
            points_in_statement: 0,
            lone_expression: None,
            ops: Vec::new(),
            local_offsets: vec![0; function.locals.len()],
            frame_size: 0,
            returns_record,
            breaks: Vec::new(),
            continues: Vec::new(),
            labels: Vec::new(),
        };
        compiler.lay_out_frame();
        compiler
    }

    fn size_of(&self, ty: &Type) -> u32 {
        // The checker accepted the program, so its objects have sizes.
        self.types.size_of(ty).unwrap_or(0)
    }

    fn align_of(&self, ty: &Type) -> u32 {
        self.types.align_of(ty).unwrap_or(1).max(1)
    }

    /// Parameters in 4-byte argument slots above the frame pointer (a hidden result
    /// pointer first when the function returns a struct); locals below it, each aligned,
    /// in declaration order.
    fn lay_out_frame(&mut self) {
        let mut above = FIRST_PARAM + if self.returns_record { 4 } else { 0 };
        for &param in &self.function.params {
            let size = self.size_of(&self.function.local(param).ty.ty);
            self.local_offsets[param.0 as usize] = above;
            above += size.div_ceil(4) as i32 * 4;
        }
        for (i, local) in self.function.locals.iter().enumerate() {
            if self.function.params.iter().any(|p| p.0 as usize == i) {
                continue;
            }
            let offset = self.reserve(&local.ty.ty);
            self.local_offsets[i] = offset;
        }
    }

    /// Room below the frame pointer for an object of `ty`; its offset.
    fn reserve(&mut self, ty: &Type) -> i32 {
        let size = self.size_of(ty).max(1);
        let align = self.align_of(ty);
        self.frame_size = (self.frame_size + size).div_ceil(align) * align;
        -(self.frame_size as i32)
    }

    fn compile(mut self, body: &hir::Block) -> Code {
        self.emit(Op::Enter { frame_size: 0 });
        self.block(body);
        // Falling off the end: main returns 0 (C99); other functions return garbage in C,
        // here 0.
        self.statement(body.span.to(body.span));
        if self.function.return_type().is_void() {
            self.emit(Op::Return { has_value: false });
        } else {
            self.emit(Op::Const(0));
            self.emit(Op::Return { has_value: true });
        }
        // The frame size is known only now that temporaries are reserved.
        let frame_size = self.frame_size.div_ceil(4) * 4;
        self.ops[0] = Op::Enter { frame_size };
        let slots_end = self
            .function
            .locals
            .iter()
            .zip(&self.local_offsets)
            .map(|(local, &offset)| offset.saturating_add(self.size_of(&local.ty.ty) as i32))
            .fold(8, i32::max) as u32;
        Code {
            ops: self.ops,
            frame_size,
            local_offsets: self.local_offsets,
            slots_end,
            returns_record: self.returns_record,
        }
    }

    fn emit(&mut self, op: Op) -> usize {
        self.ops.push(op);
        self.ops.len() - 1
    }

    fn point(&mut self, span: Span, kind: PointKind) -> u32 {
        self.points.push(Point { span, kind });
        self.points.len() as u32 - 1
    }

    /// A statement starts here: the unit of a step.
    fn statement(&mut self, span: Span) {
        let point = self.point(span, PointKind::Statement);
        self.points_in_statement = 0;
        self.lone_expression = None;
        self.emit(Op::Statement(point));
    }

    /// A statement made of the expression `expr` alone (`x = f(y);`, a `for` step).
    fn expression_statement(&mut self, span: Span, expr: &Expr) {
        self.statement(span);
        self.lone_expression = Some(expr.span);
        self.discard(expr);
        self.lone_expression = None;
    }

    /// `expr`'s last operation comes next: a stop at expression granularity.
    fn expression_point(&mut self, expr: &Expr) {
        if self.lone_expression == Some(expr.span) && self.points_in_statement == 0 {
            return;
        }
        let point = self.point(expr.span, PointKind::Expression);
        self.points_in_statement += 1;
        self.emit(Op::Expression(point));
    }

    fn here(&self) -> usize {
        self.ops.len()
    }

    fn patch(&mut self, at: usize, target: usize) {
        match &mut self.ops[at] {
            Op::Jump(t) | Op::JumpIfZero(t) | Op::JumpIfNotZero(t) => *t = target,
            other => debug_assert!(false, "patching a non-jump {other:?}"),
        }
    }

    // ----- statements -----

    fn block(&mut self, block: &hir::Block) {
        for stmt in &block.stmts {
            self.stmt(stmt);
        }
    }

    fn stmt(&mut self, stmt: &Stmt) {
        match &stmt.kind {
            StmtKind::Expr(expr) => self.expression_statement(stmt.span, expr),
            StmtKind::Empty => {}
            StmtKind::Decl { local, init } => {
                if let Some(init) = init {
                    self.statement(stmt.span);
                    let offset = self.local_offsets[local.0 as usize];
                    let ty = self.function.local(*local).ty.ty.clone();
                    self.initialize(&ty, |ops| ops.push(Op::FrameAddr(offset)), init);
                }
            }
            StmtKind::Block(block) => self.block(block),
            StmtKind::If {
                cond,
                then_branch,
                else_branch,
            } => {
                self.statement(cond.span);
                self.rvalue(cond);
                let to_else = self.emit(Op::JumpIfZero(0));
                self.stmt(then_branch);
                match else_branch {
                    Some(else_branch) => {
                        let to_end = self.emit(Op::Jump(0));
                        let else_at = self.here();
                        self.patch(to_else, else_at);
                        self.stmt(else_branch);
                        let end = self.here();
                        self.patch(to_end, end);
                    }
                    None => {
                        let end = self.here();
                        self.patch(to_else, end);
                    }
                }
            }
            StmtKind::While { cond, body } => {
                let top = self.here();
                self.statement(cond.span);
                self.rvalue(cond);
                let exit = self.emit(Op::JumpIfZero(0));
                self.loop_body(body, top);
                self.emit(Op::Jump(top));
                let end = self.here();
                self.patch(exit, end);
                self.close_loop(end);
            }
            StmtKind::DoWhile { body, cond } => {
                let top = self.here();
                self.breaks.push(Vec::new());
                self.continues.push(Vec::new());
                self.stmt(body);
                let test = self.here();
                for at in self.continues.pop().unwrap_or_default() {
                    self.patch(at, test);
                }
                self.statement(cond.span);
                self.rvalue(cond);
                self.emit(Op::JumpIfNotZero(top));
                let end = self.here();
                for at in self.breaks.pop().unwrap_or_default() {
                    self.patch(at, end);
                }
            }
            StmtKind::For {
                init,
                cond,
                step,
                body,
            } => {
                for stmt in init {
                    self.stmt(stmt);
                }
                let top = self.here();
                let exit = cond.as_ref().map(|cond| {
                    self.statement(cond.span);
                    self.rvalue(cond);
                    self.emit(Op::JumpIfZero(0))
                });
                if cond.is_none() {
                    // `for (;;)` still takes a step per iteration, so that an empty
                    // endless loop meets the step budget.
                    self.statement(stmt.span);
                }
                self.breaks.push(Vec::new());
                self.continues.push(Vec::new());
                self.stmt(body);
                let step_at = self.here();
                for at in self.continues.pop().unwrap_or_default() {
                    self.patch(at, step_at);
                }
                if let Some(step) = step {
                    self.expression_statement(step.span, step);
                }
                self.emit(Op::Jump(top));
                let end = self.here();
                if let Some(exit) = exit {
                    self.patch(exit, end);
                }
                for at in self.breaks.pop().unwrap_or_default() {
                    self.patch(at, end);
                }
            }
            StmtKind::Switch { cond, body } => self.switch(stmt, cond, body),
            StmtKind::Case { body, .. } | StmtKind::Default { body } => {
                // The switch's tests jump here; `switch` patches them once its body is done.
                let here = self.here();
                if let Some(labels) = self.labels.last_mut() {
                    labels.push((stmt_id(stmt), here));
                }
                self.stmt(body);
            }
            StmtKind::Break => {
                self.statement(stmt.span);
                let at = self.emit(Op::Jump(0));
                if let Some(breaks) = self.breaks.last_mut() {
                    breaks.push(at);
                }
            }
            StmtKind::Continue => {
                self.statement(stmt.span);
                let at = self.emit(Op::Jump(0));
                if let Some(continues) = self.continues.last_mut() {
                    continues.push(at);
                }
            }
            StmtKind::Return(value) => {
                self.statement(stmt.span);
                match value {
                    Some(value) if self.returns_record => {
                        // Copy into the caller's result object (the hidden first argument)
                        // and return its address, as i386 System V does.
                        self.emit(Op::FrameAddr(FIRST_PARAM));
                        self.emit(Op::Load {
                            size: 4,
                            signed: false,
                        });
                        self.rvalue(value);
                        let size = self.size_of(&value.ty);
                        self.emit(Op::Copy { size });
                        self.emit(Op::Return { has_value: true });
                    }
                    Some(value) => {
                        self.rvalue(value);
                        self.emit(Op::Return { has_value: true });
                    }
                    None => {
                        self.emit(Op::Return { has_value: false });
                    }
                }
            }
        }
    }

    /// A loop body with `continue` going to `continue_to` and `break` patched later.
    fn loop_body(&mut self, body: &Stmt, continue_to: usize) {
        self.breaks.push(Vec::new());
        self.continues.push(Vec::new());
        self.stmt(body);
        for at in self.continues.pop().unwrap_or_default() {
            self.patch(at, continue_to);
        }
    }

    fn close_loop(&mut self, end: usize) {
        for at in self.breaks.pop().unwrap_or_default() {
            self.patch(at, end);
        }
    }

    /// A switch: the value is compared with each case in turn (a chain of tests, as gcc
    /// -O0 does for small switches), then control jumps into the body at the label.
    fn switch(&mut self, stmt: &Stmt, cond: &Expr, body: &Stmt) {
        self.statement(stmt.span);
        self.rvalue(cond);
        let kind = self.int_kind(&cond.ty);
        let mut cases = Vec::new();
        collect_cases(body, &mut cases);
        // Tests: for each case, compare and jump to a landing pad that drops the value.
        let mut to_pads = Vec::new();
        for case in &cases {
            if let CaseLabel::Value(value) = case.label {
                self.emit(Op::Dup);
                self.emit(Op::Const(value as u32));
                self.emit(Op::Binary(BinOp::Eq, kind));
                to_pads.push((case.id, self.emit(Op::JumpIfNotZero(0))));
            }
        }
        self.emit(Op::Drop);
        let to_default = self.emit(Op::Jump(0));
        // Landing pads: drop the value, then jump to the case's code.
        let mut to_labels = Vec::new();
        for (id, at) in to_pads {
            let pad = self.here();
            self.patch(at, pad);
            self.emit(Op::Drop);
            to_labels.push((id, self.emit(Op::Jump(0))));
        }
        self.breaks.push(Vec::new());
        self.labels.push(Vec::new());
        self.stmt(body);
        let label_at = self.labels.pop().unwrap_or_default();
        let end = self.here();
        let target = |id: usize| {
            label_at
                .iter()
                .find(|(label, _)| *label == id)
                .map_or(end, |(_, at)| *at)
        };
        for (id, at) in to_labels {
            self.patch(at, target(id));
        }
        let default = cases
            .iter()
            .find(|c| c.label == CaseLabel::Default)
            .map_or(end, |c| target(c.id));
        self.patch(to_default, default);
        self.close_loop(end);
    }

    // ----- initializers -----

    /// Zero-fills an aggregate, then stores each listed part; `address` pushes the
    /// object's address.
    fn initialize(&mut self, ty: &Type, address: impl Fn(&mut Vec<Op>), init: &Initializer) {
        let size = self.size_of(ty);
        let scalar_fully_set =
            !matches!(ty, Type::Array { .. } | Type::Record(_)) && init.entries.len() == 1;
        if !scalar_fully_set {
            address(&mut self.ops);
            self.emit(Op::Zero { size });
        }
        for entry in &init.entries {
            address(&mut self.ops);
            if entry.offset != 0 {
                self.emit(Op::Const(entry.offset));
                self.emit(Op::Binary(BinOp::Add, IntKind::UInt));
            }
            match &entry.value {
                InitValue::Bytes(bytes) => {
                    self.emit(Op::StoreBytes(bytes.as_slice().into()));
                }
                InitValue::Expr(expr) if is_record(&expr.ty) => {
                    self.rvalue(expr);
                    let size = self.size_of(&expr.ty);
                    self.emit(Op::Copy { size });
                    self.emit(Op::Drop);
                }
                InitValue::Expr(expr) => {
                    self.rvalue(expr);
                    let size = self.size_of(&expr.ty) as u8;
                    self.emit(Op::Store { size });
                    self.emit(Op::Drop);
                }
            }
        }
    }

    // ----- expressions -----

    fn int_kind(&self, ty: &Type) -> IntKind {
        if ty.is_pointer() {
            return IntKind::UInt;
        }
        self.types.integer_kind(ty).unwrap_or(IntKind::Int)
    }

    /// Whether a value of this type is read from memory (a scalar), rather than handled by
    /// its address (a struct) or decayed (an array, a function).
    fn is_loaded_value(&self, ty: &Type) -> bool {
        !is_record(ty) && !matches!(ty, Type::Array { .. } | Type::Function(_))
    }

    /// Pops an address and pushes the scalar of type `ty` stored there.
    fn load(&mut self, ty: &Type) {
        let size = self.size_of(ty) as u8;
        let signed = !ty.is_pointer() && self.int_kind(ty).is_signed();
        self.emit(Op::Load { size, signed });
    }

    /// Evaluates for side effects only.
    fn discard(&mut self, expr: &Expr) {
        if expr.ty.is_void() {
            self.void_expr(expr);
        } else {
            self.rvalue(expr);
            self.emit(Op::Drop);
        }
    }

    /// A `void` expression: a call, a cast to void, a comma or a conditional of them.
    fn void_expr(&mut self, expr: &Expr) {
        match &expr.kind {
            ExprKind::Cast {
                kind: CastKind::ToVoid,
                operand,
            } => self.discard(operand),
            ExprKind::Comma { lhs, rhs } => {
                self.discard(lhs);
                self.discard(rhs);
            }
            ExprKind::Conditional {
                cond,
                then_expr,
                else_expr,
            } => self.conditional(cond, then_expr, else_expr, Self::discard),
            ExprKind::Call { callee, args } => self.call(expr, callee, args, false),
            _ => {
                self.rvalue(expr);
                self.emit(Op::Drop);
            }
        }
    }

    /// Pushes the address of an object about to be read or written: an element of an
    /// array whose length is known (`a[i]` on a local, global or member array) has its
    /// index checked first, catching the stack and global overruns memcheck cannot see.
    fn lvalue_for(&mut self, expr: &Expr, access: ArrayAccess) {
        if let ExprKind::Deref(pointer) = &expr.kind
            && let ExprKind::PointerOffset {
                pointer: base,
                index,
                element_size,
                subtract: false,
            } = &pointer.kind
            && let ExprKind::Cast {
                kind: CastKind::ArrayToPointer,
                operand: array,
            } = &base.kind
            && let Some(Some(len)) = array.ty.array_len()
        {
            self.lvalue(array);
            self.rvalue(index);
            self.emit(Op::CheckIndex {
                len,
                array: array.span,
                write: access == ArrayAccess::Write,
            });
            self.emit(Op::PointerOffset {
                element_size: *element_size,
                subtract: false,
            });
            return;
        }
        self.lvalue(expr);
    }

    /// Pushes an object's address.
    fn lvalue(&mut self, expr: &Expr) {
        match &expr.kind {
            ExprKind::Local(id) => {
                let offset = self.local_offsets[id.0 as usize];
                self.emit(Op::FrameAddr(offset));
            }
            ExprKind::Global(id) => {
                self.emit(Op::Address(Symbol::Global(*id)));
            }
            ExprKind::String(id) => {
                self.emit(Op::Address(Symbol::String(*id)));
            }
            ExprKind::Function(Callee::User(id)) => {
                self.emit(Op::Address(Symbol::Function(*id)));
            }
            ExprKind::Function(Callee::Library(f)) => {
                self.emit(Op::Address(Symbol::Library(*f)));
            }
            ExprKind::Deref(pointer) => self.rvalue(pointer),
            ExprKind::Member { base, offset, .. } => {
                if base.is_lvalue {
                    self.lvalue(base);
                } else {
                    self.rvalue(base);
                }
                if *offset != 0 {
                    self.emit(Op::Const(*offset));
                    self.emit(Op::Binary(BinOp::Add, IntKind::UInt));
                }
            }
            // A struct-valued expression that is not an lvalue (a call, an assignment, a
            // conditional): its value is already an address.
            _ => self.rvalue(expr),
        }
    }

    /// Pushes a value (for a struct, its address).
    fn rvalue(&mut self, expr: &Expr) {
        match &expr.kind {
            ExprKind::Const(value) => {
                self.emit(Op::Const(*value as u32));
            }
            ExprKind::Member { .. } if !expr.is_lvalue && self.is_loaded_value(&expr.ty) => {
                // A scalar member of a struct that is not an object (`make(1, 2).y`, `(a =
                // b).x`): the checker adds no lvalue-to-rvalue conversion, so it is read here.
                self.lvalue(expr);
                self.load(&expr.ty);
            }
            ExprKind::String(_)
            | ExprKind::Local(_)
            | ExprKind::Global(_)
            | ExprKind::Function(_)
            | ExprKind::Deref(_)
            | ExprKind::Member { .. } => {
                // An lvalue used where a value is wanted without a conversion: a struct
                // (handled by address) or an array or function about to decay.
                self.lvalue(expr);
            }
            ExprKind::Cast { kind, operand } => self.cast(*kind, operand, &expr.ty),
            ExprKind::Unary { op, operand } => {
                self.rvalue(operand);
                let kind = self.int_kind(&operand.ty);
                match op {
                    UnaryOpKind::Neg => self.emit(Op::Neg(kind)),
                    UnaryOpKind::BitNot => self.emit(Op::BitNot),
                    UnaryOpKind::LogicalNot => self.emit(Op::LogicalNot),
                };
            }
            ExprKind::Binary { op, lhs, rhs } => {
                self.rvalue(lhs);
                self.rvalue(rhs);
                let kind = self.int_kind(&lhs.ty);
                self.emit(Op::Binary(bin_op(*op), kind));
            }
            ExprKind::PointerOffset {
                pointer,
                index,
                element_size,
                subtract,
            } => {
                self.rvalue(pointer);
                self.rvalue(index);
                self.emit(Op::PointerOffset {
                    element_size: *element_size,
                    subtract: *subtract,
                });
            }
            ExprKind::PointerDifference {
                lhs,
                rhs,
                element_size,
            } => {
                self.rvalue(lhs);
                self.rvalue(rhs);
                self.emit(Op::PointerDifference {
                    element_size: *element_size,
                });
            }
            ExprKind::LogicalAnd { lhs, rhs } => self.logical(lhs, rhs, true),
            ExprKind::LogicalOr { lhs, rhs } => self.logical(lhs, rhs, false),
            ExprKind::AddressOf(operand) => self.lvalue(operand),
            ExprKind::Assign { target, value } => {
                self.lvalue_for(target, ArrayAccess::Write);
                self.rvalue(value);
                self.expression_point(expr);
                if is_record(&target.ty) {
                    let size = self.size_of(&target.ty);
                    self.emit(Op::Copy { size });
                } else {
                    let size = self.size_of(&target.ty) as u8;
                    self.emit(Op::Store { size });
                }
            }
            ExprKind::CompoundAssign {
                op,
                target,
                value,
                operation_type,
                element_size,
            } => {
                let target_kind = self.int_kind(&target.ty);
                let size = self.size_of(&target.ty) as u8;
                self.lvalue_for(target, ArrayAccess::Write);
                self.emit(Op::Dup);
                self.emit(Op::Load {
                    size,
                    signed: target_kind.is_signed(),
                });
                match element_size {
                    Some(element_size) => {
                        self.rvalue(value);
                        self.emit(Op::PointerOffset {
                            element_size: *element_size,
                            subtract: *op == BinaryOpKind::Sub,
                        });
                    }
                    None => {
                        let operation = self.int_kind(operation_type);
                        self.emit(Op::Convert {
                            from: target_kind,
                            to: operation,
                        });
                        self.rvalue(value);
                        self.emit(Op::Binary(bin_op(*op), operation));
                        self.emit(Op::Convert {
                            from: operation,
                            to: target_kind,
                        });
                    }
                }
                self.expression_point(expr);
                self.emit(Op::Store { size });
            }
            ExprKind::IncDec {
                target,
                increment,
                prefix,
                step,
            } => {
                self.lvalue_for(target, ArrayAccess::Write);
                let delta = if *increment {
                    *step as i32
                } else {
                    -(*step as i32)
                };
                self.expression_point(expr);
                self.emit(Op::IncDec {
                    kind: self.int_kind(&target.ty),
                    pointer: target.ty.is_pointer(),
                    delta,
                    prefix: *prefix,
                });
            }
            ExprKind::Conditional {
                cond,
                then_expr,
                else_expr,
            } => self.conditional(cond, then_expr, else_expr, Self::rvalue),
            ExprKind::Comma { lhs, rhs } => {
                self.discard(lhs);
                self.rvalue(rhs);
            }
            ExprKind::Call { callee, args } => self.call(expr, callee, args, true),
        }
    }

    fn cast(&mut self, kind: CastKind, operand: &Expr, to: &Type) {
        match kind {
            CastKind::LValueToRValue => {
                if is_record(&operand.ty) {
                    self.lvalue_for(operand, ArrayAccess::Read);
                } else {
                    self.lvalue_for(operand, ArrayAccess::Read);
                    self.load(&operand.ty);
                }
            }
            CastKind::ArrayToPointer | CastKind::FunctionToPointer => self.lvalue(operand),
            CastKind::Integral => {
                self.rvalue(operand);
                let from = self.int_kind(&operand.ty);
                let to = self.int_kind(to);
                if from != to {
                    self.emit(Op::Convert { from, to });
                }
            }
            CastKind::ToBool => {
                self.rvalue(operand);
                self.emit(Op::LogicalNot);
                self.emit(Op::LogicalNot);
            }
            CastKind::IntegerToPointer
            | CastKind::PointerToInteger
            | CastKind::PointerToPointer
            | CastKind::NullToPointer => {
                self.rvalue(operand);
                if kind == CastKind::PointerToInteger {
                    let to = self.int_kind(to);
                    if to != IntKind::UInt {
                        self.emit(Op::Convert {
                            from: IntKind::UInt,
                            to,
                        });
                    }
                }
            }
            CastKind::ToVoid => {
                self.discard(operand);
                self.emit(Op::Const(0));
            }
        }
    }

    /// `cond ? then : else`, each branch compiled by `branch` (for its value or not).
    fn conditional(
        &mut self,
        cond: &Expr,
        then_expr: &Expr,
        else_expr: &Expr,
        branch: fn(&mut Self, &Expr),
    ) {
        self.rvalue(cond);
        let to_else = self.emit(Op::JumpIfZero(0));
        branch(self, then_expr);
        let to_end = self.emit(Op::Jump(0));
        let else_at = self.here();
        self.patch(to_else, else_at);
        branch(self, else_expr);
        let end = self.here();
        self.patch(to_end, end);
    }

    /// `&&` (`and`) or `||`: the right side only when needed; the result is 0 or 1.
    fn logical(&mut self, lhs: &Expr, rhs: &Expr, and: bool) {
        self.rvalue(lhs);
        let short = if and {
            self.emit(Op::JumpIfZero(0))
        } else {
            self.emit(Op::JumpIfNotZero(0))
        };
        self.rvalue(rhs);
        self.emit(Op::LogicalNot);
        self.emit(Op::LogicalNot);
        let to_end = self.emit(Op::Jump(0));
        let short_at = self.here();
        self.patch(short, short_at);
        self.emit(Op::Const(u32::from(!and)));
        let end = self.here();
        self.patch(to_end, end);
    }

    /// A call. User functions get their arguments on the simulated stack, right to left
    /// (the order gcc evaluates them in); library functions take them from the operand
    /// stack.
    fn call(&mut self, call: &Expr, callee: &Expr, args: &[Expr], want_value: bool) {
        let direct = match &callee.kind {
            ExprKind::Cast {
                kind: CastKind::FunctionToPointer,
                operand,
            } => match operand.kind {
                ExprKind::Function(callee) => Some(callee),
                _ => None,
            },
            ExprKind::Function(callee) => Some(*callee),
            _ => None,
        };
        if let Some(Callee::Library(function)) = direct {
            for arg in args.iter().rev() {
                self.rvalue(arg);
            }
            self.expression_point(call);
            self.emit(Op::CallLibrary {
                function,
                argc: args.len() as u32,
            });
            if !want_value {
                self.emit(Op::Drop);
            }
            return;
        }
        let returns_record = is_record(&call.ty);
        let result_offset = returns_record.then(|| self.reserve(&call.ty));
        let mut arg_bytes = 0;
        for arg in args.iter().rev() {
            self.rvalue(arg);
            let size = self.size_of(&arg.ty);
            if is_record(&arg.ty) {
                self.emit(Op::PushArgRecord { size });
            } else {
                self.emit(Op::PushArg { size });
            }
            arg_bytes += size.div_ceil(4) * 4;
        }
        if let Some(offset) = result_offset {
            self.emit(Op::FrameAddr(offset));
            self.emit(Op::PushArg { size: 4 });
            arg_bytes += 4;
        }
        match direct {
            Some(Callee::User(function)) => {
                self.expression_point(call);
                self.emit(Op::Call(function));
            }
            _ => {
                self.rvalue(callee);
                self.expression_point(call);
                self.emit(Op::CallIndirect { arg_bytes });
            }
        }
        self.emit(Op::PopArgs { bytes: arg_bytes });
        let has_value = !call.ty.is_void();
        if has_value && !want_value {
            self.emit(Op::Drop);
        }
        if !has_value && want_value {
            self.emit(Op::Const(0));
        }
    }
}

/// Whether an array element is read or written (for the error's kind).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum ArrayAccess {
    Read,
    Write,
}

fn bin_op(op: BinaryOpKind) -> BinOp {
    match op {
        BinaryOpKind::Add => BinOp::Add,
        BinaryOpKind::Sub => BinOp::Sub,
        BinaryOpKind::Mul => BinOp::Mul,
        BinaryOpKind::Div => BinOp::Div,
        BinaryOpKind::Rem => BinOp::Rem,
        BinaryOpKind::Shl => BinOp::Shl,
        BinaryOpKind::Shr => BinOp::Shr,
        BinaryOpKind::BitAnd => BinOp::And,
        BinaryOpKind::BitOr => BinOp::Or,
        BinaryOpKind::BitXor => BinOp::Xor,
        BinaryOpKind::Eq => BinOp::Eq,
        BinaryOpKind::Ne => BinOp::Ne,
        BinaryOpKind::Lt => BinOp::Lt,
        BinaryOpKind::Le => BinOp::Le,
        BinaryOpKind::Gt => BinOp::Gt,
        BinaryOpKind::Ge => BinOp::Ge,
        // The checker turns && and || into their own expression kinds.
        BinaryOpKind::LogicalAnd => BinOp::And,
        BinaryOpKind::LogicalOr => BinOp::Or,
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum CaseLabel {
    Value(i64),
    Default,
}

struct Case {
    /// Identifies the label's statement (its address in the tree).
    id: usize,
    label: CaseLabel,
}

fn stmt_id(stmt: &Stmt) -> usize {
    stmt as *const Stmt as usize
}

/// The case and default labels of one switch, not those of switches nested in it.
fn collect_cases(stmt: &Stmt, cases: &mut Vec<Case>) {
    match &stmt.kind {
        StmtKind::Case { value, body } => {
            cases.push(Case {
                id: stmt_id(stmt),
                label: CaseLabel::Value(*value),
            });
            collect_cases(body, cases);
        }
        StmtKind::Default { body } => {
            cases.push(Case {
                id: stmt_id(stmt),
                label: CaseLabel::Default,
            });
            collect_cases(body, cases);
        }
        StmtKind::Block(block) => {
            for inner in &block.stmts {
                collect_cases(inner, cases);
            }
        }
        StmtKind::If {
            then_branch,
            else_branch,
            ..
        } => {
            collect_cases(then_branch, cases);
            if let Some(else_branch) = else_branch {
                collect_cases(else_branch, cases);
            }
        }
        StmtKind::While { body, .. }
        | StmtKind::DoWhile { body, .. }
        | StmtKind::For { body, .. } => collect_cases(body, cases),
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use crate::{Machine, Settings};

    fn run(source: &str) -> String {
        let checked = memplay_lang::check(source);
        assert!(!checked.has_errors(), "{:?}", checked.diagnostics);
        let mut machine = Machine::new(&checked.program, source, "t.c", Settings::default())
            .expect("the program loads");
        machine.run();
        String::from_utf8_lossy(&machine.stdout()).into_owned()
    }

    /// A member of a struct that is not an object (a call's result, an assignment's value)
    /// is read, not left as its address.
    #[test]
    fn members_of_struct_values_are_read() {
        let source = "#include <stdio.h>\n\
            struct p { char c; int x, y; };\n\
            struct p make(int x, int y) { struct p v = {'a', x, y}; return v; }\n\
            int main(void) {\n\
                struct p a, b = make(5, 6);\n\
                printf(\"%d %d %c %d\\n\", make(7, 8).y, make(1, 2).x, make(0, 0).c, (a = b).y);\n\
                return 0;\n\
            }\n";
        assert_eq!(run(source), "8 1 a 6\n");
    }

    /// Case labels inside a loop in the switch's body are jumped to (Duff's device).
    #[test]
    fn case_labels_inside_a_loop_are_targets() {
        let source = "#include <stdio.h>\n\
            int steps(int count) {\n\
                int n = (count + 1) / 2, s = 0;\n\
                switch (count % 2) {\n\
                case 0: do { s += 10;\n\
                case 1: s++;\n\
                        } while (--n > 0);\n\
                }\n\
                return s;\n\
            }\n\
            int main(void) { printf(\"%d %d\\n\", steps(3), steps(4)); return 0; }\n";
        assert_eq!(run(source), "12 22\n");
    }
}
