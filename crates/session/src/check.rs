//! Checking a program with the C front end (`memplay-lang`), in the shapes its readers need:
//! squiggles for the editor, gcc-style text and located records for the command line, and a
//! count of problems for the status line.

use std::fmt;

use memplay_lang::codemap::SourceMap;
use memplay_lang::diagnostics::{Diagnostic, Severity as LangSeverity};
use serde::Serialize;

use crate::editor::{EditorDiagnostic, Severity};
use crate::scenario::MAX_PROGRAM_BYTES;

/// Why the playground will not check or run a program this large, if it is: a scenario's
/// limit, [`MAX_PROGRAM_BYTES`], so that a pasted 200,000-line file costs the page no long
/// check. (The command line takes any size.)
pub fn program_too_large(source: &str) -> Option<String> {
    (source.len() > MAX_PROGRAM_BYTES).then(|| {
        format!(
            "this program is {} KiB, over the {} KiB the playground checks and runs (teaching programs are far smaller; `memplay run` on the command line takes any size)",
            source.len().div_ceil(1024),
            MAX_PROGRAM_BYTES / 1024
        )
    })
}

/// The program's diagnostics as the editor shows them: byte spans, and the notes folded into
/// the hover text (the editor has no separate place for them).
pub fn check_program(source: &str) -> Vec<EditorDiagnostic> {
    if let Some(message) = program_too_large(source) {
        return vec![EditorDiagnostic {
            from: 0,
            to: source.find('\n').unwrap_or(source.len()),
            severity: Severity::Error,
            message,
        }];
    }
    let map = SourceMap::new(source);
    memplay_lang::check(source)
        .diagnostics
        .iter()
        .map(|diagnostic| EditorDiagnostic {
            from: diagnostic.span.start as usize,
            to: diagnostic.span.end as usize,
            severity: severity(diagnostic),
            message: message_with_notes(&map, source, diagnostic),
        })
        .collect()
}

fn severity(diagnostic: &Diagnostic) -> Severity {
    match diagnostic.severity {
        LangSeverity::Error => Severity::Error,
        LangSeverity::Warning => Severity::Warning,
    }
}

/// The message, then one "note: ..." line per note. A note that points elsewhere names the
/// line, since the hover text sits at the diagnostic, not at the note.
fn message_with_notes(map: &SourceMap, source: &str, diagnostic: &Diagnostic) -> String {
    let mut message = diagnostic.message.clone();
    for note in &diagnostic.notes {
        message.push_str("\nnote: ");
        message.push_str(&note.message);
        if let Some(span) = note.span {
            let at = map.line_col(source, span.start);
            message.push_str(&format!(" (line {})", at.line));
        }
    }
    message
}

/// How many errors and warnings a check found.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct ProblemCount {
    pub errors: usize,
    pub warnings: usize,
}

impl ProblemCount {
    pub fn of(diagnostics: &[EditorDiagnostic]) -> ProblemCount {
        let count = |severity| {
            diagnostics
                .iter()
                .filter(|d| d.severity == severity)
                .count()
        };
        ProblemCount {
            errors: count(Severity::Error),
            warnings: count(Severity::Warning),
        }
    }

    pub fn is_empty(&self) -> bool {
        self.errors == 0 && self.warnings == 0
    }
}

/// "2 errors, 1 warning", "1 error", "No problems".
impl fmt::Display for ProblemCount {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let plural = |n: usize, one: &str| format!("{n} {one}{}", if n == 1 { "" } else { "s" });
        let parts: Vec<String> = [(self.errors, "error"), (self.warnings, "warning")]
            .into_iter()
            .filter(|&(n, _)| n > 0)
            .map(|(n, one)| plural(n, one))
            .collect();
        if parts.is_empty() {
            f.write_str("No problems")
        } else {
            f.write_str(&parts.join(", "))
        }
    }
}

/// A check for the command line: what a person reads, and what a script reads.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CheckReport {
    pub has_errors: bool,
    /// gcc-style `file:line:col: error: message`, each with the source line and a caret.
    pub rendered: String,
    pub diagnostics: Vec<LocatedDiagnostic>,
}

/// A diagnostic at 1-based lines and columns (columns count characters, as editors do).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct LocatedDiagnostic {
    pub severity: Severity,
    pub line: u32,
    pub column: u32,
    pub end_line: u32,
    pub end_column: u32,
    pub message: String,
    pub notes: Vec<LocatedNote>,
}

/// A note; `line` and `column` are absent when it points nowhere in particular.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct LocatedNote {
    pub line: Option<u32>,
    pub column: Option<u32>,
    pub message: String,
}

