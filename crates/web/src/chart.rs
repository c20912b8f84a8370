//! The arithmetic of a line chart, apart from the DOM so it is tested on the host: linear
//! scales, "nice" tick values (steps of 1, 2 or 5 times a power of ten, or of 1024 for
//! bytes), tick labels, SVG path data for a line with gaps, and which points get a marker.

use crate::fixed::fixed;

/// What a chart's axis counts, for its ticks and labels.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Unit {
    /// Plain counts (steps, frames, faults): 0, 500, 1k, 1.5M.
    Count,
    /// Bytes: ticks at round numbers of B, KiB or MiB.
    Bytes,
    /// A fraction from 0 to 1, labelled as a percentage.
    Fraction,
}

/// Maps a domain of values onto a range of SVG user units.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Scale {
    pub domain: (f64, f64),
    pub range: (f64, f64),
}

impl Scale {
    pub fn new(domain: (f64, f64), range: (f64, f64)) -> Scale {
        Scale { domain, range }
    }

    pub fn map(&self, value: f64) -> f64 {
        let (d0, d1) = self.domain;
        let (r0, r1) = self.range;
        if d1 == d0 {
            return r0;
        }
        r0 + (value - d0) / (d1 - d0) * (r1 - r0)
    }
}

/// An axis: its domain (from 0, or from the smallest value) and its ticks inside it.
#[derive(Debug, Clone, PartialEq)]
pub struct Axis {
    pub min: f64,
    pub max: f64,
    pub ticks: Vec<f64>,
    pub unit: Unit,
}

impl Axis {
    /// An axis over `min..=max` with about `wanted` ticks, widened to the nice ticks
    /// around it. A fraction's axis is always 0 to 1.
    pub fn new(min: f64, max: f64, unit: Unit, wanted: usize) -> Axis {
        if unit == Unit::Fraction {
            return Axis {
                min: 0.0,
                max: 1.0,
                ticks: vec![0.0, 0.25, 0.5, 0.75, 1.0],
                unit,
            };
        }
        let (min, max) = if max > min {
            (min, max)
        } else {
            (min, min + 1.0)
        };
        let step = nice_step((max - min) / wanted.max(1) as f64, unit);
        let low = (min / step).floor() * step;
        let high = (max / step).ceil() * step;
        let count = ((high - low) / step).round() as usize;
        let ticks = (0..=count).map(|i| low + step * i as f64).collect();
        Axis {
            min: low,
            max: high,
            ticks,
            unit,
        }
    }

    /// An axis over exactly `min..=max` (a time axis ends at the last step, not at the
    /// next round number), its ticks the nice values inside.
    pub fn spanning(min: f64, max: f64, unit: Unit, wanted: usize) -> Axis {
        let max = if max > min { max } else { min + 1.0 };
        let step = nice_step((max - min) / wanted.max(1) as f64, unit);
        let first = (min / step).ceil() as i64;
        let last = (max / step).floor() as i64;
        Axis {
            min,
            max,
            ticks: (first..=last).map(|i| i as f64 * step).collect(),
            unit,
        }
    }

    pub fn label(&self, value: f64) -> String {
        tick_label(value, self.unit)
    }
}

/// The smallest step of 1, 2 or 5 times a power of ten (of two for bytes past 1 KiB)
/// that is at least `raw`.
fn nice_step(raw: f64, unit: Unit) -> f64 {
    if raw <= 0.0 || !raw.is_finite() {
        return 1.0;
    }
    if unit == Unit::Bytes && raw >= 512.0 {
        // Powers of two read well in KiB and MiB: 1, 2, 4, 8, ... KiB.
        return 2f64.powi(raw.log2().ceil() as i32);
    }
    let power = 10f64.powi(raw.log10().floor() as i32);
    [1.0, 2.0, 5.0, 10.0]
        .into_iter()
        .map(|m| m * power)
        .find(|&step| step >= raw * (1.0 - 1e-9))
        .unwrap_or(10.0 * power)
        .max(1.0)
}

/// A tick's label: short (1.5k, 2M, 8 KiB, 25%).
pub fn tick_label(value: f64, unit: Unit) -> String {
    match unit {
        Unit::Fraction => format!("{}%", fixed(value * 100.0, 0)),
        Unit::Bytes => bytes_label(value),
        Unit::Count => count_label(value),
    }
}

fn trimmed(value: f64) -> String {
    let text = fixed(value, 1).to_string();
    text.strip_suffix(".0").unwrap_or(&text).to_string()
}

fn count_label(value: f64) -> String {
    let magnitude = value.abs();
    if magnitude >= 1e6 {
        format!("{}M", trimmed(value / 1e6))
    } else if magnitude >= 1e3 {
        format!("{}k", trimmed(value / 1e3))
    } else {
        trimmed(value)
    }
}

