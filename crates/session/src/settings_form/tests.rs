//! The form against the engines: every field, every preset, stored settings.

use super::*;
use crate::playback::{Move, Playback};
use memplay_heap::catalog::AllocatorChoice;

#[test]
fn every_field_is_listed_once_under_a_group_with_a_unique_id() {
    let mut ids: Vec<&str> = Field::ALL.iter().map(|f| f.id()).collect();
    ids.sort_unstable();
    ids.dedup();
    assert_eq!(ids.len(), Field::ALL.len());
    let grouped: usize = Group::ALL.iter().map(|g| g.fields().count()).sum();
    assert_eq!(grouped, Field::ALL.len());
    for group in Group::ALL {
        assert!(group.fields().next().is_some(), "{group:?} is empty");
    }
    for field in Field::ALL {
        assert_eq!(Field::from_id(field.id()), Some(field));
        assert!(!field.label().is_empty() && !field.help().is_empty());
    }
}

/// Every field's value, read from each preset's settings and written back into the
/// defaults, gives the same value: the form can show and keep every setting.
#[test]
fn every_field_round_trips_through_its_text() {
    for preset in Preset::ALL {
        let settings = preset.settings();
        let mut copy = MachineSettings::default();
        for field in Field::ALL {
            let text = field.text(&settings);
            let value = field.parse(&text).unwrap_or_else(|e| panic!("{e}"));
            assert_eq!(value, field.value(&settings), "{field:?} from {text}");
            field.store(&mut copy, &value);
        }
        assert_eq!(copy, settings, "{preset:?}");
    }
}

/// An edit to a value the engines accept is applied, and the input then shows it as
/// the form writes it.
#[test]
fn good_edits_apply_and_show_canonically() {
    let cases: &[(Field, &str, &str)] = &[
        (Field::StackSize, "64k", "64 KiB"),
        (Field::StackSize, " 1 MiB ", "1 MiB"),
        (Field::StackSize, "12288", "12 KiB"),
        (Field::Granularity, "expression", "expression"),
        (Field::MaxSteps, "5000", "5000"),
        (Field::MaxOutput, "100", "100 B"),
        (Field::MaxHeap, "0", "0 B"),
        (Field::MaxThreads, "4", "4"),
        (Field::ThreadStackSize, "16K", "16 KiB"),
        (Field::Quantum, "1", "1"),
        (Field::Quarantine, "1m", "1 MiB"),
        (Field::RedZone, "16", "16 B"),
        (Field::Allocator, "segregated", "segregated"),
        (Field::Alignment, "16", "16"),
        (Field::InitialHeap, "8 KiB", "8 KiB"),
        (Field::GrowthStep, "1024", "1 KiB"),
        (Field::ThreadCache, "true", "true"),
        (Field::AddressBits, "16", "16"),
        (Field::PageSize, "1024", "1024"),
        (Field::Frames, "64", "64"),
        (Field::SwapPages, "0", "0"),
        (Field::Replacement, "clock", "clock"),
        (Field::TickInterval, "50", "50"),
        (Field::AgingBits, "4", "4"),
        (Field::WorkingSetWindow, "100", "100"),
        (Field::Seed, "18446744073709551615", "18446744073709551615"),
        (Field::TlbEntries, "0", "0"),
        (Field::TlbSets, "4", "4"),
        (Field::TlbEviction, "random", "random"),
        (Field::CacheSize, "0", "0 B"),
        (Field::CacheLineSize, "32", "32 B"),
        (Field::CacheWays, "1", "1"),
        (Field::CacheEviction, "fifo", "fifo"),
        (Field::CacheWriteBack, "false", "false"),
        (Field::CacheWriteAllocate, "false", "false"),
        (Field::CacheHitCycles, "1", "1"),
        (Field::RamCycles, "100", "100"),
        (Field::WalkReadCycles, "0", "0"),
        (Field::MinorFaultCycles, "1000", "1000"),
        (Field::MajorFaultCycles, "1000000000000", "1000000000000"),
        (Field::SwapWriteCycles, "7", "7"),
    ];
    let mut edited: Vec<Field> = cases.iter().map(|&(field, _, _)| field).collect();
    edited.dedup();
    assert_eq!(edited, Field::ALL, "one case (or more) per field, in order");
    let defaults = MachineSettings::default();
    // 8 MiB stacks do not fit 64 KiB: the switch to 16 bits is tried with stacks that do.
    let small_stacks = MachineSettings {
        stack_size: 8192,
        thread_stack_size: 8192,
        ..defaults.clone()
    };
    for &(field, input, shown) in cases {
        let base = if field == Field::AddressBits {
            &small_stacks
        } else {
            &defaults
        };
        let settings = apply(base, field, input).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(field.text(&settings), shown, "{field:?} {input}");
        assert_ne!(&settings, base, "{field:?} {input} changed nothing");
    }
}

