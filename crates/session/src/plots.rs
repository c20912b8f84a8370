//! What the Plots view draws, as plain data: the recorded run's time series (the heap's
//! size, the bytes the program holds, external fragmentation, the stacks' depth), and
//! Belady's curve of its page reference string, which a [`BeladyJob`] computes a slice at
//! a time so the app can spread the work over timer callbacks.

use memplay_paging::belady::{CURVE_POLICIES, CurveJob};
use memplay_paging::policy::{PolicyKind, PolicySettings};
use memplay_paging::reference::{RunSettings, distinct_pages};
use serde::Serialize;

pub use memplay_machine::{MAX_REFERENCES, SERIES_POINTS, Sample};

/// Frame counts a curve covers at most: 1 to this many.
pub const MAX_CURVE_FRAMES: u64 = 64;

/// The run's figures over time, at most [`SERIES_POINTS`] points and the last step.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TimeSeries {
    pub points: Vec<Sample>,
    /// Steps between two points (the last point is the last step recorded, wherever it
    /// falls).
    pub spacing: u64,
}

/// Faults against frames for each policy the curve can draw.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct BeladyCurve {
    /// The frame counts, 1 up.
    pub frames: Vec<u64>,
    pub curves: Vec<PolicyCurve>,
    /// Length of the string simulated (immediate repeats of a page merged).
    pub references: usize,
    /// Memory accesses that string stands for.
    pub accesses: u64,
    /// Pages the string touches: with as many frames, only first touches fault.
    pub distinct_pages: u64,
    /// The run made more references than a curve keeps: the string is its beginning.
    pub capped: bool,
    /// What was simulated, in sentences for the learner (the cap included).
    pub note: String,
}

/// One policy's faults, one per frame count of the curve.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PolicyCurve {
    /// The policy's name on the command line (`fifo`).
    pub policy: String,
    /// Its name for people (`FIFO`).
    pub label: String,
    pub description: String,
    pub faults: Vec<u64>,
    /// Frame counts with more faults than one frame fewer: Belady's anomaly.
    pub anomalies: Vec<u64>,
}

/// A policy's name as people write it.
pub fn policy_label(policy: PolicyKind) -> &'static str {
    match policy {
        PolicyKind::Fifo => "FIFO",
        PolicyKind::Lru => "LRU",
        PolicyKind::Mru => "MRU",
        PolicyKind::Opt => "OPT",
        PolicyKind::Random => "Random",
        PolicyKind::Clock => "Clock",
        PolicyKind::Eclock => "Enhanced clock",
        PolicyKind::Nru => "NRU",
        PolicyKind::Lfu => "LFU",
        PolicyKind::Aging => "Aging",
        PolicyKind::Ws => "Working set",
        PolicyKind::Wsclock => "WSClock",
    }
}

/// Belady's curve being computed.
pub struct BeladyJob {
    job: CurveJob,
    accesses: u64,
    distinct_pages: u64,
    capped: bool,
}

impl BeladyJob {
    /// A curve of `pages` (the run's reference string, standing for `accesses` accesses;
    /// `capped` when the run made more) for every policy the curve can draw, at 1 to
    /// [`MAX_CURVE_FRAMES`] frames (no more than the pages touched), Random seeded by
    /// `seed`.
    pub fn new(pages: &[u32], accesses: u64, capped: bool, seed: u64) -> Result<BeladyJob, String> {
        let pages = pages.iter().map(|&page| u64::from(page));
        let distinct = distinct_pages(pages.clone());
        let base = RunSettings {
            policy_settings: PolicySettings {
                seed,
                ..PolicySettings::default()
            },
            ..RunSettings::new(PolicyKind::Fifo, 1)
        };
        let top = distinct.clamp(1, MAX_CURVE_FRAMES);
        let job = CurveJob::new(pages, &CURVE_POLICIES, 1..=top, &base)?;
        Ok(BeladyJob {
            job,
            accesses,
            distinct_pages: distinct,
            capped,
        })
    }

    /// Simulates at most `budget` references; true once the curve is computed.
    pub fn advance(&mut self, budget: u64) -> bool {
        self.job.advance(budget)
    }

    /// Work done and the whole work, in references simulated.
    pub fn progress(&self) -> (u64, u64) {
        self.job.progress()
    }

