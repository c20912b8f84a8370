//! Expressions, by precedence climbing over C's binary operators, with recursive descent
//! for the unary, postfix and primary levels.

use super::Parser;
use super::literal::{Problem, char_value, int_literal, unescape};
use crate::ast::*;
use crate::codemap::{Span, Spanned};
use crate::diagnostics::Diagnostic;
use crate::token::{Keyword, Punct, TokenKind};

/// Binary operators with their precedence (higher binds tighter); all left-associative.
fn binary_operator(kind: TokenKind) -> Option<(BinaryOp, u8)> {
    let TokenKind::Punct(punct) = kind else {
        return None;
    };
    Some(match punct {
        Punct::PipePipe => (BinaryOp::LogicalOr, 1),
        Punct::AmpAmp => (BinaryOp::LogicalAnd, 2),
        Punct::Pipe => (BinaryOp::BitOr, 3),
        Punct::Caret => (BinaryOp::BitXor, 4),
        Punct::Amp => (BinaryOp::BitAnd, 5),
        Punct::EqEq => (BinaryOp::Eq, 6),
        Punct::Ne => (BinaryOp::Ne, 6),
        Punct::Lt => (BinaryOp::Lt, 7),
        Punct::Gt => (BinaryOp::Gt, 7),
        Punct::Le => (BinaryOp::Le, 7),
        Punct::Ge => (BinaryOp::Ge, 7),
        Punct::Shl => (BinaryOp::Shl, 8),
        Punct::Shr => (BinaryOp::Shr, 8),
        Punct::Plus => (BinaryOp::Add, 9),
        Punct::Minus => (BinaryOp::Sub, 9),
        Punct::Star => (BinaryOp::Mul, 10),
        Punct::Slash => (BinaryOp::Div, 10),
        Punct::Percent => (BinaryOp::Rem, 10),
        _ => return None,
    })
}

fn assignment_operator(kind: TokenKind) -> Option<Option<BinaryOp>> {
    let TokenKind::Punct(punct) = kind else {
        return None;
    };
    Some(match punct {
        Punct::Eq => None,
        Punct::StarEq => Some(BinaryOp::Mul),
        Punct::SlashEq => Some(BinaryOp::Div),
        Punct::PercentEq => Some(BinaryOp::Rem),
        Punct::PlusEq => Some(BinaryOp::Add),
        Punct::MinusEq => Some(BinaryOp::Sub),
        Punct::ShlEq => Some(BinaryOp::Shl),
        Punct::ShrEq => Some(BinaryOp::Shr),
        Punct::AmpEq => Some(BinaryOp::BitAnd),
        Punct::CaretEq => Some(BinaryOp::BitXor),
        Punct::PipeEq => Some(BinaryOp::BitOr),
        _ => return None,
    })
}

fn error_expr(span: Span) -> Expr {
    Expr {
        kind: ExprKind::Error,
        span,
    }
}

