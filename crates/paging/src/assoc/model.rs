//! The set-associative store as it was first written, an array of optional entries
//! scanned in full: the model the optimised store must agree with, operation by operation.

use super::Eviction;
use crate::rng::SplitMix64;

#[derive(Debug, Clone, PartialEq, Eq)]
struct Entry<V> {
    key: u64,
    value: V,
    /// When it arrived and when it was last used, in lookups since the store was made.
    arrived: u64,
    used: u64,
}

#[derive(Debug, Clone)]
pub struct ModelStore<V> {
    sets: usize,
    ways: usize,
    slots: Vec<Option<Entry<V>>>,
    eviction: Eviction,
    rng: SplitMix64,
    clock: u64,
}

impl<V> ModelStore<V> {
    /// `sets * ways` entries; both at least 1 (the caller validates its settings).
    pub fn new(sets: usize, ways: usize, eviction: Eviction, seed: u64) -> ModelStore<V> {
        let (sets, ways) = (sets.max(1), ways.max(1));
        ModelStore {
            sets,
            ways,
            slots: (0..sets * ways).map(|_| None).collect(),
            eviction,
            rng: SplitMix64::new(seed),
            clock: 0,
        }
    }

    pub fn sets(&self) -> usize {
        self.sets
    }

    pub fn ways(&self) -> usize {
        self.ways
    }

    pub fn set_of(&self, key: u64) -> usize {
        (key % self.sets as u64) as usize
    }

    fn set_range(&self, key: u64) -> std::ops::Range<usize> {
        let start = self.set_of(key) * self.ways;
        start..start + self.ways
    }

    fn position(&self, key: u64) -> Option<usize> {
        self.set_range(key)
            .find(|&i| self.slots[i].as_ref().is_some_and(|e| e.key == key))
    }

    /// Looks `key` up, marking it used on a hit.
    pub fn lookup(&mut self, key: u64) -> Option<&mut V> {
        self.clock += 1;
        let i = self.position(key)?;
        let entry = self.slots[i].as_mut()?;
        entry.used = self.clock;
        Some(&mut entry.value)
    }

    /// Looks without counting as a use (for views and checks).
    pub fn peek(&self, key: u64) -> Option<&V> {
        self.position(key)
            .and_then(|i| self.slots[i].as_ref())
            .map(|e| &e.value)
    }

    /// Puts `key` in its set (replacing its old value if present); returns the entry evicted
    /// to make room.
    pub fn insert(&mut self, key: u64, value: V) -> Option<(u64, V)> {
        self.clock += 1;
        let now = self.clock;
        let fresh = Entry {
            key,
            value,
            arrived: now,
            used: now,
        };
        if let Some(i) = self.position(key) {
            self.slots[i] = Some(fresh);
            return None;
        }
        let range = self.set_range(key);
        if let Some(i) = range.clone().find(|&i| self.slots[i].is_none()) {
            self.slots[i] = Some(fresh);
            return None;
        }
        let victim = self.victim(range);
        let old = self.slots[victim].replace(fresh)?;
        Some((old.key, old.value))
    }

    fn victim(&mut self, range: std::ops::Range<usize>) -> usize {
        let key = |i: &usize| {
            let e = self.slots[*i].as_ref().expect("a full set");
            match self.eviction {
                Eviction::Lru => e.used,
                _ => e.arrived,
            }
        };
        match self.eviction {
            Eviction::Random => range.start + self.rng.below(self.ways as u64) as usize,
            Eviction::Lru | Eviction::Fifo => range.clone().min_by_key(key).unwrap_or(range.start),
        }
    }

    pub fn remove(&mut self, key: u64) -> Option<V> {
        let i = self.position(key)?;
        self.slots[i].take().map(|e| e.value)
    }

    pub fn clear(&mut self) {
        self.slots.iter_mut().for_each(|slot| *slot = None);
    }

    /// Every entry as (set, way, key, value), for the views.
    pub fn entries(&self) -> impl Iterator<Item = (usize, usize, u64, &V)> {
        self.slots.iter().enumerate().filter_map(|(i, slot)| {
            slot.as_ref()
                .map(|e| (i / self.ways, i % self.ways, e.key, &e.value))
        })
    }

    /// Every entry's value, mutable (to write dirty lines back, say).
    pub fn values_mut(&mut self) -> impl Iterator<Item = (u64, &mut V)> {
        self.slots
            .iter_mut()
            .filter_map(|slot| slot.as_mut().map(|e| (e.key, &mut e.value)))
    }
}
