//! The plots of a recorded run: its time series handed to the reducer at once, then
//! Belady's curve of its reference string, computed in slices of about [`SLICE_MS`] in
//! timer callbacks (the page never blocks), with its progress reported as it goes.

use std::rc::Rc;

use memplay_session::plots::BeladyJob;
use yew::UseReducerDispatcher;

use super::runner::SharedRunner;
use super::{next_task, now_ms};
use crate::plots_state::PlotsAction;
use crate::state::{Action, AppState};

/// Milliseconds of computing per slice: well under the 50 ms that counts as a long task.
const SLICE_MS: f64 = 10.0;

/// Milliseconds of computing between two looks at the clock: a reference costs several
/// times more under some policies (OPT with many frames) than others, so a slice checks
/// often instead of trusting one estimate.
const CHUNK_MS: f64 = 2.0;

/// References simulated in the first chunk, before the browser's speed is known.
const FIRST_CHUNK: u64 = 5_000;

/// The next chunk's size from what this one took: aimed at about [`CHUNK_MS`] in
/// proportion (a chunk too quick to time doubles). With `advance` stopping where the work
/// changes cost, a chunk overshoots by no more than the last one's misjudgement.
fn next_chunk(chunk: u64, took_ms: f64) -> u64 {
    let next = if took_ms < CHUNK_MS / 4.0 {
        chunk.saturating_mul(2)
    } else {
        (chunk as f64 * CHUNK_MS / took_ms) as u64
    };
    next.clamp(100, 10_000_000)
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
        Ok(job) => schedule_slice(runner.clone(), generation, job, FIRST_CHUNK, dispatch),
        Err(why) => report(&dispatch, PlotsAction::BeladyFailed(why)),
    }
}

fn schedule_slice(
    runner: SharedRunner,
    generation: u64,
    mut job: BeladyJob,
    chunk: u64,
    dispatch: UseReducerDispatcher<AppState>,
) {
    next_task(Box::new(move || {
        // A newer run (or a cancelled one) makes this curve obsolete.
        if runner.borrow().generation() != generation {
            return;
        }
        let started = now_ms();
        let mut chunk = chunk;
        loop {
            let before = now_ms();
            if job.advance(chunk) {
                match job.result() {
                    Some(curve) => report(&dispatch, PlotsAction::BeladyReady(Rc::new(curve))),
                    None => report(
                        &dispatch,
                        PlotsAction::BeladyFailed("the curve did not finish".into()),
                    ),
                }
                return;
            }
            let now = now_ms();
            chunk = next_chunk(chunk, now - before);
            if now - started >= SLICE_MS {
                break;
            }
        }
        let (done, total) = job.progress();
        report(&dispatch, PlotsAction::BeladyProgress { done, total });
        schedule_slice(runner, generation, job, chunk, dispatch);
    }));
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn chunks_grow_while_quick_and_shrink_when_slow() {
        assert_eq!(next_chunk(5_000, 0.0), 10_000);
        assert_eq!(next_chunk(5_000, 2.0), 5_000);
        assert_eq!(next_chunk(5_000, 1.0), 10_000);
        assert_eq!(next_chunk(5_000, 20.0), 500, "ten times dearer: a tenth");
        assert_eq!(next_chunk(600, 30.0), 100, "never below a useful size");
        assert_eq!(next_chunk(9_000_000, 0.0), 10_000_000);
    }
}