fn bytes_label(value: f64) -> String {
    let magnitude = value.abs();
    if magnitude >= f64::from(1u32 << 20) {
        format!("{} MiB", trimmed(value / f64::from(1u32 << 20)))
    } else if magnitude >= 1024.0 {
        format!("{} KiB", trimmed(value / 1024.0))
    } else {
        format!("{} B", trimmed(value))
    }
}

/// SVG path data through the points in order, in user units; a `None` value leaves the
/// point out and the line joins its neighbours (an unmeasured point is unknown, not 0).
pub fn path_data(points: &[(f64, Option<f64>)], x: &Scale, y: &Scale) -> String {
    let mut data = String::with_capacity(points.len() * 14);
    for (x_value, y_value) in points {
        let Some(y_value) = y_value else { continue };
        let command = if data.is_empty() { 'M' } else { 'L' };
        data.push(command);
        fixed(x.map(*x_value), 1).push_to(&mut data);
        data.push(' ');
        fixed(y.map(*y_value), 1).push_to(&mut data);
    }
    data
}

/// Indices of about `wanted` points spread evenly over `len`: where a line's markers go,
/// so each line is told apart by its shape and not only by colour, without a thousand
/// markers on a thousand points. `phase` (0 to 1) shifts them along by that part of the
/// gap between two, so the markers of lines that run together do not sit on each other.
pub fn marker_indices(len: usize, wanted: usize, phase: f64) -> Vec<usize> {
    if len == 0 || wanted == 0 {
        return Vec::new();
    }
    if len <= wanted {
        return (0..len).collect();
    }
    let gap = (len - 1) as f64 / wanted as f64;
    let mut indices: Vec<usize> = (0..wanted)
        .map(|i| ((i as f64 + phase.clamp(0.0, 1.0)) * gap).round() as usize)
        .map(|i| i.min(len - 1))
        .collect();
    indices.dedup();
    indices
}

/// Dash patterns of the lines, by line index: each line is told apart by its dashes and
/// its marker shape as well as by its colour.
pub const DASHES: [&str; 6] = ["none", "7 3", "2 3", "9 3 2 3", "14 4", "3 2 3 7"];

/// SVG path data of line `style`'s marker centred on `(x, y)`: a circle, square,
/// triangle, diamond, cross or plus.
pub fn marker_path(style: usize, x: f64, y: f64) -> String {
    // Coordinates to a tenth of a user unit.
    let at = |value: f64| fixed(value, 1);
    match style % 6 {
        0 => format!(
            "M{} {}a3.5 3.5 0 1 0 7 0a3.5 3.5 0 1 0 -7 0",
            at(x - 3.5),
            at(y)
        ),
        1 => format!("M{} {}h6v6h-6Z", at(x - 3.0), at(y - 3.0)),
        2 => format!(
            "M{} {}L{} {}L{} {}Z",
            at(x),
            at(y - 4.5),
            at(x + 4.0),
            at(y + 3.0),
            at(x - 4.0),
            at(y + 3.0)
        ),
        3 => format!(
            "M{} {}L{} {}L{} {}L{} {}Z",
            at(x),
            at(y - 4.5),
            at(x + 4.5),
            at(y),
            at(x),
            at(y + 4.5),
            at(x - 4.5),
            at(y)
        ),
        4 => format!(
            "M{} {}L{} {}M{} {}L{} {}",
            at(x - 3.5),
            at(y - 3.5),
            at(x + 3.5),
            at(y + 3.5),
            at(x + 3.5),
            at(y - 3.5),
            at(x - 3.5),
            at(y + 3.5)
        ),
        _ => format!(
            "M{} {}H{}M{} {}V{}",
            at(x - 4.5),
            at(y),
            at(x + 4.5),
            at(x),
            at(y - 4.5),
            at(y + 4.5)
        ),
    }
}

