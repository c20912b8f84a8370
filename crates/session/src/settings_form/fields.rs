//! Every knob of the machine as plain data: its group, id, label, help and kind, how to
//! read it from the settings and write it back, and how its input shows and parses it.

use memplay_heap::catalog::AllocatorChoice;
use memplay_machine::Granularity;
use memplay_machine::layout::ADDRESS_BITS;
use memplay_paging::assoc::Eviction;
use memplay_paging::policy::PolicyKind;

use crate::run::MachineSettings;

/// A heading of the form; fields are listed under the group they belong to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Group {
    Process,
    Limits,
    Threads,
    Checking,
    Heap,
    Paging,
    Tlb,
    Cache,
    Cost,
}

impl Group {
    pub const ALL: [Group; 9] = [
        Group::Process,
        Group::Limits,
        Group::Threads,
        Group::Checking,
        Group::Heap,
        Group::Paging,
        Group::Tlb,
        Group::Cache,
        Group::Cost,
    ];

    /// A stable identifier, for element ids.
    pub fn id(self) -> &'static str {
        match self {
            Group::Process => "process",
            Group::Limits => "limits",
            Group::Threads => "threads",
            Group::Checking => "checking",
            Group::Heap => "heap",
            Group::Paging => "paging",
            Group::Tlb => "tlb",
            Group::Cache => "cache",
            Group::Cost => "cost",
        }
    }

    pub fn title(self) -> &'static str {
        match self {
            Group::Process => "Process",
            Group::Limits => "Limits",
            Group::Threads => "Threads",
            Group::Checking => "Memory checking",
            Group::Heap => "Heap allocator",
            Group::Paging => "Virtual memory and paging",
            Group::Tlb => "TLB",
            Group::Cache => "Data cache",
            Group::Cost => "Cost model",
        }
    }

    /// What the group is about, in one sentence for the learner.
    pub fn help(self) -> &'static str {
        match self {
            Group::Process => {
                "The main thread's stack, and how finely a run is recorded for stepping."
            }
            Group::Limits => "Budgets that stop a runaway program before it fills the tab.",
            Group::Threads => {
                "pthreads: how many, how big their stacks, how often they take turns."
            }
            Group::Checking => {
                "Help for catching memory errors, as valgrind's memcheck and AddressSanitizer give it."
            }
            Group::Heap => {
                "The algorithm behind malloc and free, and how the heap grows with sbrk."
            }
            Group::Paging => {
                "Pages of the address space, the physical frames that hold them, swap on disk, and which page goes when memory is full."
            }
            Group::Tlb => "The translation lookaside buffer: recent page-to-frame translations.",
            Group::Cache => "A data cache in front of physical memory (the Cache view shows it).",
            Group::Cost => {
                "Cycles each kind of access costs: why a cache hit is cheap and a page fault dear."
            }
        }
    }

    pub fn fields(self) -> impl Iterator<Item = Field> {
        Field::ALL.into_iter().filter(move |f| f.group() == self)
    }
}

/// One knob of the machine.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Field {
    StackSize,
    Granularity,
    MaxSteps,
    MaxOutput,
    MaxHeap,
    MaxThreads,
    ThreadStackSize,
    Quantum,
    Quarantine,
    RedZone,
    Allocator,
    Alignment,
    InitialHeap,
    GrowthStep,
    ThreadCache,
    AddressBits,
    PageSize,
    Frames,
    SwapPages,
    Replacement,
    TickInterval,
    AgingBits,
    WorkingSetWindow,
    Seed,
    TlbEntries,
    TlbSets,
    TlbEviction,
    CacheSize,
    CacheLineSize,
    CacheWays,
    CacheEviction,
    CacheWriteBack,
    CacheWriteAllocate,
    CacheHitCycles,
    RamCycles,
    WalkReadCycles,
    MinorFaultCycles,
    MajorFaultCycles,
    SwapWriteCycles,
}

/// What a number counts, for parsing and showing it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Unit {
    /// Bytes: `65536`, `64k`, `64 KiB` and `8m` are all accepted; shown as `64 KiB`.
    Bytes,
    /// A plain count of something (`frames`, `steps`, `cycles`...).
    Count(&'static str),
}