/// A bad value is refused with a message that starts with the field's label and says
/// why, in the engines' words where the engines check it.
#[test]
fn bad_values_are_refused_with_the_fields_name_and_the_reason() {
    let cases: &[(Field, &str, &str)] = &[
        (
            Field::StackSize,
            "lots",
            "Stack size: expected a size such as 65536, 64k, 64 KiB or 8m, not `lots`",
        ),
        (
            Field::StackSize,
            "100",
            "Stack size: must be from one page (4096 bytes) to",
        ),
        (
            Field::StackSize,
            "99999999999g",
            "Stack size: expected a size",
        ),
        (
            Field::MaxSteps,
            "0",
            "Most statements: must be from 1 to 100000000 statements, not 0",
        ),
        (
            Field::RedZone,
            "1m",
            "Red zone after each block: must be at most 64 KiB, not 1 MiB",
        ),
        (
            Field::Alignment,
            "32",
            "Alignment: `32` is not one of 4, 8, 16",
        ),
        (
            Field::PageSize,
            "3000",
            "Page size: `3000` is not one of 64, 128",
        ),
        (
            Field::PageSize,
            "256",
            "Page size: must be a power of two from 1024 to 65536 bytes in a 32-bit address space",
        ),
        (
            Field::AddressBits,
            "24",
            "Address bits: `24` is not one of 16, 32",
        ),
        (Field::AddressBits, "16", "Address bits: "),
        (
            Field::Allocator,
            "worst-fit",
            "Allocator: `worst-fit` is not one of first-fit",
        ),
        (
            Field::ThreadCache,
            "yes",
            "Per-thread caches: expected true or false, not `yes`",
        ),
        (
            Field::Seed,
            "-1",
            "Random seed: expected a whole number, not `-1`",
        ),
        (
            Field::Frames,
            "0",
            "Physical frames: must be 1 to 1048576, not 0",
        ),
        (
            Field::Frames,
            "2",
            "Physical frames: the machine cannot load even an empty program with these settings",
        ),
        (
            Field::Frames,
            "300000",
            "Physical frames: 300000 frames of 4096 bytes is more than the 1 GiB",
        ),
        (
            Field::SwapPages,
            "20000000",
            "Swap space: must be at most 16777216 pages, not 20000000",
        ),
        (
            Field::TlbSets,
            "3",
            "TLB sets: the sets must divide the 16 entries evenly, not 3",
        ),
        (
            Field::TlbEntries,
            "5000",
            "TLB entries: must be at most 4096, not 5000",
        ),
        (
            Field::CacheLineSize,
            "48",
            "Line size: must be a power of two from 4 to 4096 bytes, not 48",
        ),
        (
            Field::CacheSize,
            "1000",
            "Cache size: must be a multiple of the line size (64) up to 16 MiB, not 1000",
        ),
        (
            Field::CacheWays,
            "3",
            "Ways per set: the ways per set must divide the 64 lines, not 3",
        ),
        (
            Field::GrowthStep,
            "100",
            "Growth step: must be a positive multiple of the alignment (8), not 100",
        ),
        (
            Field::InitialHeap,
            "0",
            "Initial heap: must be a positive multiple",
        ),
        (
            Field::AgingBits,
            "0",
            "Aging counter bits: 0 is out of range (1 to 64)",
        ),
        (Field::WorkingSetWindow, "0", "Working-set window: "),
        (
            Field::TickInterval,
            "0",
            "Clock tick: the tick interval must be at least 1",
        ),
    ];
    let defaults = MachineSettings::default();
    for &(field, input, expected) in cases {
        let error = apply(&defaults, field, input).unwrap_err();
        assert_eq!(error.field, field);
        assert!(
            error.message.starts_with(expected),
            "{field:?} {input}: {}",
            error.message
        );
    }
}

