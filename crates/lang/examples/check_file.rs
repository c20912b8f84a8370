//! Checks a C file and prints its diagnostics gcc-style:
//! `cargo run -p memplay-lang --example check_file FILE.c`
fn main() {
    let path = std::env::args().nth(1).expect("usage: check_file FILE.c");
    let source = std::fs::read_to_string(&path).expect("readable file");
    let checked = memplay_lang::check(&source);
    print!(
        "{}",
        memplay_lang::render::render(&path, &source, &checked.diagnostics)
    );
}
