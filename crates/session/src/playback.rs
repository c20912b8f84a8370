//! Stepping through a run, as the app's controls do: a program loaded into a time-travel
//! [`Timeline`], moved by [`Move`]s (forward, back, over, out, to a line, to the next event
//! of a kind, anywhere on the scrubber), and shown at each step as a [`StepView`]: the
//! machine's snapshot with the slots that changed since the step before marked, the
//! console, the errors so far located by line, and where each thread is.

use std::collections::VecDeque;
use std::rc::Rc;

use memplay_lang::codemap::{SourceMap, Span};
use memplay_machine::{Machine, Settings, Timeline};
use serde::Serialize;

/// The snapshot's types, for the app to name what it renders.
pub use memplay_heap::allocator::{BuddyNode, BuddyState, FreeList, Pool};
pub use memplay_heap::{BlockInfo, BlockState, FreeStructures, Metrics};
pub use memplay_machine::Status as RunStatus;
pub use memplay_machine::{
    EventKind, EventMarks, FrameDetail, FrameView, HeapView, PageView, PagingView,
    PhysicalFrameView, Place, RegionView, SlotKind, SlotView, Snapshot, StepEvents, ThreadView,
};
pub use memplay_paging::address_space::{Event as PagingEvent, Fault, LoadedFrom};

use crate::plots::{BeladyJob, TimeSeries};
use crate::run::{LeakSummary, RunError, RunFailure, leak_summary, load_machine, located_errors};

/// Statements between checkpoints: going back replays at most this many steps (the
/// history's budget may space them further apart on very long runs).
const CHECKPOINT_INTERVAL: u64 = 2_000;

/// The frames of each thread a step's view describes slot by slot, as the stack view draws
/// them: a deep stack's outermost 3 and innermost 8 (the others are counted and named).
pub const FRAMES_DRAWN: FrameDetail = FrameDetail {
    outermost: 3,
    innermost: 8,
};

/// Memory accesses a recorded chunk may make per step it was asked for: typical steps make
/// a few, so only dear ones meet it (see [`Playback::record_chunk`]).
pub const ACCESSES_PER_RECORDED_STEP: u64 = 64;

/// Snapshots of recently viewed steps kept for marking changes (a back-and-forth over a
/// few steps then needs no replays beyond the move itself).
const RECENT_SNAPSHOTS: usize = 8;

/// A move through the run.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Move {
    Forward,
    Back,
    /// The next step of this thread in this call or a caller (over calls).
    StepOver,
    StepOverBack,
    /// The next step of this thread in a caller.
    StepOut,
    StepOutBack,
    ToStart,
    /// The end of the run (it is run to the end if it has not been).
    ToEnd,
    GoTo(u64),
    /// Forward to the next step at this line (1-based), of any thread: run to cursor, or
    /// to a breakpoint.
    ToLine(u32),
    BackToLine(u32),
    /// Forward to the next step at a breakpoint line (see [`Playback::set_breakpoints`]).
    ToBreakpoint,
    BackToBreakpoint,
    NextEvent(EventKind),
    PreviousEvent(EventKind),
}

/// Where a thread is, by line and column (1-based), for the editor's highlight.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ThreadPlace {
    pub thread: u32,
    pub line: u32,
    pub column: u32,
    pub end_line: u32,
    pub end_column: u32,
    /// At expression granularity, the expression about to finish.
    pub expression: Option<(u32, u32, u32, u32)>,
}

/// Everything the views show at one step, as plain data.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct StepView {
    pub step: u64,
    /// Steps recorded so far (the scrubber's extent while the run is still going).
    pub recorded: u64,
    /// Whether the program has ended at this step.
    pub ended: bool,
    /// Shared with the session's recent snapshots (a deep stack's is large to copy).
    pub snapshot: Rc<Snapshot>,
    pub places: Vec<ThreadPlace>,
    /// Everything printed up to this step.
    pub console: String,
    pub errors: Vec<RunError>,
    /// The leak report, once the program has ended.
    pub leaks: Option<LeakSummary>,
    /// At a step with a page fault or a swap: what paging did, in order (TLB misses,
    /// walks, faults, victims, write-backs, swap-ins, loads, cache misses, faults);
    /// hits and costs left out, at most [`PAGING_EVENTS_SHOWN`].
    pub paging_events: Vec<PagingEvent>,
    /// Each live heap block's payload and the line of the malloc that allocated it.
    pub allocation_lines: Vec<(u32, u32)>,
    /// What this step did to the cache's lines, by (set, way): filled on a miss, or hit.
    pub cache_step: CacheStep,
    /// The page the memory inspector shows, if one is open (see [`Playback::inspect`]).
    pub memory: Option<MemoryDump>,
}

