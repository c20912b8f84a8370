//! The views' picture of a step: frames with their slots at real addresses, values rendered
//! by type, undefined locals marked, heap blocks, threads.

use memplay_machine::{FrameDetail, Machine, Settings, SlotKind, Snapshot};

const PROGRAM: &str = r#"#include <stdlib.h>
struct point { int x; char tag; };

int area(struct point *p, int scale) {
    int result;
    result = p->x * scale;
    return result;
}

int main(void) {
    char name[6] = "box";
    struct point corner = { 7, 'c' };
    int *cells = malloc(3 * sizeof(int));
    cells[0] = 1;
    int a = area(&corner, 2);
    free(cells);
    return a;
}
"#;

fn machine() -> Machine {
    let checked = memplay_lang::check(PROGRAM);
    assert!(!checked.has_errors(), "{:?}", checked.diagnostics);
    Machine::new(&checked.program, PROGRAM, "snap.c", Settings::default()).unwrap()
}

/// Steps until the running thread's innermost frame is `function` and the statement
/// starts with `text`.
fn step_to(machine: &mut Machine, function: &str, text: &str) -> Snapshot {
    for _ in 0..100 {
        let snapshot = machine.snapshot();
        let thread = &snapshot.threads[0];
        let at = &PROGRAM[thread.span.start as usize..];
        if thread.frames.last().is_some_and(|f| f.function == function) && at.starts_with(text) {
            return snapshot;
        }
        assert!(
            machine.step(),
            "the program ended before {function}: {text}"
        );
    }
    panic!("never reached {function}: {text}");
}

#[test]
fn frames_show_their_slots_with_values_by_type() {
    let mut machine = machine();
    let snapshot = step_to(&mut machine, "area", "result = p->x");
    let frames = &snapshot.threads[0].frames;
    assert_eq!(frames.len(), 2);
    let (main, area) = (&frames[0], &frames[1]);
    assert_eq!(main.function, "main");
    assert!(area.call_span.is_some());
    assert!(area.fp < main.fp, "the stack grows down");
    let slot = |frame: &memplay_machine::FrameView, name: &str| {
        frame
            .slots
            .iter()
            .find(|s| s.name == name)
            .unwrap_or_else(|| panic!("no slot {name}"))
            .clone()
    };
    assert_eq!(slot(main, "name").value, "\"box\"");
    assert_eq!(slot(main, "corner").value, "{x = 7, tag = 99 'c'}");
    let corner = slot(main, "corner");
    let p = slot(area, "p");
    assert_eq!(p.points_to, Some(corner.address), "p points at corner");
    assert_eq!(p.kind, SlotKind::Parameter);
    assert_eq!(slot(area, "scale").value, "2");
    let result = slot(area, "result");
    assert!(!result.defined, "result is not set yet: {}", result.value);
    // Slots run from high addresses down: parameters, return address, saved FP, locals.
    let kinds: Vec<SlotKind> = area.slots.iter().map(|s| s.kind).collect();
    assert_eq!(
        kinds,
        [
            SlotKind::Parameter,
            SlotKind::Parameter,
            SlotKind::ReturnAddress,
            SlotKind::SavedFramePointer,
            SlotKind::Local
        ]
    );
    assert_eq!(slot(area, "saved frame pointer").points_to, Some(main.fp));
    // The heap holds the one block of 12 bytes.
    let cells = slot(main, "cells").points_to.unwrap();
    let block = snapshot
        .heap
        .blocks
        .iter()
        .find(|b| b.payload == cells)
        .expect("cells' block");
    assert_eq!(block.requested, Some(12));
    assert_eq!(snapshot.threads[0].state, "running");
    // Taking a snapshot changes nothing.
    assert_eq!(machine.snapshot(), snapshot);
}

#[test]
fn stepping_to_the_end_gives_the_exit_status() {
    let mut machine = machine();
    let mut steps = 0;
    while machine.step() {
        steps += 1;
    }
    assert_eq!(machine.status().exit_status(), Some(14));
    assert!(steps > 5);
    assert_eq!(machine.snapshot().heap.metrics.unwrap().live_requested, 0);
}

/// The slot named `name` in the innermost frame.
fn slot<'s>(snapshot: &'s Snapshot, name: &str) -> &'s memplay_machine::SlotView {
    let frame = snapshot.threads[0].frames.last().unwrap();
    frame.slots.iter().find(|s| s.name == name).unwrap()
}

