//! The engine's share of showing a hostile program's last step (www/e2e/hostile.test.mjs
//! runs them in the browser under a 50 ms long-task budget): the jump to the end and the
//! step's view. `cargo run --release -p memplay-session --example hostile_view`.
use memplay_machine::Settings;
use memplay_session::playback::{Move, Playback};
use std::time::Instant;

const PROGRAMS: [(&str, &str); 3] = [
    (
        "endless recursion",
        "int down(int n) {\n    char frame[1024];\n    frame[0] = (char)n;\n    return down(n + 1) + frame[0];\n}\n\nint main(void) {\n    return down(0);\n}\n",
    ),
    (
        "malloc until the heap is gone",
        "#include <stdlib.h>\n\nint main(void) {\n    for (;;) {\n        char *p = malloc(4096);\n        p[0] = 1;\n    }\n}\n",
    ),
    (
        "printf flood",
        "#include <stdio.h>\n\nint main(void) {\n    for (;;) {\n        printf(\"flood\\n\");\n    }\n}\n",
    ),
];

fn main() {
    // The budgets hostile.test.mjs sets.
    let settings = Settings {
        max_steps: 400_000,
        max_output: 65536,
        max_threads: 16,
        max_heap: 1 << 20,
        ..Settings::default()
    };
    for (name, program) in PROGRAMS {
        let mut playback = Playback::start("hostile.c", program, settings.clone()).unwrap();
        while !playback.record(100_000) {}
        playback.stop_recording();
        playback.apply(Move::ToStart);
        let _ = playback.view();
        let start = Instant::now();
        playback.apply(Move::ToEnd);
        let moved = start.elapsed();
        let view = playback.view();
        let shown = start.elapsed();
        let frames: usize = view.snapshot.threads.iter().map(|t| t.frames.len()).sum();
        println!(
            "{name}: to the end {:.2} ms, with its view {:.2} ms ({frames} frames, step {})",
            moved.as_secs_f64() * 1e3,
            shown.as_secs_f64() * 1e3,
            view.step
        );
    }
}
