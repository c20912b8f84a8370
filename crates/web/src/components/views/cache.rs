//! The data cache as its sets × ways: each way's line (its address, so its tag), valid and
//! dirty bits, the lines this step filled or dirtied marked; and the hit and miss counters.

use std::collections::{HashMap, HashSet};

use yew::prelude::*;

use super::{StepProps, bytes, hex};

/// Sets drawn at most; a bigger cache draws its sets that hold lines.
const SETS_DRAWN: u32 = 64;

#[function_component]
pub fn CacheView(props: &StepProps) -> Html {
    let view = &props.step.0;
    let paging = &view.snapshot.paging;
    let stats = &paging.stats;
    let (sets, ways) = (paging.cache_sets, paging.cache_ways);
    let lines: HashMap<(usize, usize), (u32, bool)> = paging
        .cache
        .iter()
        .map(|&(set, way, line, dirty)| ((set, way), (line, dirty)))
        .collect();
    let changed: HashSet<(usize, usize)> = view.cache_changes.iter().copied().collect();
    let accesses = stats.cache_hits + stats.cache_misses;
    let hit_rate = if accesses == 0 {
        "no accesses yet".to_string()
    } else {
        format!(
            "{:.1}% hits",
            stats.cache_hits as f64 * 100.0 / accesses as f64
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
        occupied.sort_unstable();
        occupied.dedup();
        occupied
    };
    let cell = |set: u32, way: u32| {
        let key = (set as usize, way as usize);
        let fresh = changed.contains(&key);
        match lines.get(&key) {
            Some(&(line, dirty)) => html! {
                <td class={classes!("cache-line", dirty.then_some("dirty"), fresh.then_some("fresh"))}>
                    { hex(line) }
                    if dirty { <span class="badge">{ " D" }</span> }
                    if fresh { <span class="badge">{ " ← this step" }</span> }
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
            <p class="view-purpose">{ "Each cell is a way holding one line, named by the line's address (its tag and set); D marks a dirty line, to be written back when evicted." }</p>
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
                    { for shown_sets.iter().map(|&set| html! {
                        <tr>
                            <th scope="row">{ set }</th>
                            { for (0..ways).map(|way| cell(set, way)) }
                        </tr>
                    }) }
                </tbody>
            </table>
        </div>
    }
}