/// One option of a choice: the value kept (and stored) and what the learner reads.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ChoiceOption {
    pub value: String,
    pub label: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FieldKind {
    /// A whole number from `min` to `max`; the engines may refuse more (a page size must be
    /// a power of two, say), and then say why.
    Number {
        min: u64,
        max: u64,
        unit: Unit,
    },
    Choice {
        options: Vec<ChoiceOption>,
    },
    Toggle,
}

/// A field's value as the form holds it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FieldValue {
    Number(u64),
    Choice(String),
    Toggle(bool),
}

const KIB: u64 = 1 << 10;
const MIB: u64 = 1 << 20;
const GIB: u64 = 1 << 30;
const U32: u64 = u32::MAX as u64;
const MAX_CYCLES: u64 = 1_000_000_000_000;

fn options<T: Copy>(
    all: &[T],
    value: impl Fn(T) -> String,
    label: impl Fn(T) -> String,
) -> Vec<ChoiceOption> {
    all.iter()
        .map(|&item| ChoiceOption {
            value: value(item),
            label: label(item),
        })
        .collect()
}

const EVICTIONS: [Eviction; 3] = [Eviction::Lru, Eviction::Fifo, Eviction::Random];

fn eviction_label(eviction: Eviction) -> String {
    match eviction {
        Eviction::Lru => "LRU: the least recently used entry goes",
        Eviction::Fifo => "FIFO: the oldest entry goes",
        Eviction::Random => "random (from the seed)",
    }
    .to_string()
}

/// Every page size either address width allows (the engine refuses those outside its width's
/// range, and says which range).
const PAGE_SIZES: [u32; 11] = [
    64, 128, 256, 512, 1024, 2048, 4096, 8192, 16384, 32768, 65536,
];

impl Field {
    pub const ALL: [Field; 39] = [
        Field::StackSize,
        Field::Granularity,
        Field::MaxSteps,
        Field::MaxOutput,
        Field::MaxHeap,
        Field::MaxThreads,
        Field::ThreadStackSize,
        Field::Quantum,
        Field::Quarantine,
        Field::RedZone,
        Field::Allocator,
        Field::Alignment,
        Field::InitialHeap,
        Field::GrowthStep,
        Field::ThreadCache,
        Field::AddressBits,
        Field::PageSize,
        Field::Frames,
        Field::SwapPages,
        Field::Replacement,
        Field::TickInterval,
        Field::AgingBits,
        Field::WorkingSetWindow,
        Field::Seed,
        Field::TlbEntries,
        Field::TlbSets,
        Field::TlbEviction,
        Field::CacheSize,
        Field::CacheLineSize,
        Field::CacheWays,
        Field::CacheEviction,
        Field::CacheWriteBack,
        Field::CacheWriteAllocate,
        Field::CacheHitCycles,
        Field::RamCycles,
        Field::WalkReadCycles,
        Field::MinorFaultCycles,
        Field::MajorFaultCycles,
        Field::SwapWriteCycles,
    ];

