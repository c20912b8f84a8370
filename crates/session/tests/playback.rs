//! Stepping through a run the way the app's controls do, and what each step shows.

use memplay_machine::EventKind;
use memplay_session::playback::{CacheStep, Move, Playback};
use memplay_session::run::{MachineSettings, RunFailure};

const PROGRAM: &str = r#"#include <stdio.h>
#include <stdlib.h>

int square(int x) {
    int result = x * x;
    return result;
}

int main(void) {
    int *cells = malloc(2 * sizeof(int));
    cells[0] = square(3);
    printf("%d\n", cells[0]);
    cells[2] = 1;
    free(cells);
    return 0;
}
"#;

fn playback() -> Playback {
    Playback::start("p.c", PROGRAM, MachineSettings::default()).unwrap()
}

#[test]
fn moves_go_where_the_controls_say_and_views_follow() {
    let mut playback = playback();
    let first = playback.view();
    assert_eq!(first.step, 0);
    assert_eq!(first.places[0].line, 9, "main's entry");
    assert!(playback.apply(Move::Forward));
    assert_eq!(playback.view().places[0].line, 10);
    // Run to line 12 (the printf), stepping over square's body on the way.
    assert!(playback.apply(Move::ToLine(12)));
    let at_printf = playback.view();
    assert_eq!(at_printf.places[0].line, 12);
    assert!(at_printf.console.is_empty());
    assert!(playback.apply(Move::StepOver));
    let after = playback.view();
    assert_eq!(after.console, "9\n");
    assert_eq!(after.places[0].line, 13);
    // The overrun on line 13 is an error event, located, with its block.
    assert!(playback.apply(Move::NextEvent(EventKind::Error)));
    let view = playback.view();
    assert_eq!(view.errors.len(), 1);
    assert_eq!(
        (view.errors[0].kind.as_str(), view.errors[0].line),
        ("invalid-write", 13)
    );
    assert_eq!(view.errors[0].block.as_ref().unwrap().alloc_line, 10);
    // Back into square from the end: previous call event, then step out backwards.
    assert!(playback.apply(Move::ToEnd));
    assert!(playback.view().ended);
    assert!(playback.apply(Move::PreviousEvent(EventKind::Call)));
    let inside = playback.view();
    assert_eq!(inside.places[0].line, 5);
    assert_eq!(inside.snapshot.threads[0].frames.len(), 2);
    assert!(playback.apply(Move::StepOutBack));
    assert_eq!(playback.view().places[0].line, 11);
    assert!(playback.apply(Move::ToStart));
    assert!(!playback.apply(Move::Back), "nothing before the start");
    let marks = playback.event_marks(400);
    let of = |kind| marks.iter().find(|m| m.kind == kind).unwrap();
    assert_eq!(of(EventKind::Malloc).steps, 1);
    assert_eq!(of(EventKind::Free).steps, 1);
    assert_eq!(of(EventKind::Malloc).bins.len(), 1);
    assert!(
        of(EventKind::Malloc).bins[0] < of(EventKind::Free).bins[0],
        "malloc comes first"
    );
}

#[test]
fn changed_slots_are_marked_whether_stepping_or_jumping() {
    let mut stepped = playback();
    stepped.apply(Move::ToLine(5));
    stepped.apply(Move::Forward);
    let by_step = stepped.view();
    let mut jumped = playback();
    jumped.apply(Move::ToEnd);
    jumped.view();
    jumped.apply(Move::GoTo(by_step.step));
    let by_jump = jumped.view();
    assert_eq!(
        by_step.snapshot, by_jump.snapshot,
        "the same marks either way"
    );
    let frame = by_step.snapshot.threads[0].frames.last().unwrap();
    let changed: Vec<&str> = frame
        .slots
        .iter()
        .filter(|s| s.changed)
        .map(|s| s.name.as_str())
        .collect();
    assert_eq!(changed, ["result"]);
    // The view is plain data for the app: it serialises.
    let json = serde_json::to_value(&by_step).unwrap();
    assert_eq!(
        json["snapshot"]["threads"][0]["frames"][1]["function"],
        "square"
    );
    assert_eq!(json["places"][0]["line"], 6);
}

