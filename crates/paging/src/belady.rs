//! Belady's curve of a long reference string, a slice at a time: the page faults of several
//! replacement policies at every frame count of a range, counted by the same [`Pager`] as
//! [`reference::count`](crate::reference::count), for strings long enough that the whole
//! sweep at once would freeze a browser tab. [`CurveJob::advance`] simulates at most a
//! given number of references and returns, so a caller spreads the work over short calls.
//!
//! A program's string repeats pages a lot (the same stack page for several accesses in a
//! row), so the job merges immediate repeats first ([`merge_repeats`]). A repeat is a hit
//! on the page just used: it changes nothing that the [`CURVE_POLICIES`] look at, so their
//! fault counts stay the same (the tests check each one). The other policies are left out:
//! LFU counts every reference; NRU, Aging, Working Set and WSClock act on a clock tick every
//! few references; the enhanced clock, NRU and WSClock also need to know which references
//! are writes, which a program's page string does not say.

use std::ops::RangeInclusive;

use crate::frames::{Page, Time};
use crate::policy::{Access, PolicyKind};
use crate::reference::{Curve, PageMap, Pager, RunSettings, Sweep, anomalies, sweep_frames};

/// The policies whose fault counts merging immediate repeats leaves unchanged, in the
/// order a curve lists them.
pub const CURVE_POLICIES: [PolicyKind; 6] = [
    PolicyKind::Fifo,
    PolicyKind::Lru,
    PolicyKind::Opt,
    PolicyKind::Clock,
    PolicyKind::Random,
    PolicyKind::Mru,
];

/// The string without immediate repeats: `1,1,2,2,2,1` becomes `1,2,1`.
pub fn merge_repeats(pages: impl IntoIterator<Item = Page>) -> Vec<Page> {
    let mut merged: Vec<Page> = Vec::new();
    for page in pages {
        if merged.last() != Some(&page) {
            merged.push(page);
        }
    }
    merged
}

/// A sweep over a reference string in progress.
#[derive(Debug, Clone)]
pub struct CurveJob {
    pages: Vec<Page>,
    policies: Vec<PolicyKind>,
    frames: Vec<u64>,
    base: RunSettings,
    /// OPT's view of the future, built before the first OPT run.
    future: FutureBuilder,
    /// Faults per policy, one per frame count finished so far.
    misses: Vec<Vec<u64>>,
    /// The simulation under way: the task's index is `policy * frames.len() + frame`.
    running: Option<Running>,
    /// Tasks finished.
    finished: usize,
    /// References simulated (or walked for OPT's future) so far.
    done: u64,
}

#[derive(Debug, Clone)]
struct Running {
    pager: Pager,
    /// The next reference to simulate.
    at: usize,
    misses: u64,
}

impl CurveJob {
    /// A sweep of `pages` (immediate repeats merged) for each of `policies` at each frame
    /// count of `frames`, the other settings from `base`. Errors name a bad setting.
    pub fn new(
        pages: impl IntoIterator<Item = Page>,
        policies: &[PolicyKind],
        frames: RangeInclusive<u64>,
        base: &RunSettings,
    ) -> Result<CurveJob, String> {
        let frames = sweep_frames(frames)?;
        // Every simulation the job will start is checked now, so `advance` cannot fail.
        for &policy in policies {
            for &count in &frames {
                Pager::new(&settings_for(base, policy, count))?;
            }
        }
        let pages = merge_repeats(pages);
        Ok(CurveJob {
            future: FutureBuilder::new(pages.len()),
            pages,
            policies: policies.to_vec(),
            misses: vec![Vec::with_capacity(frames.len()); policies.len()],
            frames,
            base: *base,
            running: None,
            finished: 0,
            done: 0,
        })
    }

    /// The string the job simulates: the pages given, immediate repeats merged.
    pub fn pages(&self) -> &[Page] {
        &self.pages
    }

    fn tasks(&self) -> usize {
        self.policies.len() * self.frames.len()
    }

    pub fn is_finished(&self) -> bool {
        self.finished == self.tasks()
    }

