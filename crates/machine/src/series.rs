//! Time series of a run, for plots: the heap's size, the bytes the program holds, the
//! heap's external fragmentation and the depth of the call stacks, sampled while the
//! timeline records the run (never by replaying it).
//!
//! The series stays small however long the run: it takes a point every `spacing` steps,
//! and when it holds `capacity` points it drops every other one and doubles the spacing,
//! as the timeline thins its checkpoints. Ten million steps keep about a thousand points,
//! and the cost per step is a comparison and a maximum; a point's figures are computed
//! only when one is due. What happens between two points is not lost entirely: each point
//! carries the deepest stack of the steps since the point before.
//!
//! External fragmentation is the one dear figure: it walks every block of the heap. A
//! [`FragmentationGauge`] walks again only when the heap may have changed, and no more
//! often than the recorded steps pay for, so a program that mallocs all the time and keeps
//! thousands of blocks is not slowed down by its plots; its points then measure
//! fragmentation less often.

use serde::Serialize;

use crate::machine::Machine;
use crate::threads::ThreadState;

/// Points a series keeps at most (one more for the latest step).
pub const SERIES_POINTS: usize = 1024;

/// The figures of one step.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Sample {
    pub step: u64,
    /// The heap's size: the break minus the heap's start.
    pub heap_bytes: u32,
    /// Bytes the program asked malloc for and has not freed.
    pub live_bytes: u64,
    /// 1 − the largest free block / all free bytes (0 with one free block or none);
    /// `None` when it was not measured at this step: the heap's metadata is damaged and
    /// cannot be walked, or walking it again so soon would have slowed the run.
    pub external_fragmentation: Option<f64>,
    /// Frames on all the threads' stacks at this step.
    pub stack_frames: u32,
    /// The most frames the running thread's stack held at any step since the point before
    /// (this one included): a deep recursion between two points still shows.
    pub deepest_frames: u32,
}

#[derive(Debug, Clone)]
pub struct Series {
    /// Points at the steps that are multiples of `spacing`, from step 0.
    points: Vec<Sample>,
    capacity: usize,
    spacing: u64,
    /// The step the next point is due at.
    next_due: u64,
    /// The deepest running stack since the last point.
    deepest: u32,
    /// The last step recorded, when it is not a point of the grid (the run goes on, or
    /// ended between two points).
    latest: Option<Sample>,
}

impl Default for Series {
    fn default() -> Series {
        Series::new(SERIES_POINTS)
    }
}

impl Series {
    /// An empty series keeping at most `capacity` points (rounded up to an even number,
    /// at least 2, so halving keeps the grid).
    pub fn new(capacity: usize) -> Series {
        Series {
            points: Vec::new(),
            capacity: capacity.max(2).next_multiple_of(2),
            spacing: 1,
            next_due: 0,
            deepest: 0,
            latest: None,
        }
    }

    /// The steps between two points now.
    pub fn spacing(&self) -> u64 {
        self.spacing
    }

    /// Whether step `step` is due a point.
    #[inline]
    pub fn is_due(&self, step: u64) -> bool {
        step >= self.next_due
    }

    /// A step was recorded with `frames` on the running thread's stack.
    #[inline]
    pub fn note_depth(&mut self, frames: u32) {
        self.deepest = self.deepest.max(frames);
    }

    /// Adds the point of a due step; its `deepest_frames` takes in the depths noted since
    /// the point before.
    pub fn push(&mut self, mut sample: Sample) {
        sample.deepest_frames = sample.deepest_frames.max(self.deepest);
        self.deepest = 0;
        if self.points.len() == self.capacity {
            let carried = self.thin();
            sample.deepest_frames = sample.deepest_frames.max(carried);
        }
        self.next_due = sample.step.saturating_add(self.spacing);
        if self.latest.is_some_and(|latest| latest.step <= sample.step) {
            self.latest = None;
        }
        self.points.push(sample);
    }

    /// Keeps `sample` as the latest step, shown after the points until a point passes it.
    pub fn set_latest(&mut self, mut sample: Sample) {
        if self
            .points
            .last()
            .is_some_and(|last| last.step >= sample.step)
        {
            return;
        }
        sample.deepest_frames = sample.deepest_frames.max(self.deepest);
        self.latest = Some(sample);
    }