#[test]
fn slots_written_by_a_step_are_marked_changed() {
    let mut machine = machine();
    let before = step_to(&mut machine, "main", "cells[0] = 1;");
    machine.step();
    let mut after = machine.snapshot();
    after.mark_changes(&before);
    assert!(!slot(&after, "cells").changed, "cells was not written");
    assert!(!slot(&after, "name").changed);
    // Into area: its frame's slots are all new.
    let before = step_to(&mut machine, "main", "int a = area");
    machine.step();
    let mut inside = machine.snapshot();
    inside.mark_changes(&before);
    let frame = inside.threads[0].frames.last().unwrap();
    assert_eq!(frame.function, "area");
    assert!(
        frame.slots.iter().all(|s| s.changed),
        "a new frame is all new"
    );
    assert!(frame.low < frame.fp && frame.fp < frame.high);
    assert!(
        frame.high <= inside.threads[0].frames[0].low,
        "area sits below main"
    );
    // result = p->x * scale: only result changes.
    machine.step();
    let mut next = machine.snapshot();
    next.mark_changes(&inside);
    let changed: Vec<&str> = next.threads[0]
        .frames
        .last()
        .unwrap()
        .slots
        .iter()
        .filter(|s| s.changed)
        .map(|s| s.name.as_str())
        .collect();
    assert_eq!(changed, ["result"]);
    assert_eq!(slot(&next, "result").value, "14");
}

#[test]
fn the_paging_view_shows_pages_frames_tlb_and_cache() {
    let mut machine = machine();
    let snapshot = step_to(&mut machine, "area", "return result;");
    let paging = &snapshot.paging;
    assert_eq!(paging.page_size, 4096);
    let stack: Vec<_> = paging
        .pages
        .iter()
        .filter(|p| p.region == "stack")
        .collect();
    assert!(!stack.is_empty() && stack.iter().all(|p| p.present && p.dirty && p.writable));
    let heap_pages = paging.pages.iter().filter(|p| p.region == "heap").count();
    assert!(heap_pages >= 1, "malloc touched the heap");
    // Every present page's frame holds that page, and the tables have frames of their own.
    for page in paging.pages.iter().filter(|p| p.present) {
        let frame = paging
            .frames
            .iter()
            .find(|f| Some(f.frame) == page.frame)
            .unwrap();
        assert_eq!(frame.page, Some(page.page));
    }
    assert!(
        paging.frames.iter().any(|f| f.table_level == Some(0)),
        "the page directory"
    );
    assert!(!paging.tlb.is_empty() && paging.tlb.len() <= 16);
    for &(_, _, page, frame) in &paging.tlb {
        let entry = paging.pages.iter().find(|p| p.page == page).unwrap();
        assert_eq!(entry.frame, Some(frame), "the TLB agrees with the table");
    }
    assert!(!paging.cache.is_empty());
    assert!(paging.swap.is_empty(), "4096 frames: nothing swapped");
    assert_eq!(snapshot.threads[0].line, 7);
}

/// malloc and free are real code touching real memory: the allocator's reads of headers,
/// footers and links go through the TLB and cache like the program's own loads. free(p)
/// under the implicit list (first-fit) loads `p` (1), reads the block's header, the next
/// block's header and the previous block's footer (3), and writes the header and footer
/// (2): six accesses at least, where the program's own code makes one.
#[test]
fn the_allocators_own_reads_and_writes_are_memory_accesses() {
    let source = r#"#include <stdlib.h>
int main(void) {
    char *a = malloc(24);
    char *p = malloc(16);
    char *c = malloc(24);
    free(p);
    free(a);
    free(c);
    return 0;
}
"#;
    let checked = memplay_lang::check(source);
    let mut machine = Machine::new(&checked.program, source, "f.c", Settings::default()).unwrap();
    let at_free = |m: &Machine| source[m.span().start as usize..].starts_with("free(p)");
    while !at_free(&machine) {
        assert!(machine.step());
    }
    let before = machine.space().stats().accesses;
    machine.step();
    let accesses = machine.space().stats().accesses - before;
    assert!(accesses >= 6, "free(p) made {accesses} accesses");
}

