//! The heap: the region as a strip of blocks to scale (headers included: a block's size is
//! its whole size), each block listed with its address, size, request and state; the
//! allocator's free structures as it keeps them; and its metrics.

use std::ops::Range;
use std::rc::Rc;

use memplay_session::playback::{BlockInfo, BlockState};
use memplay_session::plots::TimeSeries;
use memplay_session::sort;
use wasm_bindgen::JsCast;
use web_sys::Element;
use yew::prelude::*;

use super::allocator_structures::allocator_structures;
use super::pager::Paged;
use super::plots::HeapHistory;
use super::{bytes, hex};
use crate::fixed::fixed;
use crate::state::Shown;

#[derive(Properties, PartialEq)]
pub struct HeapProps {
    pub step: Shown,
    /// The run's time series, once it is recorded (for the metrics' history).
    pub series: Option<Rc<TimeSeries>>,
}

/// A plain function rather than a component: each component costs the bundle about a
/// kilobyte, and the view panel around it already re-renders only when the step changes.
pub fn heap_panel(props: &HeapProps) -> Html {
    let heap = &props.step.0.snapshot.heap;
    let metrics = heap.metrics.map(|m| html! {
        <dl class="metrics">
            <dt>{ "heap size" }</dt><dd>{ bytes(u64::from(m.heap_size)) }</dd>
            <dt>{ "live requested" }</dt><dd>{ bytes(m.live_requested) }</dd>
            <dt>{ "peak requested" }</dt><dd>{ bytes(m.peak_requested) }</dd>
            <dt>{ "internal fragmentation" }</dt><dd>{ bytes(m.internal_fragmentation) }</dd>
            <dt>{ "external fragmentation" }</dt><dd>{ format!("{}%", fixed(m.external_fragmentation * 100.0, 0)) }</dd>
            <dt>{ "utilisation" }</dt><dd>{ format!("{}%", fixed(m.utilisation * 100.0, 0)) }</dd>
            <dt>{ "blocks searched by the last operation" }</dt><dd>{ m.last_searched }</dd>
        </dl>
    });
    html! {
        <div class="heap-view" role="region" aria-label="Heap">
            <p>{ format!("Heap {}–{} ({}), {} blocks", hex(heap.start), hex(heap.brk), bytes(u64::from(heap.brk - heap.start)), heap.blocks.len()) }</p>
            if let Some(why) = &heap.corrupted {
                <p class="heap-corrupted" role="alert">{ format!("The heap's metadata is damaged: {why}") }</p>
            }
            <HeapBlocks step={props.step.clone()} table={false} />
            { metrics.unwrap_or_default() }
            if let Some(series) = &props.series {
                <HeapHistory series={series.clone()} step={props.step.0.step} />
            }
            <HeapBlocks step={props.step.clone()} table={true} />
        </div>
    }
}

/// The step whose blocks [`HeapBlocks`] draws, equal to another step's when the heap's
/// blocks and free structures are: most steps leave the heap alone, and then a thousand
/// blocks are neither drawn nor compared with the page again.
#[derive(Properties)]
struct BlocksProps {
    step: Shown,
    /// The list of blocks and the free structures; else the strip.
    table: bool,
}

impl PartialEq for BlocksProps {
    fn eq(&self, other: &BlocksProps) -> bool {
        let (a, b) = (&self.step.0, &other.step.0);
        let (heap_a, heap_b) = (&a.snapshot.heap, &b.snapshot.heap);
        self.table == other.table
            && (self.step == other.step
                || heap_a.start == heap_b.start
                    && heap_a.brk == heap_b.brk
                    && heap_a.blocks == heap_b.blocks
                    && heap_a.quarantined == heap_b.quarantined
                    && heap_a.free_structures == heap_b.free_structures
                    && a.allocation_lines == b.allocation_lines)
    }
}

/// The strip of blocks to scale, or the list of blocks and the allocator's free structures.
#[function_component]
fn HeapBlocks(props: &BlocksProps) -> Html {
    let heap = &props.step.0.snapshot.heap;
    if !props.table {
        return heap_strip(&props.step);
    }
    let step = props.step.clone();
    let render = Callback::from(move |rows: Range<usize>| blocks_table(&step, rows));
    html! {
        <>
            <Paged total={heap.blocks.len()} noun="blocks" {render} />
            { allocator_structures(&heap.free_structures, &heap.blocks) }
        </>
    }
}