/// The cache lines one step used, by (set, way), each in (set, way) order.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct CacheStep {
    /// Lines read from memory on a miss (a new line in the slot).
    pub filled: Vec<(usize, usize)>,
    /// Lines that were already there and were used again: hits.
    pub hit: Vec<(usize, usize)>,
}

impl CacheStep {
    /// What happened to the cache between two steps' views of it: a line that arrived in
    /// between was filled; one that was there before and was used again was hit.
    pub fn between(before: &PagingView, after: &PagingView) -> CacheStep {
        // The earlier lines' stamps by (set, way), sorted to be found by halving (with the
        // app's shared sort: the bundle carries no hash table of this type).
        let mut earlier: Vec<((usize, usize), (u64, u64))> = before
            .cache
            .iter()
            .zip(&before.cache_stamps)
            .map(|(&(set, way, _, _), &stamps)| ((set, way), stamps))
            .collect();
        memplay_lang::sort::sort_by_key(&mut earlier, |&(slot, _)| slot);
        let mut step = CacheStep::default();
        for (&(set, way, _, _), &(arrived, used)) in after.cache.iter().zip(&after.cache_stamps) {
            let found = earlier.binary_search_by_key(&(set, way), |&(slot, _)| slot);
            match found.ok().map(|at| earlier[at].1) {
                Some((was_arrived, was_used)) if was_arrived == arrived => {
                    if was_used != used {
                        step.hit.push((set, way));
                    }
                }
                _ => step.filled.push((set, way)),
            }
        }
        step
    }
}

/// One page of memory as bytes, with what lies where: the inspector's hex view.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct MemoryDump {
    /// The address asked for, and the page holding it.
    pub address: u32,
    pub start: u32,
    pub page_size: u32,
    /// `None` when the page is not mapped (touching it faults).
    pub bytes: Option<Vec<u8>>,
    /// The region the page is in ("stack", "heap", "kernel", ...).
    pub region: String,
    /// Variables, heap blocks and their headers overlapping the page, in address order.
    pub labels: Vec<MemoryLabel>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct MemoryLabel {
    pub address: u32,
    pub size: u32,
    pub text: String,
}

/// Paging events a step's view keeps: enough for a few faults' whole sequences.
pub const PAGING_EVENTS_SHOWN: usize = 64;

pub struct Playback {
    timeline: Timeline,
    source: String,
    map: SourceMap,
    /// The line of every point of the program (see `Position::point`).
    point_lines: Vec<u32>,
    /// The snapshots of the last steps viewed, newest last, so stepping forward or back
    /// marks changes against the step before without replaying to it.
    recent: VecDeque<(u64, Rc<Snapshot>)>,
    /// Breakpoint lines (1-based), for [`Move::ToBreakpoint`].
    breakpoints: Vec<u32>,
    /// The address the memory inspector shows, if it is open.
    inspected: Option<u32>,
}

impl Playback {
    /// Checks and loads the program, at its first step.
    pub fn start(
        file_name: &str,
        source: &str,
        settings: Settings,
    ) -> Result<Playback, RunFailure> {
        if let Some(message) = crate::check::program_too_large(source) {
            return Err(RunFailure::Setup(message));
        }
        let machine = load_machine(file_name, source, settings)?;
        let map = SourceMap::new(source);
        let point_lines = machine
            .points()
            .iter()
            .map(|point| map.line_col(source, point.span.start).line)
            .collect();
        Ok(Playback {
            timeline: Timeline::new(machine, CHECKPOINT_INTERVAL),
            source: source.to_string(),
            map,
            point_lines,
            recent: VecDeque::new(),
            breakpoints: Vec::new(),
            inspected: None,
        })
    }

