//! The 16-bit teaching machine: a whole process in 64 KiB, laid out in Linux's order, with
//! 256-byte pages through a two-level table; what runs in 32 bits runs the same in 16.

use memplay_machine::{ErrorKind, Machine, Settings, Status};
use memplay_paging::cache::CacheSettings;

/// The machine of the "tiny teaching machine" lessons: 16-bit addresses, 256-byte pages and
/// too few frames, so an array of a few hundred ints sends pages to swap and back.
fn tiny() -> Settings {
    let mut settings = Settings {
        address_bits: 16,
        page_size: 256,
        stack_size: 4096,
        thread_stack_size: 1024,
        max_threads: 4,
        max_heap: 16 * 1024,
        frames: 12,
        swap_pages: 256,
        tlb_entries: 4,
        cache: CacheSettings {
            size: 128,
            line_size: 16,
            ways: 2,
            ..CacheSettings::default()
        },
        ..Settings::default()
    };
    settings.heap.initial_size = 256;
    settings.heap.growth_step = 256;
    settings
}

fn load(program: &str, settings: Settings) -> Result<Machine, String> {
    let checked = memplay_lang::check(program);
    assert!(!checked.has_errors(), "{:?}", checked.diagnostics);
    Machine::new(&checked.program, program, "tiny.c", settings).map_err(|e| e.0)
}

const SWEEP: &str = r#"#include <stdio.h>
#include <stdlib.h>
int total;
int main(void) {
    int *cells = malloc(600 * sizeof(int));
    for (int i = 0; i < 600; i++)
        cells[i] = i;
    for (int i = 599; i >= 0; i--)
        total += cells[i];
    printf("%d %p\n", total, (void *)cells);
    free(cells);
    return 0;
}
"#;

#[test]
fn a_program_runs_in_64_kib_with_every_address_below_it() {
    let mut machine = load(SWEEP, tiny()).unwrap();
    let (sum, pointer) = number_and_pointer(&mut machine);
    assert_eq!(sum, 179700);
    assert!(
        pointer < 0xc000,
        "the heap block at {pointer:#x} is in the 16-bit space"
    );

    let snapshot = machine.snapshot();
    let names: Vec<&str> = snapshot.regions.iter().map(|r| r.name.as_str()).collect();
    assert_eq!(
        names,
        [
            "text",
            "rodata",
            "bss",
            "heap",
            "guard page of thread 1",
            "stack",
            "kernel"
        ]
    );
    assert_eq!(snapshot.regions[0].start, 0x100, "text on the second page");
    let kernel = snapshot.regions.last().unwrap();
    assert_eq!((kernel.start, kernel.len), (0xc000, 0x4000));
    let stack = &snapshot.regions[5];
    assert_eq!(stack.start + stack.len, 0xc000);

    // 600 ints are 2400 bytes, ten pages, in twelve frames that also hold the page tables,
    // the text, the globals and the stack: pages go to swap and come back.
    let stats = machine.space().stats();
    assert!(stats.swap_outs > 0 && stats.major_faults > 0, "{stats:?}");
    let geometry = machine.space().geometry();
    assert_eq!((geometry.va_bits, geometry.page_size), (16, 256));
    assert_eq!(geometry.levels, vec![4, 4]);
}

#[test]
fn the_same_program_prints_the_same_sum_in_32_bits() {
    let mut machine = load(SWEEP, Settings::default()).unwrap();
    machine.run();
    let out = String::from_utf8(machine.stdout()).unwrap();
    assert!(out.starts_with("179700 0x804"), "{out}");
}

#[test]
fn recursion_overflows_the_small_stack_at_its_guard_page() {
    let program = "int down(int n) { int pad[8]; pad[0] = n; return down(n + 1) + pad[0]; }\n\
                   int main(void) { return down(0); }\n";
    let mut machine = load(program, tiny()).unwrap();
    let status = machine.run().clone();
    assert!(matches!(status, Status::Killed { .. }), "{status:?}");
    assert_eq!(status.exit_status(), Some(139));
    let error = machine.errors().last().unwrap();
    assert_eq!(error.kind, ErrorKind::StackOverflow, "{}", error.message);
}

