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
                "A 64 KiB machine: 16-bit addresses (text from 0x0100, kernel space from 0xC000), 256-byte pages through a two-level table of 16 entries a level, and 16 frames (4 KiB, some of them page tables), so an array of a thousand ints sends pages to swap and back; a 4-entry TLB, a 256-byte cache and an 8 KiB stack. Pointers still take 4 bytes, as the C subset has it."
            }
            Preset::SmallMemory => {
                "4 KiB pages but only 16 frames (64 KiB, three of them page tables) and 1 MiB of swap: a program that sweeps an array bigger than that pages in and out on every pass."
            }
            Preset::BuddyHeap => {
                "The 32-bit Linux machine with a binary buddy system behind malloc: power-of-two blocks, split in halves and merged with their buddies, in segments of 64 KiB."
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
                    address_bits: 16,
                    stack_size: 8 * 1024,
                    thread_stack_size: 1024,
                    max_threads: 4,
                    max_heap: 16 * 1024,
                    page_size: 256,
                    frames: 16,
                    swap_pages: 256,
                    tlb_entries: 4,
                    ..linux
                };
                tiny.heap.initial_size = 256;
                tiny.heap.growth_step = 256;
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
            Preset::BuddyHeap => {
                // The buddy system grows by whole segments of the growth step: 64 KiB ones
                // hold blocks of up to 64 KiB, where 4 KiB pages would refuse 9000 bytes.
                let mut buddy = MachineSettings {
                    allocator: AllocatorChoice::Buddy,
                    ..linux
                };
                buddy.heap.initial_size = 64 * 1024;
                buddy.heap.growth_step = 64 * 1024;
                buddy
            }
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
