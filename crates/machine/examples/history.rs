//! How much memory the time-travel history of a long run takes: runs a program of about
//! ten million steps (the default step budget) through a [`Timeline`] with the default
//! budget, then jumps back to far and near steps. Prints the history's own estimate, the
//! process's peak resident memory, and the worst jump.
//! `cargo run --release -p memplay-machine --example history [FILE.c]`

use std::time::Instant;

use memplay_machine::{Machine, Settings, Timeline};

/// Loops over a 1 MiB array and a linked structure on the heap, printing now and then:
/// memory, the heap and the output all change as the run goes.
const PROGRAM: &str = r#"#include <stdio.h>
#include <stdlib.h>
struct node { int value; struct node *next; };
int big[262144];
int main(void) {
    struct node *list = 0;
    long sum = 0;
    for (int round = 0; round < 19; round++) {
        for (int i = 0; i < 262144; i++) {
            big[i] = big[i] + i + round;
            sum += big[i];
        }
        struct node *n = malloc(sizeof(struct node));
        n->value = round;
        n->next = list;
        list = n;
        printf("round %d sum %ld\n", round, sum);
    }
    while (list) {
        struct node *next = list->next;
        free(list);
        list = next;
    }
    return 0;
}
"#;

fn peak_resident_kib() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    line.split_whitespace().nth(1)?.parse().ok()
}

fn main() {
    let source = match std::env::args().nth(1) {
        Some(path) => std::fs::read_to_string(path).expect("a readable file"),
        None => PROGRAM.to_string(),
    };
    let checked = memplay_lang::check(&source);
    assert!(!checked.has_errors(), "{:?}", checked.diagnostics);
    let machine =
        Machine::new(&checked.program, &source, "history.c", Settings::default()).expect("loads");
    let before = peak_resident_kib().unwrap_or(0);
    let started = Instant::now();
    let mut timeline = Timeline::new(machine, 1000);
    timeline.go_to(u64::MAX);
    let run = started.elapsed();
    let steps = timeline.step();
    println!(
        "{steps} steps in {:.1} s ({:.2} M steps/s), status {:?}",
        run.as_secs_f64(),
        steps as f64 / run.as_secs_f64() / 1e6,
        timeline.machine().status()
    );
    println!(
        "history estimate {:.1} MB: trail {:.1} MB, {} checkpoints, interval {} steps",
        timeline.history_bytes() as f64 / 1e6,
        (timeline.recorded() + 1) as f64 * 12.0 / 1e6,
        timeline.checkpoints(),
        timeline.interval()
    );
    println!(
        "peak resident {:.1} MB (process start {:.1} MB)",
        peak_resident_kib().unwrap_or(0) as f64 / 1024.0,
        before as f64 / 1024.0
    );
    let mut worst = 0.0f64;
    for step in [steps / 2, 1, steps - 2, steps / 3, steps / 7 * 5, 12_345] {
        let jump = Instant::now();
        timeline.go_to(step);
        let took = jump.elapsed().as_secs_f64();
        if std::env::var_os("HISTORY_VERBOSE").is_some() {
            println!("  to step {step}: {:.1} ms", took * 1000.0);
        }
        worst = worst.max(took);
    }
    println!("worst jump back {:.1} ms", worst * 1000.0);
}
