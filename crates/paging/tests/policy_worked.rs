//! Worked examples for the policies the textbooks describe in words rather than figures:
//! each expectation is traced by hand in the comment above it.

use memplay_paging::policy::{PolicyKind, PolicySettings};
use memplay_paging::reference::{Run, RunSettings, parse_refs, run};

fn run_with(policy: PolicyKind, frames: u64, refs: &str, tick: u64, tau: u64, seed: u64) -> Run {
    let settings = RunSettings {
        tick,
        policy_settings: PolicySettings {
            seed,
            aging_bits: 8,
            tau,
        },
        ..RunSettings::new(policy, frames)
    };
    run(&parse_refs(refs).unwrap(), &settings).unwrap()
}

fn evictions(run: &Run) -> Vec<Option<u64>> {
    run.accesses.iter().map(|a| a.evicted).collect()
}

/// Clock, 3 frames, 1,2,3,4,2,5. Page 4 finds every R set: the hand clears all three and
/// comes back to frame 0 (page 1), which goes; the hand stops at frame 1. Page 2's hit sets
/// its R again, so page 5 passes over it (clearing it) and takes page 3 in frame 2. FIFO
/// would have thrown out page 2.
#[test]
fn clock_gives_a_used_page_a_second_chance() {
    let clock = run_with(PolicyKind::Clock, 3, "1,2,3,4,2,5", 4, 8, 0);
    assert_eq!(
        evictions(&clock),
        vec![None, None, None, Some(1), None, Some(3)]
    );
    assert_eq!(clock.accesses[3].resident, vec![2, 3, 4]);
    assert_eq!(clock.accesses[5].resident, vec![4, 2, 5]);
    let fifo = run_with(PolicyKind::Fifo, 3, "1,2,3,4,2,5", 4, 8, 0);
    assert_eq!(fifo.accesses[5].evicted, Some(2));
}

/// Enhanced clock, 3 frames, 1w,2,3,4. No (0,0) page at first; the (0,1) lap clears every
/// R; the next (0,0) lap finds page 2 in frame 1. The dirty page 1 stays: no write-back.
#[test]
fn enhanced_clock_spares_the_dirty_page() {
    let run = run_with(PolicyKind::Eclock, 3, "1w,2,3,4", 4, 8, 0);
    assert_eq!(run.accesses[3].evicted, Some(2));
    assert_eq!(run.accesses[3].resident, vec![3, 1, 4]);
    assert_eq!(run.totals.write_backs, 0);
}

/// NRU, 3 frames, 1w,2,3,4 with no tick yet: page 1 is class 3 (R, M), pages 2 and 3 are
/// class 2 (R): the victim is 2 or 3 as the seed decides, never 1. Different seeds pick
/// both.
#[test]
fn nru_takes_a_random_page_of_the_lowest_class() {
    let mut victims = std::collections::BTreeSet::new();
    for seed in 0..32 {
        let run = run_with(PolicyKind::Nru, 3, "1w,2,3,4", 100, 8, seed);
        victims.insert(run.accesses[3].evicted.unwrap());
    }
    assert_eq!(victims.into_iter().collect::<Vec<_>>(), vec![2, 3]);
}

/// LFU, 3 frames, 1,1,2,2,2,3,4,5: at page 4 the counts are 1:2, 2:3, 3:1, so 3 goes; at
/// page 5 page 4 has 1 use: it goes.
#[test]
fn lfu_evicts_the_least_used() {
    let run = run_with(PolicyKind::Lfu, 3, "1,1,2,2,2,3,4,5", 4, 8, 0);
    assert_eq!(run.accesses[6].evicted, Some(3));
    assert_eq!(run.accesses[7].evicted, Some(4));
}

