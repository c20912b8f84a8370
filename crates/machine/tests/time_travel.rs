//! Time travel: any earlier step, reached by restoring a checkpoint and replaying, looks
//! exactly as it did when the run first passed it; stepping back then forward gives the
//! same views.

use memplay_machine::{EventKind, EventMarks, Granularity, Machine, Settings, Snapshot, Timeline};

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
        // The step before, as a view compares with it: kept by the jump, or replayed.
        let before = timeline.machine_before().map(Machine::snapshot);
        assert_eq!(
            before.as_ref(),
            step.checked_sub(1).map(|s| &expected[s as usize])
        );
        assert_eq!(
            timeline.step(),
            step,
            "asking for the step before stays here"
        );
        assert_eq!(timeline.machine().snapshot(), expected[step as usize]);
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
    machine.line_of(machine.span())
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

fn load(source: &str, settings: Settings) -> Machine {
    let checked = memplay_lang::check(source);
    assert!(!checked.has_errors(), "{:?}", checked.diagnostics);
    Machine::new(&checked.program, source, "t.c", settings).unwrap()
}

/// The source text of each step's expression (or statement) in main's thread.
fn stops(source: &str, granularity: Granularity) -> (Vec<String>, Machine) {
    let settings = Settings {
        granularity,
        ..Settings::default()
    };
    let mut machine = load(source, settings);
    let mut stops = Vec::new();
    while machine.step() {
        let snapshot = machine.snapshot();
        let thread = &snapshot.threads[0];
        let place = thread.expression.unwrap_or(thread.span);
        stops.push(source[place.start as usize..place.end as usize].to_string());
    }
    (stops, machine)
}

const CALLS: &str = r#"#include <stdio.h>
int twice(int x) { return 2 * x; }
int main(void) {
    int a = twice(1) + twice(2);
    a++;
    printf("%d\n", a);
    return 0;
}
"#;

#[test]
fn expression_steps_stop_before_each_call_and_assignment() {
    let (statements, by_statement) = stops(CALLS, Granularity::Statement);
    let (expressions, by_expression) = stops(CALLS, Granularity::Expression);
    assert_eq!(
        statements,
        [
            "int a = twice(1) + twice(2);",
            "return 2 * x;",
            "return 2 * x;",
            "a++;",
            "printf(\"%d\\n\", a);",
            "return 0;",
        ]
    );
    assert_eq!(
        expressions,
        [
            "int a = twice(1) + twice(2);",
            "twice(1)",
            "return 2 * x;",
            "twice(2)",
            "return 2 * x;",
            "a++;",
            // The lone call of an expression statement is the statement's stop already.
            "printf(\"%d\\n\", a);",
            "return 0;",
        ]
    );
    // The same run either way: output, statements counted, exit status.
    assert_eq!(by_statement.stdout(), by_expression.stdout());
    assert_eq!(by_statement.steps(), by_expression.steps());
    assert_eq!(by_expression.ticks(), by_statement.ticks() + 2);
    assert_eq!(by_expression.status(), by_statement.status());
}

const EVENTS: &str = r#"#include <stdio.h>
#include <stdlib.h>
int *make(int n) {
    int *p = malloc(n * sizeof(int));
    for (int i = 0; i < n; i++)
        p[i] = i;
    return p;
}
int main(void) {
    int *a = make(4);
    int *b = make(2000);
    printf("%d\n", a[3] + b[1999]);
    free(a);
    int x = b[2000];
    free(b);
    return x == 0;
}
"#;

/// The line of the statement a timeline's current step is at.
fn line_at(timeline: &Timeline, source: &str) -> usize {
    let span = timeline.machine().span();
    source[..span.start as usize].matches('\n').count() + 1
}