/// An edit that is fine alone but not with another setting names that setting.
#[test]
fn conflicts_name_the_other_field() {
    let odd_growth = apply(&MachineSettings::default(), Field::GrowthStep, "3000").unwrap();
    let error = apply(&odd_growth, Field::Allocator, "buddy").unwrap_err();
    assert_eq!(error.field, Field::Allocator);
    assert_eq!(error.conflicts_with, Some(Field::GrowthStep));
    assert_eq!(
        error.message,
        "Allocator: does not fit with Growth step (3000 B): the buddy system grows by whole segments, a power of two such as 4096, not 3000"
    );
    // Bigger pages make the same number of frames more memory than a tab can hold.
    let many_frames = apply(&MachineSettings::default(), Field::Frames, "200000").unwrap();
    let error = apply(&many_frames, Field::PageSize, "65536").unwrap_err();
    assert_eq!(error.conflicts_with, Some(Field::Frames));
    assert!(
        error
            .message
            .starts_with("Page size: does not fit with Physical frames (200000): ")
    );
    // Fewer entries than sets.
    let sets = apply(&MachineSettings::default(), Field::TlbSets, "4").unwrap();
    let error = apply(&sets, Field::TlbEntries, "6").unwrap_err();
    assert_eq!(error.conflicts_with, Some(Field::TlbSets));
}

const ARRAY_PROGRAM: &str = "int main(void) {\n    int a[1024];\n    for (int i = 0; i < 1024; i++)\n        a[i] = i;\n    int s = 0;\n    for (int i = 0; i < 1024; i += 64)\n        s += a[i];\n    return s % 256;\n}\n";

#[test]
fn every_preset_is_valid_distinct_and_runs_a_program() {
    for preset in Preset::ALL {
        let settings = preset.settings();
        check(&settings).unwrap_or_else(|e| panic!("{preset:?}: {e}"));
        assert_eq!(Preset::matching(&settings), Some(preset));
        assert_eq!(Preset::from_id(preset.id()), Some(preset));
        let mut playback = Playback::start("program.c", ARRAY_PROGRAM, settings)
            .unwrap_or_else(|e| panic!("{preset:?}: {e:?}"));
        assert!(playback.record(u64::MAX), "{preset:?} ends");
        playback.apply(Move::ToEnd);
        let view = playback.view();
        assert!(view.ended && view.errors.is_empty(), "{preset:?}");
        assert_eq!(
            view.snapshot.paging.frame_count,
            preset.settings().frames,
            "{preset:?}"
        );
    }
    assert_eq!(
        Preset::matching(&MachineSettings::default()),
        Some(Preset::Linux32)
    );
}

#[test]
fn the_tiny_machine_pages_a_small_array_out_and_back() {
    let run = |settings| {
        let mut playback = Playback::start("program.c", ARRAY_PROGRAM, settings).unwrap();
        playback.record(u64::MAX);
        playback.apply(Move::ToEnd);
        playback.view().snapshot.paging.clone()
    };
    let tiny = run(Preset::TinyTeaching.settings());
    assert_eq!((tiny.page_size, tiny.frame_count), (256, 16));
    assert!(tiny.stats.swap_outs > 0 && tiny.stats.major_faults > 0);
    let linux = run(Preset::Linux32.settings());
    assert_eq!((linux.stats.swap_outs, linux.stats.major_faults), (0, 0));
}

