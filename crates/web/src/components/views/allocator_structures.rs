//! What the allocator keeps besides the blocks: its free lists with their links, the
//! buddy system's tree (drawn as rows of halves, and as a nested list), the small-object
//! pools' pages chunk by chunk, and the per-thread caches' bins.

use memplay_session::playback::{
    BlockInfo, BlockState, BuddyNode, BuddyState, FreeList, FreeStructures, Pool,
};
use yew::prelude::*;

use super::hex;
use crate::fixed::fixed;

/// Levels of the buddy tree drawn: below this a block is too thin to see.
const BUDDY_DEPTH_DRAWN: u32 = 12;
/// Nodes of the buddy tree listed as text at most.
const BUDDY_LISTED: usize = 511;
/// Pages of a pool and chunks of a page drawn at most.
const POOL_PAGES_DRAWN: usize = 8;
const CHUNKS_DRAWN: u32 = 128;

pub fn allocator_structures(free: &FreeStructures, blocks: &[BlockInfo]) -> Html {
    // An implicit list keeps no links: its free list is every block walked in address
    // order, skipping the allocated ones.
    let implicit = free.lists.is_empty()
        && free.pools.is_empty()
        && free.buddy_tree.is_empty()
        && free.thread_caches.is_empty();
    let implicit_list = implicit.then(|| {
        let free_blocks: Vec<String> = blocks
            .iter()
            .filter(|b| b.state == BlockState::Free)
            .map(|b| format!("{} ({} B)", hex(b.addr), b.size))
            .collect();
        html! {
            <li>
                { "implicit list, found by walking every block in address order: " }
                { if free_blocks.is_empty() { "no free blocks".to_string() } else { free_blocks.join(" → ") } }
            </li>
        }
    });
    html! {
        <section class="free-structures" aria-label="Allocator structures">
            <h3>{ "The allocator's structures" }</h3>
            <ul class="free-lists">
                { for free.lists.iter().filter(|l| !l.entries.is_empty()).map(free_list) }
                { implicit_list.unwrap_or_default() }
            </ul>
            if !free.buddy_tree.is_empty() { { buddy_tree(&free.buddy_tree) } }
            if !free.pools.is_empty() {
                <section class="pools" aria-label="Small-object pools">
                    <h4>{ "Pools of fixed-size chunks" }</h4>
                    { for free.pools.iter().map(pool) }
                </section>
            }
            if !free.thread_caches.is_empty() {
                <section class="thread-caches" aria-label="Per-thread caches">
                    <h4>{ "Per-thread caches, in front of the shared allocator" }</h4>
                    <ul>
                        { for free.thread_caches.iter().map(|cache| html! {
                            <li>
                                { format!(
                                    "thread {}: {} cached blocks; {} requests served here, {} sent on to the shared heap",
                                    cache.thread,
                                    cache.bins.iter().map(|b| b.entries.len()).sum::<usize>(),
                                    cache.hits,
                                    cache.misses
                                ) }
                                if cache.bins.iter().any(|b| !b.entries.is_empty()) {
                                    <ul>{ for cache.bins.iter().filter(|b| !b.entries.is_empty()).map(free_list) }</ul>
                                }
                            </li>
                        }) }
                    </ul>
                </section>
            }
        </section>
    }
}

/// A free list in list order, each entry with its address and size.
fn free_list(list: &FreeList) -> Html {
    html! {
        <li>
            { format!("{}: ", list.label) }
            { list.entries.iter().map(|e| format!("{} ({} B)", hex(e.addr), e.size)).collect::<Vec<_>>().join(" → ") }
        </li>
    }
}

fn buddy_word(state: BuddyState) -> &'static str {
    match state {
        BuddyState::Split => "split in two",
        BuddyState::Free => "free",
        BuddyState::Allocated => "allocated",
    }
}

