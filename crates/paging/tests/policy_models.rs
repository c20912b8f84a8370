//! The policies against naive reference models, and properties every policy must keep, on
//! random reference strings (proptest).
//!
//! The models are written the slow, obvious way (a Vec scanned from end to end) so that
//! the fast structures (a linked queue for FIFO and LRU, a lazy heap for OPT) have
//! something independent to agree with, access by access.

use memplay_paging::ostep::{Addresses, OstepPolicy, OstepSettings, run_ostep};
use memplay_paging::policy::{PolicyKind, PolicySettings};
use memplay_paging::reference::{Reference, RunSettings, count, run};
use proptest::prelude::*;

/// What the model says one access did: hit, victim, resident pages in policy order.
type ModelStep = (bool, Option<u64>, Vec<u64>);

/// FIFO and LRU as a Vec, oldest (or least recent) first.
fn queue_model(pages: &[u64], frames: usize, move_on_hit: bool) -> Vec<ModelStep> {
    let mut memory: Vec<u64> = Vec::new();
    pages
        .iter()
        .map(|&page| {
            if let Some(at) = memory.iter().position(|&p| p == page) {
                if move_on_hit {
                    memory.remove(at);
                    memory.push(page);
                }
                return (true, None, memory.clone());
            }
            let victim = (memory.len() == frames).then(|| memory.remove(0));
            memory.push(page);
            (false, victim, memory.clone())
        })
        .collect()
}

/// OPT by scanning the rest of the string for every resident page; never-used pages tie
/// and the earliest loaded goes. Resident pages are kept in frame order.
fn opt_model(pages: &[u64], frames: usize) -> Vec<ModelStep> {
    // (page, load time) per frame.
    let mut slots: Vec<(u64, usize)> = Vec::new();
    let mut steps = Vec::new();
    for (now, &page) in pages.iter().enumerate() {
        if slots.iter().any(|&(p, _)| p == page) {
            steps.push((true, None, slots.iter().map(|s| s.0).collect()));
            continue;
        }
        let mut victim = None;
        if slots.len() == frames {
            let next_use = |p: u64| {
                pages[now + 1..]
                    .iter()
                    .position(|&q| q == p)
                    .unwrap_or(usize::MAX)
            };
            let at = (0..slots.len())
                .max_by(|&a, &b| {
                    (next_use(slots[a].0), std::cmp::Reverse(slots[a].1))
                        .cmp(&(next_use(slots[b].0), std::cmp::Reverse(slots[b].1)))
                })
                .unwrap();
            victim = Some(slots[at].0);
            slots[at] = (page, now);
        } else {
            slots.push((page, now));
        }
        steps.push((false, victim, slots.iter().map(|s| s.0).collect()));
    }
    steps
}

fn engine_steps(refs: &[Reference], policy: PolicyKind, frames: u64) -> Vec<ModelStep> {
    run(refs, &RunSettings::new(policy, frames))
        .unwrap()
        .accesses
        .into_iter()
        .map(|a| (a.hit, a.evicted, a.resident))
        .collect()
}

fn strings() -> impl Strategy<Value = (Vec<Reference>, u64)> {
    (
        prop::collection::vec((0u64..10, any::<bool>()), 0..120),
        1u64..8,
    )
        .prop_map(|(refs, frames)| {
            let refs = refs
                .into_iter()
                .map(|(page, write)| Reference { page, write })
                .collect();
            (refs, frames)
        })
}

fn pages_of(refs: &[Reference]) -> Vec<u64> {
    refs.iter().map(|r| r.page).collect()
}

