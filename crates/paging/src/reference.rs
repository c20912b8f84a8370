//! Reference strings: a list of page numbers (some of them writes) run over a fixed number
//! of frames with a replacement policy, the classic exercise of every operating-systems
//! textbook.
//!
//! [`Pager`] is the simulator's core, the part of an MMU and a kernel this exercise needs:
//! it looks the page up; on a hit it sets R (and M for a write) and tells the policy; on a
//! miss it takes a free frame, or asks the policy for a victim, evicts it (a dirty victim is
//! written back to swap), loads the page and tells the policy. Every `tick` references a
//! clock tick reaches the policy.
//!
//! [`run`] records every access (hit or miss, the victim, whether it was written back, the
//! resident pages in the policy's order); [`count`] only totals, for sweeps and benchmarks;
//! [`sweep`] counts misses for every frame count in a range and every policy, which draws
//! Belady's curve and shows his anomaly: under FIFO, 1,2,3,4,1,2,5,1,2,3,4,5 misses 9
//! times with 3 frames and 10 times with 4.

use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};
use std::ops::RangeInclusive;

use serde::Serialize;

use crate::frames::{FrameId, FrameTable, Page, Time};
use crate::policy::{Access, Policy, PolicyKind, PolicySettings, Replacement};

/// One entry of a reference string.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Reference {
    pub page: Page,
    pub write: bool,
}

impl Reference {
    pub fn read(page: Page) -> Reference {
        Reference { page, write: false }
    }
}

/// Parses `7,0w,1`: page numbers separated by commas or spaces, `w` after a page marks a
/// write (`r`, a read, is the default). An empty string is an empty list.
pub fn parse_refs(text: &str) -> Result<Vec<Reference>, String> {
    text.split(|c: char| c == ',' || c.is_whitespace())
        .filter(|item| !item.is_empty())
        .enumerate()
        .map(|(i, item)| {
            parse_ref(item).map_err(|why| format!("refs: item {} `{item}`: {why}", i + 1))
        })
        .collect()
}

fn parse_ref(item: &str) -> Result<Reference, String> {
    let (digits, write) = match item.as_bytes().last() {
        Some(b'w' | b'W') => (&item[..item.len() - 1], true),
        Some(b'r' | b'R') => (&item[..item.len() - 1], false),
        _ => (item, false),
    };
    if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return Err("expected a page number such as 7, or 7w for a write".into());
    }
    let page = digits
        .parse()
        .map_err(|_| format!("the page number is too large (at most {})", Page::MAX))?;
    Ok(Reference { page, write })
}

/// For each reference, when its page is next referenced (`None`: never again): OPT's view
/// of the future, computed in one backward pass.
pub fn next_uses(
    pages: impl DoubleEndedIterator<Item = Page> + ExactSizeIterator,
) -> Vec<Option<Time>> {
    let len = pages.len();
    let mut next = vec![None; len];
    let mut seen: PageMap<Time> = PageMap::default();
    for (i, page) in pages.enumerate().rev() {
        next[i] = seen.insert(page, i as Time);
    }
    next
}

/// A fast hasher for page numbers (Fx-style multiply), since SipHash would dominate the
/// simulator's time; pages are not attacker-chosen keys here.
#[derive(Default, Clone, Copy)]
pub struct PageHasher(u64);

impl Hasher for PageHasher {
    fn write(&mut self, bytes: &[u8]) {
        for &byte in bytes {
            self.write_u64(u64::from(byte));
        }
    }

    fn write_u64(&mut self, n: u64) {
        self.0 = (self.0.rotate_left(5) ^ n).wrapping_mul(0x517c_c1b7_2722_0a95);
    }

    fn finish(&self) -> u64 {
        self.0
    }
}

/// A map keyed by page number.
pub type PageMap<V> = HashMap<Page, V, BuildHasherDefault<PageHasher>>;

/// The settings of a run.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct RunSettings {
    pub policy: PolicyKind,
    pub frames: u64,
    /// A clock tick every this many references (Aging, NRU, Working Set, WSClock).
    pub tick: u64,
    #[serde(flatten)]
    pub policy_settings: PolicySettings,
}

impl RunSettings {
    pub fn new(policy: PolicyKind, frames: u64) -> RunSettings {
        RunSettings {
            policy,
            frames,
            tick: 4,
            policy_settings: PolicySettings::default(),
        }
    }
}

/// A page that left its frame.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Eviction {
    pub page: Page,
    /// It was dirty, so it was written back to swap.
    pub dirty: bool,
}

