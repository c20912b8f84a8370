//! Time travel: a run kept as periodic checkpoints (whole copies of the machine, cheap
//! because memory pages are shared until written) plus deterministic replay. Going to any
//! earlier step restores the checkpoint at or before it and replays at most one
//! checkpoint interval of statements.

use crate::machine::{Machine, Position};

pub struct Timeline {
    /// Where each step reached so far stood (index = step): stepping over, out of, and to
    /// a line search it, backwards without replaying.
    trail: Vec<Position>,
    /// The machine at steps 0, k, 2k, ... (k = `interval`), in order.
    checkpoints: Vec<Machine>,
    interval: u64,
    /// The machine at the step being viewed.
    current: Machine,
}

impl Timeline {
    /// A timeline starting at `machine`'s first step, keeping a checkpoint every
    /// `interval` statements.
    pub fn new(machine: Machine, interval: u64) -> Timeline {
        Timeline {
            trail: vec![machine.position()],
            checkpoints: vec![machine.clone()],
            interval: interval.max(1),
            current: machine,
        }
    }

    pub fn machine(&self) -> &Machine {
        &self.current
    }

    /// The step being viewed (statements run so far).
    pub fn step(&self) -> u64 {
        self.current.steps()
    }

    pub fn checkpoints(&self) -> usize {
        self.checkpoints.len()
    }

    /// One statement forward; false once the program has ended.
    pub fn forward(&mut self) -> bool {
        let moved = self.current.step();
        let step = self.current.steps() as usize;
        if moved && step == self.trail.len() {
            self.trail.push(self.current.position());
        }
        self.keep_checkpoint();
        moved
    }

    /// Forward to the next step where `wanted` holds (or the end); true if found.
    pub fn forward_until(&mut self, wanted: impl Fn(&Position) -> bool) -> bool {
        while self.forward() {
            if wanted(&self.current.position()) {
                return true;
            }
        }
        false
    }

    /// Back to the latest earlier step where `wanted` holds; stays put and returns false
    /// when there is none.
    pub fn back_until(&mut self, wanted: impl Fn(&Position) -> bool) -> bool {
        let here = (self.current.steps() as usize).min(self.trail.len());
        match self.trail[..here].iter().rposition(wanted) {
            Some(step) => {
                self.go_to(step as u64);
                true
            }
            None => false,
        }
    }

    /// Step over: the next statement of this thread in this call or a caller.
    pub fn step_over(&mut self) -> bool {
        let here = self.current.position();
        self.forward_until(|p| p.thread == here.thread && p.depth <= here.depth)
    }

    /// Step out: the next statement of this thread in a caller.
    pub fn step_out(&mut self) -> bool {
        let here = self.current.position();
        self.forward_until(|p| p.thread == here.thread && p.depth < here.depth)
    }

    /// Step over, backwards: the previous statement of this thread in this call or a
    /// caller.
    pub fn step_over_back(&mut self) -> bool {
        let here = self.current.position();
        self.back_until(|p| p.thread == here.thread && p.depth <= here.depth)
    }

    /// Step out, backwards: back to the statement that made this call.
    pub fn step_out_back(&mut self) -> bool {
        let here = self.current.position();
        self.back_until(|p| p.thread == here.thread && p.depth < here.depth)
    }

    /// Runs forward to `step` (or the end), keeping checkpoints on the way.
    fn run_to(&mut self, step: u64) {
        while self.current.steps() < step && self.forward() {}
    }

    fn keep_checkpoint(&mut self) {
        let step = self.current.steps();
        let last = self.checkpoints.last().map_or(0, Machine::steps);
        if step >= last + self.interval {
            self.checkpoints.push(self.current.clone());
        }
    }

    /// Goes to `step`: forward by running, backward by restoring the checkpoint at or
    /// before it and replaying. A step past the end stops at the end.
    pub fn go_to(&mut self, step: u64) {
        if step >= self.current.steps() {
            self.run_to(step);
            return;
        }
        let at = self
            .checkpoints
            .partition_point(|checkpoint| checkpoint.steps() <= step)
            .saturating_sub(1);
        self.current = self.checkpoints[at].clone();
        while self.current.steps() < step && self.current.step() {}
    }

    /// One statement back; false at the first step.
    pub fn back(&mut self) -> bool {
        let step = self.current.steps();
        if step == 0 {
            return false;
        }
        self.go_to(step - 1);
        true
    }
}
