//! Statements: typing their expressions and checking them against their context (loops,
//! switches, the function's return type).

use std::collections::HashMap;

use super::Sema;
use super::SwitchContext;
use super::expr::Conversion;
use crate::ast::{self, ForInit, StmtKind as Ast};
use crate::hir::{Block, Stmt, StmtKind};
use crate::types::Type;

impl Sema {
    /// A block; `new_scope` is false for a function body, whose scope the parameters opened.
    pub(super) fn block(&mut self, block: &ast::Block, new_scope: bool) -> Block {
        if new_scope {
            self.push_scope();
        }
        let mut stmts = Vec::new();
        for item in &block.items {
            self.statement_into(item, &mut stmts);
        }
        if new_scope {
            self.pop_scope();
        }
        Block {
            stmts,
            span: block.span,
        }
    }

    fn statement_into(&mut self, stmt: &ast::Stmt, out: &mut Vec<Stmt>) {
        if let Ast::Decl(declaration) = &stmt.kind {
            out.extend(self.local_declaration(declaration));
        } else if let Some(stmt) = self.statement(stmt) {
            out.push(stmt);
        }
    }

    /// A sub-statement (loop body, branch): a declaration there gets its own scope.
    fn sub_statement(&mut self, stmt: &ast::Stmt) -> Stmt {
        let span = stmt.span;
        self.push_scope();
        let mut stmts = Vec::new();
        self.statement_into(stmt, &mut stmts);
        self.pop_scope();
        match stmts.len() {
            1 => stmts.pop().expect("one statement"),
            0 => Stmt {
                kind: StmtKind::Empty,
                span,
            },
            _ => Stmt {
                kind: StmtKind::Block(Block { stmts, span }),
                span,
            },
        }
    }

    fn statement(&mut self, stmt: &ast::Stmt) -> Option<Stmt> {
        let span = stmt.span;
        let kind = match &stmt.kind {
            Ast::Error => return None,
            Ast::Decl(_) => unreachable!("declarations are handled by statement_into"),
            Ast::Expr(None) => StmtKind::Empty,
            Ast::Expr(Some(e)) => StmtKind::Expr(self.expression_statement(e)?),
            Ast::Block(block) => StmtKind::Block(self.block(block, true)),
            Ast::If {
                cond,
                then_branch,
                else_branch,
            } => {
                let cond = self.condition(cond, "condition of 'if'");
                let then_branch = Box::new(self.sub_statement(then_branch));
                let else_branch = else_branch
                    .as_ref()
                    .map(|e| Box::new(self.sub_statement(e)));
                StmtKind::If {
                    cond: cond?,
                    then_branch,
                    else_branch,
                }
            }
            Ast::While { cond, body } => {
                let cond = self.condition(cond, "condition of 'while'");
                let body = Box::new(self.loop_body(body));
                StmtKind::While { cond: cond?, body }
            }
            Ast::DoWhile { body, cond } => {
                let body = Box::new(self.loop_body(body));
                let cond = self.condition(cond, "condition of 'do-while'")?;
                StmtKind::DoWhile { body, cond }
            }
            Ast::For {
                init,
                cond,
                step,
                body,
            } => {
                self.push_scope();
                let init = match init {
                    Some(ForInit::Decl(declaration)) => {
                        if declaration.specifiers.storage.is_some() {
                            self.error(declaration.span, "a declaration in a 'for' loop may only declare ordinary local variables");
                        }
                        self.local_declaration(declaration)
                    }
                    Some(ForInit::Expr(e)) => self
                        .expression_statement(e)
                        .map(|e| {
                            vec![Stmt {
                                span: e.span,
                                kind: StmtKind::Expr(e),
                            }]
                        })
                        .unwrap_or_default(),
                    None => Vec::new(),
                };
                let cond = cond
                    .as_ref()
                    .map(|c| self.condition(c, "condition of 'for'"));
                let step = step.as_ref().map(|s| self.expression_statement(s));
                let body = Box::new(self.loop_body(body));
                self.pop_scope();
                let cond = match cond {
                    Some(c) => Some(c?),
                    None => None,
                };
                let step = match step {
                    Some(s) => Some(s?),
                    None => None,
                };
                StmtKind::For {
                    init,
                    cond,
                    step,
                    body,
                }
            }
            Ast::Switch { cond, body } => {
                let value = self.rvalue(cond)?;
                let Some(kind) = self.types.promote(&value.ty) else {
                    self.error(
                        cond.span,
                        format!(
                            "switch quantity not an integer (it is '{}')",
                            self.type_name(&value.ty)
                        ),
                    );
                    return None;
                };
                let value = self.promote_for_switch(value, kind);
                self.current_mut().switches.push(SwitchContext {
                    kind,
                    cases: HashMap::new(),
                    default: None,
                });
                let body = Box::new(self.sub_statement(body));
                self.current_mut().switches.pop();
                StmtKind::Switch { cond: value, body }
            }
            Ast::Case { value, body } => {
                let constant = self.constant_value(value, "case label");
                let body = Box::new(self.sub_statement(body));
                let Some(switch) = self.current_mut().switches.last_mut() else {
                    self.error(span, "case label not within a switch statement");
                    return Some(*body);
                };
                let constant = constant.map(|v| switch.kind.convert(v))?;
                let previous = switch.cases.get(&constant).copied();
                if previous.is_none() {
                    switch.cases.insert(constant, value.span);
                }
                if let Some(previous) = previous {
                    self.error_with_previous(
                        value.span,
                        "duplicate case value",
                        previous,
                        "previously used here",
                    );
                }
                StmtKind::Case {
                    value: constant,
                    body,
                }
            }
            Ast::Default { body } => {
                let body = Box::new(self.sub_statement(body));
                let Some(switch) = self.current_mut().switches.last_mut() else {
                    self.error(span, "'default' label not within a switch statement");
                    return Some(*body);
                };
                let previous = switch.default.replace(span);
                if let Some(previous) = previous {
                    self.error_with_previous(
                        span,
                        "multiple default labels in one switch",
                        previous,
                        "this is the first default label",
                    );
                }
                StmtKind::Default { body }
            }
            Ast::Break => {
                let context = self.current_mut();
                if context.loops == 0 && context.switches.is_empty() {
                    self.error(span, "break statement not within loop or switch");
                }
                StmtKind::Break
            }
            Ast::Continue => {
                if self.current_mut().loops == 0 {
                    self.error(span, "continue statement not within a loop");
                }
                StmtKind::Continue
            }
            Ast::Return(value) => self.return_statement(value.as_ref(), span)?,
        };
        Some(Stmt { kind, span })
    }

