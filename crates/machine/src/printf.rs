//! printf's formatting, as glibc does it for the subset's conversions (`d i u x X o c s p
//! %` with flags, width, precision and `hh h l z`). The format is parsed by `lang`'s printf
//! module, the same one the checker uses.

use memplay_lang::printf::{Conversion, Count, Length, Piece, parse};

/// Where printf gets its arguments and the bytes of `%s` strings.
pub(crate) trait Arguments {
    type Error;
    fn next(&mut self) -> Option<u32>;
    fn string(&mut self, addr: u32, precision: Option<usize>) -> Result<Vec<u8>, Self::Error>;
}

/// Formats `format` with `args`; a format the checker could not see (built at run time)
/// that does not parse prints as far as it parses, as glibc prints up to the bad spec.
pub(crate) fn format<A: Arguments>(format: &[u8], args: &mut A) -> Result<Vec<u8>, A::Error> {
    let pieces = match parse(format) {
        Ok(pieces) => pieces,
        Err(error) => {
            return Ok(format[..error.offset.min(format.len())].to_vec());
        }
    };
    let mut out = Vec::new();
    for piece in pieces {
        match piece {
            Piece::Literal(range) => out.extend_from_slice(&format[range]),
            Piece::Conversion(conversion) => convert(&conversion, args, &mut out)?,
        }
    }
    Ok(out)
}

/// Widths and precisions beyond this are clamped: the output budget (1 MiB by default)
/// stops such a program anyway, and the host must not build a gigabyte of padding first.
const MAX_WIDTH: usize = 1 << 21;

fn convert<A: Arguments>(
    conversion: &Conversion,
    args: &mut A,
    out: &mut Vec<u8>,
) -> Result<(), A::Error> {
    let mut flags = conversion.flags;
    let mut width = match conversion.width {
        Some(Count::Fixed(width)) => Some((width as usize).min(MAX_WIDTH)),
        Some(Count::FromArgument) => {
            let value = args.next().unwrap_or(0) as i32;
            if value < 0 {
                // A negative `*` width means left-justified.
                flags.left = true;
            }
            Some((value.unsigned_abs() as usize).min(MAX_WIDTH))
        }
        None => None,
    };
    let precision = match conversion.precision {
        Some(Count::Fixed(precision)) => Some((precision as usize).min(MAX_WIDTH)),
        Some(Count::FromArgument) => {
            let value = args.next().unwrap_or(0) as i32;
            // A negative precision is as if none were given.
            (value >= 0).then_some((value as usize).min(MAX_WIDTH))
        }
        None => None,
    };
    if conversion.specifier == b'%' {
        out.push(b'%');
        return Ok(());
    }
    let raw = args.next().unwrap_or(0);
    let value = match conversion.length {
        Length::Char => {
            if conversion.specifier == b'd' || conversion.specifier == b'i' {
                raw as u8 as i8 as i32 as u32
            } else {
                raw & 0xff
            }
        }
        Length::Short => {
            if conversion.specifier == b'd' || conversion.specifier == b'i' {
                raw as u16 as i16 as i32 as u32
            } else {
                raw & 0xffff
            }
        }
        Length::Default | Length::Long | Length::Size => raw,
    };
    let (sign, mut digits, prefix): (&[u8], Vec<u8>, &[u8]) = match conversion.specifier {
        b'd' | b'i' => {
            let signed = value as i32;
            let sign: &[u8] = if signed < 0 {
                b"-"
            } else if flags.plus {
                b"+"
            } else if flags.space {
                b" "
            } else {
                b""
            };
            (sign, signed.unsigned_abs().to_string().into_bytes(), b"")
        }
        b'u' => (b"", value.to_string().into_bytes(), b""),
        b'x' => (
            b"",
            format!("{value:x}").into_bytes(),
            if flags.alternate && value != 0 {
                b"0x"
            } else {
                b""
            },
        ),
        b'X' => (
            b"",
            format!("{value:X}").into_bytes(),
            if flags.alternate && value != 0 {
                b"0X"
            } else {
                b""
            },
        ),
        b'o' => {
            let mut digits = format!("{value:o}").into_bytes();
            if flags.alternate && digits[0] != b'0' {
                digits.insert(0, b'0');
            }
            (b"", digits, b"")
        }
        b'p' => {
            if value == 0 {
                pad(out, b"(nil)", width, flags.left, false);
                return Ok(());
            }
            (b"", format!("{value:x}").into_bytes(), b"0x")
        }
        b'c' => {
            pad(out, &[value as u8], width, flags.left, false);
            return Ok(());
        }
        b's' => {
            let text = if value == 0 {
                // glibc prints "(null)" for a null %s (when the precision allows it all).
                if precision.is_some_and(|p| p < 6) {
                    Vec::new()
                } else {
                    b"(null)".to_vec()
                }
            } else {
                args.string(value, precision)?
            };
            pad(out, &text, width, flags.left, false);
            return Ok(());
        }
        _ => return Ok(()),
    };
    // Precision: the minimum number of digits (".0" with a zero value prints none).
    if let Some(precision) = precision {
        if precision == 0 && digits == b"0" {
            digits.clear();
            if conversion.specifier == b'o' && flags.alternate {
                digits.push(b'0');
            }
        }
        while digits.len() < precision {
            digits.insert(0, b'0');
        }
    }
    let mut body = Vec::new();
    body.extend_from_slice(sign);
    body.extend_from_slice(prefix);
    // The 0 flag pads with zeros after the sign, unless a precision is given or '-' is.
    let zero_pad = flags.zero && !flags.left && precision.is_none();
    if zero_pad && let Some(w) = width {
        let len = body.len() + digits.len();
        if len < w {
            body.extend(std::iter::repeat_n(b'0', w - len));
        }
        width = None;
    }
    body.extend_from_slice(&digits);
    pad(out, &body, width, flags.left, false);
    Ok(())
}