/// The source line that allocated each live block, as (payload address, line) in address
/// order, for [`site_of`] to search by halving (the bundle needs no hash table of them).
fn allocation_sites(step: &Shown) -> Vec<(u32, u32)> {
    let mut sites = step.0.allocation_lines.clone();
    sort::sort_by_key(&mut sites, |&(payload, _)| payload);
    sites
}

fn site_of(sites: &[(u32, u32)], block: &BlockInfo) -> Option<u32> {
    if block.state != BlockState::Allocated {
        return None;
    }
    let at = sites
        .binary_search_by_key(&block.payload, |&(payload, _)| payload)
        .ok()?;
    Some(sites[at].1)
}

/// The blocks in `rows` (indices in address order) as a table.
fn blocks_table(step: &Shown, rows: Range<usize>) -> Html {
    let heap = &step.0.snapshot.heap;
    let sites = allocation_sites(step);
    html! {
        <table class="blocks">
            <caption>{ "Blocks in address order" }</caption>
            <thead><tr>
                <th scope="col">{ "block" }</th><th scope="col">{ "payload" }</th>
                <th scope="col">{ "size" }</th><th scope="col">{ "requested" }</th>
                <th scope="col">{ "state" }</th><th scope="col">{ "allocated at" }</th>
            </tr></thead>
            <tbody>
                { for heap.blocks[rows].iter().map(|block| {
                    let site = site_of(&sites, block);
                    html! {
                        <tr class={classes!("block-row", state_class(block), site.map(site_class))}>
                            <td>{ hex(block.addr) }</td>
                            <td>{ hex(block.payload) }</td>
                            <td>{ block.size }</td>
                            <td>{ block.requested.map_or_else(|| "—".to_string(), |r| r.to_string()) }</td>
                            <td>{ state_text(block, &heap.quarantined) }</td>
                            <td>{ site.map_or_else(String::new, |line| format!("line {line}")) }</td>
                        </tr>
                    }
                }) }
            </tbody>
        </table>
    }
}

/// The heap to scale as one element whose backgrounds are the blocks (a band of colour
/// each, its header darker, a line where it ends): a thousand blocks cost one element to
/// lay out rather than two thousand. The block under the pointer is named in the title.
fn heap_strip(step: &Shown) -> Html {
    let heap = &step.0.snapshot.heap;
    // Shared with the pointer's handler, which names the block under it on every move.
    let sites = std::rc::Rc::new(allocation_sites(step));
    let (start, total) = (heap.start, heap.brk.saturating_sub(heap.start).max(1));
    // Where an address falls along the strip, as a CSS percentage.
    let at = |address: u32| percent(u64::from(address.saturating_sub(start)), u64::from(total));
    let mut blocks = String::from("linear-gradient(to right");
    let mut marks = blocks.clone();
    let mut drawn_to = start;
    for block in &heap.blocks {
        let end = block.addr.saturating_add(block.size);
        let (from, to) = (at(block.addr), at(end));
        if block.addr > drawn_to {
            // Bytes no block covers (a damaged heap) show the strip's hatching.
            blocks.push_str(&format!(", transparent {} {from}", at(drawn_to)));
        }
        let colour = match (block.state, site_of(&sites, block)) {
            (BlockState::Allocated, Some(line)) => SITE_COLOURS[line as usize % SITE_COLOURS.len()],
            (BlockState::Allocated, None) => "var(--block-allocated)",
            (BlockState::Free, _) => "var(--block-free)",
            (BlockState::Cached { .. }, _) => "var(--block-cached)",
            (BlockState::Internal { .. }, _) => "var(--block-internal)",
        };
        blocks.push_str(&format!(", {colour} {from} {to}"));
        let header_end = at(block.payload.clamp(block.addr, end));
        marks.push_str(&format!(
            ", {HEADER_SHADE} {from} {header_end}, transparent {header_end} calc({to} - 1px), var(--panel) calc({to} - 1px) {to}"
        ));
        drawn_to = drawn_to.max(end);
    }
    blocks.push(')');
    marks.push(')');
    if heap.blocks.is_empty() {
        // A gradient needs a colour; an empty heap is all hatching.
        (blocks, marks) = ("none".into(), "none".into());
    }
    let onmousemove = {
        let step = step.clone();
        let sites = sites.clone();
        Callback::from(move |event: MouseEvent| {
            let Some(strip) = event
                .current_target()
                .and_then(|t| t.dyn_into::<Element>().ok())
            else {
                return;
            };
            let heap = &step.0.snapshot.heap;
            let across = f64::from(event.offset_x()) / f64::from(strip.client_width().max(1));
            let address = heap.start
                + (across.clamp(0.0, 1.0) * f64::from(heap.brk.saturating_sub(heap.start))) as u32;
            let under = heap
                .blocks
                .partition_point(|b| b.addr <= address)
                .checked_sub(1);
            let title = under
                .map(|i| &heap.blocks[i])
                .map_or_else(String::new, |block| {
                    block_title(block, &heap.quarantined, site_of(&sites, block))
                });
            let _ = strip.set_attribute("title", &title);
        })
    };
    html! {
        <div
            class="heap-strip"
            aria-hidden="true"
            style={format!("--strip-blocks: {blocks}; --strip-marks: {marks}")}
            {onmousemove}
        ></div>
    }
}

