//! The page table as the MMU walks it: with several levels, a tree of the top level's
//! entries in use, each holding the next level's table (and so on down to the entries
//! that map pages); with one level, the entries themselves.

use std::ops::Range;

use memplay_session::playback::PagingView;
use yew::prelude::*;

use super::hex;
use super::pager::Paged;
use crate::state::Shown;

/// Entries listed a page at a time in one table of the tree (a view may hold several):
/// every entry of the upper levels is shown, so a learner sees where each region's pages
/// hang.
const ENTRIES_PER_PAGE: usize = 16;

/// The page table of the step, drawn as its levels nest.
pub fn page_table(step: &Shown) -> Html {
    let paging = &step.0.snapshot.paging;
    let levels = &paging.levels;
    let summary = format!(
        "Page table: {} ({}-byte pages; {})",
        match paging.pages.len() {
            1 => "1 page with an entry".to_string(),
            n => format!("{n} pages with entries"),
        },
        paging.page_size,
        match levels.len() {
            0 | 1 => "one level".to_string(),
            n => format!(
                "{n} levels indexed by {} bits of the page number",
                levels
                    .iter()
                    .map(u32::to_string)
                    .collect::<Vec<_>>()
                    .join(" + ")
            ),
        }
    );
    html! {
        <section class="page-table-view" aria-label="Page table">
            <h3>{ summary }</h3>
            { tree(step, 0..paging.pages.len(), 0) }
        </section>
    }
}

/// How far right of the page number `level`'s index starts, and how many bits it has.
fn index_bits(levels: &[u32], level: usize) -> (u32, u32) {
    let below: u32 = levels[level + 1..].iter().sum();
    (below, levels[level])
}

fn index_at(levels: &[u32], level: usize, page: u32) -> u32 {
    let (shift, bits) = index_bits(levels, level);
    (page >> shift) & ((1u32 << bits) - 1)
}

/// The entries of `level` that the pages in `range` (indices of the step's pages, sorted,
/// all under one entry of the level above) pass through, each with what it leads to.
fn tree(step: &Shown, range: Range<usize>, level: usize) -> Html {
    let paging = &step.0.snapshot.paging;
    let levels = &paging.levels;
    if level + 1 >= levels.len() {
        let step = step.clone();
        let first = range.start;
        return html! {
            <Paged total={range.len()} noun="entries" per_page={ENTRIES_PER_PAGE} render={
                Callback::from(move |rows: Range<usize>| entries_table(&step, first + rows.start..first + rows.end, range.len()))
            } />
        };
    }
    let table_name = if level == 0 {
        "page directory"
    } else {
        "level table"
    };
    let mut groups = Vec::new();
    let mut start = range.start;
    for group in paging.pages[range]
        .chunk_by(|a, b| index_at(levels, level, a.page) == index_at(levels, level, b.page))
    {
        groups.push(start..start + group.len());
        start += group.len();
    }
    let (shift, _) = index_bits(levels, level);
    html! {
        <ul class={classes!("page-table-level", format!("level-{level}"))}>
            { for groups.into_iter().map(|group| {
                let first = paging.pages[group.start].page;
                let index = index_at(levels, level, first);
                let first_page = (first >> shift) << shift;
                let span = 1u64 << shift;
                let last_page = u64::from(first_page) + span - 1;
                let first_address = u64::from(first_page) * u64::from(paging.page_size);
                let last_address = (last_page + 1) * u64::from(paging.page_size) - 1;
                html! {
                    <li>
                        <details open=true>
                            <summary>
                                { format!(
                                    "{table_name} entry {index}: pages {first_page}–{last_page} ({}–{}), {} in use",
                                    hex(first_address as u32),
                                    hex(last_address as u32),
                                    group.len()
                                ) }
                            </summary>
                            { tree(step, group, level + 1) }
                        </details>
                    </li>
                }
            }) }
        </ul>
    }
}

/// The entries in `rows` (indices of the step's pages) of a table of `total` entries that
/// map pages.
fn entries_table(step: &Shown, rows: Range<usize>, total: usize) -> Html {
    let paging: &PagingView = &step.0.snapshot.paging;
    let yes = |flag: bool| if flag { "yes" } else { "no" };
    let levels = &paging.levels;
    let last_level = levels.len().saturating_sub(1);
    html! {
        <table class="page-table">
            <caption>{ format!("{total} entries mapping pages") }</caption>
            <thead><tr>
                <th scope="col">{ "index" }</th><th scope="col">{ "page" }</th><th scope="col">{ "address" }</th>
                <th scope="col">{ "region" }</th><th scope="col">{ "present" }</th><th scope="col">{ "frame" }</th>
                <th scope="col">{ "accessed" }</th><th scope="col">{ "dirty" }</th><th scope="col">{ "swap slot" }</th>
            </tr></thead>
            <tbody>
                { for paging.pages[rows].iter().map(|page| html! {
                    <tr class={classes!((!page.present).then_some("not-present"))}>
                        <td>{ if levels.is_empty() { page.page } else { index_at(levels, last_level, page.page) } }</td>
                        <td>{ page.page }</td>
                        <td>{ hex(page.page.wrapping_mul(paging.page_size)) }</td>
                        <td>{ &page.region }</td>
                        <td>{ yes(page.present) }</td>
                        <td>{ page.frame.map_or_else(|| "—".to_string(), |f| f.to_string()) }</td>
                        <td>{ yes(page.accessed) }</td>
                        <td>{ yes(page.dirty) }</td>
                        <td>{ page.swap_slot.map_or_else(|| "—".to_string(), |s| s.to_string()) }</td>
                    </tr>
                }) }
            </tbody>
        </table>
    }
}
