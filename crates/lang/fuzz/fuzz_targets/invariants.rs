//! The promises `memplay_lang::check` makes about its result, asserted by every target.

use memplay_lang::Checked;
use memplay_lang::codemap::Span;
use memplay_lang::parser::MAX_DIAGNOSTICS;

/// Panics (a finding for the fuzzer) when `checked` breaks a promise about `source`:
/// every span (of diagnostics, their notes and the headers) lies within the source, with
/// start <= end, on character boundaries (the editor converts them to UTF-16 positions);
/// at most MAX_DIAGNOSTICS diagnostics plus the one "too many errors"; sorted by position.
pub fn assert_holds(source: &str, checked: &Checked) {
    let in_source = |span: Span| {
        span.start <= span.end
            && span.end as usize <= source.len()
            && source.is_char_boundary(span.start as usize)
            && source.is_char_boundary(span.end as usize)
    };
    for diagnostic in &checked.diagnostics {
        assert!(
            in_source(diagnostic.span),
            "diagnostic span {} outside the source (len {}) or inside a character: {}",
            diagnostic.span,
            source.len(),
            diagnostic.message
        );
        for note in &diagnostic.notes {
            if let Some(span) = note.span {
                assert!(
                    in_source(span),
                    "note span {span} outside the source (len {}) or inside a character: {}",
                    source.len(),
                    note.message
                );
            }
        }
    }
    assert!(
        checked.diagnostics.len() <= MAX_DIAGNOSTICS + 1,
        "{} diagnostics, more than MAX_DIAGNOSTICS + 1 = {}",
        checked.diagnostics.len(),
        MAX_DIAGNOSTICS + 1
    );
    assert!(
        checked
            .diagnostics
            .windows(2)
            .all(|pair| pair[0].span.start <= pair[1].span.start),
        "diagnostics are not sorted by position"
    );
    for header in &checked.headers {
        assert!(
            in_source(header.span),
            "header span {} outside the source (len {})",
            header.span,
            source.len()
        );
    }
}
