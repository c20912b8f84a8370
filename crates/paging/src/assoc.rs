//! A set-associative store, the shape shared by the TLB and the data cache: a key picks a
//! set (key mod sets), the set holds `ways` entries, and a full set evicts one by the
//! replacement rule. Fully associative is one set; direct-mapped is one way.

use serde::Serialize;

use crate::rng::SplitMix64;

/// Which entry of a full set makes room.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Eviction {
    /// The least recently used.
    Lru,
    /// The oldest to arrive.
    Fifo,
    /// One at random, from the scenario's seed.
    Random,
}

impl Eviction {
    pub fn name(self) -> &'static str {
        match self {
            Eviction::Lru => "lru",
            Eviction::Fifo => "fifo",
            Eviction::Random => "random",
        }
    }

    pub fn parse(text: &str) -> Option<Eviction> {
        match text.to_ascii_lowercase().as_str() {
            "lru" => Some(Eviction::Lru),
            "fifo" => Some(Eviction::Fifo),
            "random" | "rand" => Some(Eviction::Random),
            _ => None,
        }
    }
}

/// The key every empty slot holds (so that a scan for a real key passes empty slots by
/// without looking at their values). The TLB's and the cache's keys are 32-bit page and
/// line numbers, never this; a store given this key as well stays correct, because a slot
/// holding it is checked for an entry (`full`).
const EMPTY_KEY: u64 = u64::MAX;

/// Hints in a store: a few per slot of the default TLB and cache, so that the keys in use
/// rarely share one. A fixed number held in the store itself, so that finding a hint is
/// a mask, with no bounds check and no pointer to follow; a larger store's keys share
/// hints more often, and a shared hint costs only a scan of one set.
const HINTS: usize = 256;

/// Where a key that a lookup missed would go in its set (see
/// [`SetAssociative::lookup_or_vacancy`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Vacancy {
    /// The set's first empty slot if `empty`, else the entry LRU or FIFO would evict.
    slot: u32,
    empty: bool,
}

/// One slot of the store, all it holds side by side: a hit reads the key, the value and the
/// use stamp of one slot with one bounds check.
#[derive(Debug, Clone)]
struct Slot<V> {
    /// `EMPTY_KEY` for an empty slot.
    key: u64,
    /// When the entry was last used and when it arrived, in lookups and inserts since the
    /// store was made.
    used: u64,
    arrived: u64,
    /// Whether the slot holds an entry (an empty one holds `EMPTY_KEY` and a default
    /// value).
    full: bool,
    value: V,
}

/// The store as one array of slots (`set * ways + way`). (A boxed slice, not a vector,
/// since it never grows: indexing one needs no call even in the size-tuned web build,
/// whose inliner leaves `Vec`'s indexing out of line.)
#[derive(Debug, Clone)]
pub struct SetAssociative<V> {
    sets: usize,
    ways: usize,
    /// `sets - 1` when the sets are a power of two, so a key's set is a mask, not a division.
    set_mask: Option<u64>,
    slots: Box<[Slot<V>]>,
    /// Where each key was last found or put, by its low bits (`key % HINTS`): the slot
    /// tried before the set is scanned. Accesses move among a handful of pages and lines (a
    /// list's nodes, a loop's array, the stack frame), and each keeps its own hint.
    hints: [u32; HINTS],
    eviction: Eviction,
    rng: SplitMix64,
    clock: u64,
}

impl<V: Default> SetAssociative<V> {
    /// `sets * ways` entries; both at least 1 (the caller validates its settings).
    pub fn new(sets: usize, ways: usize, eviction: Eviction, seed: u64) -> SetAssociative<V> {
        let (sets, ways) = (sets.max(1), ways.max(1));
        let slots = sets * ways;
        SetAssociative {
            sets,
            ways,
            set_mask: sets.is_power_of_two().then_some(sets as u64 - 1),
            slots: (0..slots)
                .map(|_| Slot {
                    key: EMPTY_KEY,
                    used: 0,
                    arrived: 0,
                    full: false,
                    value: V::default(),
                })
                .collect(),
            hints: [0; HINTS],
            eviction,
            rng: SplitMix64::new(seed),
            clock: 0,
        }
    }

    pub fn sets(&self) -> usize {
        self.sets
    }

