//! A data cache in front of physical memory: lines of `line_size` bytes in sets of `ways`,
//! hit or miss by physical address, dirty lines written back on eviction (write-back) or
//! every write sent on to memory (write-through), and write misses filling a line or not
//! (write-allocate).

use serde::Serialize;

use crate::SettingsError;
use crate::assoc::{Eviction, SetAssociative, Vacancy};

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CacheSettings {
    /// Total bytes; 0 means no cache.
    pub size: u32,
    pub line_size: u32,
    pub ways: u32,
    pub eviction: Eviction,
    pub write_back: bool,
    pub write_allocate: bool,
}

impl Default for CacheSettings {
    /// A small L1 data cache: 4 KiB, 64-byte lines, 4 ways, LRU, write-back,
    /// write-allocate.
    fn default() -> CacheSettings {
        CacheSettings {
            size: 4096,
            line_size: 64,
            ways: 4,
            eviction: Eviction::Lru,
            write_back: true,
            write_allocate: true,
        }
    }
}

impl CacheSettings {
    pub fn validate(&self) -> Result<(), SettingsError> {
        if self.size == 0 {
            return Ok(());
        }
        if !self.line_size.is_power_of_two() || !(4..=4096).contains(&self.line_size) {
            return Err(SettingsError::new(
                "cache line size",
                format!(
                    "must be a power of two from 4 to 4096 bytes, not {}",
                    self.line_size
                ),
            ));
        }
        let lines = self.size / self.line_size;
        if !self.size.is_multiple_of(self.line_size) || self.size > 1 << 24 {
            return Err(SettingsError::new(
                "cache size",
                format!(
                    "must be a multiple of the line size ({}) up to 16 MiB, not {}",
                    self.line_size, self.size
                ),
            ));
        }
        if self.ways == 0 || !lines.is_multiple_of(self.ways) {
            return Err(SettingsError::new(
                "cache associativity",
                format!(
                    "the ways per set must divide the {lines} lines, not {}",
                    self.ways
                ),
            ));
        }
        Ok(())
    }
}

/// What one access did in the cache.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize)]
pub struct CacheOutcome {
    pub hit: bool,
    /// A line was read from memory.
    pub filled: bool,
    /// The physical address of a dirty line written back to make room.
    pub written_back: Option<u32>,
    /// A write sent on to memory (write-through, or a write miss without allocation).
    pub wrote_through: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize)]
pub struct CacheStats {
    pub hits: u64,
    pub misses: u64,
    pub write_backs: u64,
}

#[derive(Debug, Clone)]
pub struct Cache {
    settings: CacheSettings,
    /// log2 of the line size (a power of two), so a line number is a shift, not a division.
    line_bits: u32,
    /// Lines by line number (address / line size); the value is the dirty bit.
    lines: Option<SetAssociative<bool>>,
    pub stats: CacheStats,
}

impl Cache {
    /// Bytes a copy of the cache's lines takes.
    pub fn footprint(&self) -> usize {
        self.lines.as_ref().map_or(0, SetAssociative::footprint)
    }

    /// A cache of valid `settings`; `seed` drives random eviction.
    pub fn new(settings: &CacheSettings, seed: u64) -> Cache {
        let lines = (settings.size > 0).then(|| {
            let sets = settings.size / settings.line_size / settings.ways;
            SetAssociative::new(
                sets as usize,
                settings.ways as usize,
                settings.eviction,
                seed,
            )
        });
        Cache {
            settings: settings.clone(),
            line_bits: settings.line_size.trailing_zeros(),
            lines,
            stats: CacheStats::default(),
        }
    }

    pub fn settings(&self) -> &CacheSettings {
        &self.settings
    }

    #[inline]
    pub fn enabled(&self) -> bool {
        self.lines.is_some()
    }

    /// log2 of the line size.
    #[inline]
    pub fn line_bits(&self) -> u32 {
        self.line_bits
    }

    /// One load or store of the byte at physical address `addr`.
    #[inline(always)]
    pub fn access(&mut self, addr: u32, write: bool) -> CacheOutcome {
        let Some(lines) = self.lines.as_mut() else {
            return CacheOutcome {
                wrote_through: write,
                ..CacheOutcome::default()
            };
        };
        let line = u64::from(addr >> self.line_bits);
        let write_back = self.settings.write_back;
        let mut outcome = CacheOutcome::default();
        let vacancy = match lines.lookup_or_vacancy(line) {
            Ok(dirty) => {
                outcome.hit = true;
                if write {
                    if write_back {
                        *dirty = true;
                    } else {
                        outcome.wrote_through = true;
                    }
                }
                self.stats.hits += 1;
                return outcome;
            }
            Err(vacancy) => vacancy,
        };
        self.miss(line, vacancy, write)
    }