    /// Work done and the whole work, in references simulated (OPT's future counts once
    /// more): for a progress bar.
    pub fn progress(&self) -> (u64, u64) {
        let length = self.pages.len() as u64;
        let opt_future = if self.policies.contains(&PolicyKind::Opt) {
            length
        } else {
            0
        };
        (self.done, self.tasks() as u64 * length + opt_future)
    }

    /// Simulates at most `budget` references (at least one unit of work when any is left);
    /// true once the sweep is finished. It stops early where the work changes cost (OPT's
    /// future built, a simulation finished), so a caller that sizes `budget` by the time
    /// the last call took is never caught out by dearer work within one call.
    pub fn advance(&mut self, budget: u64) -> bool {
        let mut left = budget.max(1);
        while left > 0 && !self.is_finished() {
            let task = self.finished;
            let policy = self.policies[task / self.frames.len()];
            if policy == PolicyKind::Opt && !self.future.is_complete() {
                let walked = self.future.build(&self.pages, left);
                self.done += walked;
                return self.is_finished();
            }
            let running = match &mut self.running {
                Some(running) => running,
                None => {
                    let count = self.frames[task % self.frames.len()];
                    let pager = Pager::new(&settings_for(&self.base, policy, count))
                        .expect("every simulation was checked when the job was made");
                    self.running.insert(Running {
                        pager,
                        at: 0,
                        misses: 0,
                    })
                }
            };
            let end = self.pages.len().min(
                running
                    .at
                    .saturating_add(usize::try_from(left).unwrap_or(usize::MAX)),
            );
            let future: &[Option<Time>] = if policy == PolicyKind::Opt {
                &self.future.next
            } else {
                &[]
            };
            for (i, &page) in self.pages.iter().enumerate().take(end).skip(running.at) {
                let outcome = running.pager.access(Access {
                    page,
                    write: false,
                    time: i as Time,
                    next_use: future.get(i).copied().flatten(),
                });
                running.misses += u64::from(!outcome.hit);
            }
            let simulated = (end - running.at) as u64;
            running.at = end;
            self.done += simulated;
            left = left.saturating_sub(simulated);
            if end == self.pages.len() {
                let misses = running.misses;
                self.misses[task / self.frames.len()].push(misses);
                self.running = None;
                self.finished += 1;
                return self.is_finished();
            }
        }
        self.is_finished()
    }

    /// The curves, once the sweep is finished.
    pub fn result(&self) -> Option<Sweep> {
        if !self.is_finished() {
            return None;
        }
        let curves = self
            .policies
            .iter()
            .zip(&self.misses)
            .map(|(&policy, misses)| Curve {
                policy,
                anomalies: anomalies(&self.frames, misses),
                misses: misses.clone(),
            })
            .collect();
        Some(Sweep {
            frames: self.frames.clone(),
            curves,
        })
    }
}

fn settings_for(base: &RunSettings, policy: PolicyKind, frames: u64) -> RunSettings {
    RunSettings {
        policy,
        frames,
        ..*base
    }
}

/// When each reference's page is next used, as [`next_uses`](crate::reference::next_uses)
/// computes it, built backwards a slice at a time.
#[derive(Debug, Clone)]
struct FutureBuilder {
    next: Vec<Option<Time>>,
    seen: PageMap<Time>,
    /// References not yet walked: those before this index.
    remaining: usize,
}

impl FutureBuilder {
    fn new(length: usize) -> FutureBuilder {
        FutureBuilder {
            next: Vec::new(),
            seen: PageMap::default(),
            remaining: length,
        }
    }

    fn is_complete(&self) -> bool {
        self.remaining == 0
    }

    /// Walks at most `budget` more references back from the end; returns how many.
    fn build(&mut self, pages: &[Page], budget: u64) -> u64 {
        if self.next.len() != pages.len() {
            self.next = vec![None; pages.len()];
        }
        let stop = self
            .remaining
            .saturating_sub(usize::try_from(budget).unwrap_or(usize::MAX));
        for i in (stop..self.remaining).rev() {
            self.next[i] = self.seen.insert(pages[i], i as Time);
        }
        let walked = (self.remaining - stop) as u64;
        self.remaining = stop;
        if self.is_complete() {
            self.seen = PageMap::default();
        }
        walked
    }
}

#[cfg(test)]
mod tests;
