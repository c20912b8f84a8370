//! Numbers with a fixed count of decimal places, written as `format!("{:.n}")` writes them
//! but with integer arithmetic: Rust's float formatting (core::fmt::float and flt2dec)
//! costs the bundle about 11 KiB, and the charts write thousands of coordinates a draw.

use std::fmt::{self, Write};

/// `value` to `places` decimal places, for `format!` (`{}`): `fixed(2.345, 1)` is `2.3`.
pub fn fixed(value: f64, places: u32) -> Fixed {
    Fixed { value, places }
}

/// A number and its decimal places, written by [`fixed`].
#[derive(Clone, Copy, Debug)]
pub struct Fixed {
    value: f64,
    places: u32,
}

/// Places written at most: 10^4 times a 53-bit mantissa still fits the u128 arithmetic.
const MAX_PLACES: u32 = 4;

/// The largest magnitude written exactly (the largest f64 below 2^64), so the whole part
/// fits a u64; beyond it (no view shows a number that big: they count in u64) a number is
/// written as this.
const MAX_MAGNITUDE: f64 = 18_446_744_073_709_549_568.0;

impl Fixed {
    /// Appends the number to `out`: how a chart's path, thousands of numbers long, is built
    /// without a trip through `core::fmt` per number.
    pub fn push_to(self, out: &mut String) {
        let mut buffer = [0u8; TEXT_MAX];
        // ASCII only, so each byte is a char (no UTF-8 check to link in).
        out.extend(self.text(&mut buffer).iter().map(|&byte| char::from(byte)));
    }

    /// The number's text in ASCII, written from the end of `buffer`.
    fn text(self, buffer: &mut [u8; TEXT_MAX]) -> &[u8] {
        let value = self.value;
        if value.is_nan() {
            return b"NaN";
        }
        let negative = value.is_sign_negative();
        if value.is_infinite() {
            return if negative { b"-inf" } else { b"inf" };
        }
        let places = self.places.min(MAX_PLACES);
        let unit = 10u128.pow(places);
        let scaled = scaled(value.abs().min(MAX_MAGNITUDE), places);
        let mut at = TEXT_MAX;
        let mut put = |digit: u8| {
            at -= 1;
            buffer[at] = digit;
        };
        let mut fraction = (scaled % unit) as u64;
        for _ in 0..places {
            put(b'0' + (fraction % 10) as u8);
            fraction /= 10;
        }
        if places > 0 {
            put(b'.');
        }
        let mut whole = (scaled / unit) as u64;
        loop {
            put(b'0' + (whole % 10) as u8);
            whole /= 10;
            if whole == 0 {
                break;
            }
        }
        if negative {
            // As `{:.n}` does, a negative number keeps its sign even when it rounds to 0.
            put(b'-');
        }
        &buffer[at..]
    }
}

/// The longest text: a sign, 20 digits of a u64, the point and [`MAX_PLACES`].
const TEXT_MAX: usize = 1 + 20 + 1 + MAX_PLACES as usize;

impl fmt::Display for Fixed {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut buffer = [0u8; TEXT_MAX];
        for &byte in self.text(&mut buffer) {
            f.write_char(char::from(byte))?;
        }
        Ok(())
    }
}

/// `magnitude` × 10^`places`, rounded to the nearest integer, ties to even, computed from
/// the float's exact binary value (mantissa × 2^exponent), as `{:.n}` rounds.
fn scaled(magnitude: f64, places: u32) -> u128 {
    let bits = magnitude.to_bits();
    let biased = ((bits >> 52) & 0x7ff) as i32;
    let fraction = bits & ((1 << 52) - 1);
    let (mantissa, exponent) = if biased == 0 {
        (fraction, -1074)
    } else {
        (fraction | 1 << 52, biased - 1075)
    };
    // Below 2^53 × 10^4, so below 2^67.
    let product = u128::from(mantissa) * 10u128.pow(places);
    if exponent >= 0 {
        // A whole number below 2^64 (MAX_MAGNITUDE): at most 11 places to shift.
        return product << exponent;
    }
    let down = exponent.unsigned_abs();
    if down > 68 {
        // Less than half of one unit of the last place.
        return 0;
    }
    let quotient = product >> down;
    let remainder = product & ((1u128 << down) - 1);
    let half = 1u128 << (down - 1);
    let round_up = remainder > half || (remainder == half && quotient & 1 == 1);
    quotient + u128::from(round_up)
}

// Native only, as proptest is (see Cargo.toml).
#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use super::fixed;
    use proptest::prelude::*;

    fn std_format(value: f64, places: u32) -> String {
        format!("{value:.*}", places as usize)
    }

    #[test]
    fn writes_what_std_writes_at_the_awkward_values() {
        for value in [
            0.0,
            -0.0,
            0.05,
            0.25,
            0.125,
            0.375,
            1.005,
            2.5,
            3.5,
            -2.5,
            -0.04,
            0.45,
            99.95,
            99.995,
            1e-300,
            5e-324,
            123456.78125,
            4503599627370495.5,
            1e19,
            1.5e15,
        ] {
            for places in 0..=4 {
                assert_eq!(
                    fixed(value, places).to_string(),
                    std_format(value, places),
                    "{value} to {places} places"
                );
            }
        }
        assert_eq!(fixed(f64::NAN, 1).to_string(), "NaN");
        assert_eq!(fixed(f64::INFINITY, 1).to_string(), "inf");
        assert_eq!(fixed(f64::NEG_INFINITY, 1).to_string(), "-inf");
        let mut path = String::from("M");
        fixed(-1.25, 1).push_to(&mut path);
        assert_eq!(path, "M-1.2");
    }

    proptest! {
        /// Chart coordinates and labels (pixels, counts, percentages), any places used.
        #[test]
        fn writes_what_std_writes(value in -1e12f64..1e12, places in 0u32..=4) {
            prop_assert_eq!(fixed(value, places).to_string(), std_format(value, places));
        }

        /// Exact halves of the last place, where rounding ties go to the even digit.
        #[test]
        fn rounds_ties_as_std_does(whole in 0i64..1_000_000, places in 0u32..=3) {
            let value = whole as f64 / 10f64.powi(places as i32) + 0.5 / 10f64.powi(places as i32);
            prop_assert_eq!(fixed(value, places).to_string(), std_format(value, places));
        }

        /// Every count the views show converts to a float below 2^64.
        #[test]
        fn writes_big_counts_as_std_does(count in any::<u64>(), places in 0u32..=4) {
            let value = (count as f64).min(18_446_744_073_709_549_568.0);
            prop_assert_eq!(fixed(value, places).to_string(), std_format(value, places));
        }
    }
}