    /// A stable identifier, for element ids and the stored settings.
    pub fn id(self) -> &'static str {
        match self {
            Field::StackSize => "stack-size",
            Field::Granularity => "granularity",
            Field::MaxSteps => "max-steps",
            Field::MaxOutput => "max-output",
            Field::MaxHeap => "max-heap",
            Field::MaxThreads => "max-threads",
            Field::ThreadStackSize => "thread-stack-size",
            Field::Quantum => "quantum",
            Field::Quarantine => "quarantine",
            Field::RedZone => "red-zone",
            Field::Allocator => "allocator",
            Field::Alignment => "alignment",
            Field::InitialHeap => "initial-heap",
            Field::GrowthStep => "growth-step",
            Field::ThreadCache => "thread-cache",
            Field::AddressBits => "address-bits",
            Field::PageSize => "page-size",
            Field::Frames => "frames",
            Field::SwapPages => "swap-pages",
            Field::Replacement => "replacement",
            Field::TickInterval => "tick-interval",
            Field::AgingBits => "aging-bits",
            Field::WorkingSetWindow => "working-set-window",
            Field::Seed => "seed",
            Field::TlbEntries => "tlb-entries",
            Field::TlbSets => "tlb-sets",
            Field::TlbEviction => "tlb-eviction",
            Field::CacheSize => "cache-size",
            Field::CacheLineSize => "cache-line-size",
            Field::CacheWays => "cache-ways",
            Field::CacheEviction => "cache-eviction",
            Field::CacheWriteBack => "cache-write-back",
            Field::CacheWriteAllocate => "cache-write-allocate",
            Field::CacheHitCycles => "cache-hit-cycles",
            Field::RamCycles => "ram-cycles",
            Field::WalkReadCycles => "walk-read-cycles",
            Field::MinorFaultCycles => "minor-fault-cycles",
            Field::MajorFaultCycles => "major-fault-cycles",
            Field::SwapWriteCycles => "swap-write-cycles",
        }
    }

    pub fn from_id(id: &str) -> Option<Field> {
        Field::ALL.into_iter().find(|f| f.id() == id)
    }

    pub fn group(self) -> Group {
        match self {
            Field::StackSize | Field::Granularity => Group::Process,
            Field::MaxSteps | Field::MaxOutput | Field::MaxHeap => Group::Limits,
            Field::MaxThreads | Field::ThreadStackSize | Field::Quantum => Group::Threads,
            Field::Quarantine | Field::RedZone => Group::Checking,
            Field::Allocator
            | Field::Alignment
            | Field::InitialHeap
            | Field::GrowthStep
            | Field::ThreadCache => Group::Heap,
            Field::AddressBits
            | Field::PageSize
            | Field::Frames
            | Field::SwapPages
            | Field::Replacement
            | Field::TickInterval
            | Field::AgingBits
            | Field::WorkingSetWindow
            | Field::Seed => Group::Paging,
            Field::TlbEntries | Field::TlbSets | Field::TlbEviction => Group::Tlb,
            Field::CacheSize
            | Field::CacheLineSize
            | Field::CacheWays
            | Field::CacheEviction
            | Field::CacheWriteBack
            | Field::CacheWriteAllocate => Group::Cache,
            Field::CacheHitCycles
            | Field::RamCycles
            | Field::WalkReadCycles
            | Field::MinorFaultCycles
            | Field::MajorFaultCycles
            | Field::SwapWriteCycles => Group::Cost,
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Field::StackSize => "Stack size",
            Field::Granularity => "Steps stop at",
            Field::MaxSteps => "Most statements",
            Field::MaxOutput => "Most output",
            Field::MaxHeap => "Largest heap",
            Field::MaxThreads => "Most threads",
            Field::ThreadStackSize => "Thread stack size",
            Field::Quantum => "Time slice",
            Field::Quarantine => "Quarantine of freed blocks",
            Field::RedZone => "Red zone after each block",
            Field::Allocator => "Allocator",
            Field::Alignment => "Alignment",
            Field::InitialHeap => "Initial heap",
            Field::GrowthStep => "Growth step",
            Field::ThreadCache => "Per-thread caches",
            Field::AddressBits => "Address bits",
            Field::PageSize => "Page size",
            Field::Frames => "Physical frames",
            Field::SwapPages => "Swap space",
            Field::Replacement => "Replacement policy",
            Field::TickInterval => "Clock tick",
            Field::AgingBits => "Aging counter bits",
            Field::WorkingSetWindow => "Working-set window",
            Field::Seed => "Random seed",
            Field::TlbEntries => "TLB entries",
            Field::TlbSets => "TLB sets",
            Field::TlbEviction => "TLB eviction",
            Field::CacheSize => "Cache size",
            Field::CacheLineSize => "Line size",
            Field::CacheWays => "Ways per set",
            Field::CacheEviction => "Cache eviction",
            Field::CacheWriteBack => "Write-back",
            Field::CacheWriteAllocate => "Write-allocate",
            Field::CacheHitCycles => "Cache hit",
            Field::RamCycles => "RAM access",
            Field::WalkReadCycles => "Page-table read",
            Field::MinorFaultCycles => "Minor fault",
            Field::MajorFaultCycles => "Major fault",
            Field::SwapWriteCycles => "Write to swap",
        }
    }

    /// What the setting does, in a sentence for the learner.
    pub fn help(self) -> &'static str {
        match self {
            Field::StackSize => {
                "The main thread's stack, like ulimit -s (8 MiB on Linux); a deeper recursion or a bigger local array overflows it. At least one page."
            }
            Field::Granularity => {
                "Each statement, or also each call, assignment and increment inside one."
            }
            Field::MaxSteps => "Statements a program may run before it is stopped.",
            Field::MaxOutput => "Bytes a program may print before it is stopped.",
            Field::MaxHeap => {
                "The most the heap may grow to with sbrk; beyond it malloc returns NULL."
            }
            Field::MaxThreads => "Threads that may exist at once, main included.",
            Field::ThreadStackSize => "The stack of each created thread (8 MiB in glibc).",
            Field::Quantum => "Statements a thread runs before the scheduler switches to the next.",
            Field::Quarantine => {
                "Bytes of freed blocks held back from reuse, as memcheck does, so a use after free is caught even after more mallocs. 0 frees at once."
            }
            Field::RedZone => {
                "Bytes padded after every block that the program may not touch, so an overrun is caught instead of corrupting the next block. 0 for none."
            }
            Field::Allocator => "The algorithm that serves malloc and free.",
            Field::Alignment => "Every payload starts at a multiple of this.",
            Field::InitialHeap => "Bytes taken with sbrk at the first malloc.",
            Field::GrowthStep => {
                "The heap grows by multiples of this; the buddy system grows by whole segments of it, so there it must be a power of two."
            }
            Field::ThreadCache => {
                "glibc-like caches of freed blocks per thread, in front of the allocator."
            }
            Field::AddressBits => {
                "How wide a virtual address is: 32 bits (4 GiB, i386 Linux) or 16 (a 64 KiB teaching machine with the same layout in miniature; pointers still take 4 bytes)."
            }
            Field::PageSize => {
                "Bytes per page (4 KiB on x86): 1 KiB to 64 KiB in 32 bits, 64 bytes to 4 KiB in 16."
            }
            Field::Frames => {
                "Physical memory, in frames of one page. The page tables take frames too. Fewer frames than the program touches means page faults and swapping."
            }
            Field::SwapPages => {
                "Pages of swap space on disk; when memory and swap are both full, the program dies."
            }
            Field::Replacement => {
                "Which page leaves its frame when a page fault finds memory full."
            }
            Field::TickInterval => {
                "Memory accesses between clock interrupts (NRU, Aging, Working Set and WSClock use them)."
            }
            Field::AgingBits => "Width of Aging's counters (1 to 64).",
            Field::WorkingSetWindow => {
                "Working Set and WSClock: a page unused for more than this many accesses is out of the working set."
            }
            Field::Seed => "Seeds every random choice: random replacement, NRU, random eviction.",
            Field::TlbEntries => {
                "Translations the TLB holds; 0 for none (every access walks the page table)."
            }
            Field::TlbSets => "The entries divide into this many sets; 1 is fully associative.",
            Field::TlbEviction => "Which TLB entry of a full set makes room.",
            Field::CacheSize => "Bytes of data cache; 0 for none.",
            Field::CacheLineSize => {
                "Bytes moved between the cache and RAM at once: a power of two."
            }
            Field::CacheWays => {
                "Lines per set: 1 is direct-mapped; all the lines is fully associative."
            }
            Field::CacheEviction => "Which line of a full set makes room.",
            Field::CacheWriteBack => {
                "On: a write stays in the cache until its line is evicted. Off: every write goes on to RAM (write-through)."
            }
            Field::CacheWriteAllocate => {
                "On: a write miss brings the line into the cache. Off: it writes RAM only."
            }
            Field::CacheHitCycles => "An access the data cache serves.",
            Field::RamCycles => {
                "A trip to RAM: a cache line filled or written, or a word without a cache."
            }
            Field::WalkReadCycles => "Each page-table entry read after a TLB miss.",
            Field::MinorFaultCycles => "The kernel maps a fresh zeroed (or image) page.",
            Field::MajorFaultCycles => "The page is read back from swap on disk.",
            Field::SwapWriteCycles => "A dirty page is written out to swap.",
        }
    }

    pub fn kind(self) -> FieldKind {
        let bytes = |min, max| FieldKind::Number {
            min,
            max,
            unit: Unit::Bytes,
        };
        let count = |min, max, unit| FieldKind::Number {
            min,
            max,
            unit: Unit::Count(unit),
        };
        let choice = |options| FieldKind::Choice { options };
        match self {
            // The engines check these sizes against the page size and the address space.
            Field::StackSize | Field::ThreadStackSize => bytes(0, U32),
            Field::Granularity => choice(vec![
                ChoiceOption {
                    value: "statement".into(),
                    label: "each statement".into(),
                },
                ChoiceOption {
                    value: "expression".into(),
                    label: "each statement and expression".into(),
                },
            ]),
            Field::MaxSteps => count(1, 100_000_000, "statements"),
            Field::MaxOutput => bytes(0, 64 * MIB),
            Field::MaxHeap => bytes(0, 2 * GIB),
            Field::MaxThreads => count(1, 256, "threads"),
            Field::Quantum => count(1, 1_000_000, "statements"),
            Field::Quarantine => bytes(0, 256 * MIB),
            Field::RedZone => bytes(0, 64 * KIB),
            Field::Allocator => choice(options(
                AllocatorChoice::ALL,
                |c| c.name().to_string(),
                |c| format!("{}: {}", c.name(), c.describe()),
            )),
            Field::Alignment => choice(options(
                &[4u32, 8, 16],
                |n| n.to_string(),
                |n| format!("{n} bytes"),
            )),
            Field::InitialHeap | Field::GrowthStep => bytes(0, U32),
            Field::ThreadCache | Field::CacheWriteBack | Field::CacheWriteAllocate => {
                FieldKind::Toggle
            }
            Field::AddressBits => choice(options(
                &ADDRESS_BITS,
                |n| n.to_string(),
                |n| match n {
                    16 => "16 bits: 64 KiB".to_string(),
                    _ => format!("{n} bits: 4 GiB"),
                },
            )),
            Field::PageSize => choice(options(
                &PAGE_SIZES,
                |n| n.to_string(),
                |n| format_bytes(u64::from(n)),
            )),
            Field::Frames => count(0, U32, "frames"),
            Field::SwapPages => count(0, U32, "pages"),
            Field::Replacement => choice(options(
                &PolicyKind::ALL,
                |k| k.name().to_string(),
                |k| format!("{}: {}", k.name(), k.describe()),
            )),
            Field::TickInterval => count(0, u64::MAX, "accesses"),
            Field::AgingBits => count(0, U32, "bits"),
            Field::WorkingSetWindow => count(0, u64::MAX, "accesses"),
            Field::Seed => count(0, u64::MAX, ""),
            Field::TlbEntries => count(0, U32, "entries"),
            Field::TlbSets => count(0, U32, "sets"),
            Field::TlbEviction | Field::CacheEviction => choice(options(
                &EVICTIONS,
                |e| e.name().to_string(),
                eviction_label,
            )),
            Field::CacheSize | Field::CacheLineSize => bytes(0, U32),
            Field::CacheWays => count(0, U32, "ways"),
            Field::CacheHitCycles
            | Field::RamCycles
            | Field::WalkReadCycles
            | Field::MinorFaultCycles
            | Field::MajorFaultCycles
            | Field::SwapWriteCycles => count(0, MAX_CYCLES, "cycles"),
        }
    }
}