    /// The curve, once computed.
    pub fn result(&self) -> Option<BeladyCurve> {
        let sweep = self.job.result()?;
        let curves = sweep
            .curves
            .into_iter()
            .map(|curve| PolicyCurve {
                policy: curve.policy.name().to_string(),
                label: policy_label(curve.policy).to_string(),
                description: curve.policy.describe().to_string(),
                faults: curve.misses,
                anomalies: curve.anomalies,
            })
            .collect();
        let references = self.job.pages().len();
        Some(BeladyCurve {
            note: self.note(references, sweep.frames.len() as u64),
            frames: sweep.frames,
            curves,
            references,
            accesses: self.accesses,
            distinct_pages: self.distinct_pages,
            capped: self.capped,
        })
    }

    fn note(&self, references: usize, top: u64) -> String {
        let mut note = format!(
            "Page faults of each policy on this run's page reference string: {references} \
             references to {} pages, standing for {} memory accesses (a page used again \
             right away is one reference: that is a hit which changes nothing for these \
             policies), simulated with 1 to {top} frames and nothing else in memory.",
            self.distinct_pages, self.accesses
        );
        if self.capped {
            note.push_str(&format!(
                " The run made more references than a curve keeps ({MAX_REFERENCES}): the \
                 curve is that of the run's beginning."
            ));
        }
        if self.distinct_pages > MAX_CURVE_FRAMES {
            note.push_str(&format!(
                " The string touches more pages than the curve has frames, so even the \
                 last point faults more than once per page for some policies; it stops at \
                 {MAX_CURVE_FRAMES} frames."
            ));
        }
        note.push_str(
            " Left out: LFU, NRU, Aging, Working set and WSClock count or tick on every \
             reference, and the enhanced clock needs to know which references are writes.",
        );
        note
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use memplay_paging::reference::{Reference, count};

    fn finished(mut job: BeladyJob) -> BeladyCurve {
        while !job.advance(100) {}
        job.result().expect("finished")
    }

    #[test]
    fn the_classic_string_shows_beladys_anomaly_under_fifo() {
        let pages = [1, 2, 3, 4, 1, 2, 5, 1, 2, 3, 4, 5];
        let curve = finished(BeladyJob::new(&pages, 12, false, 0).unwrap());
        assert_eq!(
            curve.frames,
            vec![1, 2, 3, 4, 5],
            "up to the 5 pages touched"
        );
        assert_eq!(curve.distinct_pages, 5);
        let fifo = &curve.curves[0];
        assert_eq!(
            (fifo.label.as_str(), fifo.policy.as_str()),
            ("FIFO", "fifo")
        );
        assert_eq!((fifo.faults[2], fifo.faults[3]), (9, 10));
        assert_eq!(fifo.anomalies, vec![4]);
        let labels: Vec<&str> = curve.curves.iter().map(|c| c.label.as_str()).collect();
        assert_eq!(labels, ["FIFO", "LRU", "OPT", "Clock", "Random", "MRU"]);
        assert!(!curve.note.contains("beginning"));
    }

    #[test]
    fn frames_stop_at_the_cap_and_the_note_says_what_was_cut() {
        let pages: Vec<u32> = (0..100).chain(0..100).collect();
        let curve = finished(BeladyJob::new(&pages, 5000, true, 3).unwrap());
        assert_eq!(curve.frames.len() as u64, MAX_CURVE_FRAMES);
        assert_eq!((curve.references, curve.accesses), (200, 5000));
        assert!(curve.note.contains("beginning"), "{}", curve.note);
        assert!(curve.note.contains("stops at 64 frames"), "{}", curve.note);
        // Random is seeded by the run's seed, as a direct simulation is.
        let refs: Vec<Reference> = pages.iter().map(|&p| Reference::read(p.into())).collect();
        let mut settings = RunSettings::new(PolicyKind::Random, 10);
        settings.policy_settings.seed = 3;
        let random = &curve.curves[4];
        assert_eq!(random.faults[9], count(&refs, &settings).unwrap().misses);
    }

    #[test]
    fn an_empty_string_is_one_point_of_no_faults() {
        let curve = finished(BeladyJob::new(&[], 0, false, 0).unwrap());
        assert_eq!(curve.frames, vec![1]);
        assert!(curve.curves.iter().all(|c| c.faults == vec![0]));
    }
}