/// The point nearest to `x` (by position in a list sorted by x), for a readout of the
/// values at the step shown.
pub fn nearest_index(xs: impl Iterator<Item = f64>, x: f64) -> Option<usize> {
    xs.enumerate()
        .min_by(|(_, a), (_, b)| (a - x).abs().total_cmp(&(b - x).abs()))
        .map(|(i, _)| i)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scales_map_ends_to_ends() {
        let scale = Scale::new((0.0, 10.0), (40.0, 440.0));
        assert_eq!(scale.map(0.0), 40.0);
        assert_eq!(scale.map(10.0), 440.0);
        assert_eq!(scale.map(5.0), 240.0);
        let flipped = Scale::new((0.0, 4.0), (200.0, 0.0));
        assert_eq!(flipped.map(1.0), 150.0);
        assert_eq!(Scale::new((3.0, 3.0), (1.0, 9.0)).map(3.0), 1.0);
    }

    #[test]
    fn count_ticks_are_one_two_five_steps_covering_the_data() {
        let axis = Axis::new(0.0, 9_730.0, Unit::Count, 5);
        assert_eq!(
            axis.ticks,
            vec![0.0, 2000.0, 4000.0, 6000.0, 8000.0, 10_000.0]
        );
        assert_eq!((axis.min, axis.max), (0.0, 10_000.0));
        let small = Axis::new(0.0, 3.0, Unit::Count, 5);
        assert_eq!(
            small.ticks,
            vec![0.0, 1.0, 2.0, 3.0],
            "no fractional frames"
        );
        let flat = Axis::new(0.0, 0.0, Unit::Count, 5);
        assert_eq!(flat.ticks, vec![0.0, 1.0]);
        let shifted = Axis::new(120.0, 180.0, Unit::Count, 4);
        assert!(shifted.min <= 120.0 && shifted.max >= 180.0);
        assert_eq!(shifted.ticks.first(), Some(&shifted.min));
    }

    #[test]
    fn byte_ticks_are_powers_of_two_past_a_kibibyte() {
        let axis = Axis::new(0.0, 12_288.0, Unit::Bytes, 4);
        assert_eq!(axis.ticks, vec![0.0, 4096.0, 8192.0, 12_288.0]);
        let labels: Vec<String> = axis.ticks.iter().map(|&t| axis.label(t)).collect();
        assert_eq!(labels, ["0 B", "4 KiB", "8 KiB", "12 KiB"]);
        assert_eq!(tick_label(3.0 * 1048576.0, Unit::Bytes), "3 MiB");
        assert_eq!(tick_label(300.0, Unit::Bytes), "300 B");
    }

    #[test]
    fn labels_are_short() {
        assert_eq!(tick_label(1500.0, Unit::Count), "1.5k");
        assert_eq!(tick_label(2_000_000.0, Unit::Count), "2M");
        assert_eq!(tick_label(40.0, Unit::Count), "40");
        assert_eq!(tick_label(0.25, Unit::Fraction), "25%");
        let fraction = Axis::new(0.2, 0.4, Unit::Fraction, 3);
        assert_eq!((fraction.min, fraction.max), (0.0, 1.0));
    }

    #[test]
    fn paths_skip_unknown_points_and_start_with_a_move() {
        let x = Scale::new((0.0, 2.0), (0.0, 200.0));
        let y = Scale::new((0.0, 1.0), (100.0, 0.0));
        let data = path_data(&[(0.0, None), (1.0, Some(0.5)), (2.0, Some(1.0))], &x, &y);
        assert_eq!(data, "M100.0 50.0L200.0 0.0");
        assert_eq!(path_data(&[(0.0, None)], &x, &y), "");
    }

    #[test]
    fn markers_spread_over_the_line_and_shift_by_their_phase() {
        assert_eq!(
            marker_indices(5, 10, 0.5),
            vec![0, 1, 2, 3, 4],
            "few points: all"
        );
        assert_eq!(marker_indices(1025, 4, 0.0), vec![0, 256, 512, 768]);
        assert_eq!(marker_indices(1025, 4, 0.5), vec![128, 384, 640, 896]);
        assert_eq!(marker_indices(0, 5, 0.0), Vec::<usize>::new());
        assert_eq!(marker_indices(7, 1, 1.0), vec![6]);
    }

    #[test]
    fn a_spanning_axis_ends_at_the_data_and_ticks_inside() {
        let axis = Axis::spanning(0.0, 15_894.0, Unit::Count, 6);
        assert_eq!((axis.min, axis.max), (0.0, 15_894.0));
        assert_eq!(axis.ticks, vec![0.0, 5000.0, 10_000.0, 15_000.0]);
        let frames = Axis::spanning(1.0, 64.0, Unit::Count, 6);
        assert_eq!(frames.ticks, vec![20.0, 40.0, 60.0]);
        let one = Axis::spanning(1.0, 1.0, Unit::Count, 6);
        assert_eq!(
            (one.min, one.max, one.ticks.clone()),
            (1.0, 2.0, vec![1.0, 2.0])
        );
    }

    #[test]
    fn every_line_style_has_its_own_dashes_and_marker() {
        let shapes: Vec<String> = (0..6).map(|style| marker_path(style, 10.0, 10.0)).collect();
        for (i, shape) in shapes.iter().enumerate() {
            assert!(shape.starts_with('M'), "{shape}");
            assert_eq!(
                shapes.iter().filter(|s| *s == shape).count(),
                1,
                "style {i}"
            );
        }
        let mut dashes = DASHES.to_vec();
        dashes.dedup();
        assert_eq!(dashes.len(), 6);
        assert_eq!(marker_path(7, 1.0, 1.0), marker_path(1, 1.0, 1.0));
    }

    #[test]
    fn the_nearest_point_is_found_either_side() {
        let xs = [0.0, 10.0, 20.0];
        assert_eq!(nearest_index(xs.into_iter(), 14.0), Some(1));
        assert_eq!(nearest_index(xs.into_iter(), 16.0), Some(2));
        assert_eq!(nearest_index(xs.into_iter(), 99.0), Some(2));
        assert_eq!(nearest_index(std::iter::empty(), 1.0), None);
    }
}