#[test]
fn next_and_previous_event_of_a_kind_in_both_directions() {
    let mut timeline = Timeline::new(load(EVENTS, Settings::default()), 8);
    // Forward: the first malloc happens in make's first statement; the step after it is
    // the loop.
    assert!(timeline.next_event(EventKind::Malloc));
    assert_eq!(line_at(&timeline, EVENTS), 5);
    let first_malloc = timeline.step();
    assert!(timeline.next_event(EventKind::Malloc));
    let second_malloc = timeline.step();
    assert!(second_malloc > first_malloc);
    assert!(timeline.next_event(EventKind::Output));
    assert_eq!(line_at(&timeline, EVENTS), 13, "after the printf line");
    assert!(timeline.next_event(EventKind::Free));
    assert_eq!(line_at(&timeline, EVENTS), 14);
    // Reading past b's end is an invalid read, reported and survived.
    assert!(timeline.next_event(EventKind::Error));
    assert_eq!(line_at(&timeline, EVENTS), 15);
    assert_eq!(timeline.machine().errors().len(), 1);
    assert!(!timeline.next_event(EventKind::Error), "no second error");
    assert_eq!(timeline.machine().status().exit_status(), Some(0));
    // Backwards, from the end.
    assert!(timeline.previous_event(EventKind::Malloc));
    assert_eq!(timeline.step(), second_malloc);
    assert!(timeline.previous_event(EventKind::Malloc));
    assert_eq!(timeline.step(), first_malloc);
    assert!(!timeline.previous_event(EventKind::Malloc));
    assert_eq!(
        timeline.step(),
        first_malloc,
        "stays put when there is none"
    );
    // Calls: into make twice; returns: out of it twice (and main's return ends the run).
    assert_eq!(timeline.steps_with(EventKind::Call).len(), 2);
    assert_eq!(timeline.steps_with(EventKind::Return).len(), 3);
    // 2000 ints span pages: the first touches of new pages fault.
    let faults = timeline.steps_with(EventKind::PageFault);
    assert!(faults.len() >= 2, "{faults:?}");
    for step in faults {
        assert!(
            timeline
                .position(step)
                .unwrap()
                .events
                .contains(EventKind::PageFault)
        );
    }
    // The scrubber's marks: every kind's steps counted, and binned as the steps say.
    let last = timeline.recorded();
    for bin_count in [1, 7, 400] {
        let marks = timeline.event_marks(bin_count);
        assert_eq!(marks.len(), EventKind::ALL.len());
        for (mark, &kind) in marks.iter().zip(EventKind::ALL) {
            assert_eq!(mark.kind, kind);
            let with = timeline.steps_with(kind);
            assert_eq!(mark.steps, with.len() as u64, "{kind:?}");
            let mut bins: Vec<u32> = with
                .iter()
                .map(|&step| EventMarks::bin_of(step, last, bin_count))
                .collect();
            bins.dedup();
            assert_eq!(mark.bins, bins, "{kind:?} in {bin_count} bins");
            // Each step's mark lies where the scrubber's thumb stands at that step.
            let spacing = 1.0 / f64::from((bin_count - 1).max(1));
            for &step in &with {
                let at = mark.fraction(EventMarks::bin_of(step, last, bin_count));
                let thumb = step as f64 / last as f64;
                assert!(
                    bin_count == 1 || (at - thumb).abs() <= spacing / 2.0 + 1e-9,
                    "{kind:?} at step {step} of {last}: mark at {at}, thumb at {thumb}"
                );
            }
            assert!(bins.iter().all(|&b| b < bin_count));
        }
    }
}

#[test]
fn a_fatal_error_is_the_last_step_and_an_event() {
    let source = "int main(void) { int *p = 0; int x = 1; x = *p; return x; }";
    let mut timeline = Timeline::new(load(source, Settings::default()), 4);
    assert!(timeline.next_event(EventKind::Error));
    assert_eq!(timeline.machine().status().exit_status(), Some(139));
    let end = timeline.step();
    assert_eq!(
        timeline.recorded(),
        end,
        "the end is the last recorded step"
    );
    timeline.go_to(0);
    timeline.go_to(end);
    assert_eq!(timeline.machine().status().exit_status(), Some(139));
    assert_eq!(timeline.steps_with(EventKind::Error), vec![end]);
}

/// Writes a fresh value into every page of a 2 MiB array, again and again: each
/// checkpoint interval dirties many pages, which checkpoints would keep copies of.
const PAGE_CHURN: &str = r#"char big[2 << 20];
int main(void) {
    for (int round = 0; round < 4; round++)
        for (int i = 0; i < (2 << 20); i += 4096)
            big[i] = round;
    return big[4096];
}
"#;

