//! The front end runs in the browser on WebAssembly's smaller stack: programs nested right
//! up to the parser's limit, and far past it, must be checked without a crash. (The front
//! end itself: the playground refuses programs over 64 KiB before checking them, and some
//! of these are larger.)
#![cfg(target_arch = "wasm32")]

use memplay_lang::check;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

#[wasm_bindgen_test]
fn nesting_at_the_limit_and_far_past_it() {
    for depth in [150, 10_000] {
        for source in [
            format!(
                "int main(void) {{ int x = 1; return {}x; }}",
                "!".repeat(depth)
            ),
            format!(
                "int main(void) {{ {}{} return 0; }}",
                "{".repeat(depth),
                "}".repeat(depth)
            ),
            format!(
                "int main(void) {{ int x = 0; {} x = 1; return x; }}",
                "if (x) x++; else ".repeat(depth)
            ),
            format!(
                "int main(void) {{ int x = 1; return x{}; }}",
                " + x".repeat(depth)
            ),
            format!(
                "int main(void) {{ return {}1{}; }}",
                "(".repeat(depth / 3),
                ")".repeat(depth / 3)
            ),
        ] {
            let diagnostics = check(&source).diagnostics;
            let too_deep = diagnostics
                .iter()
                .any(|d| d.message.contains("nested too deeply"));
            assert_eq!(too_deep, depth > 160, "depth {depth}: {diagnostics:?}");
        }
    }
}
