//! Time travel: a run kept as periodic checkpoints (whole copies of the machine, cheap
//! because memory pages, shadow pages and output chunks are shared until written) plus
//! deterministic replay, and a trail of where every step stood and what happened in it.
//! Going to any earlier step restores the checkpoint at or before it and replays at most
//! one checkpoint interval; searching for a line, a call level or an event reads the trail.
//!
//! The history stays within a memory budget: when the checkpoints' estimated size passes
//! what the trail leaves of it, every other checkpoint is dropped and the interval doubles,
//! so a long run keeps fewer, further-apart checkpoints instead of running out of memory.
//!
//! As it records new steps (never while replaying), the timeline also keeps what the plots
//! draw: a bounded time series of the heap and the stacks ([`Series`]) and the run's page
//! reference string ([`ReferenceString`]). Only the machine at the furthest step records
//! its references; checkpoints do not, so a replay adds nothing to the string.

use crate::events::{EventKind, EventMarks};
use crate::machine::{Machine, Position, Status};
use crate::references::ReferenceString;
use crate::series::{FragmentationGauge, Series};

/// The history's budget by default: a ten-million-step run (the default step budget)
/// keeps its 120 MB trail and the rest in checkpoints. Below 256 MB because the estimate
/// leaves out allocator slack: at 256 MB the `history` example peaked at 286 MB resident,
/// at 224 MB at 250 MB.
pub const HISTORY_BUDGET: usize = 224 << 20;

/// Memory accesses a checkpoint interval stands for, per step: a typical statement makes a
/// few, so the interval in steps decides unless steps are dear.
const ACCESSES_PER_STEP: u64 = 32;

pub struct Timeline {
    /// Where each step reached so far stood (index = step).
    trail: Trail,
    /// The machine at some steps, in order, the first at step 0; consecutive ones at most
    /// `interval` steps (or `interval * ACCESSES_PER_STEP` memory accesses) apart.
    checkpoints: Vec<Checkpoint>,
    interval: u64,
    /// Bytes the history may take: the trail and the checkpoints.
    budget: usize,
    /// The machine at the step being viewed.
    current: Machine,
    /// The machine one step before `current`, kept by the replay that reached it (a view
    /// compares a step with the one before, which a jump would otherwise replay again).
    /// Valid only while its step is `current`'s minus one.
    before: Option<Machine>,
    /// The heap and stack figures of the recorded steps, for plots.
    series: Series,
    gauge: FragmentationGauge,
    /// The pages the recorded steps accessed, for Belady's curve.
    references: ReferenceString,
    /// The last step the timeline may reach, once recording was stopped: moves and
    /// searches stay inside what was recorded instead of running the program on.
    horizon: Option<u64>,
    /// The machine's accesses before the first step (the loader's), not in the string.
    accesses_before: u64,
}

/// Positions in fixed-size chunks: a growing trail never reallocates (a vector doubling
/// from 100 MB would briefly hold 300), and its capacity is never more than a chunk
/// beyond its length.
#[derive(Default)]
struct Trail {
    chunks: Vec<Vec<Position>>,
    len: usize,
}

const TRAIL_CHUNK: usize = 1 << 16;

impl Trail {
    fn push(&mut self, position: Position) {
        if self.len.is_multiple_of(TRAIL_CHUNK) {
            self.chunks.push(Vec::with_capacity(TRAIL_CHUNK));
        }
        self.chunks.last_mut().expect("a chunk").push(position);
        self.len += 1;
    }

    fn get(&self, index: usize) -> Option<Position> {
        self.chunks
            .get(index / TRAIL_CHUNK)?
            .get(index % TRAIL_CHUNK)
            .copied()
    }

    fn iter(&self) -> impl Iterator<Item = &Position> {
        self.chunks.iter().flatten()
    }

    fn bytes(&self) -> usize {
        self.chunks.len() * TRAIL_CHUNK * std::mem::size_of::<Position>()
    }

    /// The first index at or after `from` whose position satisfies `wanted`.
    fn find_from(&self, from: usize, wanted: impl Fn(&Position) -> bool) -> Option<usize> {
        self.iter().skip(from).position(wanted).map(|i| from + i)
    }