/// A number narrowed to a setting's type; the field's range keeps it in bounds.
fn narrow(n: u64) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}

impl Field {
    /// The field's value in `settings`.
    pub fn value(self, settings: &MachineSettings) -> FieldValue {
        use FieldValue::{Choice, Number, Toggle};
        let s = settings;
        match self {
            Field::StackSize => Number(s.stack_size.into()),
            Field::Granularity => Choice(
                match s.granularity {
                    Granularity::Statement => "statement",
                    Granularity::Expression => "expression",
                }
                .into(),
            ),
            Field::MaxSteps => Number(s.max_steps),
            Field::MaxOutput => Number(s.max_output as u64),
            Field::MaxHeap => Number(s.max_heap.into()),
            Field::MaxThreads => Number(s.max_threads.into()),
            Field::ThreadStackSize => Number(s.thread_stack_size.into()),
            Field::Quantum => Number(s.quantum),
            Field::Quarantine => Number(s.quarantine.into()),
            Field::RedZone => Number(s.red_zone.into()),
            Field::Allocator => Choice(s.allocator.name().into()),
            Field::Alignment => Choice(s.heap.alignment.to_string()),
            Field::InitialHeap => Number(s.heap.initial_size.into()),
            Field::GrowthStep => Number(s.heap.growth_step.into()),
            Field::ThreadCache => Toggle(s.heap.thread_cache),
            Field::AddressBits => Choice(s.address_bits.to_string()),
            Field::PageSize => Choice(s.page_size.to_string()),
            Field::Frames => Number(s.frames.into()),
            Field::SwapPages => Number(s.swap_pages.into()),
            Field::Replacement => Choice(s.replacement.name().into()),
            Field::TickInterval => Number(s.tick_interval),
            Field::AgingBits => Number(s.aging_bits.into()),
            Field::WorkingSetWindow => Number(s.working_set_window),
            Field::Seed => Number(s.seed),
            Field::TlbEntries => Number(s.tlb_entries.into()),
            Field::TlbSets => Number(s.tlb_sets.into()),
            Field::TlbEviction => Choice(s.tlb_eviction.name().into()),
            Field::CacheSize => Number(s.cache.size.into()),
            Field::CacheLineSize => Number(s.cache.line_size.into()),
            Field::CacheWays => Number(s.cache.ways.into()),
            Field::CacheEviction => Choice(s.cache.eviction.name().into()),
            Field::CacheWriteBack => Toggle(s.cache.write_back),
            Field::CacheWriteAllocate => Toggle(s.cache.write_allocate),
            Field::CacheHitCycles => Number(s.latencies.cache_hit),
            Field::RamCycles => Number(s.latencies.ram),
            Field::WalkReadCycles => Number(s.latencies.walk_read),
            Field::MinorFaultCycles => Number(s.latencies.minor_fault),
            Field::MajorFaultCycles => Number(s.latencies.major_fault),
            Field::SwapWriteCycles => Number(s.latencies.swap_write),
        }
    }

