//! A run's fingerprint, for the promise that the same program and settings give the same
//! trace, step for step, natively and in WebAssembly.
//!
//! After every step the recorder folds what a learner can observe into one hash: the step
//! number, where the running thread stands, the output so far, the errors so far, the
//! paging counters and costs with the resident pages in the policy's order, and the heap's
//! ledger and metrics; at the end the status, exit code and leak report. It reads only the
//! machine's public state, so it is exactly as deterministic as what the views show.
//!
//! The hash is FNV-1a 64 over explicit little-endian bytes, written here: std's hashers
//! are not promised stable across platforms or versions, and `usize` is 32 bits on wasm32,
//! so every value is widened to a fixed width before it is hashed.

use memplay_heap::memory::HeapMemory;
use memplay_lang::codemap::Span;

use crate::{LeakCategory, Machine, Settings, Status};

const FNV_OFFSET_BASIS: u64 = 0xcbf2_9ce4_8422_2325;
const FNV_PRIME: u64 = 0x0000_0100_0000_01b3;

/// FNV-1a, 64 bits, fed fixed-width little-endian values.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Fnv64(u64);

impl Default for Fnv64 {
    fn default() -> Fnv64 {
        Fnv64(FNV_OFFSET_BASIS)
    }
}

impl Fnv64 {
    pub fn new() -> Fnv64 {
        Fnv64::default()
    }

    pub fn bytes(&mut self, bytes: &[u8]) {
        for &byte in bytes {
            self.0 ^= u64::from(byte);
            self.0 = self.0.wrapping_mul(FNV_PRIME);
        }
    }

    pub fn u8(&mut self, value: u8) {
        self.bytes(&[value]);
    }

    pub fn u32(&mut self, value: u32) {
        self.bytes(&value.to_le_bytes());
    }

    pub fn i32(&mut self, value: i32) {
        self.bytes(&value.to_le_bytes());
    }

    pub fn u64(&mut self, value: u64) {
        self.bytes(&value.to_le_bytes());
    }

    /// A count or index: widened to 64 bits, so wasm32's 32-bit `usize` hashes as x86-64's.
    pub fn usize(&mut self, value: usize) {
        self.u64(value as u64);
    }

    /// A float by its bits: the metrics' ratios are IEEE divisions, the same everywhere.
    pub fn f64(&mut self, value: f64) {
        self.u64(value.to_bits());
    }

    /// A string with its length first, so "ab","c" and "a","bc" differ.
    pub fn str(&mut self, value: &str) {
        self.usize(value.len());
        self.bytes(value.as_bytes());
    }

    pub fn span(&mut self, span: Span) {
        self.u32(span.start);
        self.u32(span.end);
    }

    /// An optional value: a tag byte, then the value if there is one.
    fn option<T>(&mut self, value: Option<T>, each: impl FnOnce(&mut Fnv64, T)) {
        match value {
            None => self.u8(0),
            Some(value) => {
                self.u8(1);
                each(self, value);
            }
        }
    }

    pub fn finish(&self) -> u64 {
        self.0
    }
}

/// A whole run's fingerprint.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TraceSummary {
    /// Statements the run executed.
    pub steps: u64,
    /// The hash of every step's observable state and of the end.
    pub hash: u64,
    /// How the run ended.
    pub status: Status,
}

/// Folds a machine's observable state into a hash, one step at a time.
#[derive(Debug, Clone)]
pub struct TraceRecorder {
    hash: Fnv64,
    /// Output bytes already hashed: each step hashes only what it printed.
    stdout_seen: usize,
    /// Errors already hashed: each step hashes only the new ones.
    errors_seen: usize,
}

impl TraceRecorder {
    /// Starts a trace at the machine's state as loaded (step 0).
    pub fn new(machine: &Machine) -> TraceRecorder {
        let mut recorder = TraceRecorder {
            hash: Fnv64::new(),
            stdout_seen: 0,
            errors_seen: 0,
        };
        recorder.observe(machine);
        recorder
    }

    /// The hash so far: comparing these step by step finds where two runs part.
    pub fn hash(&self) -> u64 {
        self.hash.finish()
    }

