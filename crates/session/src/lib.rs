//! The plain-data face of memplay: everything the web app and the CLI need to know about a
//! scenario, a learner's draft and the views, without knowing anything about the browser.
//!
//! Engine crates (lang, heap, paging, machine) will sit behind this crate; the UI only ever
//! sees the plain data it returns.

pub mod draft;
pub mod editor;
pub mod scenario;
pub mod text;
pub mod views;

pub use draft::{Draft, DraftError};
pub use editor::{EditorDiagnostic, ExecutingLine, Severity};
pub use scenario::{DEFAULT_PROGRAM, MAX_PROGRAM_BYTES, Scenario, ScenarioError};
pub use views::{ViewKind, ViewStatus};
