//! Statements and blocks.

use super::Parser;
use crate::ast::*;
use crate::diagnostics::Diagnostic;
use crate::token::{Keyword, Punct, TokenKind};

impl Parser<'_> {
    /// compound-statement: { block-item* }
    pub(super) fn compound_statement(&mut self) -> Block {
        let open = self.peek();
        if !self.expect_punct(Punct::LBrace, "to start the function body") {
            return Block {
                items: Vec::new(),
                span: open.span,
                close: None,
            };
        }
        self.push_scope();
        let mut items = Vec::new();
        while !self.at_punct(Punct::RBrace) && !self.at_eof() && !self.bailing {
            let before = self.pos;
            items.push(self.block_item());
            if self.pos == before {
                // The statement parser made no progress: skip a token so we always move on.
                self.bump();
            }
        }
        self.pop_scope();
        let close = self.at_punct(Punct::RBrace).then(|| self.peek().span);
        if !self.eat_punct(Punct::RBrace) && !self.bailing {
            // Not a cascade even where another error was just reported: say it always.
            self.last_error_at = None;
            self.push(
                Diagnostic::error(self.prev_end(), "expected '}' at end of input")
                    .with_note(Some(open.span), "to match this '{'"),
            );
        }
        Block {
            items,
            span: open.span.to(self.prev_span()),
            close,
        }
    }

    /// block-item: declaration | statement
    fn block_item(&mut self) -> Stmt {
        if self.at_declaration_start()
            || (self.kind() == TokenKind::Ident && self.peek_at(1).kind == TokenKind::Ident)
        {
            let start = self.peek().span;
            let Some(specifiers) = self.declaration_specifiers(true) else {
                return self.statement();
            };
            let declaration = if self.eat_punct(Punct::Semi) {
                Declaration {
                    specifiers,
                    declarators: Vec::new(),
                    span: start.to(self.prev_span()),
                }
            } else {
                let declarator = self.declarator(false);
                if matches!(
                    declarator.derived.first(),
                    Some(DerivedDecl::Function { .. })
                ) && self.at_punct(Punct::LBrace)
                {
                    self.error(
                        declarator.span,
                        "functions cannot be defined inside another function",
                    );
                    let _ = self.compound_statement();
                    return Stmt {
                        kind: StmtKind::Error,
                        span: start.to(self.prev_span()),
                    };
                }
                self.init_declarator_list(start, specifiers, declarator)
            };
            let span = declaration.span;
            return Stmt {
                kind: StmtKind::Decl(declaration),
                span,
            };
        }
        self.statement()
    }

    pub(super) fn statement(&mut self) -> Stmt {
        let start = self.peek().span;
        if !self.enter() {
            return Stmt {
                kind: StmtKind::Error,
                span: start,
            };
        }
        let kind = self.statement_kind();
        self.leave();
        Stmt {
            kind,
            span: start.to(self.prev_span()),
        }
    }

    fn statement_kind(&mut self) -> StmtKind {
        let token = self.peek();
        match token.kind {
            TokenKind::Punct(Punct::LBrace) => StmtKind::Block(self.compound_statement()),
            TokenKind::Punct(Punct::Semi) => {
                self.bump();
                StmtKind::Expr(None)
            }
            TokenKind::Keyword(Keyword::If) => {
                self.bump();
                let cond = self.parenthesized_condition("if");
                let then_branch = Box::new(self.statement());
                let else_branch = self
                    .eat_keyword(Keyword::Else)
                    .then(|| Box::new(self.statement()));
                StmtKind::If {
                    cond,
                    then_branch,
                    else_branch,
                }
            }
            TokenKind::Keyword(Keyword::While) => {
                self.bump();
                let cond = self.parenthesized_condition("while");
                StmtKind::While {
                    cond,
                    body: Box::new(self.statement()),
                }
            }
            TokenKind::Keyword(Keyword::Do) => {
                self.bump();
                let body = Box::new(self.statement());
                if !self.eat_keyword(Keyword::While) {
                    self.error_found(
                        self.peek().span,
                        "expected 'while' after the body of 'do'".into(),
                    );
                    self.recover_to_statement_end();
                    return StmtKind::Error;
                }
                let cond = self.parenthesized_condition("do-while");
                self.expect_semi("after do-while statement");
                StmtKind::DoWhile { body, cond }
            }
            TokenKind::Keyword(Keyword::For) => self.for_statement(),
            TokenKind::Keyword(Keyword::Switch) => {
                self.bump();
                let cond = self.parenthesized_condition("switch");
                StmtKind::Switch {
                    cond,
                    body: Box::new(self.statement()),
                }
            }
            TokenKind::Keyword(Keyword::Case) => {
                self.bump();
                let value = self.conditional_expression();
                if self.at_punct(Punct::Ellipsis) {
                    let dots = self.bump();
                    self.push(Diagnostic::unsupported_plural(
                        dots.span,
                        "case ranges (`case a ... b:`)",
                    ));
                    let _ = self.conditional_expression();
                }
                self.expect_punct(Punct::Colon, "after case value");
                StmtKind::Case {
                    value,
                    body: Box::new(self.labeled_body()),
                }
            }
            TokenKind::Keyword(Keyword::Default) => {
                self.bump();
                self.expect_punct(Punct::Colon, "after 'default'");
                StmtKind::Default {
                    body: Box::new(self.labeled_body()),
                }
            }
            TokenKind::Keyword(Keyword::Break) => {
                self.bump();
                self.expect_semi("after 'break'");
                StmtKind::Break
            }
            TokenKind::Keyword(Keyword::Continue) => {
                self.bump();
                self.expect_semi("after 'continue'");
                StmtKind::Continue
            }
            TokenKind::Keyword(Keyword::Return) => {
                self.bump();
                let value = (!self.at_punct(Punct::Semi)).then(|| self.expression());
                self.expect_semi("after return statement");
                StmtKind::Return(value)
            }
            TokenKind::Keyword(Keyword::Goto) => {
                self.bump();
                self.push(Diagnostic::unsupported(token.span, "`goto`").with_note(
                    None,
                    "use a loop with break or continue, or a function that returns early",
                ));
                self.recover_to_statement_end();
                StmtKind::Error
            }
            TokenKind::Ident
                if self.peek_at(1).kind == TokenKind::Punct(Punct::Colon)
                    && self.peek_at(2).kind == TokenKind::Punct(Punct::Colon) =>
            {
                // `std::cout << ...`: C++'s scope operator, not a label.
                let name = self.text(token).to_string();
                let span = token.span.to(self.peek_at(2).span);
                self.error(
                    span,
                    format!("'{name}::' is C++; this playground runs C, not C++"),
                );
                self.recover_to_statement_end();
                StmtKind::Error
            }
            TokenKind::Ident if self.peek_at(1).kind == TokenKind::Punct(Punct::Colon) => {
                self.bump();
                self.bump();
                self.push(Diagnostic::unsupported_plural(
                    token.span,
                    "labels (they only serve `goto`)",
                ));
                self.labeled_body().kind
            }
            TokenKind::Keyword(Keyword::StaticAssert) => {
                self.bump();
                self.push(Diagnostic::unsupported(token.span, "`_Static_assert`"));
                self.recover_to_statement_end();
                StmtKind::Error
            }
            TokenKind::Keyword(Keyword::Else) => {
                self.bump();
                self.error(token.span, "'else' without a previous 'if'");
                StmtKind::Error
            }
            _ => {
                let expr = self.expression();
                if matches!(expr.kind, ExprKind::Error) {
                    self.recover_to_statement_end();
                    return StmtKind::Error;
                }
                self.expect_semi("after expression");
                StmtKind::Expr(Some(expr))
            }
        }
    }

    /// The statement after `case x:` or `default:`; a label just before `}` has none.
    fn labeled_body(&mut self) -> Stmt {
        if self.at_punct(Punct::RBrace) {
            let span = self.prev_end();
            self.error(
                span,
                "label at end of compound statement: expected a statement (add ';' or 'break;')",
            );
            return Stmt {
                kind: StmtKind::Expr(None),
                span,
            };
        }
        if self.at_declaration_start() {
            // C11 does not allow a declaration right after a label.
            let span = self.peek().span;
            self.error(
                span,
                "a label can only be part of a statement and a declaration is not a statement",
            );
        }
        self.block_item()
    }

    /// `;` after a statement; on a miss, skip to the statement's end so one mistake gives one
    /// diagnostic.
    fn expect_semi(&mut self, context: &str) {
        self.expect_semi_or_recover(context);
    }

    fn parenthesized_condition(&mut self, keyword: &str) -> Expr {
        if !self.expect_punct(Punct::LParen, &format!("after '{keyword}'")) {
            return self.expression();
        }
        let cond = self.expression();
        self.expect_punct(Punct::RParen, "after the condition");
        cond
    }

    fn for_statement(&mut self) -> StmtKind {
        self.bump();
        self.expect_punct(Punct::LParen, "after 'for'");
        // A declaration in the init clause is scoped to the loop.
        self.push_scope();
        let init = if self.eat_punct(Punct::Semi) {
            None
        } else if self.at_declaration_start() {
            let start = self.peek().span;
            let specifiers = self
                .declaration_specifiers(true)
                .expect("at a declaration start");
            let declarator = self.declarator(false);
            Some(ForInit::Decl(
                self.init_declarator_list(start, specifiers, declarator),
            ))
        } else {
            let expr = self.expression();
            self.expect_punct(Punct::Semi, "after the for-loop initialization");
            Some(ForInit::Expr(expr))
        };
        let cond = (!self.at_punct(Punct::Semi)).then(|| self.expression());
        self.expect_punct(Punct::Semi, "after the for-loop condition");
        let step = (!self.at_punct(Punct::RParen)).then(|| self.expression());
        self.expect_punct(Punct::RParen, "after the for-loop clauses");
        let body = Box::new(self.statement());
        self.pop_scope();
        StmtKind::For {
            init,
            cond,
            step,
            body,
        }
    }
}
