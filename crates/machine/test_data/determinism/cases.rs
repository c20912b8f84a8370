//! The determinism cases: each a program and the settings it runs with, and the golden
//! hashes of their traces. Shared, by `#[path]`, between the native test
//! (crates/machine/tests/determinism.rs) and the WebAssembly one
//! (crates/web/tests/determinism.rs), so both run exactly the same table.
//!
//! Settings are named as the command line names them and parsed into the machine's types,
//! so this file needs no crate but memplay-machine.

use std::fmt::Debug;
use std::str::FromStr;

use memplay_machine::Settings;
use memplay_machine::trace::TraceSummary;

/// The golden hashes, one `name steps hash` line per case.
pub const GOLDEN: &str = include_str!("hashes.txt");

const THREADS_HEAP: &str = include_str!("threads_heap.c");
const RANDOM_HEAP: &str = include_str!("random_heap.c");
const PAGING_WALK: &str = include_str!("paging_walk.c");
const MEMORY_ERRORS: &str = include_str!("memory_errors.c");
const RAND_SEQUENCES: &str = include_str!("../programs/rand_sequences.c");

pub struct Case {
    pub name: &'static str,
    pub source: &'static str,
    pub settings: Settings,
}

/// A setting by its command-line name ("buddy", "clock"); a typo fails the test loudly.
fn named<T: FromStr>(name: &str) -> T
where
    T::Err: Debug,
{
    name.parse()
        .unwrap_or_else(|e| panic!("no setting named {name}: {e:?}"))
}

fn case(name: &'static str, source: &'static str, change: impl FnOnce(&mut Settings)) -> Case {
    let mut settings = Settings::default();
    change(&mut settings);
    Case {
        name,
        source,
        settings,
    }
}

/// Small paging: 1 KiB pages, so the programs' few dozen pages overflow a few frames.
fn small_paging(settings: &mut Settings, frames: u32, replacement: &str, seed: u64) {
    settings.page_size = 1024;
    settings.frames = frames;
    settings.replacement = named(replacement);
    settings.seed = seed;
    settings.tlb_entries = 4;
}

pub fn cases() -> Vec<Case> {
    vec![
        case("threads_thread_cache", THREADS_HEAP, |s| {
            s.allocator = named("segregated");
            s.heap.thread_cache = true;
            s.quantum = 3;
        }),
        case("threads_first_fit", THREADS_HEAP, |s| {
            s.allocator = named("first-fit");
            s.quantum = 5;
        }),
        case("threads_paged", THREADS_HEAP, |s| {
            s.allocator = named("explicit-lifo");
            s.quantum = 2;
            small_paging(s, 12, "random", 3);
        }),
        case("random_heap_buddy", RANDOM_HEAP, |s| {
            s.allocator = named("buddy");
        }),
        case("random_heap_best_fit", RANDOM_HEAP, |s| {
            s.allocator = named("best-fit");
        }),
        case("random_heap_small_object", RANDOM_HEAP, |s| {
            s.allocator = named("small-object");
            s.heap.thread_cache = true;
        }),
        case("random_heap_next_fit_paged", RANDOM_HEAP, |s| {
            s.allocator = named("next-fit");
            small_paging(s, 10, "clock", 1);
        }),
        case("paging_clock", PAGING_WALK, |s| {
            small_paging(s, 8, "clock", 1)
        }),
        case("paging_random", PAGING_WALK, |s| {
            small_paging(s, 8, "random", 5)
        }),
        case("memory_errors", MEMORY_ERRORS, |_| {}),
        case("memory_errors_buddy_paged", MEMORY_ERRORS, |s| {
            s.allocator = named("buddy");
            small_paging(s, 4, "random", 2);
        }),
        case("rand_sequences", RAND_SEQUENCES, |_| {}),
    ]
}

/// A case's golden line.
pub fn golden_line(name: &str, summary: &TraceSummary) -> String {
    format!("{name} {} {:016x}", summary.steps, summary.hash)
}

/// The golden line stored for `name`, if there is one.
pub fn golden_for<'a>(golden: &'a str, name: &str) -> Option<&'a str> {
    golden
        .lines()
        .find(|line| line.split_whitespace().next() == Some(name))
}
