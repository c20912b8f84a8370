//! Time travel: a run kept as periodic checkpoints (whole copies of the machine, cheap
//! because memory pages are shared until written) plus deterministic replay. Going to any
//! earlier step restores the checkpoint at or before it and replays at most one
//! checkpoint interval of statements.

use crate::machine::Machine;

pub struct Timeline {
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
        self.keep_checkpoint();
        moved
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
