//! Fuzz target `check`: any bytes, read as (lossy) UTF-8, go through the whole front end
//! (`memplay_lang::check`). Besides "never panics, never hangs, never overflows the stack",
//! it asserts the promises `check` makes about its diagnostics (see invariants.rs).

#![no_main]

use libfuzzer_sys::fuzz_target;

mod invariants;

fuzz_target!(|data: &[u8]| {
    let source = String::from_utf8_lossy(data);
    let checked = memplay_lang::check(&source);
    invariants::assert_holds(&source, &checked);
});
