//! memplay's C subset (see c-subset.md): source text in, a checked and typed program plus
//! diagnostics out. Knows nothing of memory simulation, paging or the browser.

pub mod ast;
pub mod codemap;
pub mod diagnostics;
pub mod dump;
pub mod lexer;
pub mod parser;
pub mod preprocess;
pub mod render;
pub mod token;
pub mod types;

use codemap::Spanned;
use diagnostics::Diagnostic;
use preprocess::Header;

/// A checked program: the tree, the headers it included, and every diagnostic, sorted by
/// position.
pub struct Checked {
    pub unit: ast::TranslationUnit,
    pub headers: Vec<Spanned<Header>>,
    pub diagnostics: Vec<Diagnostic>,
}

impl Checked {
    pub fn has_errors(&self) -> bool {
        self.diagnostics.iter().any(Diagnostic::is_error)
    }
}

/// Lexes, preprocesses and parses `source`. (Semantic checks join here as they land.)
pub fn check(source: &str) -> Checked {
    let parse = parser::parse(source);
    Checked {
        unit: parse.unit,
        headers: parse.headers,
        diagnostics: parse.diagnostics,
    }
}
