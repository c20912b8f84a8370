//! The machine's settings: every bad one is refused before loading, named as the engines
//! name it, and the paging knobs reach the address space.

use memplay_machine::{Machine, Settings};
use memplay_paging::assoc::Eviction;
use memplay_paging::cache::CacheSettings;

const PROGRAM: &str = "int main(void) { int x = 1; return x; }";

fn load(settings: Settings) -> Result<Machine, String> {
    let checked = memplay_lang::check(PROGRAM);
    Machine::new(&checked.program, PROGRAM, "t.c", settings).map_err(|e| e.0)
}

#[test]
fn the_defaults_are_valid() {
    Settings::default().validate().unwrap();
}

#[test]
fn bad_settings_are_named_and_refused_by_loading_too() {
    let cases: Vec<(Settings, &str)> = vec![
        (
            Settings {
                page_size: 3000,
                ..Settings::default()
            },
            "page size",
        ),
        (
            // Bigger than the space below the kernel: once an underflow, now a message.
            Settings {
                stack_size: u32::MAX,
                ..Settings::default()
            },
            "stack size",
        ),
        (
            Settings {
                thread_stack_size: 16,
                ..Settings::default()
            },
            "thread stack size",
        ),
        (
            Settings {
                tlb_sets: 3,
                ..Settings::default()
            },
            "TLB sets",
        ),
        (
            Settings {
                tlb_entries: 5000,
                ..Settings::default()
            },
            "TLB entries",
        ),
        (
            Settings {
                frames: 0,
                ..Settings::default()
            },
            "physical frames",
        ),
        (
            Settings {
                cache: CacheSettings {
                    line_size: 48,
                    ..CacheSettings::default()
                },
                ..Settings::default()
            },
            "cache line size",
        ),
        (
            Settings {
                aging_bits: 0,
                ..Settings::default()
            },
            "aging bits",
        ),
        (
            Settings {
                working_set_window: 0,
                ..Settings::default()
            },
            "working-set window",
        ),
        (
            Settings {
                tick_interval: 0,
                ..Settings::default()
            },
            "clock tick",
        ),
        (
            Settings {
                allocator: memplay_heap::catalog::AllocatorChoice::Buddy,
                heap: memplay_heap::catalog::HeapSettings {
                    growth_step: 3000,
                    ..Default::default()
                },
                ..Settings::default()
            },
            "growth step",
        ),
    ];
    for (settings, setting) in cases {
        let error = settings.validate().unwrap_err();
        assert_eq!(error.setting, setting, "{error}");
        let refused = load(settings).err().expect("refused");
        assert!(refused.starts_with(setting), "{refused}");
    }
}

#[test]
fn paging_knobs_reach_the_address_space() {
    let settings = Settings {
        swap_pages: 8,
        tlb_entries: 8,
        tlb_sets: 2,
        tlb_eviction: Eviction::Fifo,
        cache: CacheSettings {
            size: 0,
            ..CacheSettings::default()
        },
        ..Settings::default()
    };
    let mut machine = load(settings).unwrap();
    machine.run();
    let paging = machine.space().settings();
    assert_eq!(paging.geometry.swap_pages, 8);
    assert_eq!((paging.tlb.entries, paging.tlb.ways), (8, 4));
    assert_eq!(paging.tlb.eviction, Eviction::Fifo);
    assert_eq!(paging.cache.size, 0);
    let stats = machine.space().stats();
    assert!(stats.accesses > 0);
    assert_eq!(
        stats.cache_hits + stats.cache_misses,
        0,
        "no cache, no cache traffic"
    );
}
