//! The engine's share of a step render: one step forward and one back, each with its
//! `StepView`, at the UI benchmark's measuring point (www/bench/ui.mjs: 1,000 live heap
//! blocks, 101 stack frames). `cargo run --release -p memplay-session --example step_view`
//! prints the medians of 15 rounds; the browser adds WebAssembly's slowdown and the render.
use memplay_machine::Settings;
use memplay_session::playback::{Move, Playback};
use std::time::Instant;

const PROGRAM: &str = include_str!("../../../www/bench/step-render.c");

fn main() {
    let line = PROGRAM
        .lines()
        .position(|l| l.contains("x = x + 2"))
        .unwrap() as u32
        + 1;
    let mut playback = Playback::start("bench.c", PROGRAM, Settings::default()).unwrap();
    while !playback.record(100_000) {}
    playback.stop_recording();
    playback.apply(Move::ToStart);
    playback.apply(Move::ToLine(line));
    let _ = playback.view();
    let mut forward = Vec::new();
    let mut back = Vec::new();
    let mut forward_move = Vec::new();
    let mut back_move = Vec::new();
    for _ in 0..15 {
        let t = Instant::now();
        playback.apply(Move::Forward);
        let m = t.elapsed();
        let view = playback.view();
        forward.push(t.elapsed().as_secs_f64() * 1e3);
        forward_move.push(m.as_secs_f64() * 1e3);
        std::hint::black_box(view);
        let t = Instant::now();
        playback.apply(Move::Back);
        back_move.push(t.elapsed().as_secs_f64() * 1e3);
        let view = playback.view();
        back.push(t.elapsed().as_secs_f64() * 1e3);
        std::hint::black_box(view);
    }
    forward.sort_by(f64::total_cmp);
    back.sort_by(f64::total_cmp);
    forward_move.sort_by(f64::total_cmp);
    back_move.sort_by(f64::total_cmp);
    println!(
        "forward median {:.2} ms (move {:.3}), back median {:.2} ms (move {:.3})",
        forward[7], forward_move[7], back[7], back_move[7]
    );
}
