//! What memory costs: settable latencies in cycles, and the cycles an access history has
//! spent in each category, so a learner sees why a hot stack frame is cheap and a major
//! fault is millions of times dearer.

use serde::Serialize;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Latencies {
    /// A load or store that hits the data cache (or the whole access when there is no miss).
    pub cache_hit: u64,
    /// A trip to RAM: a cache line fill or write, or a word without a cache.
    pub ram: u64,
    /// One read of a page-table entry during a walk after a TLB miss.
    pub walk_read: u64,
    /// A minor fault: the kernel finds a zeroed frame and maps it.
    pub minor_fault: u64,
    /// A major fault: the page is read back from swap on disk.
    pub major_fault: u64,
    /// Writing a dirty page out to swap.
    pub swap_write: u64,
}

impl Default for Latencies {
    /// Orders of magnitude of a desktop machine at 3 GHz: L1 hit 4 cycles, RAM ~100 ns,
    /// a minor fault ~1 µs, a disk read or write ~5 ms.
    fn default() -> Latencies {
        Latencies {
            cache_hit: 4,
            ram: 300,
            walk_read: 300,
            minor_fault: 3_000,
            major_fault: 15_000_000,
            swap_write: 15_000_000,
        }
    }
}

/// Cycles spent, by category, and how many of each event.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize)]
pub struct Costs {
    pub cache_cycles: u64,
    pub ram_cycles: u64,
    pub walk_cycles: u64,
    pub minor_fault_cycles: u64,
    pub major_fault_cycles: u64,
    pub swap_write_cycles: u64,
}

/// One charge to a category.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Charge {
    CacheHit,
    Ram,
    WalkRead,
    MinorFault,
    MajorFault,
    SwapWrite,
}

impl Costs {
    /// Adds `count` events of one kind at `latencies`; returns the cycles added.
    #[inline]
    pub fn charge(&mut self, latencies: &Latencies, charge: Charge, count: u64) -> u64 {
        let (slot, each) = match charge {
            Charge::CacheHit => (&mut self.cache_cycles, latencies.cache_hit),
            Charge::Ram => (&mut self.ram_cycles, latencies.ram),
            Charge::WalkRead => (&mut self.walk_cycles, latencies.walk_read),
            Charge::MinorFault => (&mut self.minor_fault_cycles, latencies.minor_fault),
            Charge::MajorFault => (&mut self.major_fault_cycles, latencies.major_fault),
            Charge::SwapWrite => (&mut self.swap_write_cycles, latencies.swap_write),
        };
        let cycles = each.saturating_mul(count);
        *slot = slot.saturating_add(cycles);
        cycles
    }

    pub fn total(&self) -> u64 {
        [
            self.cache_cycles,
            self.ram_cycles,
            self.walk_cycles,
            self.minor_fault_cycles,
            self.major_fault_cycles,
            self.swap_write_cycles,
        ]
        .iter()
        .fold(0u64, |sum, c| sum.saturating_add(*c))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn charges_add_up_by_category() {
        let latencies = Latencies::default();
        let mut costs = Costs::default();
        assert_eq!(costs.charge(&latencies, Charge::CacheHit, 10), 40);
        costs.charge(&latencies, Charge::MajorFault, 1);
        assert_eq!(costs.cache_cycles, 40);
        assert_eq!(costs.total(), 40 + 15_000_000);
        // A major fault costs millions of cache hits: the lesson in one number.
        assert!(latencies.major_fault / latencies.cache_hit >= 1_000_000);
    }

    #[test]
    fn huge_latencies_saturate_instead_of_overflowing() {
        let latencies = Latencies {
            major_fault: u64::MAX,
            ..Latencies::default()
        };
        let mut costs = Costs::default();
        costs.charge(&latencies, Charge::MajorFault, 3);
        costs.charge(&latencies, Charge::Ram, 1);
        assert_eq!(costs.total(), u64::MAX);
    }
}