    /// The last index before `before` whose position satisfies `wanted`.
    fn find_before(&self, before: usize, wanted: impl Fn(&Position) -> bool) -> Option<usize> {
        let before = before.min(self.len);
        (0..before).rev().find(|&i| {
            let chunk = &self.chunks[i / TRAIL_CHUNK];
            wanted(&chunk[i % TRAIL_CHUNK])
        })
    }
}

struct Checkpoint {
    machine: Machine,
    /// Estimated bytes this checkpoint holds beyond the one before it.
    bytes: usize,
}

/// A copy of `machine` to keep as a checkpoint: one that does not record references, so
/// replaying from it adds nothing to the reference string.
fn checkpoint_copy(machine: &Machine) -> Machine {
    let mut copy = machine.clone();
    copy.space.record_references(false);
    copy
}

impl Timeline {
    /// A timeline starting at `machine`'s first step, keeping a checkpoint every
    /// `interval` steps, within the default budget.
    pub fn new(machine: Machine, interval: u64) -> Timeline {
        Timeline::with_budget(machine, interval, HISTORY_BUDGET)
    }

    /// A timeline whose history (trail and checkpoints) stays within about `budget` bytes.
    pub fn with_budget(mut machine: Machine, interval: u64, budget: usize) -> Timeline {
        let page = machine.space().geometry().page_size as usize;
        let bytes = machine.footprint_beyond(&machine) + machine.space().resident().len() * page;
        let mut trail = Trail::default();
        trail.push(machine.position());
        let mut series = Series::default();
        let mut gauge = FragmentationGauge::default();
        series.note_depth(machine.position().depth);
        series.push(gauge.sample(&machine));
        let first = checkpoint_copy(&machine);
        machine.space.record_page_changes(true);
        let accesses_before = machine.space().stats().accesses;
        Timeline {
            trail,
            checkpoints: vec![Checkpoint {
                machine: first,
                bytes,
            }],
            interval: interval.max(1),
            budget,
            current: machine,
            before: None,
            series,
            gauge,
            references: ReferenceString::default(),
            accesses_before,
            horizon: None,
        }
    }

    /// Stops the timeline at the step recorded furthest: from now on it moves only within
    /// the recorded steps (a cancelled run is not resumed by a search for a later event).
    pub fn stop_recording(&mut self) {
        self.horizon = Some(self.recorded());
    }

    pub fn machine(&self) -> &Machine {
        &self.current
    }

    /// The step being viewed (stops so far: see [`Machine::ticks`]).
    pub fn step(&self) -> u64 {
        self.current.ticks()
    }

    /// Steps recorded so far: the furthest the run has been.
    pub fn recorded(&self) -> u64 {
        self.trail.len as u64 - 1
    }

    /// Where step `step` stood and what happened in it, if the run has been there.
    pub fn position(&self, step: u64) -> Option<Position> {
        self.trail.get(usize::try_from(step).ok()?)
    }

    pub fn checkpoints(&self) -> usize {
        self.checkpoints.len()
    }

    /// The steps between checkpoints now (it doubles when the budget is reached).
    pub fn interval(&self) -> u64 {
        self.interval
    }

    /// Estimated bytes the history takes: the trail, the checkpoints, and the series and
    /// reference string kept for plots.
    pub fn history_bytes(&self) -> usize {
        self.trail_bytes()
            + self.checkpoints.iter().map(|c| c.bytes).sum::<usize>()
            + self.series.bytes()
            + self.references.bytes()
    }

    /// The heap and stack figures of the recorded steps.
    pub fn series(&self) -> &Series {
        &self.series
    }

    /// The pages the recorded steps accessed, immediate repeats merged.
    pub fn references(&self) -> &ReferenceString {
        &self.references
    }

    /// Gives the series the figures of the furthest step recorded, when the timeline
    /// stands there (a run recorded in slices calls it after each slice, so the plots
    /// reach the end of what was recorded). Measured in full, once per slice, without
    /// the gauge: how the run was sliced changes no other point.
    pub fn sample_latest(&mut self) {
        if self.step() == self.recorded() {
            self.series.set_latest(self.current.sample());
        }
    }

    fn trail_bytes(&self) -> usize {
        self.trail.bytes()
    }

