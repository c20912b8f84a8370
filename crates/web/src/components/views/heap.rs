//! The heap: the region as a strip of blocks to scale (headers included: a block's size is
//! its whole size), each block listed with its address, size, request and state; the
//! allocator's free structures as it keeps them; and its metrics.

use std::collections::HashMap;

use memplay_session::playback::{BlockInfo, BlockState};
use yew::prelude::*;

use std::rc::Rc;

use memplay_session::plots::TimeSeries;

use super::allocator_structures::allocator_structures;
use super::plots::HeapHistory;
use super::{bytes, hex};
use crate::state::Shown;

/// Blocks listed at most; a heap with more shows the first ones and says how many more.
const LISTED: usize = 400;

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
            <dt>{ "external fragmentation" }</dt><dd>{ format!("{:.0}%", m.external_fragmentation * 100.0) }</dd>
            <dt>{ "utilisation" }</dt><dd>{ format!("{:.0}%", m.utilisation * 100.0) }</dd>
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
    let sites: HashMap<u32, u32> = props.step.0.allocation_lines.iter().copied().collect();
    let site_of = |block: &BlockInfo| {
        (block.state == BlockState::Allocated)
            .then(|| sites.get(&block.payload).copied())
            .flatten()
    };
    if !props.table {
        let total = heap.brk.saturating_sub(heap.start).max(1);
        let strip = heap.blocks.iter().take(LISTED).map(|block| {
            let width = f64::from(block.size) * 100.0 / f64::from(total);
            // The header (and anything before the payload) drawn darker at the block's start.
            let header = block.payload.saturating_sub(block.addr).min(block.size);
            let header_width = f64::from(header) * 100.0 / f64::from(block.size.max(1));
            let line = site_of(block);
            html! {
                <span
                    class={classes!("heap-block", state_class(block), line.map(site_class))}
                    style={format!("width: {width:.4}%")}
                    title={format!("{} at {}: {} bytes ({header}-byte header){}", state_text(block, &heap.quarantined), hex(block.addr), block.size,
                        line.map_or_else(String::new, |l| format!(", allocated on line {l}")))}
                >
                    if header > 0 {
                        <span class="heap-header" style={format!("width: {header_width:.2}%")}></span>
                    }
                </span>
            }
        });
        return html! { <div class="heap-strip" aria-hidden="true">{ for strip }</div> };
    }
    html! {
        <>
            <table class="blocks">
                <caption>{ "Blocks in address order" }</caption>
                <thead><tr>
                    <th scope="col">{ "block" }</th><th scope="col">{ "payload" }</th>
                    <th scope="col">{ "size" }</th><th scope="col">{ "requested" }</th>
                    <th scope="col">{ "state" }</th><th scope="col">{ "allocated at" }</th>
                </tr></thead>
                <tbody>
                    { for heap.blocks.iter().take(LISTED).map(|block| html! {
                        <tr class={classes!("block-row", state_class(block), site_of(block).map(site_class))}>
                            <td>{ hex(block.addr) }</td>
                            <td>{ hex(block.payload) }</td>
                            <td>{ block.size }</td>
                            <td>{ block.requested.map_or_else(|| "—".to_string(), |r| r.to_string()) }</td>
                            <td>{ state_text(block, &heap.quarantined) }</td>
                            <td>{ site_of(block).map_or_else(String::new, |line| format!("line {line}")) }</td>
                        </tr>
                    }) }
                </tbody>
            </table>
            if heap.blocks.len() > LISTED {
                <p>{ format!("… and {} more blocks", heap.blocks.len() - LISTED) }</p>
            }
            { allocator_structures(&heap.free_structures, &heap.blocks) }
        </>
    }
}

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