    /// Writes a value [`Field::parse`] accepted into `settings`.
    pub(super) fn store(self, settings: &mut MachineSettings, value: &FieldValue) {
        let s = settings;
        match (self, value) {
            (Field::Granularity, FieldValue::Choice(choice)) => {
                s.granularity = if choice == "expression" {
                    Granularity::Expression
                } else {
                    Granularity::Statement
                };
            }
            (Field::Allocator, FieldValue::Choice(choice)) => {
                if let Ok(allocator) = choice.parse() {
                    s.allocator = allocator;
                }
            }
            (Field::Alignment, FieldValue::Choice(choice)) => {
                if let Ok(alignment) = choice.parse() {
                    s.heap.alignment = alignment;
                }
            }
            (Field::AddressBits, FieldValue::Choice(choice)) => {
                if let Ok(bits) = choice.parse() {
                    s.address_bits = bits;
                }
            }
            (Field::PageSize, FieldValue::Choice(choice)) => {
                if let Ok(page_size) = choice.parse() {
                    s.page_size = page_size;
                }
            }
            (Field::Replacement, FieldValue::Choice(choice)) => {
                if let Ok(policy) = choice.parse() {
                    s.replacement = policy;
                }
            }
            (Field::TlbEviction, FieldValue::Choice(choice)) => {
                if let Some(eviction) = Eviction::parse(choice) {
                    s.tlb_eviction = eviction;
                }
            }
            (Field::CacheEviction, FieldValue::Choice(choice)) => {
                if let Some(eviction) = Eviction::parse(choice) {
                    s.cache.eviction = eviction;
                }
            }
            (Field::ThreadCache, &FieldValue::Toggle(on)) => s.heap.thread_cache = on,
            (Field::CacheWriteBack, &FieldValue::Toggle(on)) => s.cache.write_back = on,
            (Field::CacheWriteAllocate, &FieldValue::Toggle(on)) => s.cache.write_allocate = on,
            (field, &FieldValue::Number(n)) => match field {
                Field::StackSize => s.stack_size = narrow(n),
                Field::MaxSteps => s.max_steps = n,
                Field::MaxOutput => s.max_output = usize::try_from(n).unwrap_or(usize::MAX),
                Field::MaxHeap => s.max_heap = narrow(n),
                Field::MaxThreads => s.max_threads = narrow(n),
                Field::ThreadStackSize => s.thread_stack_size = narrow(n),
                Field::Quantum => s.quantum = n,
                Field::Quarantine => s.quarantine = narrow(n),
                Field::RedZone => s.red_zone = narrow(n),
                Field::InitialHeap => s.heap.initial_size = narrow(n),
                Field::GrowthStep => s.heap.growth_step = narrow(n),
                Field::Frames => s.frames = narrow(n),
                Field::SwapPages => s.swap_pages = narrow(n),
                Field::TickInterval => s.tick_interval = n,
                Field::AgingBits => s.aging_bits = narrow(n),
                Field::WorkingSetWindow => s.working_set_window = n,
                Field::Seed => s.seed = n,
                Field::TlbEntries => s.tlb_entries = narrow(n),
                Field::TlbSets => s.tlb_sets = narrow(n),
                Field::CacheSize => s.cache.size = narrow(n),
                Field::CacheLineSize => s.cache.line_size = narrow(n),
                Field::CacheWays => s.cache.ways = narrow(n),
                Field::CacheHitCycles => s.latencies.cache_hit = n,
                Field::RamCycles => s.latencies.ram = n,
                Field::WalkReadCycles => s.latencies.walk_read = n,
                Field::MinorFaultCycles => s.latencies.minor_fault = n,
                Field::MajorFaultCycles => s.latencies.major_fault = n,
                Field::SwapWriteCycles => s.latencies.swap_write = n,
                _ => {}
            },
            _ => {}
        }
    }