    pub fn step(&self) -> u64 {
        self.timeline.step()
    }

    /// Steps recorded so far: how far the run has gone.
    pub fn recorded(&self) -> u64 {
        self.timeline.recorded()
    }

    /// Runs up to `steps` more steps beyond the recording (the app runs a program in such
    /// slices, so the page stays responsive); true once the program has ended.
    pub fn record(&mut self, steps: u64) -> bool {
        let ended = self.record_chunk(steps);
        self.sample_latest();
        ended
    }

    /// [`record`](Self::record) without measuring the heap at the end: for a slice run
    /// as several chunks, which calls [`sample_latest`](Self::sample_latest) once after
    /// them (the measure walks every heap block).
    ///
    /// A chunk also stops after [`ACCESSES_PER_RECORDED_STEP`] memory accesses per step
    /// asked for, so steps that turn dear (a malloc walking a long free list) cannot stretch
    /// a chunk sized for cheap ones into a long task.
    pub fn record_chunk(&mut self, steps: u64) -> bool {
        let timeline = &mut self.timeline;
        timeline.go_to(timeline.recorded());
        let target = timeline.recorded().saturating_add(steps);
        let accesses = |timeline: &Timeline| timeline.machine().space().stats().accesses;
        let budget =
            accesses(timeline).saturating_add(steps.saturating_mul(ACCESSES_PER_RECORDED_STEP));
        let mut moved = true;
        while moved && timeline.step() < target && accesses(timeline) < budget {
            moved = timeline.forward();
        }
        !moved
            || !matches!(
                timeline.machine().status(),
                memplay_machine::Status::Running
            )
    }

    /// Gives the plots' series the figures of the furthest step recorded.
    pub fn sample_latest(&mut self) {
        self.timeline.sample_latest();
    }

    /// Ends recording where it got to (the learner cancelled): every move and search
    /// from now on stays within the steps recorded.
    pub fn stop_recording(&mut self) {
        self.timeline.stop_recording();
    }

    /// The lines [`Move::ToBreakpoint`] and [`Move::BackToBreakpoint`] stop at.
    pub fn set_breakpoints(&mut self, lines: &[u32]) {
        self.breakpoints = lines.to_vec();
    }

    /// Opens the memory inspector on the page holding `address` (or closes it): each
    /// view then carries that page's bytes.
    pub fn inspect(&mut self, address: Option<u32>) {
        self.inspected = address;
    }

    pub fn machine(&self) -> &Machine {
        self.timeline.machine()
    }

    /// The recorded run's heap and stack figures over time, for the Plots view.
    pub fn time_series(&self) -> TimeSeries {
        let series = self.timeline.series();
        TimeSeries {
            points: series.points(),
            spacing: series.spacing(),
        }
    }

    /// Belady's curve of the recorded run's page reference string, to be computed a slice
    /// at a time.
    pub fn belady_job(&self) -> Result<BeladyJob, String> {
        let references = self.timeline.references();
        BeladyJob::new(
            references.pages(),
            references.accesses(),
            references.is_capped(),
            self.timeline.machine().settings().seed,
        )
    }

    /// Makes a move; false when it could not (at the start, at the end, no such event).
    pub fn apply(&mut self, action: Move) -> bool {
        let timeline = &mut self.timeline;
        let here = timeline.step();
        match action {
            Move::Forward => timeline.forward(),
            Move::Back => timeline.back(),
            Move::StepOver => timeline.step_over(),
            Move::StepOverBack => timeline.step_over_back(),
            Move::StepOut => timeline.step_out(),
            Move::StepOutBack => timeline.step_out_back(),
            Move::ToStart => {
                timeline.go_to(0);
                here != 0
            }
            Move::ToEnd => {
                timeline.go_to(u64::MAX);
                timeline.step() != here
            }
            Move::GoTo(step) => {
                timeline.go_to(step);
                timeline.step() != here
            }
            Move::ToLine(line) => {
                let lines = &self.point_lines;
                timeline.forward_until(|p| lines.get(p.point as usize) == Some(&line))
            }
            Move::BackToLine(line) => {
                let lines = &self.point_lines;
                timeline.back_until(|p| lines.get(p.point as usize) == Some(&line))
            }
            Move::ToBreakpoint => {
                let (lines, breakpoints) = (&self.point_lines, &self.breakpoints);
                timeline.forward_until(|p| {
                    lines
                        .get(p.point as usize)
                        .is_some_and(|line| breakpoints.contains(line))
                })
            }
            Move::BackToBreakpoint => {
                let (lines, breakpoints) = (&self.point_lines, &self.breakpoints);
                timeline.back_until(|p| {
                    lines
                        .get(p.point as usize)
                        .is_some_and(|line| breakpoints.contains(line))
                })
            }
            Move::NextEvent(kind) => timeline.next_event(kind),
            Move::PreviousEvent(kind) => timeline.previous_event(kind),
        }
    }

