//! Fuzz target `render`: what the `memplay` command shows a person. The front end's
//! diagnostics for any input, rendered gcc-style with source excerpts and carets
//! (`memplay_lang::render::render`), which slices the source by those spans.

#![no_main]

use libfuzzer_sys::fuzz_target;

mod invariants;

fuzz_target!(|data: &[u8]| {
    let source = String::from_utf8_lossy(data);
    let checked = memplay_lang::check(&source);
    invariants::assert_holds(&source, &checked);
    let _ = memplay_lang::render::render("fuzz.c", &source, &checked.diagnostics);
});
