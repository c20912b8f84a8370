//! The views' picture of a step: frames with their slots at real addresses, values rendered
//! by type, undefined locals marked, heap blocks, threads.

use memplay_machine::{Machine, Settings, SlotKind, Snapshot};

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
