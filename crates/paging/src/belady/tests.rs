use super::*;
use crate::reference::{Reference, count, sweep};
use crate::rng::SplitMix64;

fn reads(pages: &[Page]) -> Vec<Reference> {
    pages.iter().map(|&page| Reference::read(page)).collect()
}

/// A string of `length` references over `distinct` pages where about half the
/// references repeat the page before, as a program's string does.
fn string_with_repeats(rng: &mut SplitMix64, length: usize, distinct: u64) -> Vec<Page> {
    let mut pages: Vec<Page> = Vec::with_capacity(length);
    for _ in 0..length {
        match pages.last() {
            Some(&last) if rng.below(2) == 0 => pages.push(last),
            _ => pages.push(rng.below(distinct)),
        }
    }
    pages
}

fn misses(pages: &[Page], policy: PolicyKind, frames: u64) -> u64 {
    count(&reads(pages), &RunSettings::new(policy, frames))
        .unwrap()
        .misses
}

fn finished(mut job: CurveJob, budget: u64) -> Sweep {
    let mut calls = 0;
    while !job.advance(budget) {
        calls += 1;
        assert!(calls < 1_000_000, "the job makes progress");
    }
    job.result().expect("a finished job has a result")
}

#[test]
fn merging_repeats_keeps_only_changes_of_page() {
    assert_eq!(merge_repeats([1, 1, 2, 2, 2, 1, 3, 3]), vec![1, 2, 1, 3]);
    assert_eq!(merge_repeats([]), Vec::<Page>::new());
    assert_eq!(merge_repeats([5, 5, 5]), vec![5]);
}

#[test]
fn merging_repeats_changes_no_fault_count_of_the_curve_policies() {
    let mut rng = SplitMix64::new(20);
    for _ in 0..200 {
        let length = 1 + rng.below(60) as usize;
        let distinct = 1 + rng.below(8);
        let pages = string_with_repeats(&mut rng, length, distinct);
        let merged = merge_repeats(pages.iter().copied());
        for policy in CURVE_POLICIES {
            for frames in 1..=distinct + 1 {
                assert_eq!(
                    misses(&pages, policy, frames),
                    misses(&merged, policy, frames),
                    "{policy} with {frames} frames on {pages:?}"
                );
            }
        }
    }
}

#[test]
fn merging_repeats_would_change_the_policies_left_out() {
    // LFU counts repeats; NRU, Aging, Working Set and WSClock tick every few references.
    // For each, some string's fault count changes when its repeats are merged.
    let left_out = [
        PolicyKind::Lfu,
        PolicyKind::Nru,
        PolicyKind::Aging,
        PolicyKind::Ws,
        PolicyKind::Wsclock,
    ];
    let mut rng = SplitMix64::new(21);
    let strings: Vec<Vec<Page>> = (0..400)
        .map(|_| string_with_repeats(&mut rng, 40, 6))
        .collect();
    for policy in left_out {
        assert!(!CURVE_POLICIES.contains(&policy));
        let changed = strings.iter().any(|pages| {
            let merged = merge_repeats(pages.iter().copied());
            (1..=5).any(|frames| misses(pages, policy, frames) != misses(&merged, policy, frames))
        });
        assert!(changed, "{policy}: no string's faults changed");
    }
    assert!(
        !CURVE_POLICIES.contains(&PolicyKind::Eclock),
        "it needs writes"
    );
}

#[test]
fn belady_anomaly_shows_in_the_fifo_curve() {
    let pages = [1, 2, 3, 4, 1, 2, 5, 1, 2, 3, 4, 5];
    let job = CurveJob::new(
        pages,
        &CURVE_POLICIES,
        1..=5,
        &RunSettings::new(PolicyKind::Fifo, 1),
    )
    .unwrap();
    let sweep = finished(job, 5);
    assert_eq!(sweep.frames, vec![1, 2, 3, 4, 5]);
    let fifo = &sweep.curves[0];
    assert_eq!(fifo.policy, PolicyKind::Fifo);
    assert_eq!(fifo.misses[2], 9, "3 frames");
    assert_eq!(fifo.misses[3], 10, "4 frames: more frames, more faults");
    assert_eq!(fifo.anomalies, vec![4]);
    // LRU and OPT are stack algorithms: never more faults with more frames.
    for curve in &sweep.curves[1..3] {
        assert!(
            curve.misses.windows(2).all(|pair| pair[1] <= pair[0]),
            "{curve:?}"
        );
        assert!(curve.anomalies.is_empty());
    }
}

