//! memplay's C subset (see c-subset.md): source text in, a checked and typed program plus
//! diagnostics out. Knows nothing of memory simulation, paging or the browser.

pub mod ast;
pub mod codemap;
pub mod diagnostics;
pub mod dump;
pub mod lexer;
pub mod parser;
pub mod preprocess;
pub mod token;
pub mod types;