    fn line_col(&self, pos: u32) -> (u32, u32) {
        let at = self.map.line_col(&self.source, pos);
        (at.line, at.column)
    }

    fn place(&self, span: Span) -> (u32, u32, u32, u32) {
        let (line, column) = self.line_col(span.start);
        let (end_line, end_column) = self.line_col(span.end);
        (line, column, end_line, end_column)
    }

    /// Where the recorded steps' events of each kind are, in `bin_count` equal bins of the
    /// run (the scrubber's marks).
    pub fn event_marks(&self, bin_count: u32) -> Vec<EventMarks> {
        self.timeline.event_marks(bin_count)
    }

    /// The paging events of `step` (the current one) if it faulted or swapped: the step is
    /// replayed with events recorded, which only such steps are worth.
    fn paging_events(&mut self, step: u64) -> Vec<PagingEvent> {
        let events = self.timeline.position(step).map(|p| p.events);
        if !events.is_some_and(|e| e.contains(EventKind::PageFault) || e.contains(EventKind::Swap))
        {
            return Vec::new();
        }
        self.timeline
            .paging_events_of_step()
            .into_iter()
            .filter(|event| {
                !matches!(
                    event,
                    PagingEvent::TlbHit { .. }
                        | PagingEvent::Cost { .. }
                        | PagingEvent::Cache {
                            hit: true,
                            written_back: None,
                            ..
                        }
                )
            })
            .take(PAGING_EVENTS_SHOWN)
            .collect()
    }

    /// The view of the current step; slots that differ from the step before are marked.
    pub fn view(&mut self) -> StepView {
        let step = self.timeline.step();
        let mut snapshot = self.timeline.machine().snapshot_with(FRAMES_DRAWN);
        let cached = step.checked_sub(1).and_then(|before| {
            self.recent
                .iter()
                .rev()
                .find(|(at, _)| *at == before)
                .map(|(_, snapshot)| snapshot.clone())
        });
        let previous = match cached {
            Some(previous) => Some(previous),
            // A jump: the replay that reached this step kept the machine before it.
            None => {
                let previous = self
                    .timeline
                    .machine_before()
                    .map(|before| Rc::new(before.snapshot_with(FRAMES_DRAWN)));
                if let Some(previous) = &previous {
                    // Kept, so that stepping back and forth over this step replays no more.
                    self.remember(step - 1, previous.clone());
                }
                previous
            }
        };
        let cache_step = previous
            .as_ref()
            .map(|previous| CacheStep::between(&previous.paging, &snapshot.paging))
            .unwrap_or_default();
        if let Some(previous) = &previous {
            snapshot.mark_changes(previous);
        } else {
            // The first step: everything is new.
            snapshot.mark_changes(&Snapshot {
                threads: Vec::new(),
                globals: Vec::new(),
                ..snapshot.clone()
            });
        }
        let paging_events = self.paging_events(step);
        let machine = self.timeline.machine();
        let places = snapshot
            .threads
            .iter()
            .map(|thread| {
                let span = Span::new(thread.span.start, thread.span.end);
                let (line, column, end_line, end_column) = self.place(span);
                ThreadPlace {
                    thread: thread.id,
                    line,
                    column,
                    end_line,
                    end_column,
                    expression: thread
                        .expression
                        .map(|e| self.place(Span::new(e.start, e.end))),
                }
            })
            .collect();
        let view = StepView {
            step,
            recorded: self.timeline.recorded(),
            ended: !matches!(machine.status(), memplay_machine::Status::Running),
            places,
            console: String::from_utf8_lossy(&machine.stdout()).into_owned(),
            errors: located_errors(machine, &self.source, &self.map),
            leaks: leak_summary(machine, &self.source, &self.map),
            paging_events,
            cache_step,
            memory: self
                .inspected
                .map(|address| memory_dump(machine, &snapshot, address)),
            allocation_lines: machine
                .allocation_sites()
                .into_iter()
                .map(|(payload, span)| (payload, self.line_col(span.start).0))
                .collect(),
            snapshot: Rc::new(snapshot),
        };
        self.remember(step, Rc::clone(&view.snapshot));
        view
    }

