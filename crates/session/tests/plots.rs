//! The Plots view's data from a recorded run: the time series reaches the run's last step,
//! and Belady's curve of the run's reference string agrees with the paging engine's own
//! reference-string simulator.

use memplay_machine::{Machine, Timeline};
use memplay_paging::policy::PolicyKind;
use memplay_paging::reference::{Reference, RunSettings, count};
use memplay_session::playback::{Move, Playback};
use memplay_session::plots::{BeladyCurve, SERIES_POINTS};
use memplay_session::run::MachineSettings;

/// Mallocs, frees and a sweep over an array of 48 pages, three times: with fewer frames
/// than that, LRU faults on every page of every sweep.
const PROGRAM: &str = r#"#include <stdlib.h>
char big[48 * 4096];
int main(void) {
    char *blocks[16];
    for (int i = 0; i < 16; i++)
        blocks[i] = malloc(100 + i * 10);
    for (int i = 0; i < 16; i += 2)
        free(blocks[i]);
    for (int round = 0; round < 3; round++)
        for (int i = 0; i < 48 * 4096; i += 4096)
            big[i] += round;
    for (int i = 1; i < 16; i += 2)
        free(blocks[i]);
    return big[4096];
}
"#;

fn recorded() -> Playback {
    let mut playback = Playback::start("p.c", PROGRAM, MachineSettings::default()).unwrap();
    while !playback.record(97) {}
    playback
}

fn curve_of(playback: &Playback) -> BeladyCurve {
    let mut job = playback.belady_job().unwrap();
    let mut slices = 0;
    while !job.advance(1000) {
        slices += 1;
    }
    assert!(slices > 3, "the work is spread over slices");
    let (done, total) = job.progress();
    assert_eq!(done, total);
    job.result().unwrap()
}

#[test]
fn the_time_series_runs_from_the_first_step_to_the_last() {
    let mut playback = recorded();
    let series = playback.time_series();
    let end = playback.recorded();
    assert!(series.points.len() <= SERIES_POINTS + 1);
    assert_eq!(series.points.first().unwrap().step, 0);
    let last = *series.points.last().unwrap();
    assert_eq!(last.step, end);
    playback.apply(Move::ToEnd);
    let view = playback.view();
    assert_eq!(
        last.heap_bytes,
        view.snapshot.heap.brk - view.snapshot.heap.start
    );
    assert_eq!(last.live_bytes, 0, "everything was freed");
    assert!(series.points.iter().any(|p| p.live_bytes >= 1000));
    assert!(
        series
            .points
            .iter()
            .any(|p| p.external_fragmentation > Some(0.0))
    );
}

#[test]
fn beladys_curve_agrees_with_a_direct_simulation_of_the_runs_string() {
    let playback = recorded();
    let curve = curve_of(&playback);
    // The same run's string, straight from a timeline of the machine.
    let checked = memplay_lang::check(PROGRAM);
    let machine =
        Machine::new(&checked.program, PROGRAM, "p.c", MachineSettings::default()).expect("loads");
    let mut timeline = Timeline::new(machine, 2000);
    timeline.go_to(u64::MAX);
    let pages = timeline.references().pages();
    assert_eq!(curve.references, pages.len());
    assert!(
        (49..64).contains(&curve.distinct_pages),
        "{}",
        curve.distinct_pages
    );
    let top = curve.distinct_pages;
    assert_eq!(
        curve.frames,
        (1..=top).collect::<Vec<u64>>(),
        "up to the pages touched"
    );
    let refs: Vec<Reference> = pages.iter().map(|&p| Reference::read(p.into())).collect();
    for (index, policy) in [
        (0, PolicyKind::Fifo),
        (1, PolicyKind::Lru),
        (2, PolicyKind::Opt),
    ] {
        for frames in [1, 5, 40, top] {
            let direct = count(&refs, &RunSettings::new(policy, frames)).unwrap();
            assert_eq!(
                curve.curves[index].faults[frames as usize - 1],
                direct.misses,
                "{policy} with {frames} frames"
            );
        }
    }
}

#[test]
fn the_curve_of_a_run_behaves_as_the_textbook_says() {
    let curve = curve_of(&recorded());
    let faults = |label: &str| {
        &curve
            .curves
            .iter()
            .find(|c| c.label == label)
            .unwrap()
            .faults
    };
    // LRU and OPT are stack algorithms: more frames never fault more.
    for label in ["LRU", "OPT"] {
        assert!(faults(label).windows(2).all(|w| w[1] <= w[0]), "{label}");
    }
    // OPT is optimal, and every page faults at least once.
    for policy in &curve.curves {
        for (i, &f) in policy.faults.iter().enumerate() {
            assert!(
                faults("OPT")[i] <= f,
                "{} at {} frames",
                policy.label,
                i + 1
            );
            assert!(f >= curve.distinct_pages, "{}", policy.label);
        }
    }
    // Sweeping 48 pages three times: below 48 frames LRU refaults every page each sweep.
    let lru = faults("LRU");
    assert!(lru[20] >= 3 * 48, "{}", lru[20]);
    let enough = *lru.last().unwrap();
    assert_eq!(
        enough, curve.distinct_pages,
        "with a frame per page, first touches only"
    );
}
