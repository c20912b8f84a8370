//! The rules of `paging-policy.py`, the page-replacement simulator of Operating Systems:
//! Three Easy Pieces (vm-beyondphys-policy), reproduced exactly so its homework answers
//! come out the same, quirks included.
//!
//! The simulator keeps memory as a list. A hit leaves it alone, except that LRU and MRU move
//! the hit page to the end. A miss with the list full evicts:
//!
//! - FIFO and LRU: the first element;
//! - MRU: the last element (the most recently used);
//! - OPT: the page whose next use is furthest (a page never used again counts as used at
//!   the end of the string); among equals the *latest* in list order goes, because the
//!   scan replaces its choice on `>=`;
//! - UNOPT: the page whose next use is soonest; among equals the earliest in list order
//!   (the scan replaces on `<`), and a page never used again only when all are;
//! - RAND: the element at `int(random.random() * count)`;
//! - CLOCK: not a sweeping hand but a random probe. Each page has a counter that every
//!   access raises by one (capped at `clockbits`, 2 by default; a new page starts at 1).
//!   A probe picks a random element; a counter of 1 or more is lowered and the probing goes
//!   on, a counter of 0 is the victim.
//!
//! then appends the missed page at the end. RAND and CLOCK draw from Python's `random`
//! module: a Mersenne Twister (MT19937) seeded with `random.seed(seed)`, whose `random()`
//! makes a double from two 32-bit outputs. [`PythonRandom`] is that generator, so RAND
//! and CLOCK match the Python simulator draw for draw (checked against its output by the
//! golden tests). With no address list the simulator draws its own: `numaddrs` pages,
//! each `int(maxpage * random.random())`, from the same stream before the run starts.
//!
//! Where the Python script crashes, this engine answers or refuses by name instead: a
//! memory of 0 pages is refused (the script pops from an empty list), an empty string gives
//! a hit rate of 0.00 (the script divides by zero), and runs whose list scans would take
//! more than [`MAX_SCAN_STEPS`] steps are refused. Seeds are non-negative here (Python
//! takes the absolute value of a negative seed, so nothing is lost).

use serde::Serialize;

use crate::frames::Page;
use crate::reference::{PageMap, distinct_pages};

/// The policies `paging-policy.py` knows (its `-p`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum OstepPolicy {
    Fifo,
    Lru,
    Mru,
    Opt,
    Unopt,
    Rand,
    Clock,
}

impl OstepPolicy {
    pub const ALL: [OstepPolicy; 7] = [
        OstepPolicy::Fifo,
        OstepPolicy::Lru,
        OstepPolicy::Mru,
        OstepPolicy::Opt,
        OstepPolicy::Unopt,
        OstepPolicy::Rand,
        OstepPolicy::Clock,
    ];

    /// The lowercase name (the CLI's and JSON's).
    pub fn name(self) -> &'static str {
        match self {
            OstepPolicy::Fifo => "fifo",
            OstepPolicy::Lru => "lru",
            OstepPolicy::Mru => "mru",
            OstepPolicy::Opt => "opt",
            OstepPolicy::Unopt => "unopt",
            OstepPolicy::Rand => "rand",
            OstepPolicy::Clock => "clock",
        }
    }

    /// The simulator's own spelling (its `-p` value).
    pub fn python_name(self) -> &'static str {
        match self {
            OstepPolicy::Fifo => "FIFO",
            OstepPolicy::Lru => "LRU",
            OstepPolicy::Mru => "MRU",
            OstepPolicy::Opt => "OPT",
            OstepPolicy::Unopt => "UNOPT",
            OstepPolicy::Rand => "RAND",
            OstepPolicy::Clock => "CLOCK",
        }
    }

    /// The labels the simulator prints at the left and right ends of memory.
    pub fn ends(self) -> (&'static str, &'static str) {
        match self {
            OstepPolicy::Fifo => ("FirstIn", "Lastin "),
            OstepPolicy::Lru | OstepPolicy::Mru => ("LRU", "MRU"),
            _ => ("Left ", "Right"),
        }
    }
}

impl std::str::FromStr for OstepPolicy {
    type Err = String;

    fn from_str(text: &str) -> Result<OstepPolicy, String> {
        let lower = text.trim().to_ascii_lowercase();
        let alias = if lower == "random" { "rand" } else { &lower };
        OstepPolicy::ALL
            .into_iter()
            .find(|p| p.name() == alias)
            .ok_or_else(|| {
                format!(
                    "policy: `{text}` is not a policy of paging-policy.py (fifo, lru, mru, \
                     opt, unopt, rand, clock)"
                )
            })
    }
}