    /// Drops every other point after the first and doubles the spacing. A dropped point's
    /// deepest stack passes to the next kept one; returns that of a dropped last point.
    fn thin(&mut self) -> u32 {
        let mut carried = 0;
        let mut kept = 0;
        for read in 0..self.points.len() {
            let point = self.points[read];
            if read % 2 == 1 {
                carried = point.deepest_frames;
            } else {
                self.points[kept] = Sample {
                    deepest_frames: point.deepest_frames.max(carried),
                    ..point
                };
                carried = 0;
                kept += 1;
            }
        }
        self.points.truncate(kept);
        self.spacing *= 2;
        carried
    }

    /// The points in step order, the latest step last.
    pub fn points(&self) -> Vec<Sample> {
        let mut points = self.points.clone();
        points.extend(self.latest);
        points
    }

    /// Estimated bytes the series holds.
    pub fn bytes(&self) -> usize {
        self.points.capacity() * std::mem::size_of::<Sample>()
    }
}

/// Steps recorded per heap block a [`FragmentationGauge`] may walk, on average. Walking a
/// block costs about a third of an ordinary step (some 500 instructions), so the walks
/// add a few percent at most to the steps that pay for them.
const STEPS_PER_BLOCK_WALKED: u64 = 8;

/// Blocks a gauge may walk before the steps have paid for any (some tens of milliseconds
/// in all): a short run with a small heap measures at every point.
const FREE_BLOCKS_WALKED: u64 = 1 << 17;

/// Decides when a point measures external fragmentation: again only when the heap may have
/// changed since the last walk (an allocator call or sbrk, or an error reported: a program
/// writing over heap metadata is one), and only while the blocks walked stay within
/// [`FREE_BLOCKS_WALKED`] plus one per [`STEPS_PER_BLOCK_WALKED`] steps.
#[derive(Debug, Clone, Default)]
pub struct FragmentationGauge {
    /// The heap's state at the last walk (allocator calls, errors) and what it measured.
    last: Option<((u64, usize), Option<f64>)>,
    /// Blocks walked so far.
    pub(crate) walked: u64,
    /// Blocks the last walk took: what the next one is expected to take.
    pub(crate) last_walk: u64,
}

impl FragmentationGauge {
    /// The figures of `machine`'s step, fragmentation measured if the gauge allows it.
    pub fn sample(&mut self, machine: &Machine) -> Sample {
        let state = (machine.heap_changes, machine.errors().len());
        let fragmentation = match self.last {
            Some((at, measured)) if at == state => measured,
            _ if self.walked + self.last_walk <= self.allowance(machine.ticks()) => {
                let (measured, blocks) = machine.measure_fragmentation();
                self.walked += blocks;
                self.last_walk = blocks;
                self.last = Some((state, measured));
                measured
            }
            _ => None,
        };
        machine.figures(fragmentation)
    }

    /// Blocks the gauge may have walked by step `step`.
    pub(crate) fn allowance(&self, step: u64) -> u64 {
        FREE_BLOCKS_WALKED + step / STEPS_PER_BLOCK_WALKED
    }
}

impl Machine {
    /// The heap and stack figures of this step, fragmentation measured (`deepest_frames`
    /// is the running thread's frames now: the timeline adds the depths between points).
    pub fn sample(&self) -> Sample {
        self.figures(self.measure_fragmentation().0)
    }

    /// The heap's external fragmentation, as its metrics give it (`None` when its
    /// metadata is damaged), and the blocks walked to measure it.
    fn measure_fragmentation(&self) -> (Option<f64>, u64) {
        let memory = self.heap_bytes_view();
        match self.allocator.blocks(&memory) {
            Ok(blocks) => {
                let metrics = self
                    .allocator
                    .ledger()
                    .metrics(&blocks, self.brk - self.layout.heap_start);
                (Some(metrics.external_fragmentation), blocks.len() as u64)
            }
            Err(_) => (None, 1),
        }
    }