/// The buddy tree as the textbook draws it (a row per split level, each block under the
/// one it was split from) and as a nested list a screen reader can walk.
fn buddy_tree(nodes: &[BuddyNode]) -> Html {
    let roots = nodes.iter().filter(|n| n.depth == 0);
    let start = roots.clone().map(|n| u64::from(n.addr)).min().unwrap_or(0);
    let end = roots
        .map(|n| u64::from(n.addr) + u64::from(n.size))
        .max()
        .unwrap_or(1);
    let span = (end - start).max(1) as f64;
    let depth = nodes
        .iter()
        .map(|n| n.depth)
        .max()
        .unwrap_or(0)
        .min(BUDDY_DEPTH_DRAWN - 1);
    // Across in percent (the width follows the panel), down in pixels (text stays its size).
    const ROW: f64 = 22.0;
    let height = f64::from(depth + 1) * ROW;
    let rects = nodes.iter().filter(|n| n.depth <= depth).map(|node| {
        let x = u64::from(node.addr).saturating_sub(start) as f64 / span * 100.0;
        let w = f64::from(node.size) / span * 100.0;
        let y = f64::from(node.depth) * ROW;
        let (class, letter) = match node.state {
            BuddyState::Split => ("buddy-split", ""),
            BuddyState::Free => ("buddy-free", " F"),
            BuddyState::Allocated => ("buddy-allocated", " A"),
        };
        let label = format!("{} B{letter}", node.size);
        // About 7 px a character on a panel at least 500 px wide.
        let fits = w * 5.0 > 7.0 * label.len() as f64 + 6.0;
        html! {
            <g class={class}>
                <title>{ format!("{} B at {}: {}", node.size, hex(node.addr), buddy_word(node.state)) }</title>
                <rect x={format!("{}%", fixed(x, 3))} y={fixed(y, 1).to_string()} width={format!("{}%", fixed(w, 3))} height={fixed(ROW - 3.0, 1).to_string()} />
                if fits {
                    <text x={format!("{}%", fixed(x, 3))} dx="3" y={fixed(y + ROW - 8.0, 1).to_string()}>{ label }</text>
                }
            </g>
        }
    });
    let mut next = 0;
    let mut listed = Vec::new();
    while next < nodes.len().min(BUDDY_LISTED) {
        listed.push(buddy_subtree(nodes, &mut next, BUDDY_LISTED));
    }
    html! {
        <section class="buddy" aria-label="Buddy tree">
            <h4>{ "The buddy tree: each block split into two halves, its buddies" }</h4>
            <svg class="buddy-diagram" width="100%" height={fixed(height, 0).to_string()}
                role="img" aria-label={format!("{} blocks of the buddy system, by split level; F free, A allocated", nodes.len())}>
                { for rects }
            </svg>
            <details>
                <summary>{ format!("The tree as a list ({} blocks)", nodes.len()) }</summary>
                <ul class="buddy-tree">{ for listed }</ul>
                if nodes.len() > BUDDY_LISTED {
                    <p>{ format!("The first {BUDDY_LISTED} blocks are listed.") }</p>
                }
            </details>
        </section>
    }
}

/// The node at `next` (in preorder) and, if it was split, its two halves under it; no
/// node at or past `limit` is listed.
fn buddy_subtree(nodes: &[BuddyNode], next: &mut usize, limit: usize) -> Html {
    let Some(node) = nodes.get(*next).filter(|_| *next < limit) else {
        return Html::default();
    };
    *next += 1;
    let text = format!(
        "{} B at {}: {}",
        node.size,
        hex(node.addr),
        buddy_word(node.state)
    );
    if node.state == BuddyState::Split && *next < nodes.len() {
        let low = buddy_subtree(nodes, next, limit);
        let high = buddy_subtree(nodes, next, limit);
        html! { <li>{ text }<ul>{ low }{ high }</ul></li> }
    } else {
        html! { <li>{ text }</li> }
    }
}

/// A pool's pages, each drawn chunk by chunk: free chunks open, the next to hand out marked.
fn pool(pool: &Pool) -> Html {
    let free_chunks: usize = pool.pages.iter().map(|p| p.free_chain.len()).sum();
    let chunks: u32 = pool.pages.iter().map(|p| p.chunks).sum();
    html! {
        <div class="pool">
            <p>{ format!("{}-byte chunks: {} pages, {free_chunks} of {chunks} chunks free", pool.chunk_size, pool.pages.len()) }</p>
            <ul class="pool-pages">
                { for pool.pages.iter().take(POOL_PAGES_DRAWN).map(|page| {
                    let next_out = page.free_chain.first().copied();
                    let cells = (0..page.chunks.min(CHUNKS_DRAWN)).map(|i| {
                        let addr = page.first_chunk + i * pool.chunk_size;
                        // Only CHUNKS_DRAWN chunks are drawn: the chain is searched as it is.
                        let is_free = page.free_chain.contains(&addr);
                        html! {
                            <span
                                class={classes!("chunk", if is_free { "chunk-free" } else { "chunk-used" }, (next_out == Some(addr)).then_some("chunk-next"))}
                                title={format!("{}: {}", hex(addr), if is_free { "free" } else { "in use" })}
                            ></span>
                        }
                    });
                    html! {
                        <li>
                            { format!(
                                "page at {}: {} of {} chunks free{}",
                                hex(page.addr),
                                page.free_chain.len(),
                                page.chunks,
                                next_out.map_or_else(String::new, |a| format!("; the next malloc gets {}", hex(a)))
                            ) }
                            <div class="chunks" aria-hidden="true">{ for cells }</div>
                        </li>
                    }
                }) }
            </ul>
            if pool.pages.len() > POOL_PAGES_DRAWN {
                <p>{ format!("… and {} more pages", pool.pages.len() - POOL_PAGES_DRAWN) }</p>
            }
        </div>
    }
}
