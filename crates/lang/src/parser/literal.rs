//! Decoding literals: integer constants, character constants and string literals, with the
//! diagnostics gcc gives for malformed ones.

use crate::ast::IntSuffix;

/// A decoded integer constant, or the message for why it is not one.
#[derive(Debug, PartialEq, Eq)]
pub struct IntLiteral {
    pub value: u64,
    pub suffix: IntSuffix,
    pub decimal: bool,
}

pub fn int_literal(text: &str) -> Result<IntLiteral, String> {
    let lower = text.to_ascii_lowercase();
    let (radix, digits_start) = if lower.starts_with("0x") {
        (16, 2)
    } else if lower.starts_with('0') && lower.len() > 1 {
        (8, 1)
    } else {
        (10, 0)
    };
    let is_float = if radix == 16 {
        lower.contains('.') || lower.contains('p')
    } else {
        lower.contains('.') || lower.contains('e')
    };
    if is_float {
        return Err(format!(
            "floating-point constants such as {text} are not supported in this playground (it has no float or double)"
        ));
    }
    let body = &lower[digits_start..];
    let digits_end = body
        .find(|c: char| !c.is_ascii_hexdigit() || (radix != 16 && !c.is_ascii_digit()))
        .unwrap_or(body.len());
    let (digits, suffix_text) = body.split_at(digits_end);
    if radix == 16 && digits.is_empty() {
        return Err(format!(
            "invalid hexadecimal constant {text}: no digits after 0x"
        ));
    }
    let suffix = match suffix_text {
        "" => IntSuffix::None,
        "u" => IntSuffix::U,
        "l" => IntSuffix::L,
        "ul" | "lu" => IntSuffix::UL,
        "ll" | "ull" | "llu" => {
            return Err(format!(
                "`long long` constants such as {text} are not supported in this playground"
            ));
        }
        _ => {
            return Err(format!(
                "invalid suffix \"{}\" on integer constant",
                &text[text.len() - suffix_text.len()..]
            ));
        }
    };
    if radix == 8
        && let Some(bad) = digits.chars().find(|c| matches!(c, '8' | '9'))
    {
        return Err(format!("invalid digit \"{bad}\" in octal constant"));
    }
    let value = if digits.is_empty() {
        0
    } else {
        u64::from_str_radix(digits, radix)
            .map_err(|_| "integer constant is too large for its type".to_string())?
    };
    Ok(IntLiteral {
        value,
        suffix,
        decimal: radix == 10,
    })
}

/// Decodes the escapes of a character constant or string literal body (quotes removed).
/// Problems are reported through `warn` and `error`, and decoding goes on.
pub fn unescape(body: &str, mut problem: impl FnMut(Problem)) -> Vec<u8> {
    let bytes = body.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] != b'\\' {
            out.push(bytes[i]);
            i += 1;
            continue;
        }
        i += 1;
        let Some(&c) = bytes.get(i) else {
            break;
        };
        i += 1;
        match c {
            b'n' => out.push(b'\n'),
            b't' => out.push(b'\t'),
            b'r' => out.push(b'\r'),
            b'0'..=b'7' => {
                let mut value = u32::from(c - b'0');
                let mut count = 1;
                while count < 3 && matches!(bytes.get(i), Some(b'0'..=b'7')) {
                    value = value * 8 + u32::from(bytes[i] - b'0');
                    i += 1;
                    count += 1;
                }
                if value > 0xff {
                    problem(Problem::Warning(
                        "octal escape sequence out of range".into(),
                    ));
                }
                out.push(value as u8);
            }
            b'x' => {
                let start = i;
                let mut value: u32 = 0;
                while let Some(d) = bytes.get(i).and_then(|&b| (b as char).to_digit(16)) {
                    value = value.saturating_mul(16).saturating_add(d);
                    i += 1;
                }
                if i == start {
                    problem(Problem::Error(
                        "\\x used with no following hex digits".into(),
                    ));
                } else if value > 0xff {
                    problem(Problem::Warning("hex escape sequence out of range".into()));
                }
                out.push(value as u8);
            }
            b'\\' => out.push(b'\\'),
            b'\'' => out.push(b'\''),
            b'"' => out.push(b'"'),
            b'?' => out.push(b'?'),
            b'a' => out.push(0x07),
            b'b' => out.push(0x08),
            b'f' => out.push(0x0c),
            b'v' => out.push(0x0b),
            b'e' | b'E' => out.push(0x1b),
            // A backslash-newline inside a literal continues it on the next line.
            b'\n' => {}
            b'\r' if bytes.get(i) == Some(&b'\n') => i += 1,
            other => {
                let shown = body[i - 1..].chars().next().unwrap_or('?');
                problem(Problem::Warning(format!(
                    "unknown escape sequence: '\\{shown}'"
                )));
                // gcc keeps the character itself.
                if other.is_ascii() {
                    out.push(other);
                } else {
                    out.extend_from_slice(&bytes[i - 1..i - 1 + shown.len_utf8()]);
                    i += shown.len_utf8() - 1;
                }
            }
        }
    }
    out
}

