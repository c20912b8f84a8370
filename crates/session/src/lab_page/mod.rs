//! The lab page (`lab.html`): an operation list compared across allocation policies, and a
//! reference string compared across replacement policies, side by side. What the learner
//! typed is kept as typed ([`AllocatorLabForm`], [`PagingLabForm`]); the comparisons are
//! plain data built from the runs of `heap_lab` and `paging_lab`, one column per policy and
//! one row per operation or reference; [`query`] is the page address that holds the inputs.
//!
//! Bad input is never a panic: every problem comes back as a message that names the field.

pub mod allocator;
pub mod paging;
pub mod query;

pub use allocator::{AllocatorComparison, AllocatorLabForm, HeapRules, compare_allocators};
pub use paging::{PagingComparison, PagingLabForm, PagingRules, compare_paging};
pub use query::LabInputs;

/// The most operations or references the page compares (the CLI takes longer lists): each
/// is a table row in every column.
pub const MAX_ROWS: usize = 1000;

/// A whole number typed into a field: decimal, negative, or `0x` hexadecimal. The error
/// names the field by its label.
pub(crate) fn parse_number(label: &str, text: &str) -> Result<i64, String> {
    let trimmed = text.trim();
    let (negative, digits) = match trimmed.strip_prefix('-') {
        Some(rest) => (true, rest),
        None => (false, trimmed),
    };
    let parsed = match digits
        .strip_prefix("0x")
        .or_else(|| digits.strip_prefix("0X"))
    {
        Some(hex) if !hex.is_empty() => i64::from_str_radix(hex, 16).ok(),
        Some(_) => None,
        None if !digits.is_empty() && digits.bytes().all(|b| b.is_ascii_digit()) => {
            digits.parse::<i64>().ok()
        }
        None => None,
    };
    match parsed {
        Some(n) if negative => Ok(-n),
        Some(n) => Ok(n),
        None if trimmed.is_empty() => Err(format!("{label}: enter a whole number")),
        None => Err(format!(
            "{label}: `{trimmed}` is not a whole number (decimal, or hex such as 0x1000)"
        )),
    }
}

/// A number field that must fit in `T` (an unsigned size or address, say).
pub(crate) fn parse_in_range<T: TryFrom<i64>>(
    label: &str,
    text: &str,
    range: &str,
) -> Result<T, String> {
    let n = parse_number(label, text)?;
    T::try_from(n).map_err(|_| format!("{label}: {n} is out of range ({range})"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_are_decimal_negative_or_hex_and_errors_name_the_field() {
        assert_eq!(parse_number("size", " 100 "), Ok(100));
        assert_eq!(parse_number("align", "-1"), Ok(-1));
        assert_eq!(parse_number("base", "0x1000"), Ok(4096));
        assert_eq!(
            parse_number("size", "ten"),
            Err("size: `ten` is not a whole number (decimal, or hex such as 0x1000)".into())
        );
        assert_eq!(
            parse_number("size", ""),
            Err("size: enter a whole number".into())
        );
        assert!(parse_number("size", "0x").is_err());
        assert!(parse_number("size", "99999999999999999999").is_err());
        assert_eq!(parse_in_range::<u32>("frames", "3", "1 to 9"), Ok(3));
        assert_eq!(
            parse_in_range::<u32>("frames", "-3", "0 to 4294967295"),
            Err("frames: -3 is out of range (0 to 4294967295)".into())
        );
    }
}