#[test]
fn the_memory_map_has_every_region_a_guard_page_and_the_kernel() {
    let mut machine = machine();
    let snapshot = step_to(&mut machine, "area", "return result;");
    let names: Vec<&str> = snapshot.regions.iter().map(|r| r.name.as_str()).collect();
    assert_eq!(
        names,
        // No rodata: the one string literal initialises an array.
        ["text", "heap", "guard page of thread 1", "stack", "kernel"]
    );
    let starts: Vec<u32> = snapshot.regions.iter().map(|r| r.start).collect();
    assert!(starts.windows(2).all(|w| w[0] < w[1]), "in address order");
    let guard = &snapshot.regions[2];
    let stack = &snapshot.regions[3];
    assert!(!guard.mapped && stack.mapped);
    assert_eq!(
        guard.start + guard.len,
        stack.start,
        "right below the stack"
    );
    assert_eq!(stack.start + stack.len, 0xc000_0000);
    let kernel = snapshot.regions.last().unwrap();
    assert_eq!((kernel.start, kernel.mapped), (0xc000_0000, false));
}

#[test]
fn long_arrays_show_their_first_elements_and_say_there_is_more() {
    let source = r#"#include <string.h>
int main(void) {
    char text[200];
    char word[8] = "short";
    int numbers[40];
    memset(text, 'a', 199);
    text[199] = 0;
    for (int i = 0; i < 40; i++)
        numbers[i] = i;
    return 0;
}
"#;
    let checked = memplay_lang::check(source);
    assert!(!checked.has_errors(), "{:?}", checked.diagnostics);
    // The last step that still shows main's frame.
    let mut machine =
        Machine::new(&checked.program, source, "long.c", Settings::default()).unwrap();
    let mut snapshot = machine.snapshot();
    while machine.step() {
        if machine
            .snapshot()
            .threads
            .first()
            .is_some_and(|t| !t.frames.is_empty())
        {
            snapshot = machine.snapshot();
        }
    }
    let main = &snapshot.threads[0].frames[0];
    let value = |name: &str| {
        main.slots
            .iter()
            .find(|s| s.name == name)
            .unwrap()
            .value
            .clone()
    };
    assert_eq!(value("text"), format!("\"{}\"...", "a".repeat(64)));
    assert_eq!(value("word"), "\"short\"");
    assert_eq!(
        value("numbers"),
        "{0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, ...}"
    );
}

#[test]
fn a_deep_stack_is_described_slot_by_slot_only_at_its_ends() {
    let source = "int down(int n) {\n    char pad[100];\n    pad[0] = (char)n;\n    if (n == 0)\n        return pad[0];\n    return down(n - 1) + pad[0];\n}\n\nint main(void) {\n    return down(40);\n}\n";
    let checked = memplay_lang::check(source);
    assert!(!checked.has_errors(), "{:?}", checked.diagnostics);
    let mut machine =
        Machine::new(&checked.program, source, "deep.c", Settings::default()).unwrap();
    while machine.snapshot_with(FrameDetail::ALL).threads[0]
        .frames
        .len()
        < 42
    {
        assert!(machine.step(), "the recursion reaches depth 42");
    }
    let window = FrameDetail {
        outermost: 2,
        innermost: 5,
    };
    let full = machine.snapshot();
    let drawn = machine.snapshot_with(window);
    let (all, some) = (&full.threads[0].frames, &drawn.threads[0].frames);
    assert_eq!(all.len(), some.len());
    for (i, (whole, part)) in all.iter().zip(some).enumerate() {
        // Every frame keeps its function, call site and bytes.
        assert_eq!(
            (
                &whole.function,
                whole.call_span,
                whole.fp,
                whole.low,
                whole.high
            ),
            (&part.function, part.call_span, part.fp, part.low, part.high),
            "frame {i}"
        );
        let described = i < 2 || i >= all.len() - 5;
        assert_eq!(part.detailed, described, "frame {i}");
        if described {
            assert_eq!(whole, part, "frame {i}");
        } else {
            assert!(part.slots.is_empty(), "frame {i}");
        }
    }
    // The rest of the picture is the same.
    assert_eq!(full.heap, drawn.heap);
    assert_eq!(full.globals, drawn.globals);
    // A frame coming into the drawn window is not marked changed for having been undescribed.
    let mut next = machine.snapshot();
    next.mark_changes(&drawn);
    let newly_drawn = &next.threads[0].frames[10];
    assert!(newly_drawn.slots.iter().all(|slot| !slot.changed));
    // The memory inspector's labels name the slots of a frame the view did not describe.
    let hidden = &all[10];
    let found = machine.frames_overlapping(hidden.low, hidden.high);
    assert!(found.iter().any(|(_, frame)| frame == hidden));
}
