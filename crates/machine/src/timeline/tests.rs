//! What the timeline keeps for plots: the series' points are the snapshots' figures, the
//! reference string is the run's pages, and neither depends on how the run was recorded
//! (in slices, with jumps back and replays in between) or changes what the machine does.

use super::*;
use crate::machine::Settings;
use crate::references::MAX_REFERENCES;
use crate::series::SERIES_POINTS;

/// Blocks allocated and freed out of order (fragmentation), a recursion, and a thread:
/// every figure of the series moves. About 8000 steps.
const PROGRAM: &str = r#"#include <pthread.h>
#include <stdlib.h>

int depth(int n) { return n == 0 ? 0 : 1 + depth(n - 1); }

void *worker(void *arg) {
    int *cell = malloc(sizeof(int));
    *cell = depth(*(int *)arg);
    return cell;
}

int main(void) {
    char *blocks[64];
    int total = 0;
    pthread_t thread;
    int ten = 10;
    pthread_create(&thread, NULL, worker, &ten);
    for (int round = 0; round < 20; round++) {
        for (int i = 0; i < 64; i++)
            blocks[i] = malloc(16 + (i * 37 + round) % 200);
        for (int i = 0; i < 64; i += 2)
            free(blocks[i]);
        total += depth(round);
        for (int i = 1; i < 64; i += 2)
            free(blocks[i]);
    }
    void *result;
    pthread_join(thread, &result);
    free(result);
    return total % 7;
}
"#;

fn load(source: &str) -> Machine {
    let checked = memplay_lang::check(source);
    assert!(!checked.has_errors(), "{:?}", checked.diagnostics);
    let settings = Settings {
        quantum: 5,
        ..Settings::default()
    };
    Machine::new(&checked.program, source, "plots.c", settings).unwrap()
}

/// Records the whole run as the app does, in slices, jumping back between them.
fn record_in_slices(mut timeline: Timeline, slice: u64) -> Timeline {
    while matches!(timeline.machine().status(), Status::Running)
        || timeline.step() < timeline.recorded()
    {
        let recorded = timeline.recorded();
        timeline.go_to(recorded + slice);
        timeline.sample_latest();
        if timeline.step() < recorded + slice {
            break;
        }
        timeline.go_to(recorded / 3);
    }
    timeline
}

#[test]
fn each_point_has_the_figures_of_its_steps_snapshot() {
    let mut timeline = record_in_slices(Timeline::new(load(PROGRAM), 50), 997);
    let end = timeline.recorded();
    assert!(
        end > 2 * SERIES_POINTS as u64,
        "{end} steps: too few to thin"
    );
    let points = timeline.series().points();
    assert!(points.len() <= SERIES_POINTS + 1, "{} points", points.len());
    assert!(points.len() > SERIES_POINTS / 2, "{} points", points.len());
    assert!(timeline.series().spacing() > 1, "the series thinned");
    assert_eq!(
        points.first().map(|p| p.step),
        Some(0),
        "the first step is kept"
    );
    assert_eq!(
        points.last().map(|p| p.step),
        Some(end),
        "the last step is kept"
    );
    let measured = points
        .iter()
        .filter(|p| p.external_fragmentation.is_some())
        .count();
    assert!(measured > points.len() / 2, "{measured} points measured");
    let mut deepest_thread_total = 0;
    let mut previous: Option<u64> = None;
    for point in &points {
        timeline.go_to(point.step);
        let snapshot = timeline.machine().snapshot();
        let metrics = snapshot.heap.metrics.expect("an intact heap");
        assert_eq!(point.heap_bytes, snapshot.heap.brk - snapshot.heap.start);
        assert_eq!(
            point.live_bytes, metrics.live_requested,
            "step {}",
            point.step
        );
        if let Some(fragmentation) = point.external_fragmentation {
            assert_eq!(fragmentation, metrics.external_fragmentation);
        }
        let frames: usize = snapshot.threads.iter().map(|t| t.frames.len()).sum();
        assert_eq!(point.stack_frames as usize, frames, "step {}", point.step);
        deepest_thread_total = deepest_thread_total.max(frames);
        // The deepest running stack of the steps since the point before, from the trail.
        let since = previous.map_or(0, |step| step + 1);
        let deepest = (since..=point.step)
            .map(|step| timeline.position(step).unwrap().depth)
            .max();
        assert_eq!(Some(point.deepest_frames), deepest, "step {}", point.step);
        previous = Some(point.step);
    }
    assert!(points.iter().any(|p| p.live_bytes > 1000));
    assert!(points.iter().any(|p| p.external_fragmentation > Some(0.3)));
    assert!(points.iter().map(|p| p.deepest_frames).max() >= Some(20));
    assert!(deepest_thread_total > 2, "two threads' frames add up");
}

