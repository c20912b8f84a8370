//! Page-replacement policies: which resident page to throw out when a page fault finds
//! every frame full.
//!
//! A policy watches the run through four notifications and answers one question:
//!
//! - [`on_hit`](Replacement::on_hit): a resident page was accessed;
//! - [`on_load`](Replacement::on_load): a missing page was loaded into a frame;
//! - [`on_evict`](Replacement::on_evict): a page left its frame (replaced or unmapped);
//! - [`tick`](Replacement::tick): the periodic clock interrupt (Aging shifts its counters,
//!   NRU and Working Set clear R);
//! - [`choose_victim`](Replacement::choose_victim): all frames are full, which one goes?
//!
//! The [`FrameTable`] carries what the hardware records (R and M bits, load and use times);
//! each policy keeps only its own ordering on the side. OPT, which needs to see the future,
//! gets it in every [`Access`]: the time the same page will next be used, computed from the
//! reference string (or, for a program, from a recorded first run).
//!
//! The families, one file each: [`order`] (FIFO, LRU, MRU: a queue of frames),
//! [`opt`] (Belady's optimal), [`random`] (seeded), [`clock`] (second chance and the
//! enhanced clock of R and M classes), [`nru`] (Not Recently Used), [`counting`] (LFU and
//! Aging), [`working_set`] (Working Set and WSClock).
//!
//! **Why an enum and a trait.** Every policy implements [`Replacement`], which is the
//! contract the address-space model programs against. [`Policy`] is the closed set of them
//! as an enum: it dispatches with a `match` (no virtual call in the hot loop, and the
//! compiler can inline each arm), it is `Clone` (time travel can checkpoint a run), and a
//! policy is chosen by a plain-data [`PolicyKind`] that serializes in a scenario.

pub mod clock;
pub mod counting;
pub mod nru;
pub mod opt;
pub mod order;
pub mod random;
pub mod working_set;

use serde::{Deserialize, Serialize};

use crate::frames::{FrameId, FrameTable, Page, Time};

/// One memory access as the MMU reports it to the policy.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Access {
    pub page: Page,
    pub write: bool,
    pub time: Time,
    /// When this page is next used (`None`: never again). Only OPT looks at it.
    pub next_use: Option<Time>,
}

/// What every replacement policy does. Implementations never panic: a frame number out of
/// range or a victim asked of an empty table gives `None` or is ignored.
pub trait Replacement {
    /// A resident page in `frame` was accessed (the MMU has already set R and M).
    fn on_hit(&mut self, frames: &FrameTable, frame: FrameId, access: &Access);
    /// A missing page was loaded into `frame` (R set, M set for a write).
    fn on_load(&mut self, frames: &FrameTable, frame: FrameId, access: &Access);
    /// The page in `frame` left it: replaced after [`choose_victim`], or unmapped.
    ///
    /// [`choose_victim`]: Replacement::choose_victim
    fn on_evict(&mut self, frame: FrameId);
    /// The frame whose page should go, all frames being full. The policy may clear R bits
    /// (a second chance) or clean pages (WSClock) on the way.
    fn choose_victim(&mut self, frames: &mut FrameTable, now: Time) -> Option<FrameId>;
    /// The periodic clock tick; most policies ignore it.
    fn tick(&mut self, _frames: &mut FrameTable, _now: Time) {}
    /// The resident pages in the policy's own order (documented by each policy).
    fn resident(&self, frames: &FrameTable) -> Vec<Page>;
    /// Whether `on_hit` does anything: a policy that reads only the frame table's R, M and
    /// times says no, and the address space skips the call on its hottest path.
    fn hears_hits(&self) -> bool {
        true
    }
}

/// The policies by name, as plain data.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum PolicyKind {
    Fifo,
    Lru,
    Mru,
    Opt,
    Random,
    Clock,
    Eclock,
    Nru,
    Lfu,
    Aging,
    Ws,
    Wsclock,
}

impl PolicyKind {
    pub const ALL: [PolicyKind; 12] = [
        PolicyKind::Fifo,
        PolicyKind::Lru,
        PolicyKind::Mru,
        PolicyKind::Opt,
        PolicyKind::Random,
        PolicyKind::Clock,
        PolicyKind::Eclock,
        PolicyKind::Nru,
        PolicyKind::Lfu,
        PolicyKind::Aging,
        PolicyKind::Ws,
        PolicyKind::Wsclock,
    ];

