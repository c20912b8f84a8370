//! Address-translation exercises: given the hardware's registers or tables and a list of
//! virtual addresses, work out each physical address, or say why there is none.
//!
//! The four schemes follow the virtual-memory chapters of *Operating Systems: Three Easy
//! Pieces* and give the same answers as that book's homework simulators:
//! - [`base_bounds`]: one base and one limit register for the whole address space
//!   (vm-mechanism/relocation.py);
//! - [`segmentation`]: two segments, code and heap growing up, the stack growing down
//!   (vm-segmentation/segmentation.py);
//! - [`linear`]: a one-level page table of 32-bit entries (vm-paging/paging-linear-translate.py);
//! - [`multilevel`]: a two-level page table held in a dump of physical memory
//!   (vm-smalltables/paging-multilevel-translate.py).
//!
//! Settings are checked when a translator is built, so every error names the bad setting;
//! a virtual address outside the address space is an error too, naming the address.
//! Nothing here panics, whatever the numbers.

pub mod base_bounds;
pub mod linear;
pub mod multilevel;
pub mod segmentation;

use std::fmt;

/// A setting or an input the exercise cannot be worked with, and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TranslateError {
    /// The setting or input at fault, as the command line spells it (`page-size`, `va`).
    pub setting: String,
    pub message: String,
}

impl TranslateError {
    pub fn new(setting: impl Into<String>, message: impl Into<String>) -> TranslateError {
        TranslateError {
            setting: setting.into(),
            message: message.into(),
        }
    }
}

impl fmt::Display for TranslateError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "--{}: {}", self.setting, self.message)
    }
}

impl std::error::Error for TranslateError {}

/// Parses a size the way the OSTEP simulators do, plus hex: `1024`, `1k`, `16K`, `1m`, `1g`
/// (powers of 1024), or `0x400`. `setting` names the flag in the error.
pub fn parse_size(setting: &str, text: &str) -> Result<u64, TranslateError> {
    let trimmed = text.trim();
    let (digits, multiplier) = match trimmed.char_indices().last() {
        Some((at, 'k' | 'K')) => (&trimmed[..at], 1u64 << 10),
        Some((at, 'm' | 'M')) => (&trimmed[..at], 1 << 20),
        Some((at, 'g' | 'G')) => (&trimmed[..at], 1 << 30),
        _ => (trimmed, 1),
    };
    let bad = || {
        TranslateError::new(
            setting,
            format!("expected a size like 1024, 0x400, 16k or 1m, not `{text}`"),
        )
    };
    let number = parse_number(digits).ok_or_else(bad)?;
    number
        .checked_mul(multiplier)
        .ok_or_else(|| TranslateError::new(setting, format!("`{text}` is too large")))
}

/// A whole number, decimal or `0x` hexadecimal; `None` for anything else.
pub fn parse_number(text: &str) -> Option<u64> {
    let text = text.trim();
    match text.strip_prefix("0x").or_else(|| text.strip_prefix("0X")) {
        Some(hex) if !hex.is_empty() && !hex.starts_with('+') => u64::from_str_radix(hex, 16).ok(),
        Some(_) => None,
        None if !text.starts_with('+') => text.parse().ok(),
        None => None,
    }
}

/// Parses a comma-separated list of virtual addresses, decimal or hex: `430,523`, `0x3229`.
pub fn parse_addresses(text: &str) -> Result<Vec<u64>, TranslateError> {
    if text.trim().is_empty() {
        return Err(TranslateError::new(
            "va",
            "no virtual addresses given (e.g. --va 430,0x20b)",
        ));
    }
    text.split(',')
        .enumerate()
        .map(|(i, item)| {
            parse_number(item).ok_or_else(|| {
                TranslateError::new(
                    "va",
                    format!(
                        "address {} `{}` is not a number (decimal or 0x hex)",
                        i + 1,
                        item.trim()
                    ),
                )
            })
        })
        .collect()
}

/// Checks that `va` lies in an address space of `size` bytes.
fn check_in_address_space(va: u64, size: u64) -> Result<(), TranslateError> {
    if va < size {
        Ok(())
    } else {
        Err(TranslateError::new(
            "va",
            format!(
                "virtual address {va} ({va:#x}) is outside the {} address space (0 to {})",
                describe_size(size),
                size.saturating_sub(1)
            ),
        ))
    }
}

/// The number of bits in `size` when it is a power of two (a page size, an address space).
fn power_of_two_bits(setting: &str, size: u64) -> Result<u32, TranslateError> {
    if size.is_power_of_two() {
        Ok(size.trailing_zeros())
    } else {
        Err(TranslateError::new(
            setting,
            format!("{size} is not a power of two"),
        ))
    }
}

/// A size as a learner writes it: `16k (16384 bytes)`, or `100 bytes`.
pub fn describe_size(size: u64) -> String {
    const UNITS: [(u64, &str); 3] = [(1 << 30, "g"), (1 << 20, "m"), (1 << 10, "k")];
    match UNITS
        .iter()
        .find(|(unit, _)| size >= *unit && size.is_multiple_of(*unit))
    {
        Some((unit, suffix)) => format!("{}{suffix} ({size} bytes)", size / unit),
        None => format!("{size} bytes"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sizes_take_the_simulators_suffixes_and_hex() {
        assert_eq!(parse_size("asize", "1k"), Ok(1024));
        assert_eq!(parse_size("asize", "16K"), Ok(16384));
        assert_eq!(parse_size("asize", "1m"), Ok(1 << 20));
        assert_eq!(parse_size("asize", "2g"), Ok(2 << 30));
        assert_eq!(parse_size("asize", "472"), Ok(472));
        assert_eq!(parse_size("asize", "0x400"), Ok(1024));
        assert_eq!(parse_size("asize", "0x4k"), Ok(4096));
    }

    #[test]
    fn bad_sizes_name_the_setting() {
        for bad in [
            "",
            "k",
            "-1",
            "+4",
            "1.5k",
            "0x",
            "12q",
            "99999999999999999999",
        ] {
            let error = parse_size("page-size", bad).unwrap_err();
            assert_eq!(error.setting, "page-size", "{bad}");
        }
        let error = parse_size("asize", "99999999999g").unwrap_err();
        assert!(error.message.contains("too large"), "{error}");
    }

    #[test]
    fn address_lists_mix_decimal_and_hex() {
        assert_eq!(
            parse_addresses("430, 523,0x3229"),
            Ok(vec![430, 523, 0x3229])
        );
        let error = parse_addresses("1,,2").unwrap_err();
        assert_eq!(
            error.to_string(),
            "--va: address 2 `` is not a number (decimal or 0x hex)"
        );
        assert!(parse_addresses(" ").is_err());
    }

    #[test]
    fn sizes_are_described_in_the_units_a_learner_uses() {
        assert_eq!(describe_size(16384), "16k (16384 bytes)");
        assert_eq!(describe_size(1 << 20), "1m (1048576 bytes)");
        assert_eq!(describe_size(100), "100 bytes");
        assert_eq!(describe_size(0), "0 bytes");
    }

    #[test]
    fn addresses_beyond_the_space_are_errors() {
        assert!(check_in_address_space(1023, 1024).is_ok());
        let error = check_in_address_space(1024, 1024).unwrap_err();
        assert_eq!(
            error.to_string(),
            "--va: virtual address 1024 (0x400) is outside the 1k (1024 bytes) address space \
             (0 to 1023)"
        );
    }
}