#[test]
fn the_series_does_not_depend_on_how_the_run_was_recorded() {
    let mut at_once = Timeline::new(load(PROGRAM), 50);
    at_once.go_to(u64::MAX);
    let sliced = record_in_slices(Timeline::new(load(PROGRAM), 50), 331);
    assert_eq!(at_once.series().points(), sliced.series().points());
    assert_eq!(at_once.references().pages(), sliced.references().pages());
}

/// The pages a plain run of `source` accesses from its first step, repeats included.
fn pages_of_a_plain_run(source: &str) -> Vec<u32> {
    let mut machine = load(source);
    machine.space.record_references(true);
    let mut pages = Vec::new();
    while machine.step() {
        machine.space.drain_references(|page| pages.push(page));
    }
    machine.space.drain_references(|page| pages.push(page));
    pages
}

#[test]
fn the_reference_string_is_the_runs_pages_with_repeats_merged() {
    let pages = pages_of_a_plain_run(PROGRAM);
    let mut merged = pages.clone();
    merged.dedup();
    assert!(merged.len() < pages.len());
    let timeline = record_in_slices(Timeline::new(load(PROGRAM), 50), 500);
    let references = timeline.references();
    assert_eq!(references.pages(), merged.as_slice(), "replays add nothing");
    assert_eq!(references.accesses(), pages.len() as u64);
    assert!(!references.is_capped());
}

/// Alternates between two pages of a global array on every access: nothing merges.
const PING_PONG: &str = r#"int big[4096];
int main(void) {
    for (int i = 0; i < 40000; i++)
        big[(i % 2) * 2048] += big[((i + 1) % 2) * 2048];
    return 0;
}
"#;

#[test]
fn a_long_string_is_capped_at_its_beginning_and_recording_stops() {
    let mut timeline = Timeline::new(load(PING_PONG), 1000);
    timeline.go_to(u64::MAX);
    let references = timeline.references();
    assert!(references.is_capped());
    assert_eq!(references.pages().len(), MAX_REFERENCES);
    let pages = pages_of_a_plain_run(PING_PONG);
    let mut merged = pages;
    merged.dedup();
    assert!(merged.len() > MAX_REFERENCES);
    assert_eq!(references.pages(), &merged[..MAX_REFERENCES]);
    assert!(!timeline.machine().space.records_references());
}

#[test]
fn recording_for_plots_changes_nothing_the_machine_does() {
    for source in [PROGRAM, PING_PONG] {
        let mut plain = load(source);
        plain.run();
        let mut timeline = Timeline::new(load(source), 100);
        timeline.go_to(u64::MAX);
        let recorded = timeline.machine();
        assert_eq!(recorded.ticks(), plain.ticks());
        assert_eq!(recorded.status(), plain.status());
        assert_eq!(recorded.space().stats(), plain.space().stats());
        assert_eq!(recorded.space().costs(), plain.space().costs());
        assert_eq!(recorded.snapshot(), plain.snapshot());
    }
}

/// A thousand live blocks, then a malloc or a free at nearly every step: walking every
/// block at every point would cost more than the run itself.
const BUSY_HEAP: &str = r#"#include <stdlib.h>
int main(void) {
    char *blocks[1000];
    for (int i = 0; i < 1000; i++)
        blocks[i] = malloc(8 + i % 24);
    for (int round = 0; round < 3000; round++) {
        int i = (round * 7) % 1000;
        free(blocks[i]);
        blocks[i] = malloc(8 + round % 40);
    }
    return 0;
}
"#;

#[test]
fn fragmentation_is_measured_only_as_often_as_the_steps_pay_for() {
    let mut timeline = Timeline::new(load(BUSY_HEAP), 500);
    timeline.go_to(u64::MAX);
    let steps = timeline.recorded();
    let gauge = timeline.gauge.clone();
    assert!(
        gauge.walked <= gauge.allowance(steps) + gauge.last_walk,
        "{} blocks walked in {steps} steps",
        gauge.walked
    );
    let points = timeline.series().points();
    let measured: Vec<_> = points
        .iter()
        .filter(|p| p.external_fragmentation.is_some())
        .collect();
    assert!(measured.len() > 20, "{} points measured", measured.len());
    assert!(measured.len() < points.len(), "every point measured");
    for point in measured {
        timeline.go_to(point.step);
        let metrics = timeline.machine().snapshot().heap.metrics.unwrap();
        assert_eq!(
            point.external_fragmentation,
            Some(metrics.external_fragmentation),
            "step {}",
            point.step
        );
    }
}