/// Checks `source`, naming it `file_name` in the rendered text.
pub fn check_report(file_name: &str, source: &str) -> CheckReport {
    let checked = memplay_lang::check(source);
    let map = SourceMap::new(source);
    let diagnostics = checked
        .diagnostics
        .iter()
        .map(|diagnostic| {
            let start = map.line_col(source, diagnostic.span.start);
            let end = map.line_col(source, diagnostic.span.end);
            LocatedDiagnostic {
                severity: severity(diagnostic),
                line: start.line,
                column: start.column,
                end_line: end.line,
                end_column: end.column,
                message: diagnostic.message.clone(),
                notes: diagnostic
                    .notes
                    .iter()
                    .map(|note| {
                        let at = note.span.map(|span| map.line_col(source, span.start));
                        LocatedNote {
                            line: at.map(|at| at.line),
                            column: at.map(|at| at.column),
                            message: note.message.clone(),
                        }
                    })
                    .collect(),
            }
        })
        .collect();
    CheckReport {
        has_errors: checked.has_errors(),
        rendered: memplay_lang::render::render(file_name, source, &checked.diagnostics),
        diagnostics,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::DEFAULT_PROGRAM;

    const MISSING_SEMICOLON_AND_FLOAT: &str =
        "int main(void) {\nfloat f = 1;\nint x = 1\nreturn x;\n}\n";

    #[test]
    fn a_program_over_the_limit_gets_one_error_and_no_check() {
        let line = "int x = 1;\n";
        let huge = format!("int main(void) {{\n{}}}\n", line.repeat(200_000));
        let diagnostics = check_program(&huge);
        assert_eq!(diagnostics.len(), 1);
        assert_eq!((diagnostics[0].from, diagnostics[0].to), (0, 16));
        assert!(
            diagnostics[0]
                .message
                .starts_with("this program is 2149 KiB, over the 64 KiB"),
            "{}",
            diagnostics[0].message
        );
        let failure = crate::playback::Playback::start("big.c", &huge, Default::default());
        assert!(
            matches!(failure, Err(crate::run::RunFailure::Setup(ref m)) if m.contains("over the 64 KiB")),
        );
    }

    #[test]
    fn the_default_program_has_no_problems() {
        assert_eq!(check_program(DEFAULT_PROGRAM), vec![]);
        let report = check_report("default.c", DEFAULT_PROGRAM);
        assert!(!report.has_errors);
        assert_eq!(report.rendered, "");
    }

    #[test]
    fn errors_become_editor_diagnostics_over_byte_spans() {
        let source = MISSING_SEMICOLON_AND_FLOAT;
        let diagnostics = check_program(source);
        assert_eq!(diagnostics.len(), 2, "{diagnostics:?}");
        let float = &diagnostics[0];
        assert_eq!(&source[float.from..float.to], "float");
        assert_eq!(float.severity, Severity::Error);
        assert!(float.message.starts_with("`float` is not supported"));
        let semicolon = &diagnostics[1];
        // gcc's place for a missing ';': just after the token it should follow.
        assert_eq!(semicolon.from, source.find("= 1\n").unwrap() + 3);
        assert_eq!(semicolon.from, semicolon.to);
        assert_eq!(semicolon.message, "expected ';' after declaration");
    }

    #[test]
    fn notes_are_appended_to_the_message_with_their_line() {
        let source = "int main(void) {\n    float f;\n";
        let messages: Vec<String> = check_program(source)
            .into_iter()
            .map(|d| d.message)
            .collect();
        assert!(
            messages.contains(
                &"`float` is not supported in this playground\n\
                  note: the playground has integers and pointers only: no floating point"
                    .to_string()
            ),
            "{messages:?}"
        );
        assert!(
            messages.contains(
                &"expected '}' at end of input\nnote: to match this '{' (line 1)".to_string()
            ),
            "{messages:?}"
        );
    }

    #[test]
    fn spans_stay_byte_offsets_after_non_ascii_text() {
        // The web app converts bytes to the editor's UTF-16 offsets; session must not.
        let source = "/* é😀 */ float f;\n";
        let diagnostics = check_program(source);
        assert_eq!(diagnostics[0].from, source.find("float").unwrap());
    }

    #[test]
    fn warnings_stay_warnings() {
        let source = "int c = 'ab';\nint main(void) { return c; }\n";
        let diagnostics = check_program(source);
        assert_eq!(diagnostics.len(), 1, "{diagnostics:?}");
        assert_eq!(diagnostics[0].severity, Severity::Warning);
        assert!(!check_report("w.c", source).has_errors);
    }

    #[test]
    fn problem_counts_read_as_the_status_line_says_them() {
        let at = |severity| EditorDiagnostic {
            from: 0,
            to: 0,
            severity,
            message: String::new(),
        };
        assert_eq!(ProblemCount::of(&[]).to_string(), "No problems");
        assert!(ProblemCount::of(&[]).is_empty());
        assert_eq!(
            ProblemCount::of(&[at(Severity::Error)]).to_string(),
            "1 error"
        );
        assert_eq!(
            ProblemCount::of(&[
                at(Severity::Error),
                at(Severity::Warning),
                at(Severity::Error),
                at(Severity::Info),
            ])
            .to_string(),
            "2 errors, 1 warning"
        );
        assert_eq!(
            ProblemCount::of(&[at(Severity::Warning), at(Severity::Warning)]).to_string(),
            "2 warnings"
        );
    }

    #[test]
    fn the_report_locates_diagnostics_and_notes_in_lines_and_columns() {
        let source = "int main(void) {\n\tfloat f;\n";
        let report = check_report("prog.c", source);
        assert!(report.has_errors);
        assert!(
            report
                .rendered
                .starts_with("prog.c:2:2: error: `float` is not supported"),
            "{}",
            report.rendered
        );
        let float = &report.diagnostics[0];
        assert_eq!(
            (float.line, float.column, float.end_line, float.end_column),
            (2, 2, 2, 7)
        );
        assert_eq!(float.severity, Severity::Error);
        assert_eq!(float.notes[0].line, None);
        assert_eq!(float.notes[0].column, None);
        let unclosed = report
            .diagnostics
            .iter()
            .find(|d| d.message == "expected '}' at end of input")
            .expect("the unclosed brace is reported");
        assert_eq!(unclosed.notes[0].line, Some(1));
        assert_eq!(unclosed.notes[0].column, Some(16));
    }

    #[test]
    fn hostile_input_is_a_value_not_a_panic() {
        for source in ["", "\u{feff}", "((((((((((", "\"", "/*", "int \0 x;", "é"] {
            check_program(source);
            check_report("x.c", source);
        }
    }
}
