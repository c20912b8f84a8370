//! The plain-data face of memplay: everything the web app and the CLI need to know about a
//! scenario, a learner's draft, the program's diagnostics and the views, without knowing
//! anything about the browser.
//!
//! The engine crates (lang, heap, paging, machine) sit behind this crate; the UI only ever
//! sees the plain data it returns.

mod base64url;
pub mod check;
pub mod draft;
pub mod editor;
pub mod embed;
pub mod heap_lab;
#[cfg(feature = "lab")]
pub mod lab_page;
pub mod lesson;
pub mod lessons;
pub mod link;
pub mod markdown;
pub mod paging_lab;
pub mod playback;
pub mod plots;
pub mod run;
pub mod scenario;
pub mod settings_form;
pub mod text;
pub mod translate_lab;
pub mod views;

pub use check::{
    CheckReport, LocatedDiagnostic, LocatedNote, ProblemCount, check_program, check_report,
};
pub use draft::{Draft, DraftError};
pub use editor::{EditorDiagnostic, ExecutingLine, Severity};
pub use scenario::{DEFAULT_PROGRAM, MAX_PROGRAM_BYTES, Scenario, ScenarioError};
pub use views::ViewKind;

/// The one stable sort the app shares (see its module): the UI sorts with it too, rather
/// than linking another copy of the slice sort for its own element types.
pub use memplay_lang::sort;
