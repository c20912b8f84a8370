//! Diagnostics as a person reads them in a terminal, in gcc's familiar form:
//!
//! ```text
//! prog.c:3:14: error: expected ';' after expression
//!     3 |     x = x + 1
//!       |              ^
//! ```

use std::fmt::Write;

use crate::codemap::{SourceMap, Span};
use crate::diagnostics::{Diagnostic, Severity};

pub fn render(file_name: &str, source: &str, diagnostics: &[Diagnostic]) -> String {
    let map = SourceMap::new(source);
    let mut out = String::new();
    for diagnostic in diagnostics {
        let severity = match diagnostic.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
        };
        let at = map.line_col(source, diagnostic.span.start);
        let _ = writeln!(
            out,
            "{file_name}:{}:{}: {severity}: {}",
            at.line, at.column, diagnostic.message
        );
        excerpt(&mut out, &map, source, diagnostic.span);
        for note in &diagnostic.notes {
            match note.span {
                Some(span) => {
                    let at = map.line_col(source, span.start);
                    let _ = writeln!(
                        out,
                        "{file_name}:{}:{}: note: {}",
                        at.line, at.column, note.message
                    );
                    excerpt(&mut out, &map, source, span);
                }
                None => {
                    let _ = writeln!(out, "note: {}", note.message);
                }
            }
        }
    }
    out
}

/// The first line of `span` with a caret under its start and `~` under the rest of it.
fn excerpt(out: &mut String, map: &SourceMap, source: &str, span: Span) {
    let start = map.line_col(source, span.start);
    let Some(line_span) = map.line_span(source, start.line) else {
        return;
    };
    let line = &source[line_span.range()];
    // The span may start past the line's visible end (at a '\r', or at the end of input).
    let start_in_line = span.start.min(line_span.end);
    let end_in_line = span.end.clamp(start_in_line, line_span.end);
    let width = source[start_in_line as usize..end_in_line as usize]
        .chars()
        .count();
    // Tabs stay tabs so the caret lines up however the terminal shows them.
    let pad: String = line
        .chars()
        .take(start.column as usize - 1)
        .map(|c| if c == '\t' { '\t' } else { ' ' })
        .collect();
    let number = start.line.to_string();
    let gutter = " ".repeat(number.len().max(5));
    let _ = writeln!(out, "{number:>5} | {line}");
    let _ = writeln!(
        out,
        "{gutter} | {pad}^{}",
        "~".repeat(width.saturating_sub(1))
    );
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn gcc_style_with_excerpt_and_caret() {
        let source = "int main(void) {\n\tint x = 1\n\treturn x;\n}\n";
        let at = source.find("= 1").unwrap() as u32;
        let diagnostics = vec![
            Diagnostic::error(Span::new(at + 3, at + 3), "expected ';' after declaration"),
            Diagnostic::warning(Span::new(at - 2, at - 1), "unused variable 'x'")
                .with_note(None, "remove it"),
        ];
        let text = render("prog.c", source, &diagnostics);
        assert_eq!(
            text,
            "prog.c:2:11: error: expected ';' after declaration\n    2 | \tint x = 1\n      | \t         ^\n\
             prog.c:2:6: warning: unused variable 'x'\n    2 | \tint x = 1\n      | \t    ^\nnote: remove it\n"
        );
    }

    #[test]
    fn a_carriage_return_at_the_end_is_not_part_of_the_line() {
        // Found by the fuzzer: the span starts after the line's visible end.
        let source = "int x =\r";
        let text = render("a.c", source, &crate::check(source).diagnostics);
        assert!(text.contains("    1 | int x ="), "{text}");
    }

    #[test]
    fn a_span_over_several_characters_gets_tildes() {
        let source = "x = cout;";
        let text = render("a.c", source, &[Diagnostic::error(Span::new(4, 8), "no")]);
        assert!(
            text.ends_with("    1 | x = cout;\n      |     ^~~~\n"),
            "{text}"
        );
    }
}