#[test]
fn stored_settings_round_trip_and_only_changes_are_stored() {
    assert_eq!(encode(&MachineSettings::default()), "{}");
    for preset in Preset::ALL {
        let settings = preset.settings();
        assert_eq!(decode(&encode(&settings)), Ok(settings), "{preset:?}");
    }
    let stored = encode(&Preset::TinyTeaching.settings());
    assert!(stored.contains(r#""page-size":"256""#), "{stored}");
    assert!(stored.contains(r#""address-bits":"16""#), "{stored}");
}

#[test]
fn unreadable_stored_settings_are_errors_naming_the_problem() {
    let cases = [
        ("", "EOF"),
        ("[1]", "invalid type"),
        (r#"{"frames":"6""#, "EOF"),
        (r#"{"frames":[6]}"#, "invalid type"),
        (
            r#"{"frames":"6","frames":"7"}"#,
            "setting `frames` is given twice",
        ),
        (r#"{"colour":"red"}"#, "unknown setting `colour`"),
        (
            r#"{"frames":"many"}"#,
            "Physical frames: expected a whole number",
        ),
        (r#"{"frames":"0"}"#, "Physical frames: must be 1 to 1048576"),
        (
            r#"{"allocator":"buddy","growth-step":"3000 B"}"#,
            "Growth step: the buddy system grows by whole segments",
        ),
    ];
    for (stored, expected) in cases {
        let error = decode(stored).unwrap_err();
        assert!(
            error.starts_with("the saved settings could not be read (") && error.contains(expected),
            "{stored}: {error}"
        );
    }
}

#[test]
fn the_form_keeps_a_refused_edit_beside_the_settings_in_force() {
    let mut form = SettingsForm::default();
    form.edit(Field::Frames, "0");
    assert_eq!(form.text(Field::Frames), "0");
    assert_eq!(form.settings().frames, 4096);
    let error = form.error(Field::Frames).expect("refused");
    assert!(error.message.starts_with("Physical frames: "));
    let why = form.runnable().unwrap_err();
    assert!(
        why.contains("Physical frames: must be 1 to 1048576, not 0."),
        "{why}"
    );
    // Another edit applies; the refused one stays refused.
    form.edit(Field::TlbEntries, "8");
    assert_eq!(form.settings().tlb_entries, 8);
    assert!(form.error(Field::Frames).is_some());
    assert_eq!(form.preset(), None);
    // Correcting it clears the message and lets runs go.
    form.edit(Field::Frames, "16");
    assert_eq!(form.error(Field::Frames), None);
    assert_eq!(form.runnable().map(|s| s.frames), Ok(16));
    // A refused edit applies once the field it conflicted with is fixed.
    form.edit(Field::GrowthStep, "3000");
    form.edit(Field::Allocator, "buddy");
    assert_eq!(
        form.error(Field::Allocator).and_then(|e| e.conflicts_with),
        Some(Field::GrowthStep)
    );
    assert_eq!(form.text(Field::Allocator), "buddy");
    form.edit(Field::GrowthStep, "4096");
    assert_eq!(form.error(Field::Allocator), None);
    assert_eq!(form.settings().allocator, AllocatorChoice::Buddy);
    // A preset replaces everything, refusals included.
    form.edit(Field::CacheWays, "3");
    form.choose(Preset::TinyTeaching);
    assert_eq!(form.refused().count(), 0);
    assert_eq!(form.preset(), Some(Preset::TinyTeaching));
    assert_eq!(form.text(Field::PageSize), "256");
}

#[test]
fn sizes_parse_with_units_and_refuse_the_rest() {
    for (text, bytes) in [
        ("0", Some(0)),
        ("4096", Some(4096)),
        ("4k", Some(4096)),
        ("4 KiB", Some(4096)),
        ("4KB", Some(4096)),
        ("8m", Some(8 << 20)),
        ("1 GiB", Some(1 << 30)),
        ("12 B", Some(12)),
        ("k", None),
        ("4 kg", None),
        ("-4", None),
        ("4.5k", None),
        ("0x10", None),
        ("99999999999999999999", None),
    ] {
        assert_eq!(parse_bytes(text), bytes, "{text}");
    }
    for bytes in [0, 1, 1000, 1024, 3 << 10, 8 << 20, 1 << 30, (1 << 30) + 1] {
        assert_eq!(parse_bytes(&format_bytes(bytes)), Some(bytes));
    }
}