/// Where the pages come from: a list (`-a`), or drawn by the simulator (`-n`, `-m`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Addresses {
    List(Vec<Page>),
    Random { count: u64, max_page: u64 },
}

/// The most list-scan steps (references times resident pages) a run may take.
pub const MAX_SCAN_STEPS: u64 = 1_000_000_000;

/// The most pages the simulator may be asked to draw.
pub const MAX_DRAWN: u64 = 1_000_000;

/// `paging-policy.py`'s settings.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OstepSettings {
    pub policy: OstepPolicy,
    /// `-C`: pages of memory.
    pub cache_size: u64,
    /// `-s`.
    pub seed: u64,
    /// `-b`: CLOCK's counter cap.
    pub clock_bits: i64,
}

impl OstepSettings {
    pub fn new(policy: OstepPolicy, cache_size: u64) -> OstepSettings {
        OstepSettings {
            policy,
            cache_size,
            seed: 0,
            clock_bits: 2,
        }
    }
}

/// One access as the simulator prints it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct OstepStep {
    pub page: Page,
    pub hit: bool,
    pub victim: Option<Page>,
    /// Memory after the access, in list order.
    pub memory: Vec<Page>,
}

/// A whole run.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OstepRun {
    pub settings: OstepSettings,
    pub pages: Vec<Page>,
    pub steps: Vec<OstepStep>,
    pub hits: u64,
    pub misses: u64,
}

impl OstepRun {
    /// The simulator's hit rate in percent (0 for an empty string, where it divides by 0).
    pub fn hit_rate(&self) -> f64 {
        let total = self.hits + self.misses;
        if total == 0 {
            0.0
        } else {
            100.0 * self.hits as f64 / total as f64
        }
    }
}

impl OstepRun {
    /// The simulator's answer exactly as `paging-policy.py -c` prints it after
    /// `Solving...`: one line per access, then the final statistics.
    pub fn python_trace(&self) -> String {
        let (left, right) = self.settings.policy.ends();
        let mut out = String::new();
        let (mut hits, mut misses) = (0, 0);
        for step in &self.steps {
            if step.hit {
                hits += 1;
            } else {
                misses += 1;
            }
            let memory: Vec<String> = step.memory.iter().map(Page::to_string).collect();
            let victim = step.victim.map_or("-".to_string(), |v| v.to_string());
            out.push_str(&format!(
                "Access: {}  {} {left} -> {:>12} <- {right} Replaced:{victim} [Hits:{hits} Misses:{misses}]\n",
                step.page,
                if step.hit { "HIT " } else { "MISS" },
                format!("[{}]", memory.join(", ")),
            ));
        }
        out.push_str(&format!(
            "\nFINALSTATS hits {}   misses {}   hitrate {:.2}\n\n",
            self.hits,
            self.misses,
            self.hit_rate()
        ));
        out
    }
}

/// Runs the simulator's rules. Errors name the bad setting.
pub fn run_ostep(settings: &OstepSettings, addresses: &Addresses) -> Result<OstepRun, String> {
    if settings.cache_size == 0 {
        return Err(
            "frames: paging-policy.py needs at least 1 page of memory (with -C 0 it crashes)"
                .into(),
        );
    }
    let mut rng = PythonRandom::new(settings.seed);
    let pages = match addresses {
        Addresses::List(pages) => pages.clone(),
        Addresses::Random { count, max_page } => {
            if *count > MAX_DRAWN {
                return Err(format!("numaddrs: at most {MAX_DRAWN} pages may be drawn"));
            }
            // int(maxpage * random.random()): a double product, truncated.
            (0..*count)
                .map(|_| (*max_page as f64 * rng.random()) as Page)
                .collect()
        }
    };
    // The simulator scans its memory list on every access, as Python's list does.
    let resident = settings
        .cache_size
        .min(distinct_pages(pages.iter().copied()));
    if (pages.len() as u64).saturating_mul(resident) > MAX_SCAN_STEPS {
        return Err(format!(
            "refs: {} references over up to {resident} resident pages is too much for the \
             simulator's list scans (at most {MAX_SCAN_STEPS} steps); use fewer frames or a \
             shorter string",
            pages.len()
        ));
    }
    let mut sim = Simulator {
        settings,
        rng,
        uses: uses_by_page(&pages),
        len: pages.len() as u64,
        memory: Vec::new(),
        clock_counts: Vec::new(),
    };
    let mut steps = Vec::with_capacity(pages.len());
    let (mut hits, mut misses) = (0, 0);
    for (index, &page) in pages.iter().enumerate() {
        let step = sim.access(index, page);
        if step.hit {
            hits += 1;
        } else {
            misses += 1;
        }
        steps.push(step);
    }
    Ok(OstepRun {
        settings: settings.clone(),
        pages,
        steps,
        hits,
        misses,
    })
}

