//! The data cache: every valid line by set and way, with its address and dirty bit, and
//! the hit and miss counters.

use yew::prelude::*;

use super::{StepProps, hex};

#[function_component]
pub fn CacheView(props: &StepProps) -> Html {
    let paging = &props.step.0.snapshot.paging;
    let stats = &paging.stats;
    html! {
        <div class="cache-view" role="region" aria-label="Cache">
            <p>{ format!("{} hits, {} misses, {} write-backs", stats.cache_hits, stats.cache_misses, stats.cache_write_backs) }</p>
            <table class="cache-lines">
                <caption>{ format!("{} valid lines", paging.cache.len()) }</caption>
                <thead><tr><th scope="col">{ "set" }</th><th scope="col">{ "way" }</th><th scope="col">{ "line address" }</th><th scope="col">{ "dirty" }</th></tr></thead>
                <tbody>
                    { for paging.cache.iter().map(|&(set, way, line, dirty)| html! {
                        <tr class={classes!(dirty.then_some("dirty"))}>
                            <td>{ set }</td><td>{ way }</td><td>{ hex(line) }</td><td>{ if dirty { "yes" } else { "no" } }</td>
                        </tr>
                    }) }
                </tbody>
            </table>
        </div>
    }
}
