//! Positions in source text: byte spans on every token and node, and the map from a byte
//! offset to the line and column a person reads.

use std::fmt;

/// A half-open byte range `start..end` into one source text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, PartialOrd, Ord)]
pub struct Span {
    pub start: u32,
    pub end: u32,
}

impl Span {
    pub fn new(start: u32, end: u32) -> Span {
        debug_assert!(start <= end);
        Span { start, end }
    }

    /// An empty span at `pos` (for "expected ';'" after a token).
    pub fn at(pos: u32) -> Span {
        Span {
            start: pos,
            end: pos,
        }
    }

    /// The smallest span covering both.
    pub fn to(self, other: Span) -> Span {
        Span {
            start: self.start.min(other.start),
            end: self.end.max(other.end),
        }
    }

    pub fn len(self) -> u32 {
        self.end - self.start
    }

    pub fn is_empty(self) -> bool {
        self.start == self.end
    }

    pub fn range(self) -> std::ops::Range<usize> {
        self.start as usize..self.end as usize
    }
}

impl fmt::Display for Span {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}..{}", self.start, self.end)
    }
}

/// A value with the span it came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Spanned<T> {
    pub node: T,
    pub span: Span,
}

impl<T> Spanned<T> {
    pub fn new(node: T, span: Span) -> Spanned<T> {
        Spanned { node, span }
    }
}

/// A 1-based line and column; the column counts characters, as editors show it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct LineCol {
    pub line: u32,
    pub column: u32,
}

/// Line starts of one source text, for turning byte offsets into lines and columns.
#[derive(Debug, Clone)]
pub struct SourceMap {
    line_starts: Vec<u32>,
}

impl SourceMap {
    pub fn new(text: &str) -> SourceMap {
        let mut line_starts = vec![0];
        line_starts.extend(
            text.bytes()
                .enumerate()
                .filter(|&(_, b)| b == b'\n')
                .map(|(i, _)| i as u32 + 1),
        );
        SourceMap { line_starts }
    }

    /// The line and column of byte `pos` of `text` (the text this map was made from).
    /// Positions past the end clamp to the end; inside a character, to its start.
    pub fn line_col(&self, text: &str, pos: u32) -> LineCol {
        let mut pos = (pos as usize).min(text.len());
        while !text.is_char_boundary(pos) {
            pos -= 1;
        }
        let line = self
            .line_starts
            .partition_point(|&start| start as usize <= pos)
            - 1;
        let start = self.line_starts[line] as usize;
        LineCol {
            line: line as u32 + 1,
            column: text[start..pos].chars().count() as u32 + 1,
        }
    }

    /// The byte span of line `line` (1-based), without its newline.
    pub fn line_span(&self, text: &str, line: u32) -> Option<Span> {
        let index = (line as usize).checked_sub(1)?;
        let start = *self.line_starts.get(index)?;
        let end = self
            .line_starts
            .get(index + 1)
            .map_or(text.len() as u32, |&next| next - 1);
        let end = if end > start && text.as_bytes()[end as usize - 1] == b'\r' {
            end - 1
        } else {
            end
        };
        Some(Span::new(start, end))
    }

    pub fn line_count(&self) -> u32 {
        self.line_starts.len() as u32
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_and_columns_are_one_based_and_count_characters() {
        let text = "int x;\n  é = 1;\r\nlast";
        let map = SourceMap::new(text);
        assert_eq!(map.line_col(text, 0), LineCol { line: 1, column: 1 });
        assert_eq!(map.line_col(text, 6), LineCol { line: 1, column: 7 });
        assert_eq!(map.line_col(text, 7), LineCol { line: 2, column: 1 });
        // after 'é' (2 bytes) the column advances by one
        assert_eq!(map.line_col(text, 11), LineCol { line: 2, column: 4 });
        // inside 'é' clamps to its start
        assert_eq!(map.line_col(text, 10), LineCol { line: 2, column: 3 });
        assert_eq!(map.line_col(text, 999), LineCol { line: 3, column: 5 });
        assert_eq!(map.line_count(), 3);
    }

    #[test]
    fn line_spans_exclude_line_endings() {
        let text = "ab\r\ncd\n\nlast";
        let map = SourceMap::new(text);
        assert_eq!(&text[map.line_span(text, 1).unwrap().range()], "ab");
        assert_eq!(&text[map.line_span(text, 2).unwrap().range()], "cd");
        assert_eq!(&text[map.line_span(text, 3).unwrap().range()], "");
        assert_eq!(&text[map.line_span(text, 4).unwrap().range()], "last");
        assert_eq!(map.line_span(text, 5), None);
        assert_eq!(map.line_span(text, 0), None);
    }
}