    fn figures(&self, external_fragmentation: Option<f64>) -> Sample {
        let running = self.frames.len() as u32;
        let stack_frames = self
            .threads
            .iter()
            .enumerate()
            .map(|(i, thread)| match (&thread.state, &thread.saved) {
                (ThreadState::Finished(_), _) => 0,
                _ if i == self.current => running,
                (_, Some(saved)) => saved.frames.len() as u32,
                // A thread without saved registers is the running one (as the snapshot
                // reads it).
                (_, None) => running,
            })
            .sum();
        Sample {
            step: self.ticks(),
            heap_bytes: self.brk - self.layout.heap_start,
            live_bytes: self.allocator.ledger().live_requested(),
            external_fragmentation,
            stack_frames,
            deepest_frames: running,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(step: u64, deepest_frames: u32) -> Sample {
        Sample {
            step,
            heap_bytes: step as u32 * 8,
            live_bytes: step,
            external_fragmentation: Some(0.0),
            stack_frames: 1,
            deepest_frames,
        }
    }

    /// Feeds steps `0..steps` as the timeline does: a depth for each, a point when due.
    fn record(series: &mut Series, steps: u64, depth: impl Fn(u64) -> u32) {
        for step in 0..steps {
            series.note_depth(depth(step));
            if series.is_due(step) {
                series.push(at(step, depth(step)));
            }
        }
    }

    #[test]
    fn points_stay_within_the_capacity_however_long_the_run() {
        for steps in [1, 7, 8, 9, 100, 10_000, 1_000_000] {
            let mut series = Series::new(8);
            record(&mut series, steps, |_| 1);
            let points = series.points();
            assert!(points.len() <= 8, "{steps} steps: {} points", points.len());
            assert!(points.len() >= 4 || points.len() as u64 == steps);
            assert_eq!(points[0].step, 0, "the first step is kept");
            assert!(points.windows(2).all(|w| w[0].step < w[1].step));
            assert!(points.iter().all(|p| p.step % series.spacing() == 0));
        }
    }

    #[test]
    fn thinning_halves_the_points_and_doubles_the_spacing() {
        let mut series = Series::new(4);
        record(&mut series, 4, |_| 0);
        let steps = |s: &Series| s.points().iter().map(|p| p.step).collect::<Vec<_>>();
        assert_eq!((steps(&series), series.spacing()), (vec![0, 1, 2, 3], 1));
        record_from(&mut series, 4..5);
        assert_eq!((steps(&series), series.spacing()), (vec![0, 2, 4], 2));
        record_from(&mut series, 5..9);
        assert_eq!((steps(&series), series.spacing()), (vec![0, 4, 8], 4));
    }

    fn record_from(series: &mut Series, steps: std::ops::Range<u64>) {
        for step in steps {
            if series.is_due(step) {
                series.push(at(step, 0));
            }
        }
    }

    #[test]
    fn the_latest_step_is_shown_last_until_a_point_passes_it() {
        let mut series = Series::new(4);
        record(&mut series, 11, |_| 0);
        assert_eq!(series.points().last().unwrap().step, 8);
        series.set_latest(at(10, 0));
        assert_eq!(
            series.points().last().unwrap().step,
            10,
            "the last step is kept"
        );
        let before = series.points().len();
        series.set_latest(at(8, 0));
        assert_eq!(
            series.points().len(),
            before,
            "a step that is a point is not repeated"
        );
        record_from(&mut series, 11..13);
        let steps: Vec<u64> = series.points().iter().map(|p| p.step).collect();
        assert_eq!(steps, vec![0, 4, 8, 12]);
    }

    #[test]
    fn the_deepest_stack_between_points_survives_thinning() {
        // A spike of depth 50 at step 37 only, in a run of 1000 steps kept in 8 points.
        let mut series = Series::new(8);
        record(&mut series, 1000, |step| if step == 37 { 50 } else { 2 });
        let points = series.points();
        let spike = points
            .iter()
            .find(|p| p.deepest_frames == 50)
            .expect("the spike");
        let before = points.iter().rev().find(|p| p.step < spike.step).unwrap();
        assert!(before.step < 37 && spike.step >= 37, "{before:?} {spike:?}");
        assert_eq!(points.iter().filter(|p| p.deepest_frames == 50).count(), 1);
        assert!(points.iter().all(|p| p.deepest_frames >= 2));
    }
}
