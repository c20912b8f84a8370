//! The plots of a recorded run: its time series handed to the reducer at once, then
//! Belady's curve of its reference string, computed in slices of about [`SLICE_MS`] in
//! timer callbacks (the page never blocks), with its progress reported as it goes.

use std::rc::Rc;

use gloo::timers::callback::Timeout;
use memplay_session::plots::BeladyJob;
use yew::UseReducerDispatcher;

use super::runner::SharedRunner;
use crate::plots_state::PlotsAction;
use crate::state::{Action, AppState};

/// Milliseconds of computing per slice: well under the 50 ms that counts as a long task.
const SLICE_MS: f64 = 12.0;

/// References simulated in the first slice, before the browser's speed is known.
const FIRST_BUDGET: u64 = 20_000;

fn now_ms() -> f64 {
    js_sys::Date::now()
}

fn report(dispatch: &UseReducerDispatcher<AppState>, action: PlotsAction) {
    dispatch.dispatch(Action::Plots(action));
}

/// Publishes the plots of what the runner has recorded, and starts Belady's curve.
pub fn publish_plots(runner: &SharedRunner, dispatch: UseReducerDispatcher<AppState>) {
    let inner = runner.borrow();
    let Some(playback) = inner.playback() else {
        return;
    };
    let series = playback.time_series();
    let job = playback.belady_job();
    let generation = inner.generation();
    drop(inner);
    report(&dispatch, PlotsAction::Series(Rc::new(series)));
    match job {
        Ok(job) => schedule_slice(runner.clone(), generation, job, FIRST_BUDGET, dispatch),
        Err(why) => report(&dispatch, PlotsAction::BeladyFailed(why)),
    }
}

fn schedule_slice(
    runner: SharedRunner,
    generation: u64,
    mut job: BeladyJob,
    budget: u64,
    dispatch: UseReducerDispatcher<AppState>,
) {
    Timeout::new(0, move || {
        // A newer run (or a cancelled one) makes this curve obsolete.
        if runner.borrow().generation() != generation {
            return;
        }
        let started = now_ms();
        let mut budget = budget;
        loop {
            if job.advance(budget) {
                match job.result() {
                    Some(curve) => report(&dispatch, PlotsAction::BeladyReady(Rc::new(curve))),
                    None => report(
                        &dispatch,
                        PlotsAction::BeladyFailed("the curve did not finish".into()),
                    ),
                }
                return;
            }
            let elapsed = now_ms() - started;
            if elapsed >= SLICE_MS / 2.0 {
                // Aim the next slice at the budget from what this one cost.
                let per_reference = elapsed.max(0.1) / budget as f64;
                budget = ((SLICE_MS / 2.0 / per_reference) as u64).clamp(1_000, 50_000_000);
                break;
            }
            budget = budget.saturating_mul(2).min(50_000_000);
        }
        let (done, total) = job.progress();
        report(&dispatch, PlotsAction::BeladyProgress { done, total });
        schedule_slice(runner, generation, job, budget, dispatch);
    })
    .forget();
}
