//! The stack: a column per thread, its frames from the outermost (main, at the highest
//! addresses) down to the running one, each slot at its address with its type and value;
//! uninitialised values and values changed by the last step marked in text, not only colour.

use memplay_session::playback::{FrameView, SlotKind, SlotView, Snapshot, ThreadView};
use yew::prelude::*;

use super::{StepProps, bytes, hex};

#[function_component]
pub fn StackView(props: &StepProps) -> Html {
    let view = &props.step.0;
    let snapshot = &view.snapshot;
    html! {
        <div class="stack-view" role="region" aria-label="Call stack">
            { for snapshot.threads.iter().map(|thread| thread_column(snapshot, thread)) }
        </div>
    }
}

/// Frames drawn at each end of a deep stack: the calls that started it and the ones
/// running now; the middle is summarised, so a deep recursion stays quick to draw.
const OUTERMOST_SHOWN: usize = 3;
const INNERMOST_SHOWN: usize = 30;

/// The functions of the frames not drawn, most frequent first: "down × 4,000".
fn hidden_functions(frames: &[FrameView]) -> String {
    let mut counts: Vec<(&str, usize)> = Vec::new();
    for frame in frames {
        match counts.iter_mut().find(|(name, _)| *name == frame.function) {
            Some((_, count)) => *count += 1,
            None => counts.push((&frame.function, 1)),
        }
    }
    counts.sort_by_key(|&(_, count)| std::cmp::Reverse(count));
    counts
        .iter()
        .map(|(name, count)| format!("{name} × {count}"))
        .collect::<Vec<_>>()
        .join(", ")
}

fn thread_column(snapshot: &Snapshot, thread: &ThreadView) -> Html {
    let frames = &thread.frames;
    let (outer, inner, hidden) = if frames.len() > OUTERMOST_SHOWN + INNERMOST_SHOWN {
        (
            &frames[..OUTERMOST_SHOWN],
            &frames[frames.len() - INNERMOST_SHOWN..],
            frames.len() - OUTERMOST_SHOWN - INNERMOST_SHOWN,
        )
    } else {
        (&frames[..], &frames[..0], 0)
    };
    let used = thread.stack_top - thread.sp.clamp(thread.stack_low, thread.stack_top);
    let size = thread.stack_top - thread.stack_low;
    html! {
        <section class={classes!("thread", format!("thread-{}", thread.id % 8))} aria-label={format!("Thread {}", thread.id)}>
            <h3>{ format!("Thread {} — {} (line {}), {} frame{}", thread.id, thread.state, thread.line, frames.len(), if frames.len() == 1 { "" } else { "s" }) }</h3>
            <p class="stack-usage">
                { format!("Stack {}–{}: {} of {} used; SP {}", hex(thread.stack_low), hex(thread.stack_top), bytes(u64::from(used)), bytes(u64::from(size)), hex(thread.sp)) }
            </p>
            <ol class="frames" aria-label={format!("Frames of thread {}", thread.id)}>
                { for outer.iter().map(|frame| frame_item(snapshot, frame)) }
                if hidden > 0 {
                    <li class="frames-hidden">
                        { format!("… {hidden} more frames ({}) not drawn: deep stacks show their outermost {OUTERMOST_SHOWN} and innermost {INNERMOST_SHOWN} frames", hidden_functions(&thread.frames[OUTERMOST_SHOWN..thread.frames.len() - INNERMOST_SHOWN])) }
                    </li>
                }
                { for inner.iter().map(|frame| frame_item(snapshot, frame)) }
            </ol>
            <p class="guard-page">{ format!("Guard page below {}: touching it is a stack overflow", hex(thread.stack_low)) }</p>
        </section>
    }
}

fn frame_item(snapshot: &Snapshot, frame: &FrameView) -> Html {
    let called = frame
        .call_span
        .map(|_| " (called)".to_string())
        .unwrap_or_default();
    html! {
        <li class="frame">
            <h4>
                <span class="function">{ &frame.function }</span>{ called }
                <span class="frame-range">{ format!(" {}–{}, FP {}", hex(frame.low), hex(frame.high), hex(frame.fp)) }</span>
            </h4>
            <table class="slots">
                <thead><tr><th scope="col">{ "address" }</th><th scope="col">{ "name" }</th><th scope="col">{ "type" }</th><th scope="col">{ "value" }</th></tr></thead>
                <tbody>
                    { for frame.slots.iter().map(|slot| slot_row(snapshot, slot)) }
                </tbody>
            </table>
        </li>
    }
}

fn slot_row(snapshot: &Snapshot, slot: &SlotView) -> Html {
    let kind = match slot.kind {
        SlotKind::Parameter => "parameter",
        SlotKind::ReturnAddress => "return-address",
        SlotKind::SavedFramePointer => "saved-fp",
        SlotKind::Local => "local",
    };
    let target = slot.points_to.map(|address| {
        html! {
            <span class="points-to">{ format!(" → {}", describe_target(snapshot, address)) }</span>
        }
    });
    html! {
        <tr class={classes!("slot", kind, slot.changed.then_some("changed"), (!slot.defined).then_some("undefined"))}>
            <td class="address">{ hex(slot.address) }</td>
            <td class="name">{ &slot.name }</td>
            <td class="type">{ &slot.type_name }</td>
            <td class="value">
                { &slot.value }
                { target.unwrap_or_default() }
                if slot.changed { <span class="badge">{ " changed" }</span> }
                if !slot.defined { <span class="badge">{ " uninitialised" }</span> }
            </td>
        </tr>
    }
}

/// What an address points at: a heap block's payload, a stack slot, or a region.
fn describe_target(snapshot: &Snapshot, address: u32) -> String {
    if let Some(block) =
        snapshot.heap.blocks.iter().find(|b| {
            address >= b.addr && u64::from(address) < u64::from(b.addr) + u64::from(b.size)
        })
    {
        let offset = address.wrapping_sub(block.payload);
        return if address == block.payload {
            format!(
                "heap block at {} ({} bytes)",
                hex(block.payload),
                block.size
            )
        } else {
            format!("heap block at {} + {offset}", hex(block.payload))
        };
    }
    for thread in &snapshot.threads {
        for frame in &thread.frames {
            if let Some(slot) = frame.slots.iter().find(|s| {
                address >= s.address
                    && u64::from(address) < u64::from(s.address) + u64::from(s.size.max(1))
            }) {
                return format!("{} in {}", slot.name, frame.function);
            }
        }
    }
    snapshot
        .regions
        .iter()
        .find(|r| address >= r.start && u64::from(address) < u64::from(r.start) + u64::from(r.len))
        .map_or_else(|| "unmapped memory".to_string(), |r| r.name.clone())
}
