//! What each plot of the Plots view draws and says, from the session's plain data: the
//! lines of the time plots and of Belady's curve, and the sentences of their descriptions
//! (what a screen reader reads for the chart). Pure, tested on the host.

use memplay_session::plots::{BeladyCurve, PolicyCurve, Sample, TimeSeries};

use crate::chart::{Unit, tick_label};
use crate::components::views::line_chart::ChartLine;

fn line(label: &str, series: &TimeSeries, value: impl Fn(&Sample) -> Option<f64>) -> ChartLine {
    ChartLine {
        label: label.to_string(),
        points: series
            .points
            .iter()
            .map(|p| (p.step as f64, value(p)))
            .collect(),
        highlights: Vec::new(),
    }
}

/// Heap size and live bytes over time.
pub fn heap_lines(series: &TimeSeries) -> Vec<ChartLine> {
    vec![
        line("heap size (break − start)", series, |p| {
            Some(f64::from(p.heap_bytes))
        }),
        line("live bytes (asked for, not freed)", series, |p| {
            Some(p.live_bytes as f64)
        }),
    ]
}

/// External fragmentation over time, where it was measured.
pub fn fragmentation_lines(series: &TimeSeries) -> Vec<ChartLine> {
    vec![line("external fragmentation", series, |p| {
        p.external_fragmentation
    })]
}

/// Stack depth over time.
pub fn stack_lines(series: &TimeSeries) -> Vec<ChartLine> {
    vec![
        line("frames on all stacks", series, |p| {
            Some(f64::from(p.stack_frames))
        }),
        line("deepest stack since the point before", series, |p| {
            Some(f64::from(p.deepest_frames))
        }),
    ]
}

/// Whether a policy's anomalies say something about the policy: Random's curve wobbles
/// with its random choices, so its rises are not ringed.
fn rings_anomalies(policy: &PolicyCurve) -> bool {
    policy.policy != "random"
}

/// One line per policy: faults against frames, its anomalies ringed.
pub fn belady_lines(curve: &BeladyCurve) -> Vec<ChartLine> {
    curve
        .curves
        .iter()
        .map(|policy| ChartLine {
            label: policy.label.clone(),
            points: curve
                .frames
                .iter()
                .zip(&policy.faults)
                .map(|(&frames, &faults)| (frames as f64, Some(faults as f64)))
                .collect(),
            highlights: if rings_anomalies(policy) {
                policy.anomalies.iter().map(|&f| f as f64).collect()
            } else {
                Vec::new()
            },
        })
        .collect()
}

/// The steps the series covers, in words.
fn span(series: &TimeSeries) -> String {
    let last = series.points.last().map_or(0, |p| p.step);
    format!(
        "{} points over steps 0 to {last} (a point every {} steps)",
        series.points.len(),
        series.spacing
    )
}

/// The largest value of a series and where it is reached.
fn peak(series: &TimeSeries, value: impl Fn(&Sample) -> Option<f64>) -> Option<(f64, u64)> {
    series
        .points
        .iter()
        .filter_map(|p| value(p).map(|v| (v, p.step)))
        .fold(None, |best: Option<(f64, u64)>, (v, step)| match best {
            Some((top, _)) if top >= v => best,
            _ => Some((v, step)),
        })
}

fn peak_text(series: &TimeSeries, unit: Unit, value: impl Fn(&Sample) -> Option<f64>) -> String {
    match peak(series, value) {
        Some((top, step)) => format!("at most {} (step {step})", tick_label(top, unit)),
        None => "never measured".to_string(),
    }
}

pub fn describe_heap(series: &TimeSeries) -> String {
    format!(
        "Heap size and live bytes, {}. Heap size {}; live bytes {}.",
        span(series),
        peak_text(series, Unit::Bytes, |p| Some(f64::from(p.heap_bytes))),
        peak_text(series, Unit::Bytes, |p| Some(p.live_bytes as f64)),
    )
}

pub fn describe_fragmentation(series: &TimeSeries) -> String {
    let measured = series
        .points
        .iter()
        .filter(|p| p.external_fragmentation.is_some())
        .count();
    let mut text = format!(
        "External fragmentation (1 − the largest free block / all free bytes), {}; \
         measured at {measured} of them, {}.",
        span(series),
        peak_text(series, Unit::Fraction, |p| p.external_fragmentation),
    );
    if measured < series.points.len() {
        text.push_str(
            " Points without a value were not measured: the heap's metadata was damaged, \
             or the heap changed so often that walking all its blocks at every point would \
             have slowed the run.",
        );
    }
    text
}

pub fn describe_stack(series: &TimeSeries) -> String {
    format!(
        "Stack depth in frames, {}. Frames on all stacks {}; the deepest stack between \
         two points {}.",
        span(series),
        peak_text(series, Unit::Count, |p| Some(f64::from(p.stack_frames))),
        peak_text(series, Unit::Count, |p| Some(f64::from(p.deepest_frames))),
    )
}