    /// The name used on the command line and in JSON.
    pub fn name(self) -> &'static str {
        match self {
            PolicyKind::Fifo => "fifo",
            PolicyKind::Lru => "lru",
            PolicyKind::Mru => "mru",
            PolicyKind::Opt => "opt",
            PolicyKind::Random => "random",
            PolicyKind::Clock => "clock",
            PolicyKind::Eclock => "eclock",
            PolicyKind::Nru => "nru",
            PolicyKind::Lfu => "lfu",
            PolicyKind::Aging => "aging",
            PolicyKind::Ws => "ws",
            PolicyKind::Wsclock => "wsclock",
        }
    }

    /// One line for a learner.
    pub fn describe(self) -> &'static str {
        match self {
            PolicyKind::Fifo => "first in, first out: the oldest load goes",
            PolicyKind::Lru => "least recently used goes",
            PolicyKind::Mru => "most recently used goes",
            PolicyKind::Opt => "Belady's optimal: the page used furthest in the future goes",
            PolicyKind::Random => "a page chosen at random (seeded)",
            PolicyKind::Clock => "second chance: a hand sweeps, clearing R, until R is 0",
            PolicyKind::Eclock => "enhanced clock: first (R,M)=(0,0), then (0,1), clearing R",
            PolicyKind::Nru => "not recently used: a random page of the lowest (R,M) class",
            PolicyKind::Lfu => "least frequently used since load goes",
            PolicyKind::Aging => "the smallest aging counter (R shifted in each tick) goes",
            PolicyKind::Ws => "working set: a page unused for longer than tau goes",
            PolicyKind::Wsclock => "WSClock: a clock hand over working-set ages",
        }
    }

    /// Whether the policy needs the clock tick to do anything.
    pub fn uses_tick(self) -> bool {
        matches!(
            self,
            PolicyKind::Nru | PolicyKind::Aging | PolicyKind::Ws | PolicyKind::Wsclock
        )
    }
}

impl std::fmt::Display for PolicyKind {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.name())
    }
}

/// A policy name that is not one of ours.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UnknownPolicy(pub String);

impl std::fmt::Display for UnknownPolicy {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let names: Vec<&str> = PolicyKind::ALL.iter().map(|k| k.name()).collect();
        write!(
            f,
            "policy: unknown policy `{}` (one of {})",
            self.0,
            names.join(", ")
        )
    }
}

impl std::error::Error for UnknownPolicy {}

impl std::str::FromStr for PolicyKind {
    type Err = UnknownPolicy;

    fn from_str(text: &str) -> Result<PolicyKind, UnknownPolicy> {
        let lower = text.trim().to_ascii_lowercase();
        let alias = match lower.as_str() {
            "belady" | "optimal" => "opt",
            "rand" => "random",
            "second-chance" => "clock",
            "enhanced-clock" => "eclock",
            "working-set" => "ws",
            other => other,
        };
        PolicyKind::ALL
            .into_iter()
            .find(|k| k.name() == alias)
            .ok_or_else(|| UnknownPolicy(text.to_string()))
    }
}

/// The settings some policies take.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct PolicySettings {
    /// Random's and NRU's seed.
    pub seed: u64,
    /// Aging's counter width, 1 to 64 (Tanenbaum's example uses 8).
    pub aging_bits: u32,
    /// Working Set's and WSClock's window, in references: a page unused for longer is out.
    pub tau: u64,
}

impl Default for PolicySettings {
    fn default() -> PolicySettings {
        PolicySettings {
            seed: 0,
            aging_bits: 8,
            tau: 8,
        }
    }
}

impl PolicySettings {
    /// Checks the settings, naming the bad one.
    pub fn validate(&self) -> Result<(), String> {
        if !(1..=64).contains(&self.aging_bits) {
            return Err(format!(
                "aging-bits: {} is out of range (1 to 64)",
                self.aging_bits
            ));
        }
        if self.tau == 0 {
            return Err("tau: the working-set window must be at least 1 reference".into());
        }
        Ok(())
    }
}

/// Every policy, as one enum (see the module documentation for why).
#[derive(Debug, Clone)]
pub enum Policy {
    Fifo(order::Fifo),
    Lru(order::Lru),
    Mru(order::Mru),
    Opt(opt::Opt),
    Random(random::RandomPolicy),
    Clock(clock::Clock),
    Eclock(clock::EnhancedClock),
    Nru(nru::Nru),
    Lfu(counting::Lfu),
    Aging(counting::Aging),
    Ws(working_set::WorkingSet),
    Wsclock(working_set::WsClock),
}

impl Policy {
    /// A fresh policy of `kind` for a table of `frames` frames.
    pub fn new(
        kind: PolicyKind,
        settings: &PolicySettings,
        frames: usize,
    ) -> Result<Policy, String> {
        settings.validate()?;
        Ok(match kind {
            PolicyKind::Fifo => Policy::Fifo(order::Fifo::new(frames)),
            PolicyKind::Lru => Policy::Lru(order::Lru::new(frames)),
            PolicyKind::Mru => Policy::Mru(order::Mru::new(frames)),
            PolicyKind::Opt => Policy::Opt(opt::Opt::new(frames)),
            PolicyKind::Random => Policy::Random(random::RandomPolicy::new(settings.seed)),
            PolicyKind::Clock => Policy::Clock(clock::Clock::default()),
            PolicyKind::Eclock => Policy::Eclock(clock::EnhancedClock::default()),
            PolicyKind::Nru => Policy::Nru(nru::Nru::new(settings.seed)),
            PolicyKind::Lfu => Policy::Lfu(counting::Lfu),
            PolicyKind::Aging => Policy::Aging(counting::Aging::new(settings.aging_bits)),
            PolicyKind::Ws => Policy::Ws(working_set::WorkingSet::new(settings.tau)),
            PolicyKind::Wsclock => Policy::Wsclock(working_set::WsClock::new(settings.tau)),
        })
    }

