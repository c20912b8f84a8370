//! printf format strings of the subset (flags `- + space # 0`, width, precision, `*`,
//! length `hh h l z`, conversions `d i u x X o c s p %`): parsed once here, for the
//! checker's argument checks and for the machine's printf.

use std::ops::Range;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Flags {
    pub left: bool,
    pub plus: bool,
    pub space: bool,
    pub alternate: bool,
    pub zero: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Count {
    Fixed(u32),
    /// `*`: taken from the next argument (an `int`).
    FromArgument,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Length {
    Default,
    Char,
    Short,
    Long,
    Size,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Conversion {
    pub flags: Flags,
    pub width: Option<Count>,
    pub precision: Option<Count>,
    pub length: Length,
    /// One of `d i u x X o c s p`.
    pub specifier: u8,
    /// Where the conversion is in the format, `%` included.
    pub range: Range<usize>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Piece {
    /// Bytes printed as they are (`%%` becomes a one-byte literal).
    Literal(Range<usize>),
    Conversion(Conversion),
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FormatError {
    pub offset: usize,
    pub message: String,
}

/// What an argument for a conversion must be (after default argument promotion).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Expected {
    /// `int`-sized integer (`%d`, `%c`, `%x`... and `*` counts); signedness is not checked.
    Int,
    /// `long`-sized integer (`%ld`, `%lu`...).
    Long,
    /// `size_t` (`%zu`), which is `unsigned int` here.
    Size,
    /// A pointer to characters (`%s`).
    CharPointer,
    /// Any pointer (`%p`).
    Pointer,
}

impl Conversion {
    /// The arguments this conversion consumes, in order: `*` counts first, then the value.
    pub fn expected_arguments(&self) -> Vec<Expected> {
        let mut expected = Vec::new();
        if self.width == Some(Count::FromArgument) {
            expected.push(Expected::Int);
        }
        if self.precision == Some(Count::FromArgument) {
            expected.push(Expected::Int);
        }
        expected.push(match (self.specifier, self.length) {
            (b's', _) => Expected::CharPointer,
            (b'p', _) => Expected::Pointer,
            (_, Length::Long) => Expected::Long,
            (_, Length::Size) => Expected::Size,
            _ => Expected::Int,
        });
        expected
    }
}

pub fn parse(format: &[u8]) -> Result<Vec<Piece>, FormatError> {
    let mut pieces = Vec::new();
    let mut i = 0;
    let mut literal_start = 0;
    while i < format.len() {
        if format[i] != b'%' {
            i += 1;
            continue;
        }
        if literal_start < i {
            pieces.push(Piece::Literal(literal_start..i));
        }
        let start = i;
        i += 1;
        if format.get(i) == Some(&b'%') {
            pieces.push(Piece::Literal(i..i + 1));
            i += 1;
            literal_start = i;
            continue;
        }
        let mut flags = Flags::default();
        while let Some(&c) = format.get(i) {
            match c {
                b'-' => flags.left = true,
                b'+' => flags.plus = true,
                b' ' => flags.space = true,
                b'#' => flags.alternate = true,
                b'0' => flags.zero = true,
                _ => break,
            }
            i += 1;
        }
        let width = count(format, &mut i);
        let precision = if format.get(i) == Some(&b'.') {
            i += 1;
            Some(count(format, &mut i).unwrap_or(Count::Fixed(0)))
        } else {
            None
        };
        let length = match (format.get(i), format.get(i + 1)) {
            (Some(b'h'), Some(b'h')) => {
                i += 2;
                Length::Char
            }
            (Some(b'h'), _) => {
                i += 1;
                Length::Short
            }
            (Some(b'l'), Some(b'l')) => {
                return Err(FormatError {
                    offset: i,
                    message: "the 'll' length (long long) is not supported in this playground"
                        .into(),
                });
            }
            (Some(b'l'), _) => {
                i += 1;
                Length::Long
            }
            (Some(b'z'), _) => {
                i += 1;
                Length::Size
            }
            _ => Length::Default,
        };
        let Some(&specifier) = format.get(i) else {
            return Err(FormatError {
                offset: start,
                message: "spurious trailing '%' in format".into(),
            });
        };
        match specifier {
            b'd' | b'i' | b'u' | b'x' | b'X' | b'o' | b'c' | b's' | b'p' => {}
            b'f' | b'e' | b'g' | b'E' | b'G' | b'a' | b'A' | b'F' => {
                return Err(FormatError {
                    offset: i,
                    message: format!(
                        "'%{}' prints floating point, which this playground does not have",
                        specifier as char
                    ),
                });
            }
            b'n' => {
                return Err(FormatError {
                    offset: i,
                    message: "'%n' is not supported in this playground".into(),
                });
            }
            _ => {
                let shown =
                    String::from_utf8_lossy(&format[i..(i + 1).min(format.len())]).into_owned();
                return Err(FormatError {
                    offset: i,
                    message: format!("unknown conversion type character '{shown}' in format"),
                });
            }
        }
        i += 1;
        pieces.push(Piece::Conversion(Conversion {
            flags,
            width,
            precision,
            length,
            specifier,
            range: start..i,
        }));
        literal_start = i;
    }
    if literal_start < format.len() {
        pieces.push(Piece::Literal(literal_start..format.len()));
    }
    Ok(pieces)
}

fn count(format: &[u8], i: &mut usize) -> Option<Count> {
    if format.get(*i) == Some(&b'*') {
        *i += 1;
        return Some(Count::FromArgument);
    }
    let start = *i;
    let mut value: u32 = 0;
    while let Some(digit) = format.get(*i).filter(|c| c.is_ascii_digit()) {
        value = value
            .saturating_mul(10)
            .saturating_add(u32::from(digit - b'0'));
        *i += 1;
    }
    (*i > start).then_some(Count::Fixed(value))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn conversions(format: &str) -> Vec<Conversion> {
        parse(format.as_bytes())
            .unwrap()
            .into_iter()
            .filter_map(|p| match p {
                Piece::Conversion(c) => Some(c),
                Piece::Literal(_) => None,
            })
            .collect()
    }

    #[test]
    fn flags_width_precision_length() {
        let c = &conversions("x=%-08.3lx!")[0];
        assert!(c.flags.left && c.flags.zero);
        assert_eq!(c.width, Some(Count::Fixed(8)));
        assert_eq!(c.precision, Some(Count::Fixed(3)));
        assert_eq!(c.length, Length::Long);
        assert_eq!(c.specifier, b'x');
        assert_eq!(c.range, 2..10);
        assert_eq!(c.expected_arguments(), vec![Expected::Long]);
    }

    #[test]
    fn star_counts_take_arguments_first() {
        let c = &conversions("%*.*s")[0];
        assert_eq!(
            c.expected_arguments(),
            vec![Expected::Int, Expected::Int, Expected::CharPointer]
        );
    }

    #[test]
    fn literals_and_percent() {
        let pieces = parse(b"100%% sure %d").unwrap();
        assert_eq!(pieces.len(), 4);
        assert_eq!(pieces[0], Piece::Literal(0..3));
        assert_eq!(pieces[1], Piece::Literal(4..5));
    }

    #[test]
    fn bad_formats() {
        assert!(parse(b"%f").unwrap_err().message.contains("floating point"));
        assert!(parse(b"%lld").unwrap_err().message.contains("long long"));
        assert_eq!(
            parse(b"%y").unwrap_err().message,
            "unknown conversion type character 'y' in format"
        );
        assert_eq!(
            parse(b"50%").unwrap_err().message,
            "spurious trailing '%' in format"
        );
    }
}