    /// One step forward; false once the program has ended.
    pub fn forward(&mut self) -> bool {
        if self
            .horizon
            .is_some_and(|horizon| self.current.ticks() >= horizon)
        {
            return false;
        }
        let at_furthest = self.current.ticks() == self.recorded();
        if at_furthest && !self.references.is_capped() && !self.current.space.records_references() {
            // A machine restored from a checkpoint does not record; here it must.
            self.current.space.record_page_changes(true);
        }
        let moved = self.current.step();
        let step = self.current.ticks() as usize;
        if step == self.trail.len {
            let position = self.current.position();
            self.trail.push(position);
            self.note_new_step(position);
        }
        self.keep_checkpoint();
        moved
    }

    /// What the plots keep of a newly recorded step: its references, its stack depth, and
    /// its figures when a point of the series is due (or the program has ended).
    #[inline]
    fn note_new_step(&mut self, position: Position) {
        if self.current.space.records_references() {
            let references = &mut self.references;
            let mut full = false;
            self.current
                .space
                .drain_references(|page| full |= !references.push(page));
            if full {
                self.current.space.record_references(false);
            } else {
                let accesses = self.current.space().stats().accesses - self.accesses_before;
                self.references.set_accesses(accesses);
            }
        }
        self.series.note_depth(position.depth);
        let step = self.current.ticks();
        if self.series.is_due(step) {
            self.series.push(self.gauge.sample(&self.current));
        } else if !matches!(self.current.status(), Status::Running) {
            self.series.set_latest(self.current.sample());
        }
    }

    /// Forward to the next step where `wanted` holds (or the end); true if found.
    pub fn forward_until(&mut self, wanted: impl Fn(&Position) -> bool) -> bool {
        // Steps already recorded are searched in the trail, then reached by one jump.
        let here = self.step() as usize;
        if let Some(step) = self.trail.find_from(here + 1, &wanted) {
            self.go_to(step as u64);
            return true;
        }
        self.go_to(self.recorded());
        while self.forward() {
            if wanted(&self.current.position()) {
                return true;
            }
        }
        // The step that ended the program has its events too (the fatal error, the exit).
        let last = self.current.position();
        self.step() as usize > here && wanted(&last)
    }

    /// Back to the latest earlier step where `wanted` holds; stays put and returns false
    /// when there is none.
    pub fn back_until(&mut self, wanted: impl Fn(&Position) -> bool) -> bool {
        match self.trail.find_before(self.step() as usize, wanted) {
            Some(step) => {
                self.go_to(step as u64);
                true
            }
            None => false,
        }
    }

    /// Step over: the next step of this thread in this call or a caller.
    pub fn step_over(&mut self) -> bool {
        let here = self.current.position();
        self.forward_until(|p| p.thread == here.thread && p.depth <= here.depth)
    }

    /// Step out: the next step of this thread in a caller.
    pub fn step_out(&mut self) -> bool {
        let here = self.current.position();
        self.forward_until(|p| p.thread == here.thread && p.depth < here.depth)
    }

    /// Step over, backwards: the previous step of this thread in this call or a caller.
    pub fn step_over_back(&mut self) -> bool {
        let here = self.current.position();
        self.back_until(|p| p.thread == here.thread && p.depth <= here.depth)
    }

    /// Step out, backwards: back to the step that made this call.
    pub fn step_out_back(&mut self) -> bool {
        let here = self.current.position();
        self.back_until(|p| p.thread == here.thread && p.depth < here.depth)
    }

    /// Forward to the next step in which an event of `kind` happened (a call, a page
    /// fault, ...): the view then shows what that event did.
    pub fn next_event(&mut self, kind: EventKind) -> bool {
        self.forward_until(|p| p.events.contains(kind))
    }

    /// Back to the latest earlier step in which an event of `kind` happened.
    pub fn previous_event(&mut self, kind: EventKind) -> bool {
        self.back_until(|p| p.events.contains(kind))
    }

    /// The recorded steps in which an event of `kind` happened, for marks on a scrubber.
    pub fn steps_with(&self, kind: EventKind) -> Vec<u64> {
        self.trail
            .iter()
            .enumerate()
            .filter(|(_, p)| p.events.contains(kind))
            .map(|(step, _)| step as u64)
            .collect()
    }