#[test]
fn programs_that_do_not_compile_or_load_say_why() {
    match Playback::start(
        "bad.c",
        "int main(void) { return x; }",
        MachineSettings::default(),
    ) {
        Err(RunFailure::Diagnostics(text)) => assert!(text.contains("bad.c:1:"), "{text}"),
        other => panic!("{:?}", other.map(|_| ())),
    }
    let settings = MachineSettings {
        page_size: 3000,
        ..MachineSettings::default()
    };
    match Playback::start("p.c", PROGRAM, settings) {
        Err(RunFailure::Setup(text)) => assert!(text.contains("page size"), "{text}"),
        other => panic!("{:?}", other.map(|_| ())),
    }
}

#[test]
fn a_run_recorded_in_slices_ends_where_one_run_ends() {
    let mut sliced = playback();
    let mut slices = 0;
    while !sliced.record(2) {
        slices += 1;
        assert_eq!(sliced.recorded(), 2 * slices);
    }
    let mut whole = playback();
    assert!(whole.record(u64::MAX));
    assert_eq!(sliced.recorded(), whole.recorded());
    assert!(slices > 3);
    assert!(sliced.view().ended);
}

/// A chunk sized for cheap steps stops early where steps turn dear (each malloc here walks
/// every block before it), and the run recorded that way is the same run.
#[test]
fn a_chunk_stops_early_where_steps_turn_dear() {
    let program = "#include <stdlib.h>\n\nint main(void) {\n    for (int i = 0; i < 1000; i++) {\n        char *p = malloc(64);\n        p[0] = 1;\n    }\n    return 0;\n}\n";
    let start = || Playback::start("dear.c", program, MachineSettings::default()).unwrap();
    let mut chunked = start();
    assert!(!chunked.record_chunk(2000), "the first chunk ends the run");
    let first = chunked.recorded();
    assert!(first < 2000, "a chunk of 2,000 dear steps ran whole");
    let mut chunks = 1;
    while !chunked.record_chunk(2000) {
        chunks += 1;
    }
    let mut whole = start();
    assert!(whole.record(u64::MAX));
    assert_eq!(chunked.recorded(), whole.recorded());
    assert!(chunks > 1, "{chunks} chunks, the first {first} steps");
    chunked.apply(Move::ToEnd);
    whole.apply(Move::ToEnd);
    assert_eq!(chunked.view(), whole.view());
}

#[test]
fn breakpoints_stop_forward_and_backward_runs_at_their_lines() {
    let mut playback = playback();
    playback.set_breakpoints(&[5, 13]);
    assert!(playback.apply(Move::ToBreakpoint));
    assert_eq!(playback.view().places[0].line, 5, "inside square");
    assert!(playback.apply(Move::ToBreakpoint));
    assert_eq!(playback.view().places[0].line, 13);
    assert!(playback.apply(Move::BackToBreakpoint));
    assert_eq!(playback.view().places[0].line, 5);
    assert!(!playback.apply(Move::BackToBreakpoint), "nothing earlier");
    assert_eq!(playback.view().places[0].line, 5, "a failed move stays put");
    playback.set_breakpoints(&[]);
    assert!(!playback.apply(Move::ToBreakpoint));
}

/// As memcheck reports them: blocks lost the same way from the same call stack are one
/// loss record, the smallest record first.
#[test]
fn lost_blocks_from_one_call_stack_are_one_loss_record() {
    let leaky = "#include <stdlib.h>\n\nvoid *make(int n) {\n    return malloc(n);\n}\n\nint main(void) {\n    for (int i = 0; i < 5; i++)\n        make(100);\n    malloc(8);\n    make(30);\n    return 0;\n}\n";
    let mut playback = Playback::start("leak.c", leaky, MachineSettings::default()).unwrap();
    assert!(playback.apply(Move::ToEnd));
    let leaks = playback.view().leaks.expect("a report at exit");
    assert_eq!(
        (leaks.definitely_lost.bytes, leaks.definitely_lost.blocks),
        (538, 7)
    );
    let records: Vec<(u64, u32, Vec<u32>)> = leaks
        .loss_records
        .iter()
        .map(|r| {
            (
                r.bytes,
                r.blocks,
                r.alloc_stack.iter().map(|s| s.line).collect(),
            )
        })
        .collect();
    assert_eq!(
        records,
        [(8, 1, vec![10]), (30, 1, vec![4, 11]), (500, 5, vec![4, 9])]
    );
}

