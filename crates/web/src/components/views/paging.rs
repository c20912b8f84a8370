//! Paging: the counters and the cost breakdown, the page table (a tree of its levels), the
//! physical frames and what each holds, the TLB and swap.

use memplay_session::playback::{Fault, LoadedFrom, PagingEvent};
use yew::prelude::*;

use std::ops::Range;

use super::page_table::page_table;
use super::pager::Paged;
use super::{StepProps, hex};
use crate::state::Shown;

/// A plain function rather than a component: each component costs the bundle about a
/// kilobyte, and the view panel around it already re-renders only when the step changes.
pub fn paging_panel(props: &StepProps) -> Html {
    let paging = &props.step.0.snapshot.paging;
    let sequence = &props.step.0.paging_events;
    let stats = &paging.stats;
    let costs = &paging.costs;
    html! {
        <div class="paging-view" role="region" aria-label="Paging">
            if !sequence.is_empty() {
                <section class="fault-sequence" aria-label="What paging did in this step">
                    <h3>{ "This step, in order" }</h3>
                    <ol>{ for sequence.iter().map(|event| html! { <li>{ describe(event) }</li> }) }</ol>
                </section>
            }
            <dl class="counters">
                <dt>{ "accesses" }</dt><dd>{ stats.accesses }</dd>
                <dt>{ "TLB hits / misses" }</dt><dd>{ format!("{} / {}", stats.tlb_hits, stats.tlb_misses) }</dd>
                <dt>{ "page faults (minor / major)" }</dt><dd>{ format!("{} / {}", stats.minor_faults, stats.major_faults) }</dd>
                <dt>{ "evictions" }</dt><dd>{ stats.evictions }</dd>
                <dt>{ "swap outs / ins" }</dt><dd>{ format!("{} / {}", stats.swap_outs, stats.swap_ins) }</dd>
                <dt>{ "cycles: cache / RAM / walks" }</dt><dd>{ format!("{} / {} / {}", costs.cache_cycles, costs.ram_cycles, costs.walk_cycles) }</dd>
                <dt>{ "cycles: faults (minor / major) / disk writes" }</dt><dd>{ format!("{} / {} / {}", costs.minor_fault_cycles, costs.major_fault_cycles, costs.swap_write_cycles) }</dd>
            </dl>
            { page_table(&props.step) }
            <Paged total={paging.frames.len()} noun="frames" render={
                let step = props.step.clone();
                Callback::from(move |rows: Range<usize>| frames_table(&step, rows))
            } />
            <table class="tlb">
                <caption>{ format!("TLB: {} entries", paging.tlb.len()) }</caption>
                <thead><tr><th scope="col">{ "set" }</th><th scope="col">{ "way" }</th><th scope="col">{ "page" }</th><th scope="col">{ "frame" }</th></tr></thead>
                <tbody>
                    { for paging.tlb.iter().map(|&(set, way, page, frame)| html! {
                        <tr><td>{ set }</td><td>{ way }</td><td>{ page }</td><td>{ frame }</td></tr>
                    }) }
                </tbody>
            </table>
            <p class="swap">{ if paging.swap.is_empty() {
                "Swap: empty".to_string()
            } else {
                format!("Swap: {}", paging.swap.iter().map(|(slot, page)| format!("slot {slot} holds page {page}")).collect::<Vec<_>>().join(", "))
            } }</p>
        </div>
    }
}

/// The physical frames in `rows`, each with what it holds.
fn frames_table(step: &Shown, rows: Range<usize>) -> Html {
    let paging = &step.0.snapshot.paging;
    let yes = |flag: bool| if flag { "yes" } else { "no" };
    html! {
        <table class="frames-table">
            <caption>{ format!("Physical frames: {} of {} in use", paging.frames.len(), paging.frame_count) }</caption>
            <thead><tr><th scope="col">{ "frame" }</th><th scope="col">{ "holds" }</th><th scope="col">{ "referenced" }</th><th scope="col">{ "modified" }</th></tr></thead>
            <tbody>
                { for paging.frames[rows].iter().map(|frame| html! {
                    <tr>
                        <td>{ frame.frame }</td>
                        <td>{ match (frame.page, frame.table_level) {
                            (Some(page), _) => format!("page {page}"),
                            (None, Some(0)) => "the page directory".to_string(),
                            (None, Some(level)) => format!("a page table (level {level})"),
                            (None, None) => "?".to_string(),
                        } }</td>
                        <td>{ yes(frame.referenced) }</td>
                        <td>{ yes(frame.modified) }</td>
                    </tr>
                }) }
            </tbody>
        </table>
    }
}

/// One paging event as a sentence.
fn describe(event: &PagingEvent) -> String {
    match *event {
        PagingEvent::TlbHit { page, frame } => format!("TLB hit: page {page} is in frame {frame}"),
        PagingEvent::TlbMiss { page } => {
            format!("TLB miss for page {page}: the MMU walks the page table")
        }
        PagingEvent::WalkRead(read) => format!(
            "walk reads the level-{} entry {}{}: {}",
            read.level,
            read.index,
            read.entry_addr
                .map_or_else(String::new, |a| format!(" at {}", hex(a))),
            if read.found { "present" } else { "not present" }
        ),
        PagingEvent::PageFault { page, major } => format!(
            "page fault on page {page} ({})",
            if major {
                "major: its bytes are on disk"
            } else {
                "minor: no disk read needed"
            }
        ),
        PagingEvent::TableMade { level, frame } => format!(
            "a level-{level} page table is made{}",
            frame.map_or_else(String::new, |f| format!(" in frame {f}"))
        ),
        PagingEvent::Evicted { page, frame, dirty } => format!(
            "no free frame: the replacement policy's victim, page {page}, leaves frame {frame}{}",
            if dirty {
                " (it was dirty, so it was written to swap first)"
            } else {
                " (it was clean, so it is dropped without a write)"
            }
        ),
        PagingEvent::SwapOut { page, slot } => {
            format!("page {page} is written to swap slot {slot}")
        }
        PagingEvent::SwapIn { page, slot } => {
            format!("page {page} is read back from swap slot {slot}")
        }
        PagingEvent::Loaded { page, frame, from } => format!(
            "page {page} is mapped in frame {frame}, {}",
            match from {
                LoadedFrom::Zero => "filled with zeros",
                LoadedFrom::Image => "loaded from the program's image",
                LoadedFrom::Swap => "with its bytes from swap",
            }
        ),
        PagingEvent::Cache {
            pa,
            hit,
            written_back,
        } => format!(
            "cache {} at physical {}{}",
            if hit { "hit" } else { "miss" },
            hex(pa),
            written_back.map_or_else(String::new, |line| format!(
                "; dirty line {} written back",
                hex(line)
            ))
        ),
        PagingEvent::Fault(fault) => match fault {
            Fault::Invalid { va } => format!("{} is not mapped: a segmentation fault", hex(va)),
            Fault::Protection { va } => format!("{} is read-only: a protection fault", hex(va)),
            Fault::OutOfMemory { va } => format!(
                "no frame and no swap slot left for {}: out of memory",
                hex(va)
            ),
        },
        PagingEvent::Cost { cycles, charge } => format!("{cycles} cycles ({charge:?})"),
    }
}