/// What hovering a block of the strip says about it.
fn block_title(block: &BlockInfo, quarantined: &[u32], site: Option<u32>) -> String {
    let header = block.payload.saturating_sub(block.addr).min(block.size);
    format!(
        "{} at {}: {} bytes ({header}-byte header){}",
        state_text(block, quarantined),
        hex(block.addr),
        block.size,
        site.map_or_else(String::new, |l| format!(", allocated on line {l}"))
    )
}

/// `part` of `whole` as a CSS percentage to a ten-thousandth of a percent (integer
/// arithmetic: a pixel of a 4,000-pixel strip is 0.025%).
fn percent(part: u64, whole: u64) -> String {
    let millionths = part.min(whole) * 1_000_000 / whole.max(1);
    format!("{}.{:04}%", millionths / 10_000, millionths % 10_000)
}

/// The darkening of a block's header over its colour.
const HEADER_SHADE: &str = "rgba(0, 0, 0, 0.45)";

/// An allocation site's colour in the strip, by line (the table's rows use the same eight,
/// by class, in app.css).
const SITE_COLOURS: [&str; 8] = [
    "#1f5fbf", "#b8560f", "#2e7d32", "#8e24aa", "#c62828", "#00838f", "#ad1457", "#5d6d0e",
];

/// The colour class of an allocation site: one of eight, by line, so a site keeps its
/// colour from step to step (the line is written out too: colour is never alone).
fn site_class(line: u32) -> String {
    format!("site-{}", line % 8)
}

fn state_class(block: &BlockInfo) -> &'static str {
    match block.state {
        BlockState::Allocated => "allocated",
        BlockState::Free => "free",
        BlockState::Cached { .. } => "cached",
        BlockState::Internal { .. } => "internal",
    }
}

fn state_text(block: &BlockInfo, quarantined: &[u32]) -> String {
    match block.state {
        BlockState::Allocated if quarantined.contains(&block.payload) => {
            "freed, held in quarantine".into()
        }
        BlockState::Allocated => format!(
            "allocated{}",
            block
                .allocation_id
                .map_or_else(String::new, |id| format!(" (allocation #{id})"))
        ),
        BlockState::Free => "free".into(),
        BlockState::Cached { thread } => format!("free, in thread {thread}'s cache"),
        BlockState::Internal { what } => what.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::percent;

    #[test]
    fn percentages_are_exact_to_a_ten_thousandth() {
        assert_eq!(percent(0, 4096), "0.0000%");
        assert_eq!(percent(1, 3), "33.3333%");
        assert_eq!(percent(4096, 4096), "100.0000%");
        assert_eq!(percent(5000, 4096), "100.0000%");
        assert_eq!(percent(1, 0), "0.0000%");
    }
}