#[test]
fn malloc_returns_null_before_the_heap_reaches_the_stack() {
    // No heap maximum to speak of: only the stack's guard page stops the heap. (Frames
    // enough for every page table: tables are never swapped out.)
    let settings = Settings {
        max_heap: u32::MAX,
        frames: 24,
        ..tiny()
    };
    let program = r#"#include <stdio.h>
#include <stdlib.h>
int main(void) {
    int blocks = 0;
    char *last = 0;
    char *p;
    while ((p = malloc(1000)) != NULL) {
        blocks++;
        last = p;
    }
    printf("%d %p\n", blocks, (void *)last);
    return 0;
}
"#;
    let mut machine = load(program, settings.clone()).unwrap();
    let (blocks, last) = number_and_pointer(&mut machine);
    // 64 KiB less the kernel's 16 KiB, the stack and the program: some 40 blocks of 1000.
    assert!((30..48).contains(&blocks), "{blocks} blocks");
    let stack_low = 0xc000 - 4096;
    assert!(
        last + 1000 <= stack_low - 256,
        "the last block {last:#x} ends below the guard page"
    );

    // With twelve frames, the second-level tables of a growing heap fill memory first; the
    // message says so rather than blaming swap.
    let mut machine = load(
        program,
        Settings {
            frames: 12,
            ..settings
        },
    )
    .unwrap();
    assert_fatal(
        &mut machine,
        ErrorKind::OutOfMemory,
        "frames hold page tables",
    );
}

#[test]
fn an_address_beyond_64_kib_is_named_as_such() {
    let program = "int main(void) { int *p = (int *)0x12340; return *p; }\n";
    let mut machine = load(program, tiny()).unwrap();
    assert_fatal(
        &mut machine,
        ErrorKind::InvalidRead,
        "beyond the 16-bit address space",
    );
}

/// Runs the machine to a normal exit; what it printed as `printf("%d %p\n", ...)`.
fn number_and_pointer(machine: &mut Machine) -> (u32, u32) {
    let status = machine.run().clone();
    assert_eq!(
        status.exit_status(),
        Some(0),
        "{status:?} {:?}",
        machine.errors()
    );
    let out = String::from_utf8(machine.stdout()).unwrap();
    let (number, pointer) = out.trim().split_once(' ').unwrap();
    let pointer = u32::from_str_radix(pointer.trim_start_matches("0x"), 16).unwrap();
    (number.parse().unwrap(), pointer)
}

/// Runs the machine to a segmentation fault whose error is `kind` and says `words`.
fn assert_fatal(machine: &mut Machine, kind: ErrorKind, words: &str) {
    let status = machine.run().clone();
    assert_eq!(status.exit_status(), Some(139), "{status:?}");
    let error = machine.errors().last().unwrap();
    assert_eq!(error.kind, kind);
    assert!(error.message.contains(words), "{}", error.message);
}

#[test]
fn settings_a_16_bit_space_cannot_hold_are_refused_by_name() {
    let cases = [
        (
            Settings {
                page_size: 32,
                ..tiny()
            },
            "page size",
            "from 64 to 4096",
        ),
        (
            Settings {
                page_size: 256,
                ..Settings::default()
            },
            "page size",
            "from 1024 to 65536",
        ),
        (
            Settings {
                stack_size: 8 << 20,
                ..tiny()
            },
            "stack size",
            "16-bit",
        ),
        (
            Settings {
                address_bits: 24,
                ..tiny()
            },
            "address bits",
            "16 or 32",
        ),
    ];
    for (settings, setting, words) in cases {
        let error = settings.validate().unwrap_err();
        assert_eq!(error.setting, setting, "{error}");
        assert!(error.to_string().contains(words), "{error}");
    }
    // A stack that leaves the program no room below it is refused when it loads.
    let crowded = Settings {
        stack_size: 0xc000 - 0x200,
        ..tiny()
    };
    let Err(error) = load(SWEEP, crowded) else {
        panic!("a stack of 47.5 KiB loaded in 64 KiB")
    };
    assert!(error.contains("16-bit address space"), "{error}");
}