fn pad(out: &mut Vec<u8>, text: &[u8], width: Option<usize>, left: bool, _zero: bool) {
    let fill = width.map_or(0, |w| w.saturating_sub(text.len()));
    if !left {
        out.extend(std::iter::repeat_n(b' ', fill));
    }
    out.extend_from_slice(text);
    if left {
        out.extend(std::iter::repeat_n(b' ', fill));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    struct Values(Vec<u32>, Vec<(u32, Vec<u8>)>);

    impl Arguments for Values {
        type Error = ();
        fn next(&mut self) -> Option<u32> {
            (!self.0.is_empty()).then(|| self.0.remove(0))
        }
        fn string(&mut self, addr: u32, precision: Option<usize>) -> Result<Vec<u8>, ()> {
            let text = self
                .1
                .iter()
                .find(|(a, _)| *a == addr)
                .map(|(_, t)| t.clone())
                .unwrap_or_default();
            Ok(text[..precision.unwrap_or(text.len()).min(text.len())].to_vec())
        }
    }

    fn printf(fmt: &str, args: &[u32]) -> String {
        let mut values = Values(args.to_vec(), vec![(0x100, b"hello".to_vec())]);
        String::from_utf8(format(fmt.as_bytes(), &mut values).unwrap()).unwrap()
    }

    /// Expected strings are what glibc's printf prints (checked with gcc -m32).
    #[test]
    fn conversions_as_glibc_prints_them() {
        assert_eq!(
            printf(
                "%d|%5d|%-5d|%05d",
                &[42, (-42i32) as u32, 7, (-7i32) as u32]
            ),
            "42|  -42|7    |-0007"
        );
        assert_eq!(printf("%+d % d %u", &[5, 5, u32::MAX]), "+5  5 4294967295");
        assert_eq!(
            printf("%x %X %#x %#o %o", &[255, 255, 255, 8, 0]),
            "ff FF 0xff 010 0"
        );
        assert_eq!(printf("%.3d|%.0d|%8.3d", &[7, 0, 5]), "007||     005");
        assert_eq!(
            printf("%c%c|%3c", &[b'h' as u32, b'i' as u32, b'x' as u32]),
            "hi|  x"
        );
        assert_eq!(
            printf("%s|%.2s|%8s|%-8s|", &[0x100, 0x100, 0x100, 0x100]),
            "hello|he|   hello|hello   |"
        );
        assert_eq!(printf("%p %p", &[0x804a000, 0]), "0x804a000 (nil)");
        assert_eq!(printf("%*d|%-*d|%%", &[4, 1, 4, 2]), "   1|2   |%");
        assert_eq!(
            printf("%hhd %hu %ld %zu", &[0x1ff, 0x1ffff, 3, 4]),
            "-1 65535 3 4"
        );
        assert_eq!(printf("%s", &[0]), "(null)");
    }
}
