//! The memplay web app: a Yew single-page app that renders plain data from
//! `memplay-session`. This crate owns the browser side only — timers, URL, storage, DOM and
//! the editor — and no simulation logic.

pub mod app;
pub mod chart;
pub mod components;
pub mod editor_binding;
pub mod fixed;
pub mod plot_lines;
pub mod plots_state;
pub mod services;
pub mod state;

/// Mounts the app on the page's `<body>`.
pub fn start() {
    yew::Renderer::<app::App>::new().render();
}