    /// Bytes the store's slots take (what a copy of it costs).
    pub fn footprint(&self) -> usize {
        self.slots.len() * std::mem::size_of::<Slot<V>>() + std::mem::size_of::<[u32; HINTS]>()
    }

    pub fn ways(&self) -> usize {
        self.ways
    }

    #[inline]
    pub fn set_of(&self, key: u64) -> usize {
        match self.set_mask {
            Some(mask) => (key & mask) as usize,
            None => (key % self.sets as u64) as usize,
        }
    }

    #[inline(always)]
    fn set_range(&self, key: u64) -> std::ops::Range<usize> {
        let start = self.set_of(key) * self.ways;
        start..start + self.ways
    }

    /// Whether `slot` holds `key`. Empty slots hold `EMPTY_KEY`, so only that key needs
    /// the `full` flag looked at (and for a key made from a 32-bit number the test folds away).
    #[inline(always)]
    fn holds(&self, slot: usize, key: u64) -> bool {
        self.slots
            .get(slot)
            .is_some_and(|s| s.key == key && (key != EMPTY_KEY || s.full))
    }

    /// The slot `key`'s hint names: where it was last found or put, if it is still there.
    #[inline(always)]
    fn hinted(&self, key: u64) -> usize {
        self.hints[key as usize % HINTS] as usize
    }

    /// The slot holding `key`: a key lives only in its own set and at most once, so a
    /// hinted slot that holds it is the one a scan of the set would find.
    #[inline(always)]
    fn position(&self, key: u64) -> Option<usize> {
        let hinted = self.hinted(key);
        if self.holds(hinted, key) {
            Some(hinted)
        } else {
            self.scan(key).ok()
        }
    }

    /// The slot holding `key`, found by scanning its set; or, when the set lacks it, its
    /// first empty slot and the entry its rule evicts first (by the stamps of LRU or FIFO;
    /// a random pick is made only if `fill` needs one, so that an unused vacancy does not
    /// move the generator).
    #[inline(never)]
    fn scan(&self, key: u64) -> Result<usize, Vacancy> {
        let range = self.set_range(key);
        let fifo = self.eviction == Eviction::Fifo;
        let mut empty = None;
        let (mut oldest, mut oldest_stamp) = (range.start as u32, u64::MAX);
        // The set's slice, taken once: the loop then needs no bounds checks.
        if let Some(set) = self.slots.get(range.clone()) {
            for (slot, held) in (range.start as u32..).zip(set) {
                let stamp = if fifo { held.arrived } else { held.used };
                if !held.full {
                    // An empty slot holds `EMPTY_KEY` and no entry: never a match.
                    empty = empty.or(Some(slot));
                } else if held.key == key {
                    return Ok(slot as usize);
                } else if stamp < oldest_stamp {
                    // Stamps are distinct (each use and arrival ticks the clock), so the
                    // first minimum is the only one.
                    (oldest, oldest_stamp) = (slot, stamp);
                }
            }
        }
        Err(match empty {
            Some(slot) => Vacancy { slot, empty: true },
            None => Vacancy {
                slot: oldest,
                empty: false,
            },
        })
    }

    /// Puts a key a lookup just missed where its `vacancy` says; returns the entry evicted
    /// to make room. Nothing may change the store between the lookup and the fill.
    pub fn fill(&mut self, key: u64, vacancy: Vacancy, value: V) -> Option<(u64, V)> {
        self.clock += 1;
        let (slot, evicted) = if vacancy.empty {
            (vacancy.slot as usize, None)
        } else {
            let victim = match self.eviction {
                Eviction::Random => {
                    self.set_range(key).start + self.rng.below(self.ways as u64) as usize
                }
                Eviction::Lru | Eviction::Fifo => vacancy.slot as usize,
            };
            let held = &mut self.slots[victim];
            let old = held
                .full
                .then(|| (held.key, std::mem::take(&mut held.value)));
            (victim, old)
        };
        self.place(slot, key, value);
        evicted
    }

    /// Remembers `slot` as where `key` is.
    #[inline(always)]
    fn remember(&mut self, key: u64, slot: usize) {
        self.hints[key as usize % HINTS] = slot as u32;
    }

    /// Looks `key` up, marking it used on a hit.
    #[inline(always)]
    pub fn lookup(&mut self, key: u64) -> Option<&mut V> {
        self.use_slot(key).ok().map(|held| &mut held.value)
    }

