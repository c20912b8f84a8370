//! The parser: recursive descent for declarations and statements, precedence climbing for
//! expressions. Functions are named after the C11 grammar productions they parse.
//!
//! It never fails as a whole: it returns a tree plus diagnostics, recovering after an error
//! by skipping to the next `;` or `}`. Nesting is bounded (`MAX_DEPTH`), so hostile input
//! cannot overflow the host's stack.

mod decl;
mod expr;
mod literal;
mod stmt;

use std::collections::HashMap;

use crate::ast::TranslationUnit;
use crate::codemap::{Span, Spanned};
use crate::diagnostics::Diagnostic;
use crate::lexer::lex;
use crate::preprocess::{Header, preprocess};
use crate::token::{Keyword, Punct, Token, TokenKind};

/// How deeply declarators, statements and expressions may nest. gcc allows more, but no
/// teaching program comes near this, and the limit keeps recursion far from the stack's end.
pub const MAX_DEPTH: u32 = 160;

/// After this many diagnostics, further ones are dropped (random bytes would give thousands).
pub const MAX_DIAGNOSTICS: usize = 100;

pub struct Parse {
    pub unit: TranslationUnit,
    pub headers: Vec<Spanned<Header>>,
    pub diagnostics: Vec<Diagnostic>,
}

/// Lexes, preprocesses and parses a whole program.
pub fn parse(source: &str) -> Parse {
    let lexed = lex(source);
    let pre = preprocess(source, lexed.tokens);
    let mut diagnostics = lexed.diagnostics;
    let lexed_dropped = lexed.dropped;
    diagnostics.extend(pre.diagnostics);
    let mut parser = Parser::new(source, pre.tokens, diagnostics);
    for header in &pre.headers {
        for name in header.node.typedef_names() {
            parser.declare_name(name, true);
        }
    }
    let unit = parser.translation_unit();
    let mut diagnostics = parser.diagnostics;
    crate::sort::sort_by_key(&mut diagnostics, |d| d.span.start);
    let mut dropped = parser.dropped + lexed_dropped;
    if diagnostics.len() > MAX_DIAGNOSTICS {
        dropped += diagnostics.len() - MAX_DIAGNOSTICS;
        diagnostics.truncate(MAX_DIAGNOSTICS);
    }
    if dropped > 0 {
        let end = source.len() as u32;
        diagnostics.push(Diagnostic::error(
            Span::at(end),
            format!(
                "too many errors: {dropped} more were not shown; fix the first ones and try again"
            ),
        ));
    }
    Parse {
        unit,
        headers: pre.headers,
        diagnostics,
    }
}

pub(crate) struct Parser<'s> {
    source: &'s str,
    tokens: Vec<Token>,
    pos: usize,
    diagnostics: Vec<Diagnostic>,
    dropped: usize,
    /// The token position of the last error, to suppress cascades at the same place.
    last_error_at: Option<usize>,
    /// Scopes of names: true for typedef names, false for names that shadow them. C's
    /// grammar needs this to tell `T * x;` (a declaration) from `a * b;` (an expression).
    scopes: Vec<HashMap<String, bool>>,
    depth: u32,
    /// Set when nesting went past MAX_DEPTH: everything unwinds to the top level quietly.
    bailing: bool,
}

impl<'s> Parser<'s> {
    fn new(source: &'s str, tokens: Vec<Token>, diagnostics: Vec<Diagnostic>) -> Parser<'s> {
        debug_assert!(matches!(tokens.last(), Some(t) if t.kind == TokenKind::Eof));
        Parser {
            source,
            tokens,
            pos: 0,
            diagnostics,
            dropped: 0,
            last_error_at: None,
            scopes: vec![HashMap::new()],
            depth: 0,
            bailing: false,
        }
    }

    // ---- the token cursor ----

    fn peek(&self) -> Token {
        self.tokens[self.pos]
    }

    fn peek_at(&self, ahead: usize) -> Token {
        self.tokens[(self.pos + ahead).min(self.tokens.len() - 1)]
    }

    fn kind(&self) -> TokenKind {
        self.peek().kind
    }

    fn text(&self, token: Token) -> &'s str {
        token.text(self.source)
    }

    fn at_eof(&self) -> bool {
        self.kind() == TokenKind::Eof
    }

    fn at_punct(&self, punct: Punct) -> bool {
        self.kind() == TokenKind::Punct(punct)
    }

    fn at_keyword(&self, keyword: Keyword) -> bool {
        self.kind() == TokenKind::Keyword(keyword)
    }

    /// Consumes the current token (never moves past Eof).
    fn bump(&mut self) -> Token {
        let token = self.peek();
        if token.kind != TokenKind::Eof {
            self.pos += 1;
        }
        token
    }

    fn eat_punct(&mut self, punct: Punct) -> bool {
        let at = self.at_punct(punct);
        if at {
            self.bump();
        }
        at
    }

    fn eat_keyword(&mut self, keyword: Keyword) -> bool {
        let at = self.at_keyword(keyword);
        if at {
            self.bump();
        }
        at
    }

    /// The end of the previous token: where a missing `;` belongs.
    fn prev_end(&self) -> Span {
        match self.pos.checked_sub(1) {
            Some(prev) => Span::at(self.tokens[prev].span.end),
            None => Span::at(0),
        }
    }

    fn prev_span(&self) -> Span {
        match self.pos.checked_sub(1) {
            Some(prev) => self.tokens[prev].span,
            None => Span::at(0),
        }
    }

