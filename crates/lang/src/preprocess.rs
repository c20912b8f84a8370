//! The subset's preprocessor: `#include <header>` of the supported standard headers (which
//! only makes their names available) and object-like `#define NAME value`. Every other
//! directive gets a clear "not supported" diagnostic and is skipped.

use std::collections::{HashMap, HashSet};

use crate::codemap::{Span, Spanned};
use crate::diagnostics::Diagnostic;
use crate::token::{Punct, Token, TokenKind};

/// The standard headers a program may include.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Header {
    Stdio,
    Stdlib,
    String,
    Assert,
    Pthread,
    Unistd,
    Stdbool,
}

impl Header {
    pub const ALL: [Header; 7] = [
        Header::Stdio,
        Header::Stdlib,
        Header::String,
        Header::Assert,
        Header::Pthread,
        Header::Unistd,
        Header::Stdbool,
    ];

    pub fn file_name(self) -> &'static str {
        match self {
            Header::Stdio => "stdio.h",
            Header::Stdlib => "stdlib.h",
            Header::String => "string.h",
            Header::Assert => "assert.h",
            Header::Pthread => "pthread.h",
            Header::Unistd => "unistd.h",
            Header::Stdbool => "stdbool.h",
        }
    }

    /// Type names the header declares with typedef, which the parser must know to read
    /// declarations such as `size_t n;` (the checker gives them their types).
    pub fn typedef_names(self) -> &'static [&'static str] {
        match self {
            Header::Stdio | Header::Stdlib | Header::String => &["size_t"],
            Header::Pthread => &[
                "pthread_t",
                "pthread_attr_t",
                "pthread_mutex_t",
                "pthread_mutexattr_t",
                "size_t",
            ],
            Header::Unistd => &["size_t", "intptr_t"],
            Header::Stdbool => &["bool"],
            Header::Assert => &[],
        }
    }

    pub fn from_file_name(name: &str) -> Option<Header> {
        Header::ALL.into_iter().find(|h| h.file_name() == name)
    }
}

pub struct Preprocessed {
    /// The program's tokens with directives removed and macros expanded; ends with `Eof`.
    pub tokens: Vec<Token>,
    /// Headers included, each with the span of its directive.
    pub headers: Vec<Spanned<Header>>,
    pub diagnostics: Vec<Diagnostic>,
}

struct Macro {
    name_span: Span,
    body: Vec<Token>,
}

pub fn preprocess(source: &str, tokens: Vec<Token>) -> Preprocessed {
    let mut out = Preprocessed {
        tokens: Vec::with_capacity(tokens.len()),
        headers: Vec::new(),
        diagnostics: Vec::new(),
    };
    let mut macros: HashMap<&str, Macro> = HashMap::new();
    let mut i = 0;
    while i < tokens.len() {
        let token = tokens[i];
        if token.kind == TokenKind::Punct(Punct::Hash) && token.line_start {
            // The directive runs to the next token that starts a line.
            let end = (i + 1..tokens.len())
                .find(|&j| tokens[j].line_start)
                .unwrap_or(tokens.len());
            directive(source, token, &tokens[i + 1..end], &mut macros, &mut out);
            i = end;
            continue;
        }
        if token.kind == TokenKind::Ident && macros.contains_key(token.text(source)) {
            let mut expanding = HashSet::new();
            expand(
                source,
                token,
                token.span,
                &macros,
                &mut expanding,
                &mut out.tokens,
            );
        } else {
            out.tokens.push(token);
        }
        i += 1;
    }
    out
}

