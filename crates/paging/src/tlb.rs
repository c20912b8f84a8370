//! The translation lookaside buffer: a small set-associative cache of page → frame
//! translations, so most accesses skip the page-table walk.

use serde::Serialize;

use crate::SettingsError;
use crate::assoc::{Eviction, SetAssociative};

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct TlbSettings {
    /// Entries in all; 0 means no TLB (every access walks the page table).
    pub entries: u32,
    /// Entries per set; equal to `entries` for a fully associative TLB.
    pub ways: u32,
    pub eviction: Eviction,
}

impl Default for TlbSettings {
    fn default() -> TlbSettings {
        TlbSettings {
            entries: 16,
            ways: 16,
            eviction: Eviction::Lru,
        }
    }
}

impl TlbSettings {
    pub fn validate(&self) -> Result<(), SettingsError> {
        if self.entries > 4096 {
            return Err(SettingsError::new(
                "TLB entries",
                format!("must be at most 4096, not {}", self.entries),
            ));
        }
        if self.entries > 0 && (self.ways == 0 || !self.entries.is_multiple_of(self.ways)) {
            return Err(SettingsError::new(
                "TLB associativity",
                format!(
                    "the ways per set must divide the {} entries, not {}",
                    self.entries, self.ways
                ),
            ));
        }
        Ok(())
    }
}

/// A cached translation.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize)]
pub struct TlbEntry {
    pub frame: u32,
    pub writable: bool,
}

#[derive(Debug, Clone)]
pub struct Tlb {
    store: Option<SetAssociative<TlbEntry>>,
    pub hits: u64,
    pub misses: u64,
}

impl Tlb {
    /// Bytes a copy of the TLB takes.
    pub fn footprint(&self) -> usize {
        self.store.as_ref().map_or(0, SetAssociative::footprint)
    }

    /// A TLB of valid `settings`; `seed` drives random eviction.
    pub fn new(settings: &TlbSettings, seed: u64) -> Tlb {
        let store = (settings.entries > 0).then(|| {
            let sets = (settings.entries / settings.ways) as usize;
            SetAssociative::new(sets, settings.ways as usize, settings.eviction, seed)
        });
        Tlb {
            store,
            hits: 0,
            misses: 0,
        }
    }

    /// The translation of `page`, counting a hit or a miss.
    #[inline(always)]
    pub fn lookup(&mut self, page: u32) -> Option<TlbEntry> {
        // A match, not `and_then`: the size-tuned web build would call a closure here.
        let found = match &mut self.store {
            Some(store) => store.lookup(u64::from(page)).copied(),
            None => None,
        };
        if found.is_some() {
            self.hits += 1;
        } else {
            self.misses += 1;
        }
        found
    }

    /// Caches a translation after a walk; returns the page whose entry was evicted.
    pub fn fill(&mut self, page: u32, entry: TlbEntry) -> Option<u32> {
        let store = self.store.as_mut()?;
        store
            .insert(u64::from(page), entry)
            .map(|(evicted, _)| evicted as u32)
    }

    /// Drops `page`'s translation (its page was evicted or its rights changed).
    pub fn invalidate(&mut self, page: u32) {
        if let Some(store) = self.store.as_mut() {
            store.remove(u64::from(page));
        }
    }

    pub fn flush(&mut self) {
        if let Some(store) = self.store.as_mut() {
            store.clear();
        }
    }

    /// Whether `page` has an entry, without counting a lookup.
    pub fn holds(&self, page: u32) -> Option<TlbEntry> {
        self.store
            .as_ref()
            .and_then(|s| s.peek(u64::from(page)).copied())
    }

    /// Every entry as (set, way, page, translation), for the view.
    pub fn entries(&self) -> Vec<(usize, usize, u32, TlbEntry)> {
        self.store.as_ref().map_or_else(Vec::new, |s| {
            s.entries()
                .map(|(set, way, page, entry)| (set, way, page as u32, *entry))
                .collect()
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hits_after_a_fill_and_misses_after_invalidation() {
        let mut tlb = Tlb::new(&TlbSettings::default(), 0);
        let entry = TlbEntry {
            frame: 3,
            writable: true,
        };
        assert_eq!(tlb.lookup(7), None);
        tlb.fill(7, entry);
        assert_eq!(tlb.lookup(7), Some(entry));
        tlb.invalidate(7);
        assert_eq!(tlb.lookup(7), None);
        assert_eq!((tlb.hits, tlb.misses), (1, 2));
    }

    #[test]
    fn a_small_tlb_evicts_the_least_recently_used() {
        let settings = TlbSettings {
            entries: 2,
            ways: 2,
            eviction: Eviction::Lru,
        };
        let mut tlb = Tlb::new(&settings, 0);
        let entry = |frame| TlbEntry {
            frame,
            writable: false,
        };
        tlb.fill(1, entry(10));
        tlb.fill(2, entry(20));
        tlb.lookup(1);
        assert_eq!(tlb.fill(3, entry(30)), Some(2));
    }

    #[test]
    fn no_tlb_means_every_lookup_misses() {
        let settings = TlbSettings {
            entries: 0,
            ..TlbSettings::default()
        };
        let mut tlb = Tlb::new(&settings, 0);
        tlb.fill(
            1,
            TlbEntry {
                frame: 1,
                writable: true,
            },
        );
        assert_eq!(tlb.lookup(1), None);
    }

    #[test]
    fn settings_are_checked_by_name() {
        let bad = TlbSettings {
            entries: 12,
            ways: 5,
            eviction: Eviction::Lru,
        };
        assert_eq!(bad.validate().unwrap_err().setting, "TLB associativity");
    }
}