/// Each page's positions in the string, ascending.
fn uses_by_page(pages: &[Page]) -> PageMap<Vec<u64>> {
    let mut uses: PageMap<Vec<u64>> = PageMap::default();
    for (i, &page) in pages.iter().enumerate() {
        uses.entry(page).or_default().push(i as u64);
    }
    uses
}

struct Simulator<'a> {
    settings: &'a OstepSettings,
    rng: PythonRandom,
    /// Every position of each page in the string, ascending.
    uses: PageMap<Vec<u64>>,
    len: u64,
    memory: Vec<Page>,
    /// CLOCK's counters (the simulator's `ref` dict), as (page, count).
    clock_counts: Vec<(Page, i64)>,
}

impl Simulator<'_> {
    fn access(&mut self, index: usize, page: Page) -> OstepStep {
        let policy = self.settings.policy;
        let position = self.memory.iter().position(|&p| p == page);
        let mut victim = None;
        match position {
            Some(at) => {
                if matches!(policy, OstepPolicy::Lru | OstepPolicy::Mru) {
                    self.memory.remove(at);
                    self.memory.push(page);
                }
            }
            None => {
                if self.memory.len() as u64 == self.settings.cache_size {
                    victim = Some(self.evict(index));
                }
                self.memory.push(page);
            }
        }
        self.count_reference(page);
        OstepStep {
            page,
            hit: position.is_some(),
            victim,
            memory: self.memory.clone(),
        }
    }

    /// Removes and returns the victim; memory is full (and so not empty).
    fn evict(&mut self, index: usize) -> Page {
        let count = self.memory.len();
        let at = match self.settings.policy {
            OstepPolicy::Fifo | OstepPolicy::Lru => 0,
            OstepPolicy::Mru => count - 1,
            OstepPolicy::Rand => self.rng.index(count),
            OstepPolicy::Clock => self.clock_probe(count),
            OstepPolicy::Opt => self.furthest_next_use(index),
            OstepPolicy::Unopt => self.soonest_next_use(index),
        };
        let victim = self.memory.remove(at);
        self.clock_counts.retain(|&(p, _)| p != victim);
        victim
    }

    /// When `page` is next used after access `index`: the string's length if never, as
    /// the simulator's `whenReferenced` defaults to `len(addrList)`.
    fn next_use(&self, index: usize, page: Page) -> u64 {
        let uses = self.uses.get(&page).map(Vec::as_slice).unwrap_or(&[]);
        let later = uses.partition_point(|&t| t <= index as u64);
        uses.get(later).copied().unwrap_or(self.len)
    }

    /// OPT: the furthest next use; the scan keeps the latest on `>=`.
    fn furthest_next_use(&self, index: usize) -> usize {
        let mut chosen = 0;
        let mut furthest = None;
        for (at, &page) in self.memory.iter().enumerate() {
            let when = self.next_use(index, page);
            if furthest.is_none_or(|f| when >= f) {
                chosen = at;
                furthest = Some(when);
            }
        }
        chosen
    }

    /// UNOPT: the soonest next use; the scan keeps the earliest on `<`, starting above
    /// "never" so a never-used page is taken only when all are.
    fn soonest_next_use(&self, index: usize) -> usize {
        let mut chosen = 0;
        let mut soonest = self.len + 1;
        for (at, &page) in self.memory.iter().enumerate() {
            let when = self.next_use(index, page);
            if when < soonest {
                chosen = at;
                soonest = when;
            }
        }
        chosen
    }

    /// CLOCK: random probes, lowering counters, until one is found at 0.
    fn clock_probe(&mut self, count: usize) -> usize {
        loop {
            let at = self.rng.index(count);
            let page = self.memory[at];
            let counter = self.clock_count(page);
            if *counter >= 1 {
                *counter -= 1;
            } else {
                return at;
            }
        }
    }

    /// CLOCK's counter of a resident page (created at 0 if somehow missing).
    fn clock_count(&mut self, page: Page) -> &mut i64 {
        let at = match self.clock_counts.iter().position(|&(p, _)| p == page) {
            Some(at) => at,
            None => {
                self.clock_counts.push((page, 0));
                self.clock_counts.len() - 1
            }
        };
        &mut self.clock_counts[at].1
    }

    /// After every access: a new page's counter starts at 1, a known page's rises, capped
    /// at `clockbits`. (The simulator counts under every policy; only CLOCK reads them.)
    fn count_reference(&mut self, page: Page) {
        if self.settings.policy != OstepPolicy::Clock {
            return;
        }
        let cap = self.settings.clock_bits;
        match self.clock_counts.iter_mut().find(|(p, _)| *p == page) {
            Some((_, counter)) => *counter = counter.saturating_add(1).min(cap),
            None => self.clock_counts.push((page, 1)),
        }
    }
}

