//! Long tables a page of rows at a time, with buttons to the other pages: a heap of a
//! thousand blocks or a page table of thousands of entries stays quick to draw (no task of
//! 50 ms), and every row is still reachable.

use std::ops::Range;

use yew::prelude::*;

/// Rows drawn at once unless a table says otherwise: a screenful or two, and about 6 ms of
/// building and laying out a six-column table on the two-core machine the long-task budget
/// is measured on (a view draws more than its tables in the same task).
pub const ROWS_PER_PAGE: usize = 50;

#[derive(Properties, PartialEq)]
pub struct PagedProps {
    /// Rows in all.
    pub total: usize,
    /// What the rows are, in the plural ("blocks"), for the position and the buttons.
    pub noun: AttrValue,
    /// Draws the rows of a range (the table around them included).
    pub render: Callback<Range<usize>, Html>,
    /// Rows a page: fewer for wide tables, or tables drawn several to a view.
    #[prop_or(ROWS_PER_PAGE)]
    pub per_page: usize,
}

/// The rows of `page`, clamped: a table that shrank (a step back freed blocks) shows
/// its last page rather than nothing.
fn page_range(page: usize, total: usize, per_page: usize) -> (usize, Range<usize>) {
    let per_page = per_page.max(1);
    let pages = total.div_ceil(per_page).max(1);
    let page = page.min(pages - 1);
    let start = page * per_page;
    (page, start..total.min(start + per_page))
}

/// A table drawn a page at a time, the page kept from step to step; with one page, just
/// the table.
#[function_component]
pub fn Paged(props: &PagedProps) -> Html {
    let page = use_state(|| 0usize);
    let per_page = props.per_page.max(1);
    let (current, rows) = page_range(*page, props.total, per_page);
    let table = props.render.emit(rows.clone());
    if props.total <= per_page {
        return table;
    }
    let last = (props.total - 1) / per_page;
    let noun = &props.noun;
    let go = |to: usize| {
        let page = page.clone();
        Callback::from(move |_: MouseEvent| page.set(to))
    };
    html! {
        <>
            <nav class="pager" aria-label={format!("Pages of {noun}")}>
                <button type="button" disabled={current == 0} onclick={go(0)}>{ "First" }</button>
                <button type="button" disabled={current == 0} onclick={go(current.saturating_sub(1))}>
                    { format!("Previous {per_page}") }
                </button>
                <span role="status">{ format!("Showing {noun} {}–{} of {}", rows.start + 1, rows.end, props.total) }</span>
                <button type="button" disabled={current == last} onclick={go(current + 1)}>
                    { format!("Next {}", per_page.min(props.total - rows.end).max(1)) }
                </button>
                <button type="button" disabled={current == last} onclick={go(last)}>{ "Last" }</button>
            </nav>
            { table }
        </>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pages_cover_every_row_once() {
        let total = 2 * ROWS_PER_PAGE + ROWS_PER_PAGE / 2;
        let mut seen = Vec::new();
        for page in 0..3 {
            seen.extend(page_range(page, total, ROWS_PER_PAGE).1);
        }
        assert_eq!(seen, (0..total).collect::<Vec<_>>());
    }

    #[test]
    fn a_page_past_the_end_shows_the_last_one() {
        assert_eq!(page_range(9, 33, 32), (1, 32..33));
        assert_eq!(page_range(3, 0, 32), (0, 0..0));
    }
}