    /// `lookup`, which on a miss also says where the key would go (one scan of the set
    /// finds the key, or else the first empty slot and the entry the rule would evict), so
    /// that a fill right after it (`fill`) needs no second scan: a cache misses often.
    #[inline(always)]
    pub fn lookup_or_vacancy(&mut self, key: u64) -> Result<&mut V, Vacancy> {
        self.use_slot(key).map(|held| &mut held.value)
    }

    /// The slot holding `key`, marked used; or where the key would go.
    #[inline(always)]
    fn use_slot(&mut self, key: u64) -> Result<&mut Slot<V>, Vacancy> {
        self.clock += 1;
        let clock = self.clock;
        let hinted = self.hinted(key);
        let slot = if self.holds(hinted, key) {
            hinted
        } else {
            let slot = self.scan(key)?;
            self.remember(key, slot);
            slot
        };
        // `holds` or `scan` checked the index: the compiler drops this check.
        let held = &mut self.slots[slot];
        held.used = clock;
        Ok(held)
    }

    /// Looks without counting as a use (for views and checks).
    pub fn peek(&self, key: u64) -> Option<&V> {
        self.position(key).map(|slot| &self.slots[slot].value)
    }

    /// Puts `key` in its set (replacing its old value if present); returns the entry evicted
    /// to make room.
    pub fn insert(&mut self, key: u64, value: V) -> Option<(u64, V)> {
        let hinted = self.hinted(key);
        let found = if self.holds(hinted, key) {
            Ok(hinted)
        } else {
            self.scan(key)
        };
        match found {
            Ok(slot) => {
                self.clock += 1;
                self.place(slot, key, value);
                None
            }
            Err(vacancy) => self.fill(key, vacancy, value),
        }
    }

    /// Fills `slot` with a fresh entry, arrived and used now.
    fn place(&mut self, slot: usize, key: u64, value: V) {
        self.slots[slot] = Slot {
            key,
            used: self.clock,
            arrived: self.clock,
            full: true,
            value,
        };
        self.remember(key, slot);
    }

    pub fn remove(&mut self, key: u64) -> Option<V> {
        let slot = self.position(key)?;
        let held = &mut self.slots[slot];
        held.key = EMPTY_KEY;
        held.full = false;
        Some(std::mem::take(&mut held.value))
    }

    pub fn clear(&mut self) {
        for held in self.slots.iter_mut() {
            held.key = EMPTY_KEY;
            held.full = false;
            held.value = V::default();
        }
    }

    /// Every entry as (set, way, key, value), for the views.
    pub fn entries(&self) -> impl Iterator<Item = (usize, usize, u64, &V)> {
        self.slots
            .iter()
            .enumerate()
            .filter(|(_, held)| held.full)
            .map(|(slot, held)| (slot / self.ways, slot % self.ways, held.key, &held.value))
    }

    /// When each entry arrived and when it was last used (a lookup or its arrival), on the
    /// store's own clock: one pair per entry, in [`entries`](Self::entries)' order. A view
    /// compares two of these to see which entries a stretch of accesses filled or used.
    pub fn stamps(&self) -> impl Iterator<Item = (u64, u64)> + '_ {
        self.slots
            .iter()
            .filter_map(|held| held.full.then_some((held.arrived, held.used)))
    }

    /// Every entry's value, mutable (to write dirty lines back, say).
    pub fn values_mut(&mut self) -> impl Iterator<Item = (u64, &mut V)> {
        self.slots
            .iter_mut()
            .filter_map(|held| held.full.then_some((held.key, &mut held.value)))
    }
}