/// The anomalies of a curve in words, one sentence per policy that has any: the first in
/// full, with the number of others.
pub fn anomaly_sentences(curve: &BeladyCurve) -> Vec<String> {
    curve
        .curves
        .iter()
        .filter_map(|policy| {
            let &frames = policy.anomalies.first()?;
            let index = curve.frames.iter().position(|&f| f == frames)?;
            let before = *policy.faults.get(index.checked_sub(1)?)?;
            let mut sentence = format!(
                "{} faults more with {frames} frames ({}) than with {} ({before})",
                policy.label,
                policy.faults[index],
                frames - 1
            );
            match policy.anomalies.len() {
                1 => {}
                2 => sentence.push_str(", and once more further on"),
                n => sentence.push_str(&format!(", and {} times more further on", n - 1)),
            }
            sentence.push_str(if rings_anomalies(policy) {
                ": Belady's anomaly."
            } else {
                ": its victims are chosen at random, so its curve wobbles."
            });
            Some(sentence)
        })
        .collect()
}

pub fn describe_belady(curve: &BeladyCurve) -> String {
    let last = curve.frames.last().copied().unwrap_or(1);
    let ranges: Vec<String> = curve
        .curves
        .iter()
        .map(|policy| {
            let first = policy.faults.first().copied().unwrap_or(0);
            let end = policy.faults.last().copied().unwrap_or(0);
            format!("{} from {first} to {end}", policy.label)
        })
        .collect();
    let anomalies = anomaly_sentences(curve);
    let anomalies = if anomalies.is_empty() {
        "No policy faults more with more frames on this string.".to_string()
    } else {
        anomalies.join(" ")
    };
    format!(
        "Page faults against frames, 1 to {last}, for each policy: {}. {anomalies}",
        ranges.join("; ")
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample(step: u64, heap: u32, fragmentation: Option<f64>, frames: u32) -> Sample {
        Sample {
            step,
            heap_bytes: heap,
            live_bytes: u64::from(heap / 2),
            external_fragmentation: fragmentation,
            stack_frames: frames,
            deepest_frames: frames + 1,
        }
    }

    fn series() -> TimeSeries {
        TimeSeries {
            points: vec![
                sample(0, 0, Some(0.0), 1),
                sample(4, 8192, None, 3),
                sample(8, 4096, Some(0.5), 2),
            ],
            spacing: 4,
        }
    }

    #[test]
    fn time_lines_follow_the_points_and_leave_unmeasured_ones_out() {
        let series = series();
        let heap = heap_lines(&series);
        assert_eq!(heap.len(), 2);
        assert_eq!(heap[0].points[1], (4.0, Some(8192.0)));
        assert_eq!(heap[1].points[1], (4.0, Some(4096.0)));
        let fragmentation = fragmentation_lines(&series);
        assert_eq!(fragmentation[0].points[1], (4.0, None));
        let stack = stack_lines(&series);
        assert_eq!(stack[1].points[2], (8.0, Some(3.0)));
    }

    #[test]
    fn descriptions_give_the_span_and_the_peaks() {
        let series = series();
        let heap = describe_heap(&series);
        assert!(heap.contains("3 points over steps 0 to 8"), "{heap}");
        assert!(heap.contains("Heap size at most 8 KiB (step 4)"), "{heap}");
        let fragmentation = describe_fragmentation(&series);
        assert!(
            fragmentation.contains("measured at 2 of them"),
            "{fragmentation}"
        );
        assert!(
            fragmentation.contains("at most 50% (step 8)"),
            "{fragmentation}"
        );
        assert!(fragmentation.contains("not measured"));
        assert!(
            describe_stack(&series)
                .contains("the deepest stack between two points at most 4 (step 4)")
        );
    }

    #[test]
    fn the_fifo_anomaly_is_ringed_and_said() {
        let curve = BeladyCurve {
            frames: vec![1, 2, 3, 4, 5],
            curves: vec![PolicyCurve {
                policy: "fifo".into(),
                label: "FIFO".into(),
                description: String::new(),
                faults: vec![12, 12, 9, 10, 5],
                anomalies: vec![4],
            }],
            references: 12,
            accesses: 12,
            distinct_pages: 5,
            capped: false,
            note: String::new(),
        };
        let lines = belady_lines(&curve);
        assert_eq!(lines[0].highlights, vec![4.0]);
        assert_eq!(lines[0].points[3], (4.0, Some(10.0)));
        assert_eq!(
            anomaly_sentences(&curve),
            vec!["FIFO faults more with 4 frames (10) than with 3 (9): Belady's anomaly."]
        );
        let text = describe_belady(&curve);
        assert!(text.contains("1 to 5"), "{text}");
        assert!(text.contains("FIFO from 12 to 5"), "{text}");
    }

    #[test]
    fn randoms_rises_are_counted_not_ringed() {
        let curve = BeladyCurve {
            frames: vec![1, 2, 3, 4],
            curves: vec![PolicyCurve {
                policy: "random".into(),
                label: "Random".into(),
                description: String::new(),
                faults: vec![9, 10, 8, 9],
                anomalies: vec![2, 4],
            }],
            references: 12,
            accesses: 12,
            distinct_pages: 4,
            capped: false,
            note: String::new(),
        };
        assert!(belady_lines(&curve)[0].highlights.is_empty());
        assert_eq!(
            anomaly_sentences(&curve),
            vec![
                "Random faults more with 2 frames (10) than with 1 (9), and once more further \
                 on: its victims are chosen at random, so its curve wobbles."
            ]
        );
    }
}
