//! Ready-made settings for lessons, each a whole machine the engines accept.

use memplay_heap::catalog::AllocatorChoice;

use crate::run::MachineSettings;

/// Ready-made settings for lessons.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Preset {
    Linux32,
    TinyTeaching,
    SmallMemory,
    BuddyHeap,
    MemoryChecker,
}

impl Preset {
    pub const ALL: [Preset; 5] = [
        Preset::Linux32,
        Preset::TinyTeaching,
        Preset::SmallMemory,
        Preset::BuddyHeap,
        Preset::MemoryChecker,
    ];

    pub fn id(self) -> &'static str {
        match self {
            Preset::Linux32 => "linux-32",
            Preset::TinyTeaching => "tiny",
            Preset::SmallMemory => "small-memory",
            Preset::BuddyHeap => "buddy",
            Preset::MemoryChecker => "memcheck",
        }
    }

    pub fn from_id(id: &str) -> Option<Preset> {
        Preset::ALL.into_iter().find(|p| p.id() == id)
    }

    pub fn name(self) -> &'static str {
        match self {
            Preset::Linux32 => "32-bit Linux",
            Preset::TinyTeaching => "Tiny teaching machine",
            Preset::SmallMemory => "Small memory that swaps",
            Preset::BuddyHeap => "Buddy-allocator heap",
            Preset::MemoryChecker => "Catch memory errors",
        }
    }

    pub fn description(self) -> &'static str {
        match self {
            Preset::Linux32 => {
                "An i386 Linux process: 4 KiB pages, 16 MiB of memory, 8 MiB stacks, a first-fit heap, LRU replacement, a 16-entry TLB and a 4 KiB cache."
            }
            Preset::TinyTeaching => {
                "1 KiB pages and 6 frames (three of them hold the page tables), so a 4 KiB array already sends pages to swap and back; a 4-entry TLB, a 256-byte cache and a 16 KiB stack. The machine lays its process out as i386 Linux does, in 32-bit addresses, and 1 KiB is its smallest page: 16-bit addresses and 256-byte pages exist only in the address-translation exercises (memplay translate)."
            }
            Preset::SmallMemory => {
                "4 KiB pages but only 16 frames (64 KiB, three of them page tables) and 1 MiB of swap: a program that sweeps an array bigger than that pages in and out on every pass."
            }
            Preset::BuddyHeap => {
                "The 32-bit Linux machine with a binary buddy system behind malloc: power-of-two blocks, split in halves and merged with their buddies."
            }
            Preset::MemoryChecker => {
                "The 32-bit Linux machine with memcheck's help: freed blocks held back (1 MiB) so a use after free is caught, and 16-byte red zones so an overrun is caught."
            }
        }
    }

    pub fn settings(self) -> MachineSettings {
        let linux = MachineSettings::default();
        match self {
            Preset::Linux32 => linux,
            Preset::TinyTeaching => {
                let mut tiny = MachineSettings {
                    stack_size: 16 * 1024,
                    thread_stack_size: 4 * 1024,
                    max_threads: 8,
                    max_heap: 64 * 1024,
                    page_size: 1024,
                    frames: 6,
                    swap_pages: 64,
                    tlb_entries: 4,
                    ..linux
                };
                tiny.heap.initial_size = 1024;
                tiny.heap.growth_step = 1024;
                tiny.cache.size = 256;
                tiny.cache.line_size = 16;
                tiny.cache.ways = 2;
                tiny
            }
            Preset::SmallMemory => MachineSettings {
                frames: 16,
                swap_pages: 256,
                tlb_entries: 8,
                ..linux
            },
            Preset::BuddyHeap => MachineSettings {
                allocator: AllocatorChoice::Buddy,
                ..linux
            },
            Preset::MemoryChecker => MachineSettings {
                quarantine: 1 << 20,
                red_zone: 16,
                ..linux
            },
        }
    }

    /// The preset these settings are exactly, if any.
    pub fn matching(settings: &MachineSettings) -> Option<Preset> {
        Preset::ALL
            .into_iter()
            .find(|preset| preset.settings() == *settings)
    }
}