    /// Adds the state after a step.
    pub fn observe(&mut self, machine: &Machine) {
        let h = &mut self.hash;
        // A marker per step keeps the fields of one step from running into the next.
        h.bytes(b"step");
        h.u64(machine.steps());
        h.u64(machine.ticks());
        let position = machine.position();
        h.u32(u32::from(position.thread));
        h.span(machine.span());
        h.span(machine.point_span(position.point));
        h.u32(position.depth);
        for kind in position.events.kinds() {
            h.str(kind.name());
        }
        h.usize(machine.max_depth());
        h.u32(machine.peak_heap());

        // Only what is new: the whole output at every step would be quadratic.
        h.usize(machine.stdout_len());
        h.bytes(&machine.stdout_since(self.stdout_seen));
        self.stdout_seen = machine.stdout_len();

        let errors = machine.errors();
        h.usize(errors.len());
        for error in errors.get(self.errors_seen..).unwrap_or_default() {
            // The kind by its name: a new kind needs no change here.
            h.str(&format!("{:?}", error.kind));
            h.str(&error.message);
            h.span(error.span);
            h.option(error.address, Fnv64::u32);
            h.option(error.size, Fnv64::u32);
            h.option(error.block.as_ref(), |h, block| {
                h.u32(block.address);
                h.u32(block.size);
                h.span(block.allocated_at);
                h.option(block.freed_at, Fnv64::span);
            });
        }
        self.errors_seen = errors.len();

        observe_paging(h, machine);
        observe_heap(h, machine);
    }

    /// Adds how the run ended and returns the fingerprint.
    pub fn finish(mut self, machine: &Machine) -> TraceSummary {
        let h = &mut self.hash;
        h.bytes(b"end");
        h.u64(machine.steps());
        let status = machine.status();
        match status {
            Status::Running => h.u8(0),
            Status::Exited { code } => {
                h.u8(1);
                h.i32(*code);
            }
            Status::Killed { signal } => {
                h.u8(2);
                h.i32(*signal);
            }
            Status::Stopped { reason } => {
                h.u8(3);
                h.str(reason);
            }
        }
        h.option(status.exit_status(), Fnv64::i32);
        h.usize(machine.stdout_len());
        h.usize(machine.stderr().len());
        h.bytes(machine.stderr());
        h.option(machine.leaks(), |h, leaks| {
            for count in [
                leaks.definitely_lost,
                leaks.indirectly_lost,
                leaks.still_reachable,
            ] {
                h.u64(count.bytes);
                h.u64(count.blocks);
            }
            h.usize(leaks.blocks.len());
            for block in &leaks.blocks {
                h.u32(block.payload);
                h.u32(block.size);
                h.span(block.allocated_at);
                h.u8(match block.category {
                    LeakCategory::DefinitelyLost => 0,
                    LeakCategory::IndirectlyLost => 1,
                    LeakCategory::StillReachable => 2,
                });
            }
        });
        TraceSummary {
            steps: machine.steps(),
            hash: h.finish(),
            status: status.clone(),
        }
    }
}

/// The paging engine's counters and costs, and which pages are resident in the policy's
/// order (where a replacement choice shows first).
fn observe_paging(h: &mut Fnv64, machine: &Machine) {
    let space = machine.space();
    let stats = space.stats();
    for counter in [
        stats.accesses,
        stats.tlb_hits,
        stats.tlb_misses,
        stats.minor_faults,
        stats.major_faults,
        stats.evictions,
        stats.swap_ins,
        stats.swap_outs,
        stats.cache_hits,
        stats.cache_misses,
        stats.cache_write_backs,
    ] {
        h.u64(counter);
    }
    let costs = space.costs();
    for cycles in [
        costs.cache_cycles,
        costs.ram_cycles,
        costs.walk_cycles,
        costs.minor_fault_cycles,
        costs.major_fault_cycles,
        costs.swap_write_cycles,
    ] {
        h.u64(cycles);
    }
    h.u64(space.time());
    let resident = space.resident();
    h.usize(resident.len());
    for page in resident {
        h.u32(page);
    }
    let swap = space.swap_slots();
    h.usize(swap.len());
    for (slot, page) in swap {
        h.u32(slot);
        h.u32(page);
    }
}

