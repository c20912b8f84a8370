//! The stack: a column per thread, its frames from the outermost (main, at the highest
//! addresses) down to the running one, each slot at its address with its type and value;
//! uninitialised values and values changed by the last step marked in text, not only colour.

use memplay_session::playback::{
    BlockInfo, BlockState, FRAMES_DRAWN, FrameView, SlotKind, SlotView, Snapshot, ThreadView,
};
use memplay_session::sort;
use wasm_bindgen::JsCast;
use web_sys::Element;
use yew::prelude::*;

use super::{StepProps, bytes, hex};
use crate::fixed::fixed;
use crate::services::after_layout;
use crate::state::Shown;

#[function_component]
pub fn StackView(props: &StepProps) -> Html {
    let view = &props.step.0;
    let snapshot = &view.snapshot;
    let container = use_node_ref();
    {
        // Arrows are drawn once the frames and blocks are laid out, from where they landed:
        // after a big step, in the animation frame (nothing is painted before it, so old
        // arrows never show beside the new frames; the page read is the one then shown).
        let container = container.clone();
        use_effect_with(props.step.clone(), move |_| {
            after_layout(Box::new(move || {
                if let Some(element) = container.cast::<Element>() {
                    draw_arrows(&element);
                }
            }))
        });
    }
    let pointed = pointed_blocks(snapshot);
    html! {
        <div class="stack-and-heap" ref={container}>
            <div class="stack-view" role="region" aria-label="Call stack">
                if !snapshot.globals.is_empty() {
                    <section class="globals" aria-label="Globals">
                        <h3>{ "Globals" }</h3>
                        <table class="slots">
                            <thead><tr><th scope="col">{ "address" }</th><th scope="col">{ "name" }</th><th scope="col">{ "type" }</th><th scope="col">{ "value" }</th></tr></thead>
                            <tbody>{ for snapshot.globals.iter().map(|slot| slot_row(slot, slot_target(snapshot, slot).as_ref())) }</tbody>
                        </table>
                    </section>
                }
                { for (0..snapshot.threads.len()).map(|thread| thread_column(&props.step, thread)) }
            </div>
            if !pointed.is_empty() {
                <section class="pointed-blocks" aria-label="Heap blocks the stack points at">
                    <h3>{ "Heap blocks pointed at" }</h3>
                    <ol>
                        { for pointed.iter().map(|block| html! {
                            <li class="pointed-block" data-key={block_key(block.payload)}>
                                <span class="block-header-part">{ format!("header {} B", block.payload - block.addr) }</span>
                                <span class="block-payload-part" data-arrow-end="">
                                    { format!("{} ({} bytes)", hex(block.payload), block.requested.unwrap_or(block.size)) }
                                </span>
                            </li>
                        }) }
                    </ol>
                </section>
            }
            <svg class="arrows" aria-hidden="true"></svg>
        </div>
    }
}

/// The live heap blocks some slot points into, in address order.
fn pointed_blocks(snapshot: &Snapshot) -> Vec<&BlockInfo> {
    let targets: Vec<u32> = snapshot
        .threads
        .iter()
        .flat_map(|t| t.frames.iter().flat_map(|f| f.slots.iter()))
        .chain(snapshot.globals.iter())
        .filter_map(|slot| slot.points_to)
        .collect();
    snapshot
        .heap
        .blocks
        .iter()
        .filter(|block| block.state == BlockState::Allocated)
        .filter(|block| targets.iter().any(|&t| heap_block_holds(block, t)))
        .collect()
}

fn heap_block_holds(block: &BlockInfo, address: u32) -> bool {
    address >= block.addr && u64::from(address) < u64::from(block.addr) + u64::from(block.size)
}

fn block_key(payload: u32) -> String {
    format!("heap-{payload:x}")
}

fn slot_key(address: u32) -> String {
    format!("slot-{address:x}")
}

/// The element key an address leads to: a heap block's payload or a stack slot.
fn target_key(snapshot: &Snapshot, address: u32) -> Option<String> {
    if let Some(block) = snapshot
        .heap
        .blocks
        .iter()
        .find(|b| b.state == BlockState::Allocated && heap_block_holds(b, address))
    {
        return Some(block_key(block.payload));
    }
    snapshot
        .threads
        .iter()
        .flat_map(|t| frames_holding(t, address))
        .flat_map(|f| f.slots.iter())
        .chain(snapshot.globals.iter())
        .find(|s| slot_holds(s, address))
        .map(|s| slot_key(s.address))
}

fn slot_holds(slot: &SlotView, address: u32) -> bool {
    address >= slot.address
        && u64::from(address) < u64::from(slot.address) + u64::from(slot.size.max(1))
}