    /// The value as the form's input shows it (and as [`Field::parse`] reads it back).
    pub fn text(self, settings: &MachineSettings) -> String {
        match (self.value(settings), self.kind()) {
            (
                FieldValue::Number(n),
                FieldKind::Number {
                    unit: Unit::Bytes, ..
                },
            ) => format_bytes(n),
            (FieldValue::Number(n), _) => n.to_string(),
            (FieldValue::Choice(choice), _) => choice,
            (FieldValue::Toggle(on), _) => on.to_string(),
        }
    }

    /// The range the form itself holds a number to, in words, when it is narrower than the
    /// setting's type (the engines' own limits are in the help and their messages).
    pub fn range_hint(self) -> Option<String> {
        let FieldKind::Number { min, max, unit } = self.kind() else {
            return None;
        };
        if max == U32 || max == u64::MAX {
            return None;
        }
        Some(match unit {
            Unit::Bytes => format!("{} to {}", format_bytes(min), format_bytes(max)),
            Unit::Count(name) => format!("{min} to {max} {name}").trim_end().to_string(),
        })
    }

    /// Reads what the learner typed or chose, checking it against this field's own range;
    /// the message names the field.
    pub fn parse(self, text: &str) -> Result<FieldValue, String> {
        let label = self.label();
        let text = text.trim();
        match self.kind() {
            FieldKind::Number { min, max, unit } => {
                let n = match unit {
                    Unit::Bytes => parse_bytes(text).ok_or_else(|| {
                        format!(
                            "{label}: expected a size such as 65536, 64k, 64 KiB or 8m, not `{text}`"
                        )
                    })?,
                    Unit::Count(_) => text
                        .parse::<u64>()
                        .ok()
                        .filter(|_| text.bytes().all(|b| b.is_ascii_digit()))
                        .ok_or_else(|| format!("{label}: expected a whole number, not `{text}`"))?,
                };
                if (min..=max).contains(&n) {
                    return Ok(FieldValue::Number(n));
                }
                let show = |n: u64| match unit {
                    Unit::Bytes => format_bytes(n),
                    Unit::Count(_) => n.to_string(),
                };
                let unit_name = match unit {
                    Unit::Count(name) if !name.is_empty() => format!(" {name}"),
                    _ => String::new(),
                };
                Err(if min == 0 {
                    format!(
                        "{label}: must be at most {}{unit_name}, not {}",
                        show(max),
                        show(n)
                    )
                } else {
                    format!(
                        "{label}: must be from {} to {}{unit_name}, not {}",
                        show(min),
                        show(max),
                        show(n)
                    )
                })
            }
            FieldKind::Choice { options } => options
                .iter()
                .find(|option| option.value == text)
                .map(|option| FieldValue::Choice(option.value.clone()))
                .ok_or_else(|| {
                    let values: Vec<&str> = options.iter().map(|o| o.value.as_str()).collect();
                    format!("{label}: `{text}` is not one of {}", values.join(", "))
                }),
            FieldKind::Toggle => match text {
                "true" => Ok(FieldValue::Toggle(true)),
                "false" => Ok(FieldValue::Toggle(false)),
                _ => Err(format!("{label}: expected true or false, not `{text}`")),
            },
        }
    }