/// Python's `random` module: MT19937 seeded as `random.seed(n)` seeds it, and `random()`
/// built from two outputs as CPython builds it.
#[derive(Debug, Clone)]
pub struct PythonRandom {
    state: [u32; 624],
    index: usize,
}

impl PythonRandom {
    /// `random.seed(seed)` for a non-negative integer: `init_by_array` over its 32-bit
    /// words, least significant first (one zero word for 0).
    pub fn new(seed: u64) -> PythonRandom {
        let key: Vec<u32> = if seed >> 32 == 0 {
            vec![seed as u32]
        } else {
            vec![seed as u32, (seed >> 32) as u32]
        };
        let mut rng = PythonRandom::from_seed(19_650_218);
        rng.mix_in(&key);
        rng
    }

    /// MT19937's `init_genrand`.
    fn from_seed(seed: u32) -> PythonRandom {
        let mut state = [0u32; 624];
        state[0] = seed;
        for i in 1..624 {
            let prev = state[i - 1];
            state[i] = 1_812_433_253u32
                .wrapping_mul(prev ^ (prev >> 30))
                .wrapping_add(i as u32);
        }
        PythonRandom { state, index: 624 }
    }

    /// MT19937's `init_by_array`.
    fn mix_in(&mut self, key: &[u32]) {
        let mt = &mut self.state;
        let (mut i, mut j) = (1usize, 0usize);
        for _ in 0..624.max(key.len()) {
            let prev = mt[i - 1];
            mt[i] = (mt[i] ^ (prev ^ (prev >> 30)).wrapping_mul(1_664_525))
                .wrapping_add(key[j])
                .wrapping_add(j as u32);
            i += 1;
            j += 1;
            if i >= 624 {
                mt[0] = mt[623];
                i = 1;
            }
            if j >= key.len() {
                j = 0;
            }
        }
        for _ in 0..623 {
            let prev = mt[i - 1];
            mt[i] =
                (mt[i] ^ (prev ^ (prev >> 30)).wrapping_mul(1_566_083_941)).wrapping_sub(i as u32);
            i += 1;
            if i >= 624 {
                mt[0] = mt[623];
                i = 1;
            }
        }
        mt[0] = 0x8000_0000;
    }

    /// The next 32-bit output (`genrand_uint32`).
    pub fn next_u32(&mut self) -> u32 {
        if self.index >= 624 {
            self.twist();
        }
        let mut y = self.state[self.index];
        self.index += 1;
        y ^= y >> 11;
        y ^= (y << 7) & 0x9d2c_5680;
        y ^= (y << 15) & 0xefc6_0000;
        y ^ (y >> 18)
    }

    fn twist(&mut self) {
        const UPPER: u32 = 0x8000_0000;
        const LOWER: u32 = 0x7fff_ffff;
        for k in 0..624 {
            let y = (self.state[k] & UPPER) | (self.state[(k + 1) % 624] & LOWER);
            let mag = if y & 1 == 1 { 0x9908_b0df } else { 0 };
            self.state[k] = self.state[(k + 397) % 624] ^ (y >> 1) ^ mag;
        }
        self.index = 0;
    }

    /// `random.random()`: 53 random bits as a double in [0, 1).
    pub fn random(&mut self) -> f64 {
        let a = f64::from(self.next_u32() >> 5);
        let b = f64::from(self.next_u32() >> 6);
        (a * 67_108_864.0 + b) * (1.0 / 9_007_199_254_740_992.0)
    }

    /// `int(random.random() * count)`.
    pub fn index(&mut self, count: usize) -> usize {
        ((self.random() * count as f64) as usize).min(count.saturating_sub(1))
    }
}