    /// Where the recorded steps' events of every kind are, at `bin_count` positions along
    /// the run (the scrubber's marks): one pass over the trail, however many events.
    pub fn event_marks(&self, bin_count: u32) -> Vec<EventMarks> {
        let bin_count = bin_count.max(1);
        let mut marks: Vec<EventMarks> = EventKind::ALL
            .iter()
            .map(|&kind| EventMarks {
                kind,
                steps: 0,
                bins: Vec::new(),
                bin_count,
            })
            .collect();
        let last = self.recorded();
        for (step, position) in self.trail.iter().enumerate() {
            if position.events.is_empty() {
                continue;
            }
            let bin = EventMarks::bin_of(step as u64, last, bin_count);
            for kind in position.events.kinds() {
                let mark = &mut marks[kind as usize];
                mark.steps += 1;
                if mark.bins.last() != Some(&bin) {
                    mark.bins.push(bin);
                }
            }
        }
        marks
    }

    /// Runs forward to `step` (or the end), keeping checkpoints on the way.
    fn run_to(&mut self, step: u64) {
        while self.current.ticks() < step && self.forward() {}
    }

    fn keep_checkpoint(&mut self) {
        let step = self.current.ticks();
        let last = self.checkpoints.last().expect("the first checkpoint stays");
        // Steps differ in cost (a malloc that walks a full heap makes a thousand memory
        // accesses): a checkpoint also comes after an interval's worth of accesses, so a
        // replay costs about the same whatever the program does.
        if step <= last.machine.ticks() {
            return;
        }
        if step < last.machine.ticks() + self.interval {
            let now = self.current.space().stats().accesses;
            let work = now.saturating_sub(last.machine.space().stats().accesses);
            if work < self.interval * ACCESSES_PER_STEP {
                return;
            }
        }
        let bytes = self.current.footprint_beyond(&last.machine);
        self.checkpoints.push(Checkpoint {
            machine: checkpoint_copy(&self.current),
            bytes,
        });
        while self.history_bytes() > self.budget && self.checkpoints.len() > 2 {
            self.thin_checkpoints();
        }
    }

    /// Drops every other checkpoint after the first, doubles the interval, and measures
    /// each kept checkpoint against its new predecessor (rare: the interval doubles each
    /// time, so a run thins a few dozen times at most).
    fn thin_checkpoints(&mut self) {
        let mut kept: Vec<Checkpoint> = std::mem::take(&mut self.checkpoints)
            .into_iter()
            .step_by(2)
            .collect();
        for i in 1..kept.len() {
            kept[i].bytes = kept[i].machine.footprint_beyond(&kept[i - 1].machine);
        }
        self.checkpoints = kept;
        self.interval *= 2;
    }

    /// Goes to `step` by restoring the nearest checkpoint at or before it (unless the
    /// current step is nearer) and replaying; beyond the recorded end, by running on. A
    /// step past the program's end stops at the end.
    pub fn go_to(&mut self, step: u64) {
        let at = self
            .checkpoints
            .partition_point(|checkpoint| checkpoint.machine.ticks() <= step)
            .saturating_sub(1);
        let nearest = &self.checkpoints[at].machine;
        let here = self.current.ticks();
        if here > step || nearest.ticks() > here {
            self.current = nearest.clone();
        }
        let replayed = step.min(self.recorded());
        while self.current.ticks() < replayed {
            if self.current.ticks() + 1 == replayed {
                self.before = Some(self.current.clone());
            }
            if !self.current.step() {
                break;
            }
        }
        if step > self.recorded() {
            self.run_to(step);
        }
    }

    /// The machine one step before the current one (none at the first step): kept by the
    /// replay that reached this step, or replayed now.
    pub fn machine_before(&mut self) -> Option<&Machine> {
        let step = self.current.ticks();
        if step == 0 {
            return None;
        }
        if self
            .before
            .as_ref()
            .is_none_or(|before| before.ticks() + 1 != step)
        {
            self.go_to(step - 1);
            self.before = Some(self.current.clone());
            self.current.step();
        }
        self.before.as_ref()
    }

    /// What paging did during the current step (the move from the step before to this
    /// one), access by access: the step is replayed with paging's events recorded.
    pub fn paging_events_of_step(&mut self) -> Vec<memplay_paging::address_space::Event> {
        let Some(before) = self.machine_before() else {
            return Vec::new();
        };
        let mut replay = before.clone();
        replay.record_paging_events(true);
        replay.step();
        replay.take_paging_events()
    }

    /// One step back; false at the first step.
    pub fn back(&mut self) -> bool {
        let step = self.current.ticks();
        if step == 0 {
            return false;
        }
        self.go_to(step - 1);
        true
    }
}

#[cfg(test)]
mod tests;