/// Appends the expansion of macro `token` (used at `site`), expanding nested macros once
/// each, as C does, so a self-referential macro cannot loop.
fn expand<'s>(
    source: &'s str,
    token: Token,
    site: Span,
    macros: &HashMap<&'s str, Macro>,
    expanding: &mut HashSet<&'s str>,
    out: &mut Vec<Token>,
) {
    let name = token.text(source);
    match macros.get(name) {
        Some(definition) if !expanding.contains(name) => {
            expanding.insert(name);
            for body_token in &definition.body {
                let placed = Token {
                    span: site,
                    line_start: false,
                    ..*body_token
                };
                if placed.kind == TokenKind::Ident {
                    expand(source, placed, site, macros, expanding, out);
                } else {
                    out.push(placed);
                }
            }
            expanding.remove(name);
        }
        _ => out.push(token),
    }
}

fn directive<'s>(
    source: &'s str,
    hash: Token,
    rest: &[Token],
    macros: &mut HashMap<&'s str, Macro>,
    out: &mut Preprocessed,
) {
    let Some(name_token) = rest.first() else {
        return; // The null directive, `#` alone on a line, does nothing.
    };
    let name = name_token.text(source);
    let line = rest
        .last()
        .map_or(hash.span, |last| hash.span.to(last.span));
    match name {
        "include" => include(source, line, &rest[1..], out),
        "define" => define(source, line, &rest[1..], macros, out),
        "undef" | "if" | "ifdef" | "ifndef" | "elif" | "else" | "endif" | "pragma" | "error"
        | "warning" | "line" => out.diagnostics.push(
            Diagnostic::unsupported(line, format!("`#{name}`")).with_note(
                None,
                "the playground's preprocessor knows only #include <header> and #define NAME value",
            ),
        ),
        _ => out.diagnostics.push(Diagnostic::error(
            line,
            format!("invalid preprocessing directive #{name}"),
        )),
    }
}

fn include(source: &str, line: Span, rest: &[Token], out: &mut Preprocessed) {
    let supported = || {
        Header::ALL
            .iter()
            .map(|h| format!("<{}>", h.file_name()))
            .collect::<Vec<_>>()
            .join(", ")
    };
    match rest {
        [first, .., last]
            if first.kind == TokenKind::Punct(Punct::Lt)
                && last.kind == TokenKind::Punct(Punct::Gt) =>
        {
            let name = &source[first.span.end as usize..last.span.start as usize];
            match Header::from_file_name(name.trim()) {
                Some(header) => out.headers.push(Spanned::new(header, line)),
                None => {
                    let name = name.trim();
                    let mut diagnostic =
                        Diagnostic::unsupported(line, format!("the header <{name}>"));
                    // <iostream>, <cstdio>, <vector>...: C++ headers have no `.h`.
                    if !name.ends_with(".h") {
                        diagnostic = diagnostic.with_note(
                            None,
                            format!("<{name}> is a C++ header; this playground runs C"),
                        );
                    }
                    out.diagnostics.push(
                        diagnostic
                            .with_note(None, format!("headers you can include: {}", supported())),
                    );
                }
            }
        }
        [only] if only.kind == TokenKind::Str => out.diagnostics.push(
            Diagnostic::unsupported(line, "including your own files with #include \"...\"")
                .with_note(None, "a program is one file; write everything in it"),
        ),
        _ => out.diagnostics.push(Diagnostic::error(
            line,
            "#include expects <header>, for example #include <stdio.h>",
        )),
    }
}