/// The frames of `thread` whose bytes hold `address`, found by halving: frames run from
/// the outermost, at the top of the stack, down (a deep recursion has thousands). A call's
/// arguments may lie in both its frame and its caller's, so two are looked at.
fn frames_holding(thread: &ThreadView, address: u32) -> impl Iterator<Item = &FrameView> {
    let below = thread.frames.partition_point(|f| f.low > address);
    thread.frames[below..]
        .iter()
        .take(2)
        .filter(move |f| address >= f.low && address < f.high)
}

/// Draws an arrow from each pointer slot to what it points at, in the container's SVG:
/// to a heap block's payload (not its header) on the right, or round to a stack slot.
/// Every position is read before the SVG is written, so the step costs one layout, not two.
fn draw_arrows(container: &Element) {
    let Ok(Some(svg)) = container.query_selector("svg.arrows") else {
        return;
    };
    let Ok(sources) = container.query_selector_all("[data-points-to]") else {
        return;
    };
    if sources.length() == 0 {
        // Nothing points anywhere: no positions to read, so no layout forced.
        svg.set_inner_html("");
        let _ = svg.set_attribute("width", "0");
        let _ = svg.set_attribute("height", "0");
        return;
    }
    let origin = container.get_bounding_client_rect();
    let (width, height) = (container.scroll_width(), container.scroll_height());
    let mut paths = String::from(
        r#"<defs><marker id="arrow-head" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse"><path d="M0,0 L10,5 L0,10 z" class="arrow-head"/></marker></defs>"#,
    );
    for index in 0..sources.length() {
        let Some(source) = sources
            .item(index)
            .and_then(|n| n.dyn_into::<Element>().ok())
        else {
            continue;
        };
        let Some(key) = source.get_attribute("data-points-to") else {
            continue;
        };
        let selector = format!("[data-key=\"{key}\"]");
        let Ok(Some(target)) = container.query_selector(&selector) else {
            continue;
        };
        // A block's arrow ends at its payload part; a slot's at the slot's row.
        let end = target
            .query_selector("[data-arrow-end]")
            .ok()
            .flatten()
            .unwrap_or(target);
        let from = source.get_bounding_client_rect();
        let to = end.get_bounding_client_rect();
        let (x1, y1) = (
            from.right() - origin.left(),
            from.top() + from.height() / 2.0 - origin.top(),
        );
        let to_y = to.top() + to.height() / 2.0 - origin.top();
        // Pixels to a tenth.
        let at = |value: f64| fixed(value, 1);
        let path = if key.starts_with("heap-") {
            let x2 = to.left() - origin.left();
            let bend = ((x2 - x1) / 2.0).max(20.0);
            format!(
                "M{},{} C{},{} {},{} {},{}",
                at(x1),
                at(y1),
                at(x1 + bend),
                at(y1),
                at(x2 - bend),
                at(to_y),
                at(x2),
                at(to_y)
            )
        } else {
            let x2 = to.right() - origin.left();
            let out = x1.max(x2) + 30.0;
            format!(
                "M{},{} C{},{} {},{} {},{}",
                at(x1),
                at(y1),
                at(out),
                at(y1),
                at(out),
                at(to_y),
                at(x2),
                at(to_y)
            )
        };
        paths.push_str(&format!(
            r#"<path d="{path}" class="arrow" marker-end="url(#arrow-head)"/>"#
        ));
    }
    let _ = svg.set_attribute("width", &width.to_string());
    let _ = svg.set_attribute("height", &height.to_string());
    svg.set_inner_html(&paths);
}

/// Frames drawn at each end of a deep stack: the calls that started it and the ones
/// running now; the middle is summarised (and the session describes no slot of it), so a
/// deep recursion stays quick to draw.
const OUTERMOST_SHOWN: usize = FRAMES_DRAWN.outermost;
const INNERMOST_SHOWN: usize = FRAMES_DRAWN.innermost;

/// The functions of the frames not drawn, most frequent first: "down × 4,000".
fn hidden_functions(frames: &[FrameView]) -> String {
    let mut counts: Vec<(&str, usize)> = Vec::new();
    for frame in frames {
        match counts.iter_mut().find(|(name, _)| *name == frame.function) {
            Some((_, count)) => *count += 1,
            None => counts.push((&frame.function, 1)),
        }
    }
    sort::sort_by_key(&mut counts, |&(_, count)| std::cmp::Reverse(count));
    counts
        .iter()
        .map(|(name, count)| format!("{name} × {count}"))
        .collect::<Vec<_>>()
        .join(", ")
}

