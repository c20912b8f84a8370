//! The lexer: source text to tokens, with a diagnostic (never a panic) for every character
//! that cannot start a token, and for unterminated comments, strings and characters.

use crate::codemap::Span;
use crate::diagnostics::Diagnostic;
use crate::token::{Keyword, Punct, Token, TokenKind};

pub struct Lexed {
    pub tokens: Vec<Token>,
    pub diagnostics: Vec<Diagnostic>,
    /// Diagnostics past the cap, counted but not kept.
    pub dropped: usize,
}

/// Splits `source` into tokens; the last token is always `Eof`.
pub fn lex(source: &str) -> Lexed {
    let mut lexer = Lexer {
        source,
        bytes: source.as_bytes(),
        pos: 0,
        line_start: true,
        tokens: Vec::new(),
        diagnostics: Vec::new(),
        dropped: 0,
    };
    lexer.run();
    Lexed {
        tokens: lexer.tokens,
        diagnostics: lexer.diagnostics,
        dropped: lexer.dropped,
    }
}

struct Lexer<'a> {
    source: &'a str,
    bytes: &'a [u8],
    pos: usize,
    line_start: bool,
    tokens: Vec<Token>,
    diagnostics: Vec<Diagnostic>,
    dropped: usize,
}

fn is_ident_start(b: u8) -> bool {
    b.is_ascii_alphabetic() || b == b'_'
}

fn is_ident_continue(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b == b'_'
}

