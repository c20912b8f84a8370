//! The views the playground shows beside the editor, each drawn from the run's step views
//! (`playback.rs`): before a program has run, a view says so instead of drawing anything.

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum ViewKind {
    Stack,
    Heap,
    MemoryMap,
    Paging,
    Cache,
    Plots,
    Console,
}

impl ViewKind {
    pub const ALL: [ViewKind; 7] = [
        ViewKind::Stack,
        ViewKind::Heap,
        ViewKind::MemoryMap,
        ViewKind::Paging,
        ViewKind::Cache,
        ViewKind::Plots,
        ViewKind::Console,
    ];

    /// A stable identifier, for element ids and (later) URLs.
    pub fn id(self) -> &'static str {
        match self {
            ViewKind::Stack => "stack",
            ViewKind::Heap => "heap",
            ViewKind::MemoryMap => "memory-map",
            ViewKind::Paging => "paging",
            ViewKind::Cache => "cache",
            ViewKind::Plots => "plots",
            ViewKind::Console => "console",
        }
    }

    /// The view `delta` places along [`ViewKind::ALL`], wrapping at both ends (how arrow
    /// keys move along a tab list).
    pub fn cycled(self, delta: isize) -> ViewKind {
        let len = ViewKind::ALL.len() as isize;
        let here = ViewKind::ALL.iter().position(|&v| v == self).unwrap_or(0) as isize;
        ViewKind::ALL[(here + delta).rem_euclid(len) as usize]
    }

    pub fn from_id(id: &str) -> Option<ViewKind> {
        ViewKind::ALL.into_iter().find(|view| view.id() == id)
    }

    pub fn title(self) -> &'static str {
        match self {
            ViewKind::Stack => "Stack",
            ViewKind::Heap => "Heap",
            ViewKind::MemoryMap => "Memory map",
            ViewKind::Paging => "Paging",
            ViewKind::Cache => "Cache",
            ViewKind::Plots => "Plots",
            ViewKind::Console => "Console",
        }
    }

    /// What the view shows, in one sentence for the learner.
    pub fn purpose(self) -> &'static str {
        match self {
            ViewKind::Stack => {
                "One column per thread: a frame per call with its return address, saved frame pointer, parameters and locals at their real addresses."
            }
            ViewKind::Heap => {
                "The heap as a strip of blocks, headers and free-list links included, carved by the allocator you choose."
            }
            ViewKind::MemoryMap => {
                "The whole 32-bit address space: text, rodata, data, bss, heap, mapped area, thread stacks and kernel space."
            }
            ViewKind::Paging => {
                "Virtual pages mapped to physical frames through page tables and a TLB, with page faults and pages swapped to disk."
            }
            ViewKind::Cache => {
                "The data cache line by line: hits, misses and write-backs, and what each access cost in cycles."
            }
            ViewKind::Plots => {
                "The whole run in charts: heap size, live bytes and fragmentation, and stack depth over time; page faults against frames for each replacement policy."
            }
            ViewKind::Console => {
                "What the program prints, and the memory errors and leaks it is reported for."
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_are_unique_and_round_trip() {
        for view in ViewKind::ALL {
            assert_eq!(ViewKind::from_id(view.id()), Some(view));
        }
        let mut ids: Vec<_> = ViewKind::ALL.iter().map(|v| v.id()).collect();
        ids.sort();
        ids.dedup();
        assert_eq!(ids.len(), ViewKind::ALL.len());
        assert_eq!(ViewKind::from_id("registers"), None);
    }

    #[test]
    fn cycling_wraps_both_ways() {
        assert_eq!(ViewKind::Stack.cycled(-1), ViewKind::Console);
        assert_eq!(ViewKind::Console.cycled(1), ViewKind::Stack);
        let laps_and_two = ViewKind::ALL.len() as isize + 2;
        assert_eq!(ViewKind::Stack.cycled(laps_and_two), ViewKind::MemoryMap);
        assert_eq!(ViewKind::Heap.cycled(0), ViewKind::Heap);
    }

    #[test]
    fn serde_uses_the_same_ids() {
        for view in ViewKind::ALL {
            assert_eq!(
                serde_json::to_string(&view).unwrap(),
                format!("\"{}\"", view.id())
            );
        }
    }
}
