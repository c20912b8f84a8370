//! The data cache as its sets × ways: each way's line (its address, so its tag), valid and
//! dirty bits, the lines this step hit or filled on a miss flashing (and said in words);
//! and the hit and miss counters.

use memplay_session::sort;
use yew::prelude::*;

use super::{StepProps, bytes, hex};
use crate::fixed::fixed;

/// Sets drawn at most; a bigger cache draws its sets that hold lines.
const SETS_DRAWN: u32 = 64;

/// A plain function rather than a component: each component costs the bundle about a
/// kilobyte, and the view panel around it already re-renders only when the step changes.
pub fn cache_view(props: &StepProps) -> Html {
    let view = &props.step.0;
    let paging = &view.snapshot.paging;
    let stats = &paging.stats;
    let (sets, ways) = (paging.cache_sets, paging.cache_ways);
    let accesses = stats.cache_hits + stats.cache_misses;
    let hit_rate = if accesses == 0 {
        "no accesses yet".to_string()
    } else {
        format!(
            "{}% hits",
            fixed(stats.cache_hits as f64 * 100.0 / accesses as f64, 1)
        )
    };
    if sets == 0 {
        return html! {
            <div class="cache-view" role="region" aria-label="Cache">
                <p>{ "This machine has no data cache (its size is 0 in Settings)." }</p>
            </div>
        };
    }
    let shown_sets: Vec<u32> = if sets <= SETS_DRAWN {
        (0..sets).collect()
    } else {
        let mut occupied: Vec<u32> = paging.cache.iter().map(|&(set, ..)| set as u32).collect();
        sort::sort_by_key(&mut occupied, |&set| set);
        occupied.dedup();
        occupied
    };
    // The drawn sets' ways, row by row (a row per drawn set, in order): the line each holds.
    // Sets and ways index a table rather than hashing: the bundle carries no hash table of
    // their type.
    let row_len = ways as usize;
    let mut lines: Vec<Option<(u32, bool)>> = vec![None; shown_sets.len() * row_len];
    for &(set, way, line, dirty) in &paging.cache {
        if let (Ok(row), true) = (shown_sets.binary_search(&(set as u32)), way < row_len) {
            lines[row * row_len + way] = Some((line, dirty));
        }
    }
    // Two names for one animation, alternating by step, so a line used on consecutive
    // steps flashes again (an unchanged animation name would not restart).
    let flash = if view.step.is_multiple_of(2) {
        "flash-even"
    } else {
        "flash-odd"
    };
    // A line's tag: its line number (address / line size) without the set index, which is
    // the line number modulo the sets.
    let tag_of = |line: u32| {
        u64::from(line) / u64::from(paging.cache_line_size.max(1)) / u64::from(sets.max(1))
    };
    let cell = |row: usize, set: u32, way: u32| {
        let key = (set as usize, way as usize);
        // A step touches few lines: its lists are searched as they are.
        let step = &view.cache_step;
        let (was_filled, was_hit) = (step.filled.contains(&key), step.hit.contains(&key));
        match lines[row * row_len + way as usize] {
            Some((line, dirty)) => html! {
                <td class={classes!(
                    "cache-line",
                    dirty.then_some("dirty"),
                    was_filled.then_some("filled"),
                    was_hit.then_some("hit"),
                    (was_filled || was_hit).then_some(flash),
                )}>
                    <span class="cache-tag">{ format!("tag {:#x}", tag_of(line)) }</span>
                    { " " }{ hex(line) }
                    if dirty { <span class="badge">{ " D" }</span> }
                    if was_filled { <span class="badge">{ " miss: filled this step" }</span> }
                    if was_hit { <span class="badge">{ " hit this step" }</span> }
                </td>
            },
            None => html! { <td class="cache-line invalid">{ "invalid" }</td> },
        }
    };
    html! {
        <div class="cache-view" role="region" aria-label="Cache">
            <p>{ format!("{} ({} sets × {} ways, {}-byte lines): {} hits, {} misses ({hit_rate}), {} write-backs",
                bytes(u64::from(sets) * u64::from(ways) * u64::from(paging.cache_line_size)),
                sets, ways, paging.cache_line_size,
                stats.cache_hits, stats.cache_misses, stats.cache_write_backs) }</p>
            <p class="view-purpose">{ "Each cell is a way holding one line: its tag (the address bits above the set and offset) and the line's address; D marks a dirty line, to be written back when evicted." }</p>
            <p class="cache-this-step">{ match (view.cache_step.hit.len(), view.cache_step.filled.len()) {
                (0, 0) => "This step used no cache line.".to_string(),
                (hits, fills) => format!("This step: {hits} {} hit, {fills} {} filled on a miss.",
                    if hits == 1 { "line" } else { "lines" }, if fills == 1 { "line" } else { "lines" }),
            } }</p>
            if sets > SETS_DRAWN {
                <p>{ format!("{sets} sets: the {} that hold lines are drawn.", shown_sets.len()) }</p>
            }
            <table class="cache-grid">
                <caption>{ format!("{} valid lines", paging.cache.len()) }</caption>
                <thead><tr>
                    <th scope="col">{ "set" }</th>
                    { for (0..ways).map(|way| html! { <th scope="col">{ format!("way {way}") }</th> }) }
                </tr></thead>
                <tbody>
                    { for shown_sets.iter().enumerate().map(|(row, &set)| html! {
                        <tr>
                            <th scope="row">{ set }</th>
                            { for (0..ways).map(|way| cell(row, set, way)) }
                        </tr>
                    }) }
                </tbody>
            </table>
        </div>
    }
}