#[cfg(test)]
mod model;

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn a_full_set_evicts_by_its_rule() {
        // Fully associative, two ways: keys 1 and 2, then 1 is used, then 3 arrives.
        for (eviction, evicted) in [(Eviction::Lru, 2), (Eviction::Fifo, 1)] {
            let mut store = SetAssociative::new(1, 2, eviction, 0);
            store.insert(1, 'a');
            store.insert(2, 'b');
            assert_eq!(store.lookup(1), Some(&mut 'a'));
            assert_eq!(
                store.insert(3, 'c').map(|(k, _)| k),
                Some(evicted),
                "{eviction:?}"
            );
        }
    }

    #[test]
    fn keys_map_to_sets_and_only_compete_within_them() {
        // Two sets of one way (direct-mapped): keys 0 and 2 share set 0; key 1 is alone.
        let mut store = SetAssociative::new(2, 1, Eviction::Lru, 0);
        assert_eq!(store.insert(0, ()), None);
        assert_eq!(store.insert(1, ()), None);
        assert_eq!(store.insert(2, ()), Some((0, ())));
        assert!(store.peek(1).is_some());
        let sets: Vec<usize> = store.entries().map(|(set, _, _, _)| set).collect();
        assert_eq!(sets, vec![0, 1]);
    }

    #[test]
    fn random_eviction_replays_from_its_seed() {
        let run = |seed| {
            let mut store = SetAssociative::new(1, 4, Eviction::Random, seed);
            (0..40u64)
                .filter_map(|k| store.insert(k, ()).map(|(evicted, _)| evicted))
                .collect::<Vec<u64>>()
        };
        assert_eq!(run(9), run(9));
        assert_ne!(run(9), run(10));
    }

    #[derive(Debug, Clone)]
    enum Op {
        Lookup(u64),
        LookupOrFill(u64, u8),
        Peek(u64),
        Insert(u64, u8),
        Remove(u64),
        Clear,
        Bump,
    }

    fn key() -> impl Strategy<Value = u64> {
        prop_oneof![20 => 0u64..24, 1 => Just(EMPTY_KEY)]
    }

    fn op() -> impl Strategy<Value = Op> {
        prop_oneof![
            8 => key().prop_map(Op::Lookup),
            6 => (key(), any::<u8>()).prop_map(|(k, v)| Op::LookupOrFill(k, v)),
            2 => key().prop_map(Op::Peek),
            6 => (key(), any::<u8>()).prop_map(|(k, v)| Op::Insert(k, v)),
            2 => key().prop_map(Op::Remove),
            1 => Just(Op::Clear),
            1 => Just(Op::Bump),
        ]
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(400))]

        /// The store answers every operation as the plain array of optional entries it
        /// replaced, and holds the same entries in the same slots after each.
        #[test]
        fn the_store_agrees_with_its_model(
            sets in 1usize..6,
            ways in 1usize..6,
            eviction in prop_oneof![Just(Eviction::Lru), Just(Eviction::Fifo), Just(Eviction::Random)],
            seed in any::<u64>(),
            ops in proptest::collection::vec(op(), 1..200),
        ) {
            let mut store = SetAssociative::new(sets, ways, eviction, seed);
            let mut model = model::ModelStore::new(sets, ways, eviction, seed);
            prop_assert_eq!((store.sets(), store.ways()), (model.sets(), model.ways()));
            for op in ops {
                match op {
                    Op::Lookup(k) => {
                        let (a, b) = (store.lookup(k).copied(), model.lookup(k).copied());
                        prop_assert_eq!(a, b);
                    }
                    Op::LookupOrFill(k, v) => {
                        // A miss filled where the lookup said, as a cache fills a line.
                        let found = store.lookup_or_vacancy(k).map(|found| *found);
                        let expected = model.lookup(k).copied();
                        prop_assert_eq!(found.ok(), expected);
                        if let Err(vacancy) = found {
                            prop_assert_eq!(store.fill(k, vacancy, v), model.insert(k, v));
                        }
                    }
                    Op::Peek(k) => prop_assert_eq!(store.peek(k), model.peek(k)),
                    Op::Insert(k, v) => {
                        prop_assert_eq!(store.insert(k, v), model.insert(k, v));
                    }
                    Op::Remove(k) => prop_assert_eq!(store.remove(k), model.remove(k)),
                    Op::Clear => {
                        store.clear();
                        model.clear();
                    }
                    Op::Bump => {
                        store.values_mut().for_each(|(k, v)| *v = v.wrapping_add(k as u8));
                        model.values_mut().for_each(|(k, v)| *v = v.wrapping_add(k as u8));
                    }
                }
                prop_assert_eq!(store.set_of(7), model.set_of(7));
                let entries: Vec<_> = store.entries().collect();
                prop_assert_eq!(entries, model.entries().collect::<Vec<_>>());
            }
        }
    }
}