/// What one access did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Outcome {
    pub hit: bool,
    pub frame: FrameId,
    pub evicted: Option<Eviction>,
}

/// Frames, a policy and the page-to-frame map: the simulator's core.
#[derive(Debug, Clone)]
pub struct Pager {
    frames: FrameTable,
    policy: Policy,
    where_is: PageMap<FrameId>,
    tick: u64,
    /// The time of the next clock tick (kept so the hot path has no division).
    next_tick: Time,
}

impl Pager {
    /// A pager with every frame free. Errors name the bad setting.
    pub fn new(settings: &RunSettings) -> Result<Pager, String> {
        let frames = FrameTable::new(settings.frames).map_err(|e| e.to_string())?;
        if settings.tick == 0 {
            return Err("tick: a clock tick needs a period of at least 1 reference".into());
        }
        let policy = Policy::new(settings.policy, &settings.policy_settings, frames.len())?;
        Ok(Pager {
            where_is: PageMap::with_capacity_and_hasher(frames.len() * 2, Default::default()),
            frames,
            policy,
            tick: settings.tick,
            next_tick: settings.tick,
        })
    }

    pub fn frames(&self) -> &FrameTable {
        &self.frames
    }

    /// The resident pages in the policy's order.
    pub fn resident(&self) -> Vec<Page> {
        self.policy.resident(&self.frames)
    }

    /// Pages the policy wrote back ahead of eviction since the last call (WSClock).
    pub fn take_cleaned(&mut self) -> Vec<Page> {
        self.frames.take_cleaned()
    }

    /// One access. Times must not go backwards; a tick falls before the first access at or
    /// past each multiple of `tick` (exactly on it when times grow by one).
    #[inline]
    pub fn access(&mut self, access: Access) -> Outcome {
        if access.time >= self.next_tick {
            self.policy.tick(&mut self.frames, access.time);
            self.next_tick = (access.time / self.tick)
                .saturating_add(1)
                .saturating_mul(self.tick);
        }
        if let Some(&frame) = self.where_is.get(&access.page) {
            self.frames.touch(frame, access.write, access.time);
            self.policy.on_hit(&self.frames, frame, &access);
            return Outcome {
                hit: true,
                frame,
                evicted: None,
            };
        }
        let (frame, evicted) = match self.frames.take_free() {
            Some(frame) => (frame, None),
            None => self.replace(access.time),
        };
        self.frames
            .load(frame, access.page, access.write, access.time);
        self.where_is.insert(access.page, frame);
        self.policy.on_load(&self.frames, frame, &access);
        Outcome {
            hit: false,
            frame,
            evicted,
        }
    }

    /// Asks the policy for a victim and empties its frame.
    fn replace(&mut self, now: Time) -> (FrameId, Option<Eviction>) {
        // A policy always finds a victim in a full table; frame 0 only guards the rule.
        let frame = self
            .policy
            .choose_victim(&mut self.frames, now)
            .unwrap_or(0);
        self.policy.on_evict(frame);
        let evicted = self.frames.evict(frame).map(|(page, dirty)| {
            self.where_is.remove(&page);
            Eviction { page, dirty }
        });
        (frame, evicted)
    }
}

/// One access of a recorded run, in the JSON shape of `memplay paging --json`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct AccessRecord {
    pub page: Page,
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub write: bool,
    pub hit: bool,
    pub evicted: Option<Page>,
    /// The victim was dirty and went back to swap.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub written_back: bool,
    /// Pages the policy wrote back early during this access (WSClock).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub cleaned: Vec<Page>,
    pub resident: Vec<Page>,
}

/// The totals of a run.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct Totals {
    pub hits: u64,
    pub misses: u64,
    /// Dirty pages written to swap, at eviction or early.
    pub write_backs: u64,
}

/// A recorded run.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Run {
    pub settings: RunSettings,
    pub totals: Totals,
    pub accesses: Vec<AccessRecord>,
}

/// The most resident-page entries a recorded run may hold (each access lists them all).
pub const MAX_RECORDED: u64 = 20_000_000;

/// How many different pages a string touches.
pub fn distinct_pages(pages: impl Iterator<Item = Page>) -> u64 {
    let mut seen: PageMap<()> = PageMap::default();
    for page in pages {
        seen.insert(page, ());
    }
    seen.len() as u64
}

