//! The lab page (`lab.html`), a binary of its own (`memplay-lab`) so its wasm is small and
//! the main app's first load does not carry it: an operation list compared across allocation
//! policies and a reference string compared across replacement policies, side by side, the
//! inputs kept in the page's address. The comparisons come from
//! `memplay_session::lab_page`; these modules render them and own the address bar. Of the
//! main app they use only the line chart. The lab's code lives here, not in the web crate's
//! library, so the main app's build does not change at all.

mod address;
mod allocator_view;
mod fields;
mod page;
mod paging_view;
mod state;

fn main() {
    yew::Renderer::<page::LabPage>::new().render();
}
