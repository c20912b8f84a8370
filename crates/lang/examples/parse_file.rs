//! Prints the syntax tree and diagnostics of a C file: `cargo run -p memplay-lang --example parse_file FILE.c`
fn main() {
    let path = std::env::args().nth(1).expect("usage: parse_file FILE.c");
    let source = std::fs::read_to_string(&path).expect("readable file");
    let parse = memplay_lang::parser::parse(&source);
    print!("{}", memplay_lang::dump::dump(&parse.unit));
    for d in &parse.diagnostics {
        println!("{:?} {}: {}", d.severity, d.span, d.message);
    }
}
