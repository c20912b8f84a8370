//! The Plots view's part of the app state: the recorded run's time series, which comes with
//! the recording, and Belady's curve, which comes later (it is computed in slices once the
//! run is recorded). Pure, like `state.rs`, and tested on the host.

use std::rc::Rc;

use memplay_session::plots::{BeladyCurve, TimeSeries};

/// What the Plots view has to draw, compared by identity (a new run is new data).
#[derive(Debug, Clone, Default)]
pub struct PlotsState {
    pub series: Option<Rc<TimeSeries>>,
    pub belady: BeladyState,
}

#[derive(Debug, Clone, Default)]
pub enum BeladyState {
    /// No run recorded yet.
    #[default]
    Waiting,
    /// Being computed: references simulated so far, of all.
    Computing {
        done: u64,
        total: u64,
    },
    Ready(Rc<BeladyCurve>),
    /// The curve could not be computed: why.
    Failed(String),
}

impl BeladyState {
    /// Percent done, for a progress bar.
    pub fn percent(done: u64, total: u64) -> u64 {
        (done.saturating_mul(100) / total.max(1)).min(100)
    }
}

impl PartialEq for PlotsState {
    fn eq(&self, other: &PlotsState) -> bool {
        let same_series = match (&self.series, &other.series) {
            (Some(a), Some(b)) => Rc::ptr_eq(a, b),
            (None, None) => true,
            _ => false,
        };
        same_series && self.belady == other.belady
    }
}

impl Eq for PlotsState {}

impl PartialEq for BeladyState {
    fn eq(&self, other: &BeladyState) -> bool {
        match (self, other) {
            (BeladyState::Waiting, BeladyState::Waiting) => true,
            (
                BeladyState::Computing { done, total },
                BeladyState::Computing {
                    done: other_done,
                    total: other_total,
                },
            ) => (done, total) == (other_done, other_total),
            (BeladyState::Ready(a), BeladyState::Ready(b)) => Rc::ptr_eq(a, b),
            (BeladyState::Failed(a), BeladyState::Failed(b)) => a == b,
            _ => false,
        }
    }
}

impl Eq for BeladyState {}

/// What the plots service reports.
#[derive(Debug, Clone, PartialEq)]
pub enum PlotsAction {
    /// The recorded run's time series; Belady's curve is computed next.
    Series(Rc<TimeSeries>),
    BeladyProgress {
        done: u64,
        total: u64,
    },
    BeladyReady(Rc<BeladyCurve>),
    BeladyFailed(String),
}

impl PlotsState {
    pub fn apply(&mut self, action: PlotsAction) {
        match action {
            PlotsAction::Series(series) => {
                self.series = Some(series);
                self.belady = BeladyState::Computing { done: 0, total: 0 };
            }
            PlotsAction::BeladyProgress { done, total } => {
                // Progress never overwrites a finished curve.
                if matches!(self.belady, BeladyState::Computing { .. }) {
                    self.belady = BeladyState::Computing { done, total };
                }
            }
            PlotsAction::BeladyReady(curve) => self.belady = BeladyState::Ready(curve),
            PlotsAction::BeladyFailed(why) => self.belady = BeladyState::Failed(why),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn series() -> Rc<TimeSeries> {
        Rc::new(TimeSeries {
            points: Vec::new(),
            spacing: 1,
        })
    }

    fn curve() -> Rc<BeladyCurve> {
        Rc::new(BeladyCurve {
            frames: vec![1],
            curves: Vec::new(),
            references: 0,
            accesses: 0,
            distinct_pages: 0,
            capped: false,
            note: String::new(),
        })
    }

    #[test]
    fn a_run_brings_its_series_then_progress_then_the_curve() {
        let mut state = PlotsState::default();
        assert_eq!(state.belady, BeladyState::Waiting);
        state.apply(PlotsAction::Series(series()));
        assert!(state.series.is_some());
        assert_eq!(state.belady, BeladyState::Computing { done: 0, total: 0 });
        state.apply(PlotsAction::BeladyProgress { done: 5, total: 10 });
        assert_eq!(state.belady, BeladyState::Computing { done: 5, total: 10 });
        let ready = curve();
        state.apply(PlotsAction::BeladyReady(ready.clone()));
        state.apply(PlotsAction::BeladyProgress { done: 6, total: 10 });
        assert_eq!(state.belady, BeladyState::Ready(ready));
    }

    #[test]
    fn data_is_compared_by_identity() {
        let shared = series();
        let a = PlotsState {
            series: Some(shared.clone()),
            belady: BeladyState::Waiting,
        };
        let b = PlotsState {
            series: Some(shared),
            belady: BeladyState::Waiting,
        };
        assert_eq!(a, b);
        let c = PlotsState {
            series: Some(series()),
            belady: BeladyState::Waiting,
        };
        assert_ne!(a, c, "equal contents, another run");
        assert_ne!(BeladyState::Ready(curve()), BeladyState::Ready(curve()));
    }

    #[test]
    fn percent_is_bounded() {
        assert_eq!(BeladyState::percent(0, 0), 0);
        assert_eq!(BeladyState::percent(5, 10), 50);
        assert_eq!(BeladyState::percent(20, 10), 100);
    }
}