#[test]
fn every_point_equals_a_direct_simulation_of_the_unmerged_string() {
    let mut rng = SplitMix64::new(22);
    for round in 0..20 {
        let pages = string_with_repeats(&mut rng, 300, 12);
        let base = RunSettings::new(PolicyKind::Fifo, 1);
        let job = CurveJob::new(pages.iter().copied(), &CURVE_POLICIES, 1..=13, &base).unwrap();
        let sweep = finished(job, 1 + round * 97);
        for (curve, policy) in sweep.curves.iter().zip(CURVE_POLICIES) {
            assert_eq!(curve.policy, policy);
            for (&frames, &faults) in sweep.frames.iter().zip(&curve.misses) {
                assert_eq!(
                    faults,
                    misses(&pages, policy, frames),
                    "{policy}, {frames} frames"
                );
            }
        }
    }
}

#[test]
fn slices_of_any_size_give_the_sweep_of_the_merged_string() {
    let mut rng = SplitMix64::new(23);
    let pages = string_with_repeats(&mut rng, 500, 20);
    let base = RunSettings::new(PolicyKind::Fifo, 1);
    let merged = merge_repeats(pages.iter().copied());
    let whole = sweep(&reads(&merged), &CURVE_POLICIES, 1..=21, &base).unwrap();
    for budget in [1, 7, 499, 10_000, u64::MAX] {
        let job = CurveJob::new(pages.iter().copied(), &CURVE_POLICIES, 1..=21, &base).unwrap();
        assert_eq!(job.pages(), merged.as_slice());
        assert_eq!(finished(job, budget), whole, "budget {budget}");
    }
}

#[test]
fn progress_counts_every_reference_once_and_a_slice_stays_in_its_budget() {
    let pages: Vec<Page> = (0..100).map(|i| i % 7).collect();
    let mut job = CurveJob::new(
        pages,
        &[PolicyKind::Lru, PolicyKind::Opt],
        1..=3,
        &RunSettings::new(PolicyKind::Lru, 1),
    )
    .unwrap();
    // Two policies at three frame counts, and OPT's future walked once: 7 passes.
    assert_eq!(job.progress(), (0, 700));
    // A call stops where the work changes cost: at the end of each simulation.
    assert!(!job.advance(150));
    assert_eq!(job.progress().0, 100);
    assert!(!job.advance(150));
    assert_eq!(job.progress().0, 200);
    assert!(!job.advance(30));
    assert_eq!(job.progress().0, 230);
    assert!(job.result().is_none());
    // LRU's three runs done, the next call builds OPT's future and stops there.
    assert!(!job.advance(80));
    assert!(!job.advance(1000));
    assert_eq!(job.progress().0, 400);
    assert!(!job.advance(1000));
    assert_eq!(job.progress().0, 500);
    while !job.advance(64) {}
    assert_eq!(job.progress(), (700, 700));
}

#[test]
fn bad_settings_are_refused_when_the_job_is_made() {
    let base = RunSettings::new(PolicyKind::Fifo, 1);
    assert!(CurveJob::new([1, 2], &CURVE_POLICIES, 0..=3, &base).is_err());
    let no_tick = RunSettings { tick: 0, ..base };
    assert!(CurveJob::new([1, 2], &CURVE_POLICIES, 1..=3, &no_tick).is_err());
    // An empty string is a curve of zeros.
    let sweep = finished(
        CurveJob::new([], &CURVE_POLICIES, 1..=2, &base).unwrap(),
        10,
    );
    assert!(sweep.curves.iter().all(|c| c.misses == vec![0, 0]));
}
