//! Positions in program text. Engines speak byte offsets; the browser editor speaks UTF-16
//! code units. Converting in one tested place keeps squiggles under the right characters
//! when a program contains non-ASCII text (comments in other languages, emoji in strings).
//! (Lines and columns for people come from `memplay_lang::codemap::SourceMap`.)

/// Converts byte offsets of one text to UTF-16 offsets.
pub struct Utf16Index<'a> {
    text: &'a str,
}

impl<'a> Utf16Index<'a> {
    pub fn new(text: &'a str) -> Self {
        Utf16Index { text }
    }

    /// The UTF-16 offset of `byte`. Offsets past the end clamp to the end, and offsets inside
    /// a multi-byte character round down to its start, so a stale span never panics.
    pub fn utf16_offset(&self, byte: usize) -> usize {
        self.text[..floor_char_boundary(self.text, byte)]
            .encode_utf16()
            .count()
    }
}

/// The largest character boundary at or below `byte`, clamped to the text.
fn floor_char_boundary(text: &str, byte: usize) -> usize {
    let mut byte = byte.min(text.len());
    while !text.is_char_boundary(byte) {
        byte -= 1;
    }
    byte
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ascii_offsets_are_unchanged() {
        let index = Utf16Index::new("int x;");
        assert_eq!(index.utf16_offset(4), 4);
    }

    #[test]
    fn multibyte_characters_count_as_their_utf16_length() {
        // 'é' is 2 bytes / 1 unit; '😀' is 4 bytes / 2 units.
        let text = "é😀x";
        let index = Utf16Index::new(text);
        assert_eq!(index.utf16_offset(2), 1);
        assert_eq!(index.utf16_offset(6), 3);
        assert_eq!(index.utf16_offset(7), 4);
    }

    #[test]
    fn offsets_inside_a_character_or_past_the_end_clamp() {
        let index = Utf16Index::new("a😀");
        assert_eq!(index.utf16_offset(3), 1);
        assert_eq!(index.utf16_offset(100), 3);
    }
}