#[test]
fn the_history_stays_within_its_budget_by_thinning_checkpoints() {
    let budget = 8 << 20;
    let mut timeline = Timeline::with_budget(load(PAGE_CHURN, Settings::default()), 64, budget);
    let mut reference = Vec::new();
    let mut plain = load(PAGE_CHURN, Settings::default());
    while plain.step() {
        if plain.ticks().is_multiple_of(97) {
            reference.push((plain.ticks(), plain.snapshot()));
        }
    }
    timeline.go_to(u64::MAX);
    assert_eq!(timeline.machine().status().exit_status(), Some(3));
    assert!(
        timeline.history_bytes() <= budget,
        "{} bytes of history",
        timeline.history_bytes()
    );
    assert!(timeline.interval() > 64, "the interval grew");
    // Thinned or not, every step is still reachable and looks as it did.
    for (step, snapshot) in reference.iter().rev() {
        timeline.go_to(*step);
        assert_eq!(&timeline.machine().snapshot(), snapshot, "step {step}");
    }
    // Without the budget the same run keeps far more.
    let mut roomy = Timeline::new(load(PAGE_CHURN, Settings::default()), 64);
    roomy.go_to(u64::MAX);
    assert!(
        roomy.history_bytes() > 4 * budget,
        "{}",
        roomy.history_bytes()
    );
}

#[test]
fn a_stopped_recording_is_not_run_on_by_moves_or_searches() {
    // Output only at the very end, a million steps away.
    let source = "#include <stdio.h>\nint main(void) { int s = 0; for (int i = 0; i < 300000; i++) s += i; printf(\"%d\\n\", s); return 0; }";
    let mut timeline = Timeline::new(load(source, Settings::default()), 1000);
    timeline.go_to(5_000);
    timeline.stop_recording();
    assert!(
        !timeline.next_event(EventKind::Output),
        "the output lies beyond what was recorded"
    );
    assert_eq!(timeline.step(), 5_000);
    timeline.go_to(0);
    timeline.go_to(1_000_000);
    assert_eq!(timeline.step(), 5_000, "a jump past the end stops there");
    assert!(!timeline.forward());
    assert_eq!(timeline.recorded(), 5_000);
    assert!(timeline.back());
    assert_eq!(timeline.step(), 4_999);
}

/// Fills a 128 KiB heap with 128-byte blocks, then asks for more: each failing malloc walks
/// every block, a thousand memory accesses in one step.
const DEAR_STEPS: &str = r#"#include <stdlib.h>
int main(void) {
    int failed = 0;
    for (int i = 0; i < 2000; i++)
        if (malloc(128) == NULL)
            failed++;
    return failed > 0;
}
"#;

#[test]
fn checkpoints_come_closer_where_steps_are_dear_so_a_replay_stays_short() {
    let settings = Settings {
        max_heap: 128 << 10,
        ..Settings::default()
    };
    let interval = 2_000;
    let mut timeline = Timeline::new(load(DEAR_STEPS, settings.clone()), interval);
    timeline.go_to(u64::MAX);
    assert_eq!(timeline.machine().status().exit_status(), Some(1));
    let steps = timeline.recorded();
    let accesses = timeline.machine().space().stats().accesses;
    // By steps alone there would be one checkpoint per interval; by work, one per
    // interval's worth of accesses (32 a step).
    let by_steps = steps / interval + 1;
    let by_work = accesses / (interval * 32);
    assert!(
        by_work > 2 * by_steps,
        "{accesses} accesses in {steps} steps"
    );
    assert!(
        timeline.checkpoints() as u64 >= by_work,
        "{} checkpoints over {steps} steps and {accesses} accesses",
        timeline.checkpoints()
    );
    // Every step is still reached as it was.
    let mut plain = load(DEAR_STEPS, settings);
    let mut reference = Vec::new();
    while plain.step() {
        if plain.ticks().is_multiple_of(251) {
            reference.push((plain.ticks(), plain.snapshot()));
        }
    }
    for (step, snapshot) in reference.iter().rev() {
        timeline.go_to(*step);
        assert_eq!(&timeline.machine().snapshot(), snapshot, "step {step}");
    }
}
