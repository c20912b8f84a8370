//! Time travel: any earlier step, reached by restoring a checkpoint and replaying, looks
//! exactly as it did when the run first passed it; stepping back then forward gives the
//! same views.

use memplay_machine::{Machine, Settings, Snapshot, Timeline};

const PROGRAM: &str = r#"#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>

pthread_mutex_t lock;
int shared;

void *worker(void *arg) {
    int *cell = malloc(sizeof(int));
    for (int i = 0; i < 5; i++) {
        pthread_mutex_lock(&lock);
        shared += *(int *)arg;
        pthread_mutex_unlock(&lock);
    }
    *cell = shared;
    return cell;
}

int fib(int n) { return n < 2 ? n : fib(n - 1) + fib(n - 2); }

int main(void) {
    int one = 1, two = 2;
    pthread_t a, b;
    pthread_create(&a, NULL, worker, &one);
    pthread_create(&b, NULL, worker, &two);
    void *ra;
    void *rb;
    pthread_join(a, &ra);
    pthread_join(b, &rb);
    printf("%d %d\n", shared, fib(8));
    free(ra);
    free(rb);
    return 0;
}
"#;

fn machine() -> Machine {
    let checked = memplay_lang::check(PROGRAM);
    assert!(!checked.has_errors(), "{:?}", checked.diagnostics);
    let settings = Settings {
        quantum: 3,
        ..Settings::default()
    };
    Machine::new(&checked.program, PROGRAM, "tt.c", settings).unwrap()
}

/// Every step's snapshot, from a plain run; the last is the ended program (at the same
/// step count as the statement it ended in).
fn reference() -> Vec<Snapshot> {
    let mut machine = machine();
    let mut snapshots = vec![machine.snapshot()];
    while machine.step() {
        snapshots.push(machine.snapshot());
    }
    snapshots.push(machine.snapshot());
    snapshots
}

#[test]
fn every_step_looks_the_same_when_revisited() {
    let expected = reference();
    let last = expected.len() as u64 - 3;
    let mut timeline = Timeline::new(machine(), 7);
    timeline.go_to(u64::MAX);
    assert_eq!(timeline.machine().status().exit_status(), Some(0));
    assert_eq!(&timeline.machine().snapshot(), expected.last().unwrap());
    assert!(
        timeline.checkpoints() as u64 >= last / 7,
        "a checkpoint every 7 steps"
    );
    // Jump around: backwards and forwards, far and near.
    let mut order: Vec<u64> = (0..=last).rev().collect();
    order.extend([0, last / 2, 3, last, 1, last - 1, 10]);
    for step in order {
        timeline.go_to(step);
        assert_eq!(timeline.step(), step);
        assert_eq!(
            timeline.machine().snapshot(),
            expected[step as usize],
            "step {step} differs when revisited"
        );
    }
}

#[test]
fn back_then_forward_is_where_we_were() {
    let mut timeline = Timeline::new(machine(), 5);
    for _ in 0..40 {
        timeline.forward();
    }
    let here = timeline.machine().snapshot();
    let stdout = timeline.machine().stdout().to_vec();
    assert!(timeline.back());
    assert_eq!(timeline.step(), 39);
    timeline.forward();
    assert_eq!(timeline.machine().snapshot(), here);
    assert_eq!(timeline.machine().stdout(), &stdout[..]);
    timeline.go_to(0);
    assert!(!timeline.back(), "nothing before the first step");
}

/// The line a position's statement is on.
fn line(timeline: &Timeline) -> usize {
    let machine = timeline.machine();
    machine.line_of(machine.position().statement)
}

#[test]
fn stepping_over_and_out_in_both_directions() {
    let mut timeline = Timeline::new(machine(), 10);
    // Run to the printf line (which calls fib), then into fib.
    assert!(timeline.forward_until(|p| p.thread == 1 && p.depth == 1)); // main's first line
    let printf_line = PROGRAM
        .lines()
        .position(|l| l.contains("printf(\"%d %d"))
        .unwrap()
        + 1;
    let machine_line = |t: &Timeline| line(t);
    while machine_line(&timeline) != printf_line {
        assert!(
            timeline.step_over(),
            "the printf line is reached by stepping over"
        );
    }
    assert_eq!(timeline.machine().position().depth, 1);
    let at_printf = timeline.step();
    // Stepping into the call goes deeper; stepping out comes back to main.
    timeline.forward();
    assert_eq!(timeline.machine().position().depth, 2, "inside fib");
    assert!(timeline.step_out());
    assert_eq!(timeline.machine().position().depth, 1);
    assert!(timeline.step() > at_printf + 10, "fib(8) took many steps");
    // Backwards: stepping over goes back to the printf line without entering fib.
    assert!(timeline.step_over_back());
    assert_eq!(timeline.step(), at_printf);
    // Into fib again, then out backwards: back at the call.
    timeline.go_to(at_printf + 5);
    assert!(timeline.machine().position().depth > 1);
    while timeline.machine().position().depth > 1 {
        assert!(timeline.step_out_back());
    }
    assert_eq!(timeline.step(), at_printf);
}
