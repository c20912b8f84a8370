//! What the editor is asked to show, as plain data: diagnostics and executing lines.
//!
//! Spans here are byte offsets into the program, as every engine reports them; the web app
//! converts them to the editor's UTF-16 positions with [`crate::text::Utf16Index`].

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Error,
    Warning,
    Info,
}

/// A message attached to a range of the program, shown as a squiggle with hover text.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct EditorDiagnostic {
    pub from: usize,
    pub to: usize,
    pub severity: Severity,
    pub message: String,
}

/// A line a thread is executing (1-based), drawn in that thread's colour.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct ExecutingLine {
    pub line: u32,
    pub thread: u32,
    /// The expression about to finish, at expression granularity: start line and column,
    /// end line and column (1-based, the end exclusive), drawn as a mark.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub expression: Option<[u32; 4]>,
}