#[test]
fn the_leak_report_appears_when_the_program_ends() {
    let leaky = "#include <stdlib.h>\nint main(void) {\n    char *p = malloc(24);\n    p = 0;\n    return 0;\n}\n";
    let mut playback = Playback::start("leak.c", leaky, MachineSettings::default()).unwrap();
    assert!(playback.view().leaks.is_none(), "no report while running");
    assert!(playback.apply(Move::ToEnd));
    let end = playback.view();
    let leaks = end.leaks.expect("a report at exit");
    assert_eq!(
        (leaks.definitely_lost.bytes, leaks.definitely_lost.blocks),
        (24, 1)
    );
    assert_eq!(leaks.loss_records.len(), 1);
    assert_eq!(leaks.loss_records[0].alloc_line, 3);
    assert!(playback.apply(Move::Back));
    assert!(
        playback.view().leaks.is_none(),
        "stepping back undoes the exit"
    );
}

#[test]
fn a_step_that_faults_shows_what_paging_did_in_order() {
    use memplay_session::playback::PagingEvent;
    let sweep = "char big[12 * 4096];\nint main(void) {\n    int sum = 0;\n    for (int round = 0; round < 2; round++)\n        for (int i = 0; i < 12 * 4096; i += 4096)\n            sum += big[i]++;\n    return sum % 256;\n}\n";
    let settings = MachineSettings {
        frames: 8,
        ..MachineSettings::default()
    };
    let mut playback = Playback::start("sweep.c", sweep, settings).unwrap();
    assert!(
        playback.view().paging_events.is_empty(),
        "nothing happened yet"
    );
    assert!(playback.apply(Move::NextEvent(EventKind::Swap)));
    let view = playback.view();
    let events = &view.paging_events;
    assert!(
        events
            .iter()
            .any(|e| matches!(e, PagingEvent::Evicted { dirty: true, .. })),
        "{events:?}"
    );
    assert!(
        events
            .iter()
            .any(|e| matches!(e, PagingEvent::SwapOut { .. }))
    );
    assert!(
        !events
            .iter()
            .any(|e| matches!(e, PagingEvent::TlbHit { .. } | PagingEvent::Cost { .. })),
        "hits and costs are left out"
    );
    // A plain step after it shows none.
    assert!(playback.apply(Move::Forward));
    let next = playback.view();
    if !next.paging_events.is_empty() {
        assert!(
            next.paging_events
                .iter()
                .any(|e| matches!(e, PagingEvent::PageFault { .. }))
        );
    }
}

#[test]
fn live_blocks_carry_the_line_that_allocated_them() {
    let mut playback = playback();
    assert!(playback.view().allocation_lines.is_empty());
    assert!(playback.apply(Move::NextEvent(EventKind::Malloc)));
    let view = playback.view();
    let block = view
        .snapshot
        .heap
        .blocks
        .iter()
        .find(|b| b.requested.is_some())
        .expect("the block just allocated");
    assert_eq!(view.allocation_lines, vec![(block.payload, 10)]);
    assert!(playback.apply(Move::NextEvent(EventKind::Free)));
    assert!(
        playback.view().allocation_lines.is_empty(),
        "freed: no longer live"
    );
}