/// Runs `refs` and records every access.
pub fn run(refs: &[Reference], settings: &RunSettings) -> Result<Run, String> {
    let resident = settings
        .frames
        .min(distinct_pages(refs.iter().map(|r| r.page)));
    let entries = (refs.len() as u64).saturating_mul(resident);
    if entries > MAX_RECORDED {
        return Err(format!(
            "refs: recording {} references with up to {resident} resident pages each is too \
             much (at most {MAX_RECORDED} entries); use fewer frames, a shorter string, or \
             a sweep for the totals",
            refs.len()
        ));
    }
    let mut accesses = Vec::with_capacity(refs.len());
    let totals = simulate(refs, settings, |pager, reference, outcome| {
        accesses.push(AccessRecord {
            page: reference.page,
            write: reference.write,
            hit: outcome.hit,
            evicted: outcome.evicted.map(|e| e.page),
            written_back: outcome.evicted.is_some_and(|e| e.dirty),
            cleaned: pager.take_cleaned(),
            resident: pager.resident(),
        });
    })?;
    Ok(Run {
        settings: *settings,
        totals,
        accesses,
    })
}

/// Runs `refs` and only counts.
pub fn count(refs: &[Reference], settings: &RunSettings) -> Result<Totals, String> {
    simulate(refs, settings, |_, _, _| {})
}

fn simulate(
    refs: &[Reference],
    settings: &RunSettings,
    mut record: impl FnMut(&mut Pager, &Reference, &Outcome),
) -> Result<Totals, String> {
    let mut pager = Pager::new(settings)?;
    // Only OPT needs the future; the others skip the backward pass.
    let future = if settings.policy == PolicyKind::Opt {
        next_uses(refs.iter().map(|r| r.page))
    } else {
        Vec::new()
    };
    let mut totals = Totals::default();
    for (i, reference) in refs.iter().enumerate() {
        let outcome = pager.access(Access {
            page: reference.page,
            write: reference.write,
            time: i as Time,
            next_use: future.get(i).copied().flatten(),
        });
        if outcome.hit {
            totals.hits += 1;
        } else {
            totals.misses += 1;
        }
        totals.write_backs += u64::from(outcome.evicted.is_some_and(|e| e.dirty));
        totals.write_backs += pager.frames.cleaned.len() as u64;
        record(&mut pager, reference, &outcome);
        pager.frames.cleaned.clear();
    }
    Ok(totals)
}

/// The most frame counts a sweep may cover.
pub const MAX_SWEEP: u64 = 4096;

/// Misses for every frame count of a range, per policy.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Sweep {
    pub frames: Vec<u64>,
    pub curves: Vec<Curve>,
}

/// One policy's misses, one per frame count of the sweep.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Curve {
    pub policy: PolicyKind,
    pub misses: Vec<u64>,
    /// Frame counts that miss more than one frame fewer did: Belady's anomaly.
    pub anomalies: Vec<u64>,
}

/// Runs every policy in `policies` at every frame count in `frames`, with the other
/// settings of `base`.
pub fn sweep(
    refs: &[Reference],
    policies: &[PolicyKind],
    frames: RangeInclusive<u64>,
    base: &RunSettings,
) -> Result<Sweep, String> {
    let frames = sweep_frames(frames)?;
    let curves = policies
        .iter()
        .map(|&policy| {
            let misses = frames
                .iter()
                .map(|&n| {
                    let settings = RunSettings {
                        policy,
                        frames: n,
                        ..*base
                    };
                    count(refs, &settings).map(|t| t.misses)
                })
                .collect::<Result<Vec<_>, _>>()?;
            let anomalies = anomalies(&frames, &misses);
            Ok(Curve {
                policy,
                misses,
                anomalies,
            })
        })
        .collect::<Result<Vec<_>, String>>()?;
    Ok(Sweep { frames, curves })
}

/// The frame counts of a sweep range, checked: it starts at 1 or more, is not empty and
/// holds at most [`MAX_SWEEP`] counts.
pub fn sweep_frames(frames: RangeInclusive<u64>) -> Result<Vec<u64>, String> {
    let (low, high) = (*frames.start(), *frames.end());
    if low == 0 {
        return Err("sweep: the range must start at 1 frame or more".into());
    }
    if low > high {
        return Err(format!("sweep: the range {low}..{high} is empty"));
    }
    if high - low >= MAX_SWEEP {
        return Err(format!("sweep: at most {MAX_SWEEP} frame counts at once"));
    }
    Ok((low..=high).collect())
}

/// The frame counts whose misses exceed those of one frame fewer: Belady's anomaly.
pub fn anomalies(frames: &[u64], misses: &[u64]) -> Vec<u64> {
    frames
        .iter()
        .zip(misses.windows(2))
        .filter(|(_, pair)| pair[1] > pair[0])
        .map(|(&n, _)| n + 1)
        .collect()
}
