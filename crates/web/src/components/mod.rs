//! The app's components, one per region of the page. Each renders plain data it is given.

pub mod code_editor;
pub mod controls;
pub mod lesson_panel;
pub mod notice;
pub mod scenario_dialogs;
pub mod shortcuts_help;
pub mod status_line;
pub mod view_panel;
pub mod view_tabs;
pub mod views;