impl Lexer<'_> {
    fn peek(&self, ahead: usize) -> u8 {
        self.bytes.get(self.pos + ahead).copied().unwrap_or(0)
    }

    /// Records a diagnostic; past the cap only counts it (a megabyte of noise would
    /// otherwise make hundreds of thousands).
    fn report(&mut self, diagnostic: Diagnostic) {
        if self.diagnostics.len() < crate::parser::MAX_DIAGNOSTICS {
            self.diagnostics.push(diagnostic);
        } else {
            self.dropped += 1;
        }
    }

    fn span_from(&self, start: usize) -> Span {
        Span::new(start as u32, self.pos as u32)
    }

    fn push(&mut self, kind: TokenKind, start: usize) {
        let span = self.span_from(start);
        self.tokens.push(Token {
            kind,
            span,
            text_span: span,
            line_start: self.line_start,
        });
        self.line_start = false;
    }

    fn run(&mut self) {
        while self.pos < self.bytes.len() {
            let start = self.pos;
            let b = self.bytes[self.pos];
            match b {
                b'\n' => {
                    self.pos += 1;
                    self.line_start = true;
                }
                b' ' | b'\t' | b'\r' | 0x0b | 0x0c => self.pos += 1,
                // A backslash before a newline joins the lines (C's line splicing).
                b'\\' if self.peek(1) == b'\n' => self.pos += 2,
                b'\\' if self.peek(1) == b'\r' && self.peek(2) == b'\n' => self.pos += 3,
                b'/' if self.peek(1) == b'/' => {
                    while self.pos < self.bytes.len() && self.bytes[self.pos] != b'\n' {
                        self.pos += 1;
                    }
                }
                b'/' if self.peek(1) == b'*' => self.block_comment(start),
                b'\'' => self.quoted(start, b'\'', TokenKind::Char),
                b'"' => self.quoted(start, b'"', TokenKind::Str),
                b'0'..=b'9' => self.number(start),
                b'.' if self.peek(1).is_ascii_digit() => self.number(start),
                _ if is_ident_start(b) => {
                    while is_ident_continue(self.peek(0)) {
                        self.pos += 1;
                    }
                    // A prefix on a character or string literal makes it wide or UTF-n.
                    let text = &self.source[start..self.pos];
                    if matches!(text, "L" | "u" | "U" | "u8")
                        && matches!(self.peek(0), b'\'' | b'"')
                    {
                        let quote = self.peek(0);
                        let kind = if quote == b'"' {
                            TokenKind::Str
                        } else {
                            TokenKind::Char
                        };
                        self.quoted(self.pos, quote, kind);
                        let token = self.tokens.last_mut().expect("quoted pushed a token");
                        token.span.start = start as u32;
                        token.text_span = token.span;
                        let span = token.span;
                        self.report(Diagnostic::unsupported(
                            span,
                            format!("the `{text}` prefix (wide and Unicode literals)"),
                        ));
                        continue;
                    }
                    let kind = match Keyword::from_spelling(text) {
                        Some(keyword) => TokenKind::Keyword(keyword),
                        None => TokenKind::Ident,
                    };
                    self.push(kind, start);
                }
                _ => self.punct_or_stray(start),
            }
        }
        let end = self.bytes.len() as u32;
        self.tokens.push(Token {
            kind: TokenKind::Eof,
            span: Span::at(end),
            text_span: Span::at(end),
            line_start: true,
        });
    }

    fn block_comment(&mut self, start: usize) {
        self.pos += 2;
        loop {
            if self.pos >= self.bytes.len() {
                self.report(
                    Diagnostic::error(
                        Span::new(start as u32, start as u32 + 2),
                        "unterminated comment",
                    )
                    .with_note(None, "a comment that starts with /* must end with */"),
                );
                return;
            }
            if self.bytes[self.pos] == b'*' && self.peek(1) == b'/' {
                self.pos += 2;
                return;
            }
            if self.bytes[self.pos] == b'\n' {
                // A directive cannot start inside a comment, but the next line's first
                // token still starts a line.
                self.line_start = true;
            }
            self.pos += 1;
        }
    }

    /// A character constant or string literal; escapes are checked by the parser, which
    /// decodes them, so here a backslash only protects the next character.
    fn quoted(&mut self, start: usize, quote: u8, kind: TokenKind) {
        self.pos += 1;
        let len = self.bytes.len();
        loop {
            if self.pos >= len || self.bytes[self.pos] == b'\n' {
                self.push(kind, start);
                let what = if quote == b'"' {
                    "missing terminating \" character"
                } else {
                    "missing terminating ' character"
                };
                self.report(Diagnostic::error(self.span_from(start), what));
                return;
            }
            match self.bytes[self.pos] {
                // Skips the escaped byte; the scan only stops on ASCII bytes, so a
                // multi-byte character after the backslash cannot split a span.
                b'\\' => self.pos = (self.pos + 2).min(len),
                b if b == quote => {
                    self.pos += 1;
                    self.push(kind, start);
                    return;
                }
                _ => self.pos += 1,
            }
        }
    }

    /// A preprocessing number (C11 6.4.8): digits, letters, `_`, `.`, and signs after an
    /// exponent letter. The parser decides whether it is a valid integer constant.
    fn number(&mut self, start: usize) {
        self.pos += 1;
        loop {
            let b = self.peek(0);
            let exponent_sign = matches!(b, b'+' | b'-')
                && matches!(self.bytes[self.pos - 1], b'e' | b'E' | b'p' | b'P');
            if !(exponent_sign || is_ident_continue(b) || b == b'.') {
                break;
            }
            self.pos += 1;
        }
        self.push(TokenKind::Int, start);
    }

    fn punct_or_stray(&mut self, start: usize) {
        let rest = &self.bytes[self.pos..];
        if let Some((spelling, punct)) = Punct::SPELLINGS
            .iter()
            .find(|(spelling, _)| rest.starts_with(spelling.as_bytes()))
        {
            self.pos += spelling.len();
            self.push(TokenKind::Punct(*punct), start);
            return;
        }
        // Not a token: skip the whole character (it may be several bytes of UTF-8).
        let ch = self.source[start..]
            .chars()
            .next()
            .expect("pos is inside the text");
        self.pos += ch.len_utf8();
        let message = match ch {
            '`' | '@' | '$' => format!("stray '{ch}' in program"),
            _ if ch.is_ascii_graphic() => format!("stray '{ch}' in program"),
            '\u{201C}' | '\u{201D}' => {
                "stray '\u{201C}' in program: curly quotes are not C quotes; use \" instead"
                    .to_string()
            }
            '\u{2018}' | '\u{2019}' => {
                "stray '\u{2019}' in program: curly quotes are not C quotes; use ' instead"
                    .to_string()
            }
            _ => format!(
                "stray '{}' (U+{:04X}) in program",
                ch.escape_debug(),
                ch as u32
            ),
        };
        self.report(Diagnostic::error(self.span_from(start), message));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kinds(source: &str) -> Vec<(TokenKind, &str)> {
        lex(source)
            .tokens
            .iter()
            .map(|t| (t.kind, t.text(source)))
            .collect()
    }

    #[test]
    fn tokens_of_a_small_program() {
        use Keyword as Kw;
        use Punct as P;
        use TokenKind as K;
        let source = "int main(void){return a->b<<=0x1Fu;}";
        assert_eq!(
            kinds(source),
            vec![
                (K::Keyword(Kw::Int), "int"),
                (K::Ident, "main"),
                (K::Punct(P::LParen), "("),
                (K::Keyword(Kw::Void), "void"),
                (K::Punct(P::RParen), ")"),
                (K::Punct(P::LBrace), "{"),
                (K::Keyword(Kw::Return), "return"),
                (K::Ident, "a"),
                (K::Punct(P::Arrow), "->"),
                (K::Ident, "b"),
                (K::Punct(P::ShlEq), "<<="),
                (K::Int, "0x1Fu"),
                (K::Punct(P::Semi), ";"),
                (K::Punct(P::RBrace), "}"),
                (K::Eof, ""),
            ]
        );
    }

    #[test]
    fn comments_and_line_starts() {
        let source = "a /* x\n y */ b // c\n#define";
        let lexed = lex(source);
        let starts: Vec<_> = lexed
            .tokens
            .iter()
            .map(|t| (t.text(source), t.line_start))
            .collect();
        assert_eq!(
            starts,
            vec![
                ("a", true),
                ("b", true),
                ("#", true),
                ("define", false),
                ("", true)
            ]
        );
        assert!(lexed.diagnostics.is_empty());
    }

    #[test]
    fn unterminated_things_are_diagnosed_not_fatal() {
        let lexed = lex("char *s = \"abc\nint x; /* never closed");
        let messages: Vec<_> = lexed
            .diagnostics
            .iter()
            .map(|d| d.message.as_str())
            .collect();
        assert_eq!(
            messages,
            vec!["missing terminating \" character", "unterminated comment"]
        );
        // The tokens after the broken string are still there.
        assert!(lexed.tokens.iter().any(|t| t.kind == TokenKind::Ident));
    }

    #[test]
    fn stray_characters_are_named() {
        let lexed = lex("int x = 1 @ 2; “hi”");
        let messages: Vec<_> = lexed
            .diagnostics
            .iter()
            .map(|d| d.message.as_str())
            .collect();
        assert_eq!(messages[0], "stray '@' in program");
        assert!(messages[1].contains("curly quotes"));
    }

    #[test]
    fn escaped_quote_does_not_end_a_string() {
        let source = r#""a\"b" 'x' '\''"#;
        let texts: Vec<_> = kinds(source).into_iter().map(|(_, t)| t).collect();
        assert_eq!(texts, vec![r#""a\"b""#, "'x'", r"'\''", ""]);
    }

    #[test]
    fn pp_numbers_include_float_shapes_for_the_parser_to_refuse() {
        let texts: Vec<_> = kinds("1.5e+3 .5 10UL")
            .into_iter()
            .map(|(_, t)| t)
            .collect();
        assert_eq!(texts, vec!["1.5e+3", ".5", "10UL", ""]);
    }
}