#[test]
fn the_inspector_shows_a_page_of_bytes_with_what_lies_there() {
    let source = "#include <stdlib.h>\nint table[4] = {1, 2, 3, 258};\nint main(void) {\n    int *p = malloc(8);\n    p[0] = 7;\n    return table[3] - 258;\n}\n";
    let mut playback = Playback::start("g.c", source, MachineSettings::default()).unwrap();
    let table = playback.view().snapshot.globals[0].clone();
    assert_eq!((table.name.as_str(), table.size), ("table", 16));
    playback.inspect(Some(table.address + 12));
    let dump = playback.view().memory.expect("the inspector is open");
    assert_eq!(dump.region, "data");
    assert_eq!(dump.start % 4096, 0);
    let bytes = dump.bytes.expect("data is mapped");
    let at = (table.address - dump.start) as usize;
    assert_eq!(
        &bytes[at..at + 16],
        &[1, 0, 0, 0, 2, 0, 0, 0, 3, 0, 0, 0, 2, 1, 0, 0]
    );
    assert!(
        dump.labels
            .iter()
            .any(|l| l.address == table.address && l.text.starts_with("table"))
    );

    // The heap block's header and payload are labelled once the block exists.
    assert!(playback.apply(Move::ToLine(6)));
    let p = playback.view().snapshot.threads[0].frames[0]
        .slots
        .iter()
        .find(|s| s.name == "p")
        .and_then(|s| s.points_to)
        .expect("p points into the heap");
    playback.inspect(Some(p));
    let dump = playback.view().memory.unwrap();
    assert_eq!(dump.region, "heap");
    assert!(
        dump.labels
            .iter()
            .any(|l| l.text.starts_with("header of the block"))
    );
    let payload = dump
        .labels
        .iter()
        .find(|l| l.address == p)
        .expect("the payload");
    assert_eq!(payload.text, "allocated block (8 bytes)");
    assert_eq!(dump.bytes.unwrap()[(p - dump.start) as usize], 7);

    // The kernel is not mapped; closing the inspector drops the dump.
    playback.inspect(Some(0xc000_0000));
    let kernel = playback.view().memory.unwrap();
    assert_eq!((kernel.bytes, kernel.region.as_str()), (None, "kernel"));
    playback.inspect(None);
    assert!(playback.view().memory.is_none());
}

#[test]
fn a_step_names_the_cache_lines_it_filled_and_hit() {
    let program = "int a[64];\nint main(void) {\n  int s = 0;\n  for (int i = 0; i < 64; i++) s += a[i];\n  for (int i = 0; i < 64; i++) s += a[i];\n  return s;\n}\n";
    let mut playback = Playback::start("p.c", program, MachineSettings::default()).unwrap();
    let mut previous = playback.view();
    let (mut filled, mut hit) = (0, 0);
    while playback.apply(Move::Forward) {
        let view = playback.view();
        let (before, after) = (&previous.snapshot.paging.stats, &view.snapshot.paging.stats);
        let hits = after.cache_hits - before.cache_hits;
        let misses = after.cache_misses - before.cache_misses;
        let step = &view.cache_step;
        // A line listed was used: a fill is a miss, a line hit again is a hit.
        assert!(
            step.filled.len() as u64 <= misses,
            "step {}: {step:?}, {misses} misses",
            view.step
        );
        assert!(
            step.hit.len() as u64 <= hits,
            "step {}: {step:?}, {hits} hits",
            view.step
        );
        // The default cache is big enough that nothing this program uses is evicted, so a
        // step that used the cache names at least one line.
        if hits + misses > 0 {
            assert!(
                !step.filled.is_empty() || !step.hit.is_empty(),
                "step {}",
                view.step
            );
        }
        for &(set, way) in step.filled.iter().chain(&step.hit) {
            assert!(
                view.snapshot
                    .paging
                    .cache
                    .iter()
                    .any(|&(s, w, ..)| (s, w) == (set, way))
            );
        }
        filled += step.filled.len();
        hit += step.hit.len();
        previous = view;
    }
    // The second loop reads the array's lines the first one brought in: hits.
    assert!(filled > 0 && hit > filled, "{filled} fills, {hit} hits");

    // A line that arrives again in the slot it held (its frame was reused after a swap)
    // was a miss, though the slot shows the same line as before.
    let before = previous.snapshot.paging.clone();
    let slot = (before.cache[0].0, before.cache[0].1);
    let mut after = before.clone();
    after.cache_stamps[0].1 += 10;
    assert_eq!(CacheStep::between(&before, &after).hit, vec![slot]);
    after.cache_stamps[0].0 += 10;
    let step = CacheStep::between(&before, &after);
    assert_eq!((step.filled, step.hit), (vec![slot], vec![]));
}