proptest! {
    #[test]
    fn fifo_matches_the_queue_model((refs, frames) in strings()) {
        let model = queue_model(&pages_of(&refs), frames as usize, false);
        prop_assert_eq!(engine_steps(&refs, PolicyKind::Fifo, frames), model);
    }

    #[test]
    fn lru_matches_the_queue_model((refs, frames) in strings()) {
        let model = queue_model(&pages_of(&refs), frames as usize, true);
        prop_assert_eq!(engine_steps(&refs, PolicyKind::Lru, frames), model);
    }

    #[test]
    fn opt_matches_the_scanning_model((refs, frames) in strings()) {
        let model = opt_model(&pages_of(&refs), frames as usize);
        prop_assert_eq!(engine_steps(&refs, PolicyKind::Opt, frames), model);
    }

    #[test]
    fn opt_never_misses_more_than_any_policy((refs, frames) in strings(), seed in any::<u64>(), tick in 1u64..6, tau in 1u64..12) {
        let settings = |policy| RunSettings {
            tick,
            policy_settings: PolicySettings { seed, aging_bits: 8, tau },
            ..RunSettings::new(policy, frames)
        };
        let opt = count(&refs, &settings(PolicyKind::Opt)).unwrap().misses;
        for policy in PolicyKind::ALL {
            let misses = count(&refs, &settings(policy)).unwrap().misses;
            prop_assert!(opt <= misses, "opt {} > {} {}", opt, policy, misses);
        }
        let pages = pages_of(&refs);
        for policy in OstepPolicy::ALL {
            let settings = OstepSettings { seed, ..OstepSettings::new(policy, frames) };
            let ostep = run_ostep(&settings, &Addresses::List(pages.clone())).unwrap();
            prop_assert!(opt <= ostep.misses, "opt {} > ostep {:?} {}", opt, policy, ostep.misses);
        }
    }

    #[test]
    fn every_policy_keeps_the_accessed_page_and_no_duplicates((refs, frames) in strings(), seed in any::<u64>()) {
        for policy in PolicyKind::ALL {
            let settings = RunSettings {
                policy_settings: PolicySettings { seed, ..PolicySettings::default() },
                ..RunSettings::new(policy, frames)
            };
            let result = run(&refs, &settings).unwrap();
            prop_assert_eq!(result.totals.hits + result.totals.misses, refs.len() as u64);
            let mut dirty_evictions = 0;
            for (access, reference) in result.accesses.iter().zip(&refs) {
                let mut sorted = access.resident.clone();
                sorted.sort_unstable();
                sorted.dedup();
                prop_assert_eq!(sorted.len(), access.resident.len(), "{} duplicates", policy);
                prop_assert!(access.resident.len() as u64 <= frames);
                prop_assert!(access.resident.contains(&reference.page), "{}", policy);
                if let Some(victim) = access.evicted {
                    prop_assert!(!access.resident.contains(&victim));
                    prop_assert!(!access.hit);
                }
                dirty_evictions += u64::from(access.written_back) + access.cleaned.len() as u64;
            }
            prop_assert_eq!(dirty_evictions, result.totals.write_backs);
        }
    }

    #[test]
    fn stack_algorithms_never_show_beladys_anomaly((refs, frames) in strings()) {
        for policy in [PolicyKind::Lru, PolicyKind::Opt] {
            let fewer = count(&refs, &RunSettings::new(policy, frames)).unwrap().misses;
            let more = count(&refs, &RunSettings::new(policy, frames + 1)).unwrap().misses;
            prop_assert!(more <= fewer, "{}: {} frames {}, {} frames {}", policy, frames, fewer, frames + 1, more);
        }
    }

    #[test]
    fn ostep_fifo_lru_mru_opt_agree_with_the_native_policies((refs, frames) in strings()) {
        let pages = pages_of(&refs);
        let reads: Vec<Reference> = pages.iter().map(|&p| Reference::read(p)).collect();
        for (ostep, native) in [
            (OstepPolicy::Fifo, PolicyKind::Fifo),
            (OstepPolicy::Lru, PolicyKind::Lru),
            (OstepPolicy::Mru, PolicyKind::Mru),
        ] {
            let theirs = run_ostep(&OstepSettings::new(ostep, frames), &Addresses::List(pages.clone())).unwrap();
            let ours = engine_steps(&reads, native, frames);
            let theirs: Vec<ModelStep> = theirs.steps.into_iter().map(|s| (s.hit, s.victim, s.memory)).collect();
            prop_assert_eq!(ours, theirs, "{:?}", ostep);
        }
        let theirs = run_ostep(&OstepSettings::new(OstepPolicy::Opt, frames), &Addresses::List(pages)).unwrap();
        prop_assert_eq!(count(&reads, &RunSettings::new(PolicyKind::Opt, frames)).unwrap().misses, theirs.misses);
    }
}