/// The allocator's ledger and its metrics over the heap's bytes as they stand.
fn observe_heap(h: &mut Fnv64, machine: &Machine) {
    let allocator = machine.allocator();
    let ledger = allocator.ledger();
    h.usize(ledger.live_count());
    h.u64(ledger.live_requested());
    h.u64(ledger.peak_requested());
    h.u32(ledger.last_searched);
    let Some(heap) = HeapRegion::of(machine) else {
        // Nothing allocated yet: no heap region, no blocks.
        h.u8(0);
        return;
    };
    match allocator.metrics(&heap) {
        Ok(metrics) => {
            h.u8(1);
            h.u32(metrics.heap_size);
            h.u64(metrics.live_requested);
            h.u64(metrics.peak_requested);
            h.u64(metrics.internal_fragmentation);
            h.f64(metrics.external_fragmentation);
            h.f64(metrics.utilisation);
            h.u32(metrics.last_searched);
        }
        Err(corruption) => {
            // A program that wrote over the allocator's metadata: the damage is the state.
            h.u8(2);
            h.str(&corruption.to_string());
        }
    }
}

/// The heap region's bytes, read without side effects, found through the address space's
/// public regions: the heap starts where its region starts and the break is its end.
struct HeapRegion<'a> {
    machine: &'a Machine,
    start: u32,
    brk: u32,
}

impl<'a> HeapRegion<'a> {
    fn of(machine: &'a Machine) -> Option<HeapRegion<'a>> {
        let region = machine
            .space()
            .regions()
            .iter()
            .find(|region| region.name == "heap")?;
        Some(HeapRegion {
            machine,
            start: region.start,
            brk: region.start.checked_add(region.len)?,
        })
    }
}

impl HeapMemory for HeapRegion<'_> {
    fn heap_start(&self) -> u32 {
        self.start
    }

    fn brk(&self) -> u32 {
        self.brk
    }

    fn sbrk(&mut self, _increment: u32) -> Option<u32> {
        None
    }

    fn read_u32(&self, addr: u32) -> u32 {
        self.machine.space().peek_u32(addr).unwrap_or(0)
    }

    fn write_u32(&mut self, _addr: u32, _value: u32) {}
}

/// Runs a loaded machine to its end, hashing every step.
pub fn trace_machine(machine: &mut Machine) -> TraceSummary {
    let mut recorder = TraceRecorder::new(machine);
    loop {
        let running = machine.step();
        recorder.observe(machine);
        if !running {
            break;
        }
    }
    recorder.finish(machine)
}

/// Checks `source`, loads it with `settings` and runs it to its end: the run's fingerprint,
/// or why it could not run (the compiler's first error, or a setup error).
pub fn trace_hash(source: &str, settings: Settings) -> Result<TraceSummary, String> {
    let checked = memplay_lang::check(source);
    if let Some(error) = checked
        .diagnostics
        .iter()
        .find(|d| d.severity == memplay_lang::diagnostics::Severity::Error)
    {
        return Err(format!("does not compile: {}", error.message));
    }
    let mut machine =
        Machine::new(&checked.program, source, "program.c", settings).map_err(|e| e.0)?;
    Ok(trace_machine(&mut machine))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fnv1a_matches_the_published_test_vectors() {
        // From the FNV reference (Fowler, Noll, Vo): "" and "a" and "foobar".
        let of = |text: &str| {
            let mut h = Fnv64::new();
            h.bytes(text.as_bytes());
            h.finish()
        };
        assert_eq!(of(""), 0xcbf2_9ce4_8422_2325);
        assert_eq!(of("a"), 0xaf63_dc4c_8601_ec8c);
        assert_eq!(of("foobar"), 0x8594_4171_f739_67e8);
    }

    #[test]
    fn a_usize_hashes_as_eight_bytes_on_every_target() {
        let mut wide = Fnv64::new();
        wide.u64(7);
        let mut count = Fnv64::new();
        count.usize(7);
        assert_eq!(wide, count);
    }

    #[test]
    fn strings_are_length_prefixed() {
        let mut first = Fnv64::new();
        first.str("ab");
        first.str("c");
        let mut second = Fnv64::new();
        second.str("a");
        second.str("bc");
        assert_ne!(first.finish(), second.finish());
    }

    #[test]
    fn a_program_that_does_not_compile_is_an_error_value() {
        let result = trace_hash("int main(void) { return x; }", Settings::default());
        assert!(result.is_err_and(|e| e.contains("does not compile")));
    }
}
