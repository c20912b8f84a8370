//! The program's memory under the paging engine's policies: OPT, which needs the future,
//! gets it from a rehearsal run, and then no policy faults less.

use memplay_machine::{Machine, Settings};
use memplay_paging::policy::PolicyKind;

/// Sweeps a 12-page array three times while the stack stays busy: a cyclic pattern that
/// LRU and FIFO handle worst and OPT best.
const SWEEP: &str = r#"char big[12 * 4096];
int main(void) {
    int sum = 0;
    for (int round = 0; round < 3; round++)
        for (int i = 0; i < 12 * 4096; i += 4096)
            sum += big[i]++;
    return sum % 256;
}
"#;

fn faults(policy: PolicyKind, frames: u32) -> (u64, Option<i32>) {
    let checked = memplay_lang::check(SWEEP);
    let settings = Settings {
        replacement: policy,
        frames,
        ..Settings::default()
    };
    let mut machine = Machine::new(&checked.program, SWEEP, "sweep.c", settings).unwrap();
    let status = machine.run().exit_status();
    let stats = machine.space().stats();
    (stats.minor_faults + stats.major_faults, status)
}

#[test]
fn opt_learns_the_future_from_a_rehearsal_and_faults_least() {
    for frames in [8, 10, 14] {
        let (opt, status) = faults(PolicyKind::Opt, frames);
        assert_eq!(status, Some(36), "OPT runs the same program");
        for policy in [
            PolicyKind::Fifo,
            PolicyKind::Lru,
            PolicyKind::Clock,
            PolicyKind::Random,
            PolicyKind::Lfu,
        ] {
            let (other, _) = faults(policy, frames);
            assert!(
                opt <= other,
                "{frames} frames: OPT {opt} > {policy:?} {other}"
            );
        }
    }
    // At 10 frames the sweep does not fit: OPT keeps most of it, LRU none.
    let (opt, _) = faults(PolicyKind::Opt, 10);
    let (lru, _) = faults(PolicyKind::Lru, 10);
    assert!(opt + 10 <= lru, "OPT {opt}, LRU {lru}");
}

/// A step's paging events, replayed for the views, tell a major fault's whole story in
/// order, and leave the timeline exactly where it was.
#[test]
fn a_fault_step_replays_with_its_sequence_of_paging_events() {
    use memplay_machine::{EventKind, Timeline};
    use memplay_paging::address_space::{Event, LoadedFrom};
    let checked = memplay_lang::check(SWEEP);
    let settings = Settings {
        frames: 8,
        ..Settings::default()
    };
    let machine = Machine::new(&checked.program, SWEEP, "sweep.c", settings).unwrap();
    let mut timeline = Timeline::new(machine, 100);
    timeline.go_to(u64::MAX);
    // The first step with a swap-in: the page was swapped out earlier in the sweep.
    let swap_steps = timeline.steps_with(EventKind::Swap);
    let major = swap_steps
        .into_iter()
        .find(|&step| {
            timeline.go_to(step);
            timeline.machine().space().stats().swap_ins > 0
        })
        .expect("the sweep swaps pages back in");
    timeline.go_to(major);
    let before = timeline.machine().snapshot();
    let events = timeline.paging_events_of_step();
    assert_eq!(timeline.step(), major);
    assert_eq!(
        timeline.machine().snapshot(),
        before,
        "the replay leaves the step as it was"
    );

    let position = |wanted: &dyn Fn(&Event) -> bool| events.iter().position(wanted);
    let miss = position(&|e| matches!(e, Event::TlbMiss { .. })).expect("a TLB miss");
    let fault =
        position(&|e| matches!(e, Event::PageFault { major: true, .. })).expect("a major fault");
    let victim = position(&|e| matches!(e, Event::Evicted { .. })).expect("a victim");
    let swap_in = position(&|e| matches!(e, Event::SwapIn { .. })).expect("a swap-in");
    let loaded = position(&|e| {
        matches!(
            e,
            Event::Loaded {
                from: LoadedFrom::Swap,
                ..
            }
        )
    })
    .expect("the page loaded from swap");
    assert!(
        miss < fault && fault < victim && victim < swap_in && swap_in <= loaded,
        "{events:?}"
    );
}