fn define<'s>(
    source: &'s str,
    line: Span,
    rest: &[Token],
    macros: &mut HashMap<&'s str, Macro>,
    out: &mut Preprocessed,
) {
    let Some(name) = rest
        .first()
        .filter(|t| t.kind == TokenKind::Ident || matches!(t.kind, TokenKind::Keyword(_)))
    else {
        out.diagnostics
            .push(Diagnostic::error(line, "macro names must be identifiers"));
        return;
    };
    let body = &rest[1..];
    // `NAME(` with no space between is a function-like macro.
    if let Some(paren) = body.first()
        && paren.kind == TokenKind::Punct(Punct::LParen)
        && paren.span.start == name.span.end
    {
        out.diagnostics.push(
            Diagnostic::unsupported_plural(line, "function-like macros")
                .with_note(None, "write a function instead; #define NAME value works"),
        );
        return;
    }
    let name_text = name.text(source);
    let body_text = |tokens: &[Token]| {
        tokens
            .iter()
            .map(|t| t.text(source))
            .collect::<Vec<_>>()
            .join(" ")
    };
    if let Some(previous) = macros.get(name_text)
        && body_text(&previous.body) != body_text(body)
    {
        out.diagnostics.push(
            Diagnostic::warning(name.span, format!("\"{name_text}\" redefined")).with_note(
                Some(previous.name_span),
                "this is the location of the previous definition",
            ),
        );
    }
    macros.insert(
        name_text,
        Macro {
            name_span: name.span,
            body: body.to_vec(),
        },
    );
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lexer::lex;

    fn run(source: &str) -> (Vec<String>, Preprocessed) {
        let pre = preprocess(source, lex(source).tokens);
        let texts = pre
            .tokens
            .iter()
            .filter(|t| t.kind != TokenKind::Eof)
            .map(|t| t.text(source).to_string())
            .collect();
        (texts, pre)
    }

    #[test]
    fn includes_are_recorded_and_removed() {
        let (texts, pre) = run("#include <stdio.h>\n#include < stdlib.h >\nint x;");
        assert_eq!(texts, vec!["int", "x", ";"]);
        let headers: Vec<_> = pre.headers.iter().map(|h| h.node).collect();
        assert_eq!(headers, vec![Header::Stdio, Header::Stdlib]);
        assert!(pre.diagnostics.is_empty());
    }

    #[test]
    fn object_like_macros_expand_at_the_use_site() {
        let source = "#define N 10\n#define M (N + 1)\nint a[M];";
        let (texts, pre) = run(source);
        assert_eq!(
            texts,
            vec!["int", "a", "[", "(", "10", "+", "1", ")", "]", ";"]
        );
        let m_use = source.rfind('M').unwrap() as u32;
        let ten = pre.tokens.iter().find(|t| t.text(source) == "10").unwrap();
        assert_eq!(ten.span, Span::new(m_use, m_use + 1));
    }

    #[test]
    fn self_reference_does_not_loop() {
        let (texts, _) = run("#define X X + 1\nint y = X;");
        assert_eq!(texts, vec!["int", "y", "=", "X", "+", "1", ";"]);
    }

    #[test]
    fn unsupported_directives_are_named() {
        let (texts, pre) = run(
            "#include <math.h>\n#include \"mine.h\"\n#define SQ(x) ((x)*(x))\n#ifdef A\nint x;\n#endif\n#pragma once\n#bogus\n",
        );
        assert_eq!(texts, vec!["int", "x", ";"]);
        let messages: Vec<_> = pre.diagnostics.iter().map(|d| d.message.as_str()).collect();
        assert_eq!(
            messages,
            vec![
                "the header <math.h> is not supported in this playground",
                "including your own files with #include \"...\" is not supported in this playground",
                "function-like macros are not supported in this playground",
                "`#ifdef` is not supported in this playground",
                "`#endif` is not supported in this playground",
                "`#pragma` is not supported in this playground",
                "invalid preprocessing directive #bogus",
            ]
        );
    }

    #[test]
    fn a_define_with_a_space_before_the_paren_is_object_like() {
        let (texts, pre) = run("#define P (1)\nint x = P;");
        assert!(pre.diagnostics.is_empty());
        assert_eq!(texts, vec!["int", "x", "=", "(", "1", ")", ";"]);
    }

    #[test]
    fn redefinition_with_another_value_warns() {
        let (_, pre) = run("#define N 1\n#define N 1\n#define N 2\n");
        assert_eq!(pre.diagnostics.len(), 1);
        assert_eq!(pre.diagnostics[0].message, "\"N\" redefined");
    }
}