    /// Expects `punct`; when it is missing, reports `expected 'X' <context>` at the end of
    /// the previous token and goes on as if it were there.
    fn expect_punct(&mut self, punct: Punct, context: &str) -> bool {
        if self.eat_punct(punct) {
            return true;
        }
        let span = match punct {
            Punct::Semi | Punct::RParen | Punct::RBracket => self.prev_end(),
            _ => self.peek().span,
        };
        if context.is_empty() {
            self.error_found(span, format!("expected '{}'", punct.spelling()));
        } else {
            self.error(span, format!("expected '{}' {context}", punct.spelling()));
        }
        false
    }

    /// A missing `;` where the next token starts a new line is most likely just forgotten:
    /// the parser goes on as if it were there, so the next line is still checked.
    fn expect_semi_or_recover(&mut self, context: &str) {
        if !self.expect_punct(Punct::Semi, context) && !self.peek().line_start {
            self.recover_to_statement_end();
        }
    }

    /// An error that names what was found instead, unless that is the end of input.
    fn error_found(&mut self, span: Span, message: String) {
        let found = self.peek();
        let message = match found.kind {
            TokenKind::Eof => format!("{message} at end of input"),
            _ => format!("{message} before '{}'", self.text(found)),
        };
        self.error(span, message);
    }

    fn error(&mut self, span: Span, message: impl Into<String>) {
        self.push(Diagnostic::error(span, message));
    }

    fn push(&mut self, diagnostic: Diagnostic) {
        // One mistake, one message: errors reported at the token where the previous error
        // was (typically "expected ')'" right after "expected expression") are cascades.
        if self.bailing || (diagnostic.is_error() && self.last_error_at == Some(self.pos)) {
            return;
        }
        if diagnostic.is_error() {
            self.last_error_at = Some(self.pos);
        }
        if self.diagnostics.len() >= MAX_DIAGNOSTICS {
            self.dropped += 1;
        } else {
            self.diagnostics.push(diagnostic);
        }
    }

    // ---- nesting ----

    /// Enters one level of nesting; false (and a diagnostic, once) when too deep.
    fn enter(&mut self) -> bool {
        if self.bailing {
            return false;
        }
        if self.depth >= MAX_DEPTH {
            let span = self.peek().span;
            self.push(Diagnostic::error(
                span,
                format!("this is nested too deeply (more than {MAX_DEPTH} levels)"),
            ));
            self.bailing = true;
            return false;
        }
        self.depth += 1;
        true
    }

    fn leave(&mut self) {
        self.depth -= 1;
    }

    // ---- scopes of typedef names ----

    fn push_scope(&mut self) {
        self.scopes.push(HashMap::new());
    }

    fn pop_scope(&mut self) {
        if self.scopes.len() > 1 {
            self.scopes.pop();
        }
    }

    fn declare_name(&mut self, name: &str, is_typedef: bool) {
        self.scopes
            .last_mut()
            .expect("there is always a file scope")
            .insert(name.to_string(), is_typedef);
    }

    fn is_typedef_name(&self, name: &str) -> bool {
        self.scopes
            .iter()
            .rev()
            .find_map(|scope| scope.get(name))
            .copied()
            .unwrap_or(false)
    }

    // ---- recovery ----

    /// Skips to just after the next `;` at this nesting level, or to a `}` that closes it
    /// (not consumed), whichever comes first.
    fn recover_to_statement_end(&mut self) {
        let mut depth = 0usize;
        loop {
            match self.kind() {
                TokenKind::Eof => return,
                TokenKind::Punct(Punct::Semi) if depth == 0 => {
                    self.bump();
                    return;
                }
                TokenKind::Punct(Punct::LBrace | Punct::LParen | Punct::LBracket) => depth += 1,
                TokenKind::Punct(Punct::RBrace) if depth == 0 => return,
                TokenKind::Punct(Punct::RBrace | Punct::RParen | Punct::RBracket) => {
                    depth = depth.saturating_sub(1)
                }
                _ => {}
            }
            self.bump();
        }
    }

    // ---- the translation unit ----

    pub(crate) fn translation_unit(&mut self) -> TranslationUnit {
        let mut items = Vec::new();
        while !self.at_eof() {
            let before = self.pos;
            let item = self.external_declaration();
            if self.bailing {
                // The item is cut off where nesting went too deep; checking what is left
                // of it would only produce follow-on errors, so it is dropped.
                self.recover_after_bail();
                continue;
            }
            if let Some(item) = item {
                items.push(item);
            }
            if self.pos == before {
                // Nothing could start here: report once, skip the token.
                let token = self.bump();
                let text = self.text(token).to_string();
                self.error(
                    token.span,
                    format!("expected a declaration, found '{text}'"),
                );
            }
        }
        TranslationUnit { items }
    }

    /// After nesting went too deep: skip to the end of the enclosing top-level construct,
    /// whose depth is not known from here, so balance braces from the file's start.
    fn recover_after_bail(&mut self) {
        let mut depth: i64 = self.tokens[..self.pos]
            .iter()
            .map(|t| match t.kind {
                TokenKind::Punct(Punct::LBrace) => 1,
                TokenKind::Punct(Punct::RBrace) => -1,
                _ => 0,
            })
            .sum();
        let at_boundary = self.pos > 0
            && matches!(
                self.tokens[self.pos - 1].kind,
                TokenKind::Punct(Punct::Semi | Punct::RBrace)
            );
        while !(self.at_eof() || (depth <= 0 && at_boundary)) {
            let token = self.bump();
            match token.kind {
                TokenKind::Punct(Punct::LBrace) => depth += 1,
                TokenKind::Punct(Punct::RBrace) => {
                    depth -= 1;
                    if depth <= 0 {
                        break;
                    }
                }
                TokenKind::Punct(Punct::Semi) if depth <= 0 => break,
                _ => {}
            }
        }
        self.bailing = false;
        self.depth = 0;
        self.scopes.truncate(1);
    }
}