impl Parser<'_> {
    /// expression: assignment-expression (, assignment-expression)*
    pub(super) fn expression(&mut self) -> Expr {
        let mut expr = self.assignment_expression();
        let mut levels = 0;
        while self.at_punct(Punct::Comma) && !self.bailing {
            // Each operator makes the (left-deep) tree one level deeper.
            if !self.enter() {
                break;
            }
            levels += 1;
            self.bump();
            let rhs = self.assignment_expression();
            expr = Expr {
                span: expr.span.to(rhs.span),
                kind: ExprKind::Comma {
                    lhs: Box::new(expr),
                    rhs: Box::new(rhs),
                },
            };
        }
        self.leave_levels(levels);
        expr
    }

    fn leave_levels(&mut self, levels: u32) {
        for _ in 0..levels {
            self.leave();
        }
    }

    /// assignment-expression: conditional-expression | unary-expression op= assignment-expression
    pub(super) fn assignment_expression(&mut self) -> Expr {
        let start = self.peek().span;
        if !self.enter() {
            return error_expr(start);
        }
        let lhs = self.conditional_expression();
        let expr = match assignment_operator(self.kind()) {
            Some(op) => {
                self.bump();
                let rhs = self.assignment_expression();
                Expr {
                    span: lhs.span.to(rhs.span),
                    kind: ExprKind::Assign {
                        op,
                        lhs: Box::new(lhs),
                        rhs: Box::new(rhs),
                    },
                }
            }
            None => lhs,
        };
        self.leave();
        expr
    }

    /// conditional-expression: logical-or-expression (? expression : conditional-expression)?
    pub(super) fn conditional_expression(&mut self) -> Expr {
        let start = self.peek().span;
        if !self.enter() {
            return error_expr(start);
        }
        let cond = self.binary_expression(1);
        let expr = if self.at_punct(Punct::Question) {
            self.bump();
            let then_expr = self.expression();
            self.expect_punct(Punct::Colon, "in conditional expression");
            let else_expr = self.conditional_expression();
            Expr {
                span: cond.span.to(else_expr.span),
                kind: ExprKind::Conditional {
                    cond: Box::new(cond),
                    then_expr: Box::new(then_expr),
                    else_expr: Box::new(else_expr),
                },
            }
        } else {
            cond
        };
        self.leave();
        expr
    }

    /// The binary levels from logical-or down to multiplicative, by precedence climbing.
    fn binary_expression(&mut self, min_precedence: u8) -> Expr {
        let mut lhs = self.cast_expression();
        let mut levels = 0;
        while let Some((op, precedence)) = binary_operator(self.kind()) {
            if precedence < min_precedence || self.bailing || !self.enter() {
                break;
            }
            levels += 1;
            self.bump();
            let rhs = self.binary_expression(precedence + 1);
            lhs = Expr {
                span: lhs.span.to(rhs.span),
                kind: ExprKind::Binary {
                    op,
                    lhs: Box::new(lhs),
                    rhs: Box::new(rhs),
                },
            };
        }
        self.leave_levels(levels);
        lhs
    }

    /// cast-expression: ( type-name ) cast-expression | unary-expression
    fn cast_expression(&mut self) -> Expr {
        let start = self.peek().span;
        if !self.enter() {
            return error_expr(start);
        }
        let expr = if self.at_type_name_in_parens() {
            self.bump();
            let ty = self.type_name().expect("a type name starts here");
            self.expect_punct(Punct::RParen, "after the type in a cast");
            if self.at_punct(Punct::LBrace) {
                let brace = self.peek().span;
                self.push(Diagnostic::unsupported_plural(
                    start.to(brace),
                    "compound literals (`(type){ ... }`)",
                ));
                let _ = self.initializer();
                error_expr(start.to(self.prev_span()))
            } else {
                let operand = self.cast_expression();
                Expr {
                    span: start.to(operand.span),
                    kind: ExprKind::Cast {
                        ty: Box::new(ty),
                        operand: Box::new(operand),
                    },
                }
            }
        } else {
            self.unary_expression()
        };
        self.leave();
        expr
    }

    /// `(` followed by something that starts a type name.
    fn at_type_name_in_parens(&self) -> bool {
        if !self.at_punct(Punct::LParen) {
            return false;
        }
        let next = self.peek_at(1);
        match next.kind {
            TokenKind::Keyword(keyword) => super::decl::is_specifier_keyword(keyword),
            TokenKind::Ident => self.is_typedef_name(self.text(next)),
            _ => false,
        }
    }

    /// unary-expression: postfix | ++ unary | -- unary | unary-operator cast | sizeof | _Alignof
    fn unary_expression(&mut self) -> Expr {
        let token = self.peek();
        let prefix = match token.kind {
            TokenKind::Punct(Punct::PlusPlus) => Some(UnaryOp::PreInc),
            TokenKind::Punct(Punct::MinusMinus) => Some(UnaryOp::PreDec),
            TokenKind::Punct(Punct::Amp) => Some(UnaryOp::AddrOf),
            TokenKind::Punct(Punct::Star) => Some(UnaryOp::Deref),
            TokenKind::Punct(Punct::Plus) => Some(UnaryOp::Plus),
            TokenKind::Punct(Punct::Minus) => Some(UnaryOp::Neg),
            TokenKind::Punct(Punct::Tilde) => Some(UnaryOp::BitNot),
            TokenKind::Punct(Punct::Bang) => Some(UnaryOp::Not),
            _ => None,
        };
        if let Some(op) = prefix {
            self.bump();
            if token.kind == TokenKind::Punct(Punct::AmpAmp) {
                unreachable!("&& is not a prefix operator");
            }
            let operand = self.cast_expression();
            return Expr {
                span: token.span.to(operand.span),
                kind: ExprKind::Unary {
                    op,
                    operand: Box::new(operand),
                },
            };
        }
        match token.kind {
            TokenKind::Keyword(Keyword::Sizeof) => {
                self.bump();
                if self.at_type_name_in_parens() {
                    self.bump();
                    let ty = self.type_name().expect("a type name starts here");
                    self.expect_punct(Punct::RParen, "after the type in sizeof");
                    Expr {
                        span: token.span.to(self.prev_span()),
                        kind: ExprKind::SizeofType(Box::new(ty)),
                    }
                } else {
                    let operand = self.cast_expression_for_sizeof();
                    Expr {
                        span: token.span.to(operand.span),
                        kind: ExprKind::SizeofExpr(Box::new(operand)),
                    }
                }
            }
            TokenKind::Keyword(Keyword::Alignof) => {
                self.bump();
                if self.at_type_name_in_parens() {
                    self.bump();
                    let ty = self.type_name().expect("a type name starts here");
                    self.expect_punct(Punct::RParen, "after the type in _Alignof");
                    Expr {
                        span: token.span.to(self.prev_span()),
                        kind: ExprKind::AlignofType(Box::new(ty)),
                    }
                } else {
                    self.error_found(
                        self.peek().span,
                        "expected '(' and a type name after '_Alignof'".into(),
                    );
                    error_expr(token.span)
                }
            }
            _ => self.postfix_expression(),
        }
    }

    /// sizeof's operand is a unary-expression (`sizeof x + 1` is `(sizeof x) + 1`).
    fn cast_expression_for_sizeof(&mut self) -> Expr {
        let start = self.peek().span;
        if !self.enter() {
            return error_expr(start);
        }
        let expr = self.unary_expression();
        self.leave();
        expr
    }

    /// postfix-expression: primary ([expr] | (args) | .name | ->name | ++ | --)*
    fn postfix_expression(&mut self) -> Expr {
        let mut expr = self.primary_expression();
        let mut levels = 0;
        loop {
            if self.bailing || !self.enter() {
                self.leave_levels(levels);
                return expr;
            }
            levels += 1;
            let token = self.peek();
            expr = match token.kind {
                TokenKind::Punct(Punct::LBracket) => {
                    self.bump();
                    let index = self.expression();
                    self.expect_punct(Punct::RBracket, "after the array index");
                    Expr {
                        span: expr.span.to(self.prev_span()),
                        kind: ExprKind::Index {
                            base: Box::new(expr),
                            index: Box::new(index),
                        },
                    }
                }
                TokenKind::Punct(Punct::LParen) => {
                    self.bump();
                    let mut args = Vec::new();
                    if !self.at_punct(Punct::RParen) {
                        loop {
                            args.push(self.assignment_expression());
                            if !self.eat_punct(Punct::Comma) || self.bailing {
                                break;
                            }
                        }
                    }
                    self.expect_punct(Punct::RParen, "after the call's arguments");
                    Expr {
                        span: expr.span.to(self.prev_span()),
                        kind: ExprKind::Call {
                            callee: Box::new(expr),
                            args,
                        },
                    }
                }
                TokenKind::Punct(Punct::Dot | Punct::Arrow) => {
                    self.bump();
                    let arrow = token.kind == TokenKind::Punct(Punct::Arrow);
                    let name = self.peek();
                    if name.kind != TokenKind::Ident {
                        self.error_found(
                            name.span,
                            format!("expected a member name after '{}'", self.text(token)),
                        );
                        self.leave_levels(levels);
                        return error_expr(expr.span.to(token.span));
                    }
                    self.bump();
                    Expr {
                        span: expr.span.to(name.span),
                        kind: ExprKind::Member {
                            base: Box::new(expr),
                            member: Spanned::new(self.text(name).to_string(), name.span),
                            arrow,
                        },
                    }
                }
                TokenKind::Punct(Punct::PlusPlus | Punct::MinusMinus) => {
                    self.bump();
                    let op = if token.kind == TokenKind::Punct(Punct::PlusPlus) {
                        UnaryOp::PostInc
                    } else {
                        UnaryOp::PostDec
                    };
                    Expr {
                        span: expr.span.to(token.span),
                        kind: ExprKind::Unary {
                            op,
                            operand: Box::new(expr),
                        },
                    }
                }
                _ => {
                    self.leave_levels(levels);
                    return expr;
                }
            };
        }
    }

    fn primary_expression(&mut self) -> Expr {
        let token = self.peek();
        match token.kind {
            TokenKind::Ident => {
                self.bump();
                let name = self.text(token);
                if self.at_punct(Punct::Colon)
                    && self.peek_at(1).kind == TokenKind::Punct(Punct::Colon)
                {
                    let span = token.span.to(self.peek_at(1).span);
                    self.error(
                        span,
                        format!("'{name}::' is C++; this playground runs C, not C++"),
                    );
                }
                Expr {
                    kind: ExprKind::Ident(name.to_string()),
                    span: token.span,
                }
            }
            TokenKind::Int => {
                self.bump();
                match int_literal(self.text(token)) {
                    Ok(lit) => Expr {
                        kind: ExprKind::Int {
                            value: lit.value,
                            suffix: lit.suffix,
                            decimal: lit.decimal,
                        },
                        span: token.span,
                    },
                    Err(message) => {
                        self.error(token.span, message);
                        error_expr(token.span)
                    }
                }
            }
            TokenKind::Char => {
                self.bump();
                let text = self.text(token);
                let body = literal_body(text, '\'');
                let bytes = self.unescape_reporting(body, token.span);
                match bytes.len() {
                    0 => {
                        self.error(token.span, "empty character constant");
                        error_expr(token.span)
                    }
                    n => {
                        if n > 4 {
                            self.push(Diagnostic::warning(
                                token.span,
                                "character constant too long for its type",
                            ));
                        } else if n > 1 {
                            self.push(Diagnostic::warning(
                                token.span,
                                "multi-character character constant",
                            ));
                        }
                        Expr {
                            kind: ExprKind::Char(char_value(
                                &bytes[bytes.len().saturating_sub(4)..],
                            )),
                            span: token.span,
                        }
                    }
                }
            }
            TokenKind::Str => {
                // Adjacent string literals are one literal: "ab" "cd" is "abcd".
                let mut bytes = Vec::new();
                let mut span = token.span;
                while self.kind() == TokenKind::Str {
                    let piece = self.bump();
                    let body = literal_body(self.text(piece), '"');
                    bytes.extend(self.unescape_reporting(body, piece.span));
                    span = span.to(piece.span);
                }
                Expr {
                    kind: ExprKind::Str(bytes),
                    span,
                }
            }
            TokenKind::Punct(Punct::LParen) => {
                self.bump();
                let inner = self.expression();
                self.expect_punct(Punct::RParen, "to close the parenthesis");
                // The parentheses belong to the expression's span, for highlighting.
                Expr {
                    span: token.span.to(self.prev_span()),
                    kind: inner.kind,
                }
            }
            TokenKind::Keyword(Keyword::Generic) => {
                self.bump();
                self.push(Diagnostic::unsupported(token.span, "`_Generic`"));
                self.skip_parenthesized();
                error_expr(token.span.to(self.prev_span()))
            }
            _ => {
                self.error_found(token.span, "expected expression".into());
                error_expr(Span::at(token.span.start))
            }
        }
    }

    fn unescape_reporting(&mut self, body: &str, span: Span) -> Vec<u8> {
        let mut problems = Vec::new();
        let bytes = unescape(body, |problem| problems.push(problem));
        for problem in problems {
            self.push(match problem {
                Problem::Warning(message) => Diagnostic::warning(span, message),
                Problem::Error(message) => Diagnostic::error(span, message),
            });
        }
        bytes
    }
}

/// The text between a literal's quotes (an unterminated one has no closing quote).
fn literal_body(text: &str, quote: char) -> &str {
    let inner = text.strip_prefix(quote).unwrap_or(text);
    match inner.strip_suffix(quote) {
        Some(body) if !body.ends_with('\\') || body.ends_with("\\\\") => body,
        _ => inner,
    }
}