pub enum Problem {
    Warning(String),
    Error(String),
}

/// The `int` value of a character constant's decoded bytes, as gcc -m32 computes it
/// (plain char is signed; a multi-character constant packs bytes big-endian into an int).
pub fn char_value(bytes: &[u8]) -> i32 {
    match bytes {
        [single] => *single as i8 as i32,
        _ => bytes
            .iter()
            .fold(0i32, |acc, &b| acc.wrapping_shl(8) | i32::from(b)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn int(text: &str) -> (u64, IntSuffix, bool) {
        let lit = int_literal(text).unwrap();
        (lit.value, lit.suffix, lit.decimal)
    }

    #[test]
    fn integer_constants() {
        assert_eq!(int("42"), (42, IntSuffix::None, true));
        assert_eq!(int("0"), (0, IntSuffix::None, true));
        assert_eq!(int("0x1Fu"), (31, IntSuffix::U, false));
        assert_eq!(int("017L"), (15, IntSuffix::L, false));
        assert_eq!(int("4294967295UL"), (4294967295, IntSuffix::UL, true));
        assert_eq!(int("10lu"), (10, IntSuffix::UL, true));
    }

    #[test]
    fn malformed_integer_constants() {
        let err = |text: &str| int_literal(text).unwrap_err();
        assert!(err("1.5").starts_with("floating-point constants"));
        assert!(err("1e3").starts_with("floating-point constants"));
        assert!(err("0x1p3").starts_with("floating-point constants"));
        assert_eq!(err("08"), "invalid digit \"8\" in octal constant");
        assert_eq!(err("12abc"), "invalid suffix \"abc\" on integer constant");
        assert!(err("5LL").contains("long long"));
        assert_eq!(
            err("0x"),
            "invalid hexadecimal constant 0x: no digits after 0x"
        );
        assert_eq!(
            err("99999999999999999999"),
            "integer constant is too large for its type"
        );
    }

    fn decode(body: &str) -> (Vec<u8>, Vec<String>) {
        let mut problems = Vec::new();
        let bytes = unescape(body, |p| {
            problems.push(match p {
                Problem::Warning(m) | Problem::Error(m) => m,
            })
        });
        (bytes, problems)
    }

    #[test]
    fn escapes() {
        assert_eq!(decode(r"a\n\t\\\'\x41\101\0").0, b"a\n\t\\'AA\0");
        assert_eq!(
            decode(r"\q"),
            (
                b"q".to_vec(),
                vec!["unknown escape sequence: '\\q'".to_string()]
            )
        );
        assert_eq!(
            decode(r"\x").1,
            vec!["\\x used with no following hex digits"]
        );
        assert_eq!(decode("é").0, "é".as_bytes());
    }

    #[test]
    fn character_values_are_signed_chars() {
        assert_eq!(char_value(b"A"), 65);
        assert_eq!(char_value(&[0xff]), -1);
        assert_eq!(char_value(b"ab"), 0x6162);
    }
}
