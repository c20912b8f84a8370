//! Diagnostics: what the front end tells the learner, each with a span, as values.

use crate::codemap::Span;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Severity {
    Error,
    Warning,
}

/// A note attached to a diagnostic, optionally pointing somewhere else in the program
/// ("previous declaration is here").
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Note {
    pub span: Option<Span>,
    pub message: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    pub severity: Severity,
    pub span: Span,
    pub message: String,
    pub notes: Vec<Note>,
}

impl Diagnostic {
    pub fn error(span: Span, message: impl Into<String>) -> Diagnostic {
        Diagnostic {
            severity: Severity::Error,
            span,
            message: message.into(),
            notes: Vec::new(),
        }
    }

    pub fn warning(span: Span, message: impl Into<String>) -> Diagnostic {
        Diagnostic {
            severity: Severity::Warning,
            span,
            message: message.into(),
            notes: Vec::new(),
        }
    }

    /// The standard message for a construct outside the subset ("`goto` is not ...").
    pub fn unsupported(span: Span, what: impl Into<String>) -> Diagnostic {
        Diagnostic::error(
            span,
            format!("{} is not supported in this playground", what.into()),
        )
    }

    /// The same for a plural subject ("function-like macros are not ...").
    pub fn unsupported_plural(span: Span, what: impl Into<String>) -> Diagnostic {
        Diagnostic::error(
            span,
            format!("{} are not supported in this playground", what.into()),
        )
    }

    pub fn with_note(mut self, span: Option<Span>, message: impl Into<String>) -> Diagnostic {
        self.notes.push(Note {
            span,
            message: message.into(),
        });
        self
    }

    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }
}