fn thread_column(step: &Shown, thread_index: usize) -> Html {
    let thread = &step.0.snapshot.threads[thread_index];
    let frames = &thread.frames;
    // Indices of the frames drawn: the outermost and the innermost of a deep stack.
    let (outer, inner, hidden) = if frames.len() > OUTERMOST_SHOWN + INNERMOST_SHOWN {
        (
            0..OUTERMOST_SHOWN,
            frames.len() - INNERMOST_SHOWN..frames.len(),
            frames.len() - OUTERMOST_SHOWN - INNERMOST_SHOWN,
        )
    } else {
        (0..frames.len(), 0..0, 0)
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
                { for outer.clone().map(|frame| frame_item(step, thread_index, frame)) }
                if hidden > 0 {
                    <li class="frames-hidden">
                        { format!("… {hidden} more frames ({}) not drawn: deep stacks show their outermost {OUTERMOST_SHOWN} and innermost {INNERMOST_SHOWN} frames", hidden_functions(&thread.frames[OUTERMOST_SHOWN..thread.frames.len() - INNERMOST_SHOWN])) }
                    </li>
                }
                { for inner.clone().map(|frame| frame_item(step, thread_index, frame)) }
            </ol>
            <p class="guard-page">{ format!("Guard page below {}: touching it is a stack overflow", hex(thread.stack_low)) }</p>
        </section>
    }
}

/// Where a pointer slot's arrow goes (the element's key) and what it points at, in words.
type Target = (Option<String>, String);

fn slot_target(snapshot: &Snapshot, slot: &SlotView) -> Option<Target> {
    slot.points_to.map(|address| {
        (
            target_key(snapshot, address),
            describe_target(snapshot, address),
        )
    })
}

fn frame_item(step: &Shown, thread: usize, index: usize) -> Html {
    let snapshot = &step.0.snapshot;
    let frame = &snapshot.threads[thread].frames[index];
    let targets: Vec<Option<Target>> = frame
        .slots
        .iter()
        .map(|slot| slot_target(snapshot, slot))
        .collect();
    html! { <FrameItem step={step.clone()} {thread} frame={index} {targets} /> }
}

/// A frame of a step, equal to a frame of another step when its slots (and where their
/// pointers lead) are: a step changes the running frame, so the frames below it are
/// neither drawn again nor compared with the page.
#[derive(Properties)]
struct FrameProps {
    step: Shown,
    thread: usize,
    frame: usize,
    targets: Vec<Option<Target>>,
}

impl FrameProps {
    fn frame(&self) -> &FrameView {
        &self.step.0.snapshot.threads[self.thread].frames[self.frame]
    }
}

impl PartialEq for FrameProps {
    fn eq(&self, other: &FrameProps) -> bool {
        self.targets == other.targets && self.frame() == other.frame()
    }
}

#[function_component]
fn FrameItem(props: &FrameProps) -> Html {
    let frame = props.frame();
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
                    { for frame.slots.iter().zip(&props.targets).map(|(slot, target)| slot_row(slot, target.as_ref())) }
                </tbody>
            </table>
        </li>
    }
}

fn slot_row(slot: &SlotView, target: Option<&Target>) -> Html {
    let kind = match slot.kind {
        SlotKind::Parameter => "parameter",
        SlotKind::ReturnAddress => "return-address",
        SlotKind::SavedFramePointer => "saved-fp",
        SlotKind::Local => "local",
        SlotKind::Global => "global",
    };
    let target = target.map(|(key, description)| {
        html! {
            <span class="points-to" data-points-to={key.clone()}>
                { format!(" → {description}") }
            </span>
        }
    });
    html! {
        <tr class={classes!("slot", kind, slot.changed.then_some("changed"), (!slot.defined).then_some("undefined"))}
            data-key={slot_key(slot.address)}>
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
    if let Some(block) = snapshot
        .heap
        .blocks
        .iter()
        .find(|b| heap_block_holds(b, address))
    {
        let offset = address.wrapping_sub(block.payload);
        let what = match block.state {
            BlockState::Allocated if snapshot.heap.quarantined.contains(&block.payload) => {
                "freed heap block (dangling)"
            }
            BlockState::Allocated => "heap block",
            _ => "free heap memory (dangling)",
        };
        return if address == block.payload {
            format!("{what} at {} ({} bytes)", hex(block.payload), block.size)
        } else {
            format!("{what} at {} + {offset}", hex(block.payload))
        };
    }
    for frame in snapshot
        .threads
        .iter()
        .flat_map(|t| frames_holding(t, address))
    {
        if let Some(slot) = frame.slots.iter().find(|s| slot_holds(s, address)) {
            return format!("{} in {}", slot.name, frame.function);
        }
        if !frame.detailed {
            return format!("a frame of {} (not drawn)", frame.function);
        }
    }
    if let Some(global) = snapshot.globals.iter().find(|s| slot_holds(s, address)) {
        return format!("global {}", global.name);
    }
    snapshot
        .regions
        .iter()
        .find(|r| address >= r.start && u64::from(address) < u64::from(r.start) + u64::from(r.len))
        .map_or_else(|| "unmapped memory".to_string(), |r| r.name.clone())
}