    /// Keeps the snapshot of `step` among the recent ones, dropping the oldest.
    fn remember(&mut self, step: u64, snapshot: Rc<Snapshot>) {
        self.recent.retain(|(at, _)| *at != step);
        if self.recent.len() == RECENT_SNAPSHOTS {
            self.recent.pop_front();
        }
        self.recent.push_back((step, snapshot));
    }
}

/// The page holding `address` with its labels, read without touching anything.
fn memory_dump(machine: &Machine, snapshot: &Snapshot, address: u32) -> MemoryDump {
    let page_size = machine.space().geometry().page_size;
    let start = address - address % page_size;
    let end = u64::from(start) + u64::from(page_size);
    let overlaps = |at: u32, size: u32| {
        u64::from(at) < end && u64::from(at) + u64::from(size.max(1)) > u64::from(start)
    };
    let mut labels: Vec<MemoryLabel> = Vec::new();
    for slot in &snapshot.globals {
        if overlaps(slot.address, slot.size) {
            labels.push(MemoryLabel {
                address: slot.address,
                size: slot.size,
                text: format!("{} ({})", slot.name, slot.type_name),
            });
        }
    }
    // Frames the view left undescribed are described here, if their bytes are on this page.
    let undescribed: Vec<u32> = snapshot
        .threads
        .iter()
        .flat_map(|t| &t.frames)
        .filter(|f| !f.detailed && overlaps(f.low, f.high - f.low))
        .map(|f| f.fp)
        .collect();
    let described = if undescribed.is_empty() {
        Vec::new()
    } else {
        machine.frames_overlapping(start, start.saturating_add(page_size))
    };
    let frames = snapshot
        .threads
        .iter()
        .flat_map(|t| t.frames.iter().filter(|f| f.detailed))
        .chain(
            described
                .iter()
                .map(|(_, frame)| frame)
                .filter(|f| undescribed.contains(&f.fp)),
        );
    for frame in frames {
        for slot in frame.slots.iter().filter(|s| overlaps(s.address, s.size)) {
            labels.push(MemoryLabel {
                address: slot.address,
                size: slot.size,
                text: format!("{} in {}", slot.name, frame.function),
            });
        }
    }
    for block in &snapshot.heap.blocks {
        let header = block.payload.saturating_sub(block.addr);
        if header > 0 && overlaps(block.addr, header) {
            labels.push(MemoryLabel {
                address: block.addr,
                size: header,
                text: format!("header of the block at {:#010x}", block.payload),
            });
        }
        let payload = block.size - header;
        if overlaps(block.payload, payload) {
            let state = match block.state {
                memplay_heap::BlockState::Allocated => "allocated block",
                memplay_heap::BlockState::Free => "free block",
                memplay_heap::BlockState::Cached { .. } => "cached free block",
                memplay_heap::BlockState::Internal { .. } => "allocator's own block",
            };
            labels.push(MemoryLabel {
                address: block.payload,
                size: payload,
                text: format!("{state} ({} bytes)", block.requested.unwrap_or(payload)),
            });
        }
    }
    memplay_lang::sort::sort_by_key(&mut labels, |label| label.address);
    let region = snapshot
        .regions
        .iter()
        .find(|r| address >= r.start && u64::from(address) < u64::from(r.start) + u64::from(r.len))
        .map_or_else(|| "unmapped".to_string(), |r| r.name.clone());
    MemoryDump {
        address,
        start,
        page_size,
        bytes: machine.space().peek(start, page_size),
        region,
        labels,
    }
}