    fn current_mut(&mut self) -> &mut super::FunctionContext {
        self.current
            .as_mut()
            .expect("statements are inside functions")
    }

    fn loop_body(&mut self, body: &ast::Stmt) -> Stmt {
        self.current_mut().loops += 1;
        let body = self.sub_statement(body);
        self.current_mut().loops -= 1;
        body
    }

    fn promote_for_switch(
        &self,
        value: crate::hir::Expr,
        kind: crate::types::IntKind,
    ) -> crate::hir::Expr {
        if value.ty == Type::Int(kind) {
            value
        } else {
            self.cast(value, Type::Int(kind), crate::hir::CastKind::Integral)
        }
    }

    /// An expression evaluated for its effect; a value-less operator statement gets gcc's
    /// "statement with no effect" warning.
    fn expression_statement(&mut self, e: &ast::Expr) -> Option<crate::hir::Expr> {
        let value = self.expression(e)?;
        let has_effect = matches!(
            e.kind,
            ast::ExprKind::Assign { .. }
                | ast::ExprKind::Call { .. }
                | ast::ExprKind::Unary {
                    op: ast::UnaryOp::PreInc
                        | ast::UnaryOp::PreDec
                        | ast::UnaryOp::PostInc
                        | ast::UnaryOp::PostDec,
                    ..
                }
                | ast::ExprKind::Cast { .. }
                | ast::ExprKind::Comma { .. }
                | ast::ExprKind::Conditional { .. }
        );
        if !has_effect {
            self.warning(e.span, "statement with no effect");
        }
        Some(self.decay(value))
    }

    fn return_statement(
        &mut self,
        value: Option<&ast::Expr>,
        span: crate::codemap::Span,
    ) -> Option<StmtKind> {
        let return_type = self.current_mut().return_type.clone();
        match value {
            None => {
                if !return_type.is_void() {
                    self.warning(
                        span,
                        "'return' with no value, in function returning non-void",
                    );
                }
                Some(StmtKind::Return(None))
            }
            Some(e) => {
                let value = self.rvalue(e)?;
                if return_type.is_void() {
                    if !value.ty.is_void() {
                        self.warning(span, "'return' with a value, in function returning void");
                    }
                    return Some(StmtKind::Return(Some(value)));
                }
                let value =
                    self.convert_for_assignment(value, &return_type, Conversion::Return, e.span)?;
                Some(StmtKind::Return(Some(value)))
            }
        }
    }
}