    /// A line not in the cache: filled where the lookup found room (evicting another)
    /// unless a write skips allocation.
    #[inline(never)]
    fn miss(&mut self, line: u64, vacancy: Vacancy, write: bool) -> CacheOutcome {
        let Some(lines) = self.lines.as_mut() else {
            return CacheOutcome::default();
        };
        let write_back = self.settings.write_back;
        let mut outcome = CacheOutcome::default();
        self.stats.misses += 1;
        if write && !self.settings.write_allocate {
            outcome.wrote_through = true;
            return outcome;
        }
        outcome.filled = true;
        outcome.wrote_through = write && !write_back;
        if let Some((evicted, true)) = lines.fill(line, vacancy, write && write_back) {
            outcome.written_back = Some((evicted as u32) << self.line_bits);
            self.stats.write_backs += 1;
        }
        outcome
    }

    /// Writes back and drops every line of `start..start + len` (a frame about to hold
    /// another page); returns how many dirty lines were written back.
    pub fn evict_range(&mut self, start: u32, len: u32) -> u32 {
        let Some(lines) = self.lines.as_mut() else {
            return 0;
        };
        let line_size = self.settings.line_size;
        let first = start / line_size;
        let last = (u64::from(start) + u64::from(len)).div_ceil(u64::from(line_size));
        let mut written = 0;
        for line in u64::from(first)..last {
            if lines.remove(line) == Some(true) {
                written += 1;
            }
        }
        self.stats.write_backs += u64::from(written);
        written
    }

    /// When each line arrived and was last used, in [`lines`](Self::lines)' order (see
    /// [`SetAssociative::stamps`]).
    pub fn line_stamps(&self) -> Vec<(u64, u64)> {
        self.lines
            .as_ref()
            .map_or_else(Vec::new, |lines| lines.stamps().collect())
    }

    /// Every line as (set, way, line address, dirty), for the view.
    pub fn lines(&self) -> Vec<(usize, usize, u32, bool)> {
        let line_size = self.settings.line_size;
        self.lines.as_ref().map_or_else(Vec::new, |lines| {
            lines
                .entries()
                .map(|(set, way, line, dirty)| (set, way, line as u32 * line_size, *dirty))
                .collect()
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cache(settings: CacheSettings) -> Cache {
        settings.validate().unwrap();
        Cache::new(&settings, 0)
    }

    #[test]
    fn neighbours_in_a_line_hit_after_the_first_miss() {
        let mut cache = cache(CacheSettings::default());
        assert!(!cache.access(0x1000, false).hit);
        for offset in 1..64 {
            assert!(cache.access(0x1000 + offset, false).hit);
        }
        assert!(!cache.access(0x1040, false).hit);
        assert_eq!((cache.stats.hits, cache.stats.misses), (63, 2));
    }

    #[test]
    fn a_dirty_line_is_written_back_when_evicted() {
        // Direct-mapped, two lines of 16 bytes: 0x00 and 0x20 share set 0.
        let mut cache = cache(CacheSettings {
            size: 32,
            line_size: 16,
            ways: 1,
            ..CacheSettings::default()
        });
        cache.access(0x00, true);
        let outcome = cache.access(0x20, false);
        assert_eq!(outcome.written_back, Some(0x00));
        // A clean line leaves silently.
        assert_eq!(cache.access(0x00, false).written_back, None);
    }

    #[test]
    fn write_through_and_no_write_allocate() {
        let mut cache = cache(CacheSettings {
            write_back: false,
            write_allocate: false,
            ..CacheSettings::default()
        });
        let miss = cache.access(0x40, true);
        assert!(!miss.hit && !miss.filled && miss.wrote_through);
        // Not allocated: the next read misses too, then fills.
        assert!(cache.access(0x40, false).filled);
        let hit = cache.access(0x40, true);
        assert!(hit.hit && hit.wrote_through);
        assert_eq!(cache.stats.write_backs, 0);
    }

    #[test]
    fn evicting_a_frame_writes_its_dirty_lines_back() {
        let mut cache = cache(CacheSettings::default());
        cache.access(0x2000, true);
        cache.access(0x2040, false);
        cache.access(0x3000, true);
        assert_eq!(cache.evict_range(0x2000, 0x1000), 1);
        assert!(!cache.access(0x2040, false).hit);
        assert!(cache.access(0x3000, false).hit);
    }

    #[test]
    fn settings_are_checked_by_name() {
        let bad = |s: CacheSettings| s.validate().unwrap_err().setting;
        let base = CacheSettings::default();
        assert_eq!(
            bad(CacheSettings {
                line_size: 48,
                ..base.clone()
            }),
            "cache line size"
        );
        assert_eq!(
            bad(CacheSettings {
                size: 4000,
                ..base.clone()
            }),
            "cache size"
        );
        assert_eq!(
            bad(CacheSettings { ways: 3, ..base }),
            "cache associativity"
        );
    }
}