    /// For a machine's address space, where faults are rare: LRU reads last uses from the
    /// frame table rather than moving at each (see [`order::Lru`]); other policies are
    /// unchanged.
    pub fn note_uses(&mut self) {
        if let Policy::Lru(lru) = self {
            lru.note_uses();
        }
    }

    pub fn kind(&self) -> PolicyKind {
        match self {
            Policy::Fifo(_) => PolicyKind::Fifo,
            Policy::Lru(_) => PolicyKind::Lru,
            Policy::Mru(_) => PolicyKind::Mru,
            Policy::Opt(_) => PolicyKind::Opt,
            Policy::Random(_) => PolicyKind::Random,
            Policy::Clock(_) => PolicyKind::Clock,
            Policy::Eclock(_) => PolicyKind::Eclock,
            Policy::Nru(_) => PolicyKind::Nru,
            Policy::Lfu(_) => PolicyKind::Lfu,
            Policy::Aging(_) => PolicyKind::Aging,
            Policy::Ws(_) => PolicyKind::Ws,
            Policy::Wsclock(_) => PolicyKind::Wsclock,
        }
    }
}

/// Forwards a trait call to whichever policy the enum holds.
macro_rules! dispatch {
    ($self:expr, $p:ident => $call:expr) => {
        match $self {
            Policy::Fifo($p) => $call,
            Policy::Lru($p) => $call,
            Policy::Mru($p) => $call,
            Policy::Opt($p) => $call,
            Policy::Random($p) => $call,
            Policy::Clock($p) => $call,
            Policy::Eclock($p) => $call,
            Policy::Nru($p) => $call,
            Policy::Lfu($p) => $call,
            Policy::Aging($p) => $call,
            Policy::Ws($p) => $call,
            Policy::Wsclock($p) => $call,
        }
    };
}

impl Replacement for Policy {
    #[inline(always)]
    fn on_hit(&mut self, frames: &FrameTable, frame: FrameId, access: &Access) {
        dispatch!(self, p => p.on_hit(frames, frame, access))
    }

    #[inline]
    fn on_load(&mut self, frames: &FrameTable, frame: FrameId, access: &Access) {
        dispatch!(self, p => p.on_load(frames, frame, access))
    }

    #[inline]
    fn on_evict(&mut self, frame: FrameId) {
        dispatch!(self, p => p.on_evict(frame))
    }

    #[inline]
    fn choose_victim(&mut self, frames: &mut FrameTable, now: Time) -> Option<FrameId> {
        dispatch!(self, p => p.choose_victim(frames, now))
    }

    #[inline]
    fn tick(&mut self, frames: &mut FrameTable, now: Time) {
        dispatch!(self, p => p.tick(frames, now))
    }

    fn resident(&self, frames: &FrameTable) -> Vec<Page> {
        dispatch!(self, p => p.resident(frames))
    }

    fn hears_hits(&self) -> bool {
        dispatch!(self, p => p.hears_hits())
    }
}

/// Occupied frames in clock order: from `hand` around to just before it.
pub(crate) fn from_hand(frames: &FrameTable, hand: FrameId) -> Vec<Page> {
    let n = frames.len();
    (0..n)
        .filter_map(|step| frames.page((hand + step) % n))
        .take(frames.occupied_count())
        .collect()
}

/// Occupied frames in frame-number order.
pub(crate) fn in_frame_order(frames: &FrameTable) -> Vec<Page> {
    frames.occupied().filter_map(|(_, f)| f.page).collect()
}

/// The occupied frame with the smallest key; ties go to the lowest frame number.
pub(crate) fn min_by_key<K: Ord>(
    frames: &FrameTable,
    key: impl Fn(&crate::frames::Frame) -> K,
) -> Option<FrameId> {
    frames
        .occupied()
        .min_by_key(|(id, f)| (key(f), *id))
        .map(|(id, _)| id)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_round_trip_and_unknown_names_are_listed() {
        for kind in PolicyKind::ALL {
            assert_eq!(kind.name().parse::<PolicyKind>(), Ok(kind));
        }
        assert_eq!("LRU".parse::<PolicyKind>(), Ok(PolicyKind::Lru));
        let error = "lrn".parse::<PolicyKind>().unwrap_err().to_string();
        assert!(
            error.starts_with("policy: unknown policy `lrn` (one of fifo, lru"),
            "{error}"
        );
    }

    #[test]
    fn bad_settings_are_named() {
        let bits = PolicySettings {
            aging_bits: 65,
            ..Default::default()
        };
        assert!(
            Policy::new(PolicyKind::Aging, &bits, 3)
                .unwrap_err()
                .starts_with("aging-bits")
        );
        let tau = PolicySettings {
            tau: 0,
            ..Default::default()
        };
        assert!(
            Policy::new(PolicyKind::Ws, &tau, 3)
                .unwrap_err()
                .starts_with("tau")
        );
    }
}
