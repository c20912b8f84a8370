//! memplay's C subset (see c-subset.md): source text in, a checked and typed program plus
//! diagnostics out. Knows nothing of memory simulation, paging or the browser.

pub mod ast;
pub mod codemap;
pub mod diagnostics;
pub mod dump;
pub mod hir;
pub mod lexer;
pub mod parser;
pub mod preprocess;
pub mod printf;
pub mod render;
pub mod sema;
pub mod sort;
pub mod token;
pub mod types;

use codemap::Spanned;
use diagnostics::Diagnostic;
use preprocess::Header;

/// A checked program: the tree, the headers it included, the typed program for the
/// machine, and every diagnostic, sorted by position. The program is only fit to run when
/// there are no errors.
pub struct Checked {
    pub unit: ast::TranslationUnit,
    pub headers: Vec<Spanned<Header>>,
    pub program: hir::Program,
    pub diagnostics: Vec<Diagnostic>,
}

impl Checked {
    pub fn has_errors(&self) -> bool {
        self.diagnostics.iter().any(Diagnostic::is_error)
    }
}

/// Lexes, preprocesses, parses and analyzes `source`.
pub fn check(source: &str) -> Checked {
    let parse = parser::parse(source);
    let (program, semantic) = sema::analyze(&parse.unit, &parse.headers, source.len() as u32);
    let mut diagnostics = parse.diagnostics;
    diagnostics.extend(semantic);
    sort::sort_by_key(&mut diagnostics, |d| (d.span.start, d.severity));
    if diagnostics.len() > parser::MAX_DIAGNOSTICS + 1 {
        // Keep errors before warnings: an error is what stops the program from running.
        let dropped = diagnostics.len() - parser::MAX_DIAGNOSTICS;
        sort::sort_by_key(&mut diagnostics, |d| (d.severity, d.span.start));
        diagnostics.truncate(parser::MAX_DIAGNOSTICS);
        sort::sort_by_key(&mut diagnostics, |d| (d.span.start, d.severity));
        diagnostics.push(Diagnostic::error(
            codemap::Span::at(source.len() as u32),
            format!("too many errors and warnings: {dropped} more were not shown; fix the first ones and try again"),
        ));
    }
    Checked {
        unit: parse.unit,
        headers: parse.headers,
        program,
        diagnostics,
    }
}
