//! The lab page (`lab.html`, its own binary `memplay-lab`): an operation list compared
//! across allocation policies and a reference string compared across replacement policies,
//! side by side, the inputs kept in the page's address. The comparisons come from
//! `memplay_session::lab_page`; this module renders them and owns the address bar. It uses
//! nothing of the main app but the line chart, so its wasm stays small.

mod address;
mod allocator_view;
mod fields;
mod page;
mod paging_view;
pub mod state;

/// Mounts the lab page on `<body>`.
pub fn start() {
    yew::Renderer::<page::LabPage>::new().render();
}
