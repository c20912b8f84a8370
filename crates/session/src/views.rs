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
    Problems,
    Settings,
}

impl ViewKind {
    pub const ALL: [ViewKind; 9] = [
        ViewKind::Stack,
        ViewKind::Heap,
        ViewKind::MemoryMap,
        ViewKind::Paging,
        ViewKind::Cache,
        ViewKind::Plots,
        ViewKind::Console,
        ViewKind::Problems,
        ViewKind::Settings,
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
            ViewKind::Problems => "problems",
            ViewKind::Settings => "settings",
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
            ViewKind::Problems => "Problems",
            ViewKind::Settings => "Settings",
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
                "The whole virtual address space (4 GiB in 32 bits, 64 KiB in 16): text, rodata, data, bss, heap, mapped area, thread stacks and kernel space."
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
            ViewKind::Console => "What the program prints, and how it ended.",
            ViewKind::Problems => {
                "The memory errors found so far, the way valgrind reports them, each linked to its line; and the leak report when the program ends."
            }
            ViewKind::Settings => {
                "Every knob of the simulated machine, grouped, with presets for lessons."
            }
        }
    }

    /// Whether the view draws a run (the settings are there before any run).
    pub fn draws_a_run(self) -> bool {
        self != ViewKind::Settings
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
        let last = ViewKind::ALL[ViewKind::ALL.len() - 1];
        assert_eq!(ViewKind::Stack.cycled(-1), last);
        assert_eq!(last.cycled(1), ViewKind::Stack);
        assert_eq!(
            ViewKind::Stack.cycled(ViewKind::ALL.len() as isize + 2),
            ViewKind::MemoryMap
        );
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