/// Aging, 8 bits. With a tick every 2 references, 2 frames, 1,2,1,2,1,3: the ticks before
/// t=2 and t=4 leave both pages at 11000000, so at the fault at t=5 they tie and the earlier
/// load, page 1, goes. With a tick every reference, 1,2,2,1,1,3: before the fault at t=5
/// page 1 (used at 0, 3, 4) has 11001000 and page 2 (used at 1, 2) has 00110000: page 2 goes.
#[test]
fn aging_ranks_recent_use_and_ties_go_to_the_earliest_load() {
    let run = run_with(PolicyKind::Aging, 2, "1,2,1,2,1,3", 2, 8, 0);
    assert_eq!(run.accesses[5].evicted, Some(1));
    let run = run_with(PolicyKind::Aging, 2, "1,2,2,1,1,3", 1, 8, 0);
    assert_eq!(run.accesses[5].evicted, Some(2));
}

/// Working set, tau 2, a tick every reference, 3 frames, 1,2,3,1,4. The ticks stamp page 1
/// at 1 and again at 4 (it was used at 3), page 2 at 2, page 3 at 3. At the fault at t=4
/// nothing is older than tau (page 2's age is 4 - 2 = 2), so the oldest goes: page 2.
#[test]
fn working_set_evicts_the_page_unused_longest() {
    let run = run_with(PolicyKind::Ws, 3, "1,2,3,1,4", 1, 2, 0);
    assert_eq!(run.accesses[4].evicted, Some(2));
    // With tau 1, page 2 (age 2) has left the working set; the first such page goes.
    let run = run_with(PolicyKind::Ws, 3, "1,2,3,1,4", 1, 1, 0);
    assert_eq!(run.accesses[4].evicted, Some(2));
}

/// WSClock, a tick every reference, 3 frames, 1w,2,3,4. Stamps: page 1 at 1, 2 at 2, 3 at 3.
/// With tau 2 every page is in the working set at t=3: no write is scheduled, and the first
/// clean page from the hand (page 2) goes. With tau 1, page 1 is old but dirty: it is
/// written back now and the hand moves on; page 2 (age 1) and page 3 are in the set; on
/// the second lap page 1 is clean and old, so it goes, already written.
#[test]
fn wsclock_writes_old_dirty_pages_back_before_taking_them() {
    let run = run_with(PolicyKind::Wsclock, 3, "1w,2,3,4", 1, 2, 0);
    assert_eq!(run.accesses[3].evicted, Some(2));
    assert_eq!(run.totals.write_backs, 0);
    let run = run_with(PolicyKind::Wsclock, 3, "1w,2,3,4", 1, 1, 0);
    let last = &run.accesses[3];
    assert_eq!(
        (last.evicted, last.written_back, last.cleaned.clone()),
        (Some(1), false, vec![1])
    );
    assert_eq!(run.totals.write_backs, 1);
}

/// Random: a seed gives the same victims every time; another seed, other victims.
#[test]
fn random_is_deterministic_per_seed() {
    let refs = "1,2,3,4,5,6,7,8,9,1,2,3,4,5,6,7,8,9";
    let a = run_with(PolicyKind::Random, 3, refs, 4, 8, 42);
    let b = run_with(PolicyKind::Random, 3, refs, 4, 8, 42);
    assert_eq!(a, b);
    let differ = (0..8)
        .any(|seed| evictions(&run_with(PolicyKind::Random, 3, refs, 4, 8, seed)) != evictions(&a));
    assert!(differ);
}

/// MRU on a loop one page larger than memory keeps most of the loop: 1,2,3,4 repeated with
/// 3 frames. LRU misses every time; MRU hits more than half after the first round.
#[test]
fn mru_beats_lru_on_a_loop() {
    let refs = "1,2,3,4,1,2,3,4,1,2,3,4,1,2,3,4";
    let lru = run_with(PolicyKind::Lru, 3, refs, 4, 8, 0);
    let mru = run_with(PolicyKind::Mru, 3, refs, 4, 8, 0);
    assert_eq!(lru.totals.hits, 0);
    assert_eq!(mru.totals.hits, 8);
}
