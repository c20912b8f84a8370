//! base64url without padding (RFC 4648 §5), the encoding of share links.
//!
//! Written out rather than taken from the `base64` crate, whose general engine (padding
//! modes, unrolled loops, their bounds checks) cost the web app's bundle 2.1 KB of gzip
//! for a few dozen lines of work. Decoding refuses exactly what that crate's
//! `URL_SAFE_NO_PAD` engine refuses, with the same reason in the same words (links made or
//! refused before keep their messages); a property test holds the two to it.

use std::fmt;

const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

/// Why a text is not base64url: the variants and words of `base64::DecodeError`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DecodeError {
    /// A byte outside the alphabet (or padding where none may be), at this offset.
    Symbol { offset: usize, byte: u8 },
    /// A lone symbol at the end: six bits are not a byte.
    Length(usize),
    /// The last symbol carries bits beyond the data's last byte (a cut or changed text).
    LastSymbol { offset: usize, byte: u8 },
    /// Padding, which this encoding has none of.
    Padding,
}

impl fmt::Display for DecodeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match *self {
            DecodeError::Symbol { offset, byte } => {
                write!(f, "Invalid symbol {byte}, offset {offset}.")
            }
            DecodeError::Length(length) => write!(f, "Invalid input length: {length}"),
            DecodeError::LastSymbol { offset, byte } => {
                write!(f, "Invalid last symbol {byte}, offset {offset}.")
            }
            DecodeError::Padding => write!(f, "Invalid padding"),
        }
    }
}

/// `bytes` as base64url, without padding.
pub fn encode(bytes: &[u8]) -> String {
    let mut text = String::with_capacity(bytes.len().div_ceil(3) * 4);
    for chunk in bytes.chunks(3) {
        // The chunk's bytes from the top of 24 bits; a short chunk's symbols stop after
        // the last one that holds its bits.
        let bits = chunk.iter().enumerate().fold(0u32, |bits, (i, &byte)| {
            bits | u32::from(byte) << (16 - 8 * i)
        });
        for i in 0..=chunk.len() {
            text.push(char::from(ALPHABET[(bits >> (18 - 6 * i)) as usize & 63]));
        }
    }
    text
}

/// The bytes base64url `text` holds. Errors are found in the order the base64 crate finds
/// them: a lone last symbol first, then the groups of four in order, then the last group.
pub fn decode(text: &[u8]) -> Result<Vec<u8>, DecodeError> {
    let invalid = |offset: usize| DecodeError::Symbol {
        offset,
        byte: text[offset],
    };
    if text.len() % 4 == 1 {
        let last = text.len() - 1;
        if text[last] != b'=' && sextet(text[last]).is_none() {
            return Err(invalid(last));
        }
    }
    // The last group (one to four symbols) may be short; every group before it is whole.
    let last_group = match text.len() % 4 {
        0 => text.len().min(4),
        short => short,
    };
    let whole = text.len() - last_group;
    let mut bytes = Vec::with_capacity(text.len() / 4 * 3 + 3);
    for (group, symbols) in text[..whole].chunks_exact(4).enumerate() {
        let mut bits = 0u32;
        for (i, &symbol) in symbols.iter().enumerate() {
            let value = sextet(symbol).ok_or_else(|| invalid(group * 4 + i))?;
            bits = bits << 6 | u32::from(value);
        }
        bytes.extend_from_slice(&bits.to_be_bytes()[1..]);
    }
    let (mut bits, mut count, mut padding, mut last) = (0u32, 0, None, 0u8);
    for (i, &symbol) in text[whole..].iter().enumerate() {
        let offset = whole + i;
        if symbol == b'=' {
            if i < 2 {
                return Err(invalid(offset));
            }
            padding.get_or_insert(offset);
            continue;
        }
        if let Some(first) = padding {
            return Err(invalid(first));
        }
        let value = sextet(symbol).ok_or_else(|| invalid(offset))?;
        bits = bits << 6 | u32::from(value);
        count += 1;
        last = symbol;
    }
    if !text.is_empty() && count < 2 {
        return Err(DecodeError::Length(whole + count));
    }
    if padding.is_some() {
        return Err(DecodeError::Padding);
    }
    // The group's symbols from the top of 32 bits: whole bytes, then bits that must be 0.
    let bits = bits << (6 * (4 - count)) << 8;
    let kept = count * 6 / 8;
    if bits & (u32::MAX >> (8 * kept)) != 0 {
        return Err(DecodeError::LastSymbol {
            offset: whole + count - 1,
            byte: last,
        });
    }
    bytes.extend_from_slice(&bits.to_be_bytes()[..kept]);
    Ok(bytes)
}

/// A symbol's six bits, or `None` outside the alphabet.
fn sextet(symbol: u8) -> Option<u8> {
    match symbol {
        b'A'..=b'Z' => Some(symbol - b'A'),
        b'a'..=b'z' => Some(symbol - b'a' + 26),
        b'0'..=b'9' => Some(symbol - b'0' + 52),
        b'-' => Some(62),
        b'_' => Some(63),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use base64::Engine as _;
    use base64::engine::general_purpose::URL_SAFE_NO_PAD;
    use proptest::prelude::*;

    use super::*;

    /// Texts near base64url: mostly its alphabet, with padding, a standard-alphabet symbol,
    /// a space and a percent sign (what a mangled link holds) now and then.
    fn near_base64url() -> impl Strategy<Value = Vec<u8>> {
        let symbol = prop_oneof![
            20 => proptest::sample::select(ALPHABET.to_vec()),
            1 => Just(b'='),
            1 => Just(b'+'),
            1 => Just(b' '),
            1 => Just(b'%'),
        ];
        prop::collection::vec(symbol, 0..40)
    }

    proptest! {
        #[test]
        fn encodes_as_the_base64_crate(bytes in prop::collection::vec(any::<u8>(), 0..100)) {
            prop_assert_eq!(encode(&bytes), URL_SAFE_NO_PAD.encode(&bytes));
            prop_assert_eq!(decode(encode(&bytes).as_bytes()), Ok(bytes));
        }

        #[test]
        fn decodes_and_refuses_as_the_base64_crate(text in near_base64url()) {
            let theirs = URL_SAFE_NO_PAD.decode(&text).map_err(|e| e.to_string());
            prop_assert_eq!(decode(&text).map_err(|e| e.to_string()), theirs);
        }
    }

    #[test]
    fn each_error_reads_as_the_base64_crate_words_it() {
        for (text, why) in [
            ("%abc", "Invalid symbol 37, offset 0."),
            ("abcde", "Invalid input length: 5"),
            ("abcdef", "Invalid last symbol 102, offset 5."),
            ("abcdef==", "Invalid padding"),
            ("ab=c", "Invalid symbol 61, offset 2."),
        ] {
            let theirs = URL_SAFE_NO_PAD.decode(text).unwrap_err().to_string();
            assert_eq!(theirs, why, "{text}");
            assert_eq!(
                decode(text.as_bytes()).unwrap_err().to_string(),
                why,
                "{text}"
            );
        }
    }
}