    /// The field the engines mean by a setting's name in their messages.
    pub(super) fn named_by_engine(setting: &str) -> Option<Field> {
        Some(match setting {
            "stack size" => Field::StackSize,
            "thread stack size" => Field::ThreadStackSize,
            "address bits" | "virtual address bits" => Field::AddressBits,
            "page size" => Field::PageSize,
            "physical frames" => Field::Frames,
            "swap size" => Field::SwapPages,
            "TLB entries" => Field::TlbEntries,
            "TLB sets" | "TLB associativity" => Field::TlbSets,
            "cache size" => Field::CacheSize,
            "cache line size" => Field::CacheLineSize,
            "cache associativity" => Field::CacheWays,
            "clock tick" => Field::TickInterval,
            "aging bits" => Field::AgingBits,
            "working-set window" => Field::WorkingSetWindow,
            "replacement policy" | "replacement" => Field::Replacement,
            "alignment" => Field::Alignment,
            "initial heap size" => Field::InitialHeap,
            "growth step" => Field::GrowthStep,
            _ => return None,
        })
    }
}

/// Bytes as the form shows them: `8 MiB`, `64 KiB`, `100 B`.
pub fn format_bytes(n: u64) -> String {
    match n {
        n if n >= GIB && n % GIB == 0 => format!("{} GiB", n / GIB),
        n if n >= MIB && n % MIB == 0 => format!("{} MiB", n / MIB),
        n if n >= KIB && n % KIB == 0 => format!("{} KiB", n / KIB),
        n => format!("{n} B"),
    }
}

/// A size in bytes: digits, then optionally B, k, KB, KiB, m, MB, MiB, g, GB or GiB (any
/// case, spaces allowed; K means 1024 here, as it does for memory).
pub fn parse_bytes(text: &str) -> Option<u64> {
    let text = text.trim();
    let digits_end = text
        .find(|c: char| !c.is_ascii_digit())
        .unwrap_or(text.len());
    let (digits, suffix) = text.split_at(digits_end);
    let scale = match suffix.trim().to_ascii_lowercase().as_str() {
        "" | "b" => 1,
        "k" | "kb" | "kib" => KIB,
        "m" | "mb" | "mib" => MIB,
        "g" | "gb" | "gib" => GIB,
        _ => return None,
    };
    if digits.is_empty() {
        return None;
    }
    digits.parse::<u64>().ok()?.checked_mul(scale)
}
