//! A plain-data picture of the machine at one step, for the views: each thread's frames
//! with every slot (return address, saved frame pointer, parameters, locals) at its real
//! address with its value rendered by its type, the heap's blocks and free structures, the
//! address space's regions, and the paging counters. Taking one changes nothing: memory is
//! read without accesses.

use memplay_heap::{BlockInfo, FreeStructures, Metrics};
use memplay_lang::codemap::Span;
use memplay_lang::hir::Program;
use memplay_lang::sort::sort_by_key;
use memplay_lang::types::{IntKind, Type};
use memplay_paging::address_space::{FrameUse, Stats};
use memplay_paging::cost::Costs;
use serde::Serialize;

use crate::code::PointKind;
use crate::events::StepEvents;
use crate::layout::space_size;
use crate::machine::{Frame, Machine, Status};
use crate::threads::ThreadState;

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Snapshot {
    /// The timeline's step: stops so far (statements, and expression points at
    /// expression granularity).
    pub step: u64,
    /// Statements run so far.
    pub statements: u64,
    /// What happened during the step that led here.
    pub events: StepEvents,
    pub status: Status,
    pub threads: Vec<ThreadView>,
    /// The globals and static locals (named `function::name`), in address order.
    pub globals: Vec<SlotView>,
    pub regions: Vec<RegionView>,
    pub heap: HeapView,
    pub stdout_bytes: usize,
    pub errors: usize,
    pub paging: PagingView,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ThreadView {
    pub id: u32,
    /// "running", "runnable", "waiting for thread 2", "waiting for the mutex at 0x...",
    /// "finished".
    pub state: String,
    /// The statement it is at, and its line (1-based).
    pub span: Place,
    pub line: usize,
    /// At expression granularity, the expression whose last operation comes next.
    pub expression: Option<Place>,
    pub sp: u32,
    pub stack_low: u32,
    pub stack_top: u32,
    /// Innermost last.
    pub frames: Vec<FrameView>,
}

/// A range of the source, in bytes (lang's `Span`, as plain data).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Place {
    pub start: u32,
    pub end: u32,
}

impl From<Span> for Place {
    fn from(span: Span) -> Place {
        Place {
            start: span.start,
            end: span.end,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct FrameView {
    pub function: String,
    /// Where it was called from (none for main and a thread's start function).
    pub call_span: Option<Place>,
    pub fp: u32,
    /// The frame's bytes: from its lowest local up to the end of its arguments (the
    /// innermost frame also owns what was pushed below, down to SP).
    pub low: u32,
    pub high: u32,
    /// Slots from the highest address down: parameters, return address, saved frame
    /// pointer, locals; none when the frame is not `detailed`.
    pub slots: Vec<SlotView>,
    /// The snapshot describes this frame slot by slot (see [`FrameDetail`]).
    pub detailed: bool,
}

/// Which frames of each thread a snapshot describes slot by slot: a deep stack's outermost
/// and innermost ones. The frames between carry their function and bytes only, because
/// rendering every slot of 8,000 frames costs more than a step may.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FrameDetail {
    pub outermost: usize,
    pub innermost: usize,
}

impl FrameDetail {
    /// Every frame, slot by slot.
    pub const ALL: FrameDetail = FrameDetail {
        outermost: usize::MAX,
        innermost: usize::MAX,
    };

    /// Whether frame `index` (0 the outermost) of a stack of `count` is described.
    pub fn covers(self, index: usize, count: usize) -> bool {
        index < self.outermost || count - index <= self.innermost
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SlotView {
    pub name: String,
    pub kind: SlotKind,
    pub type_name: String,
    pub address: u32,
    pub size: u32,
    /// The value as C would print it: `42`, `'A'`, `0x0804b008`, `{1, 2, 3}`, `{x = 1}`.
    pub value: String,
    /// For a pointer: where it points.
    pub points_to: Option<u32>,
    /// Every byte holds a value the program gave it.
    pub defined: bool,
    /// The slot is new or its value differs from the previous step's (see
    /// [`Snapshot::mark_changes`]).
    pub changed: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum SlotKind {
    Parameter,
    ReturnAddress,
    SavedFramePointer,
    Local,
    /// A global, or a function's static local, in data or bss.
    Global,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RegionView {
    pub name: String,
    pub start: u32,
    pub len: u32,
    pub writable: bool,
    /// False for the unmapped guard page below each stack and for kernel space: the
    /// program faults there (a stack overflow, a wild pointer).
    pub mapped: bool,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct HeapView {
    pub start: u32,
    pub brk: u32,
    pub blocks: Vec<BlockInfo>,
    pub free_structures: FreeStructures,
    pub metrics: Option<Metrics>,
    /// Set when the heap's metadata is damaged (a program wrote past a block).
    pub corrupted: Option<String>,
    /// Payloads the program freed that the quarantine holds back from the allocator
    /// (allocated in the allocator's eyes, freed in the program's), oldest first.
    pub quarantined: Vec<u32>,
    /// Bytes after each block's requested size that the machine asked for as a red zone
    /// (the blocks' `requested` includes them).
    pub red_zone: u32,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PagingView {
    pub stats: Stats,
    pub costs: Costs,
    /// Resident pages in the replacement policy's order.
    pub resident: Vec<u32>,
    pub page_size: u32,
    /// Bits of the page number each level of the page table indexes, top level first
    /// (x86's two levels: 10 and 10 for 4 KiB pages).
    pub levels: Vec<u32>,
    /// Every page with a table entry, in page order.
    pub pages: Vec<PageView>,
    /// Frames in use (the others are free), in frame order.
    pub frames: Vec<PhysicalFrameView>,
    pub frame_count: u32,
    /// TLB entries as (set, way, page, frame).
    pub tlb: Vec<(usize, usize, u32, u32)>,
    /// Swap slots in use and the page each holds.
    pub swap: Vec<(u32, u32)>,
    /// Cache lines as (set, way, line address, dirty).
    pub cache: Vec<(usize, usize, u32, bool)>,
    /// When each line of `cache` arrived and was last used, on the cache's own clock: a
    /// line that arrived between two steps was filled on a miss (even into the slot it
    /// held before, after its frame was reused); one only used again was hit.
    pub cache_stamps: Vec<(u64, u64)>,
    /// The cache's shape: sets, ways and bytes a line (no sets when there is no cache).
    pub cache_sets: u32,
    pub cache_ways: u32,
    pub cache_line_size: u32,
}

/// A page-table entry as the views show it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PageView {
    pub page: u32,
    /// The region the page belongs to ("stack", "heap", ...).
    pub region: String,
    pub present: bool,
    pub frame: Option<u32>,
    pub writable: bool,
    pub accessed: bool,
    pub dirty: bool,
    pub swap_slot: Option<u32>,
}

/// What a physical frame holds.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PhysicalFrameView {
    pub frame: u32,
    /// A page of memory, or a page of the page table (`table_level`).
    pub page: Option<u32>,
    pub table_level: Option<usize>,
    pub referenced: bool,
    pub modified: bool,
}

/// Elements of an array shown before "...".
const SHOWN_ELEMENTS: u32 = 16;

/// Characters of a char array shown before "...".
const SHOWN_CHARS: u32 = 64;

impl Snapshot {
    /// Marks the slots that are new or changed since `previous` (the step before): a slot
    /// is the same one when its thread, address and name match.
    /// A frame that the previous snapshot did not describe (it has just come into the
    /// detailed window) is not marked: what it held then is not known here.
    pub fn mark_changes(&mut self, previous: &Snapshot) {
        let before: std::collections::HashMap<(u32, u32, &str), &str> = previous
            .threads
            .iter()
            .flat_map(|t| {
                t.frames.iter().flat_map(move |f| {
                    f.slots
                        .iter()
                        .map(move |s| ((t.id, s.address, s.name.as_str()), s.value.as_str()))
                })
            })
            .collect();
        for thread in &mut self.threads {
            let earlier = previous.threads.iter().find(|t| t.id == thread.id);
            for frame in thread.frames.iter_mut().filter(|f| !f.slots.is_empty()) {
                // Frames are in call order, their frame pointers descending.
                let unknown = earlier.is_some_and(|earlier| {
                    earlier
                        .frames
                        .binary_search_by(|f| frame.fp.cmp(&f.fp))
                        .is_ok_and(|i| {
                            let was = &earlier.frames[i];
                            !was.detailed && was.function == frame.function
                        })
                });
                for slot in &mut frame.slots {
                    let key = (thread.id, slot.address, slot.name.as_str());
                    slot.changed = !unknown && before.get(&key) != Some(&slot.value.as_str());
                }
            }
        }
    }
}

impl Machine {
    /// The picture of the machine now, every frame slot by slot (no slot marked changed:
    /// see [`Snapshot::mark_changes`]).
    pub fn snapshot(&self) -> Snapshot {
        self.snapshot_with(FrameDetail::ALL)
    }

    /// Thread `i`'s frames, current span, stack pointer and point: the machine's own for
    /// the running thread, the saved ones for the others.
    fn thread_context(&self, i: usize) -> (&[Frame], Span, u32, u32) {
        match &self.threads[i].saved {
            Some(c) if i != self.current => (&c.frames, c.span, c.sp, c.point),
            _ => (&self.frames, self.span, self.sp, self.position().point),
        }
    }

    /// Every frame whose bytes overlap `low..high`, slot by slot, with its thread's id:
    /// what the memory inspector labels when a snapshot left those frames undescribed.
    pub fn frames_overlapping(&self, low: u32, high: u32) -> Vec<(u32, FrameView)> {
        let mut found = Vec::new();
        for (i, thread) in self.threads.iter().enumerate() {
            if matches!(thread.state, ThreadState::Finished(_)) {
                continue;
            }
            let (frames, _, _, _) = self.thread_context(i);
            for frame in frames {
                let view = self.frame_view(frame, false);
                if view.low < high && view.high > low {
                    found.push((thread.id, self.frame_view(frame, true)));
                }
            }
        }
        found
    }

    /// The picture of the machine now, with slots for the frames `detail` covers.
    pub fn snapshot_with(&self, detail: FrameDetail) -> Snapshot {
        let threads = self
            .threads
            .iter()
            .enumerate()
            .map(|(i, thread)| {
                let running = i == self.current;
                let (frames, span, sp, point) = self.thread_context(i);
                let expression = self
                    .points()
                    .get(point as usize)
                    .filter(|p| p.kind == PointKind::Expression)
                    .map(|p| p.span.into());
                let state = match thread.state {
                    ThreadState::Finished(_) => "finished".to_string(),
                    ThreadState::Blocked(crate::threads::Wait::Join { id, .. }) => {
                        format!("waiting for thread {id}")
                    }
                    ThreadState::Blocked(crate::threads::Wait::Mutex { addr }) => {
                        format!("waiting for the mutex at 0x{addr:08x}")
                    }
                    ThreadState::Runnable if running => "running".to_string(),
                    ThreadState::Runnable => "runnable".to_string(),
                };
                let finished = matches!(thread.state, ThreadState::Finished(_));
                ThreadView {
                    id: thread.id,
                    state,
                    span: span.into(),
                    line: self.line_of(span),
                    expression,
                    sp,
                    stack_low: thread.stack_low,
                    stack_top: thread.stack_top,
                    frames: if finished {
                        Vec::new()
                    } else {
                        let count = frames.len();
                        let mut views: Vec<FrameView> = frames
                            .iter()
                            .enumerate()
                            .map(|(i, f)| self.frame_view(f, detail.covers(i, count)))
                            .collect();
                        if let Some(innermost) = views.last_mut() {
                            innermost.low = innermost.low.min(sp);
                        }
                        views
                    },
                }
            })
            .collect();
        let (blocks, free_structures, metrics, corrupted) = self.heap_view();
        Snapshot {
            step: self.ticks(),
            statements: self.steps(),
            events: self.events(),
            status: self.status().clone(),
            threads,
            globals: self.global_views(),
            regions: self.region_views(),
            heap: HeapView {
                start: self.layout.heap_start,
                brk: self.brk,
                blocks,
                free_structures,
                metrics,
                corrupted,
                quarantined: self.quarantine.payloads(),
                red_zone: self.settings.red_zone,
            },
            stdout_bytes: self.stdout.len(),
            errors: self.errors.len(),
            paging: PagingView {
                stats: self.space.stats(),
                costs: self.space.costs(),
                resident: self.space.resident(),
                ..self.paging_detail()
            },
        }
    }

    /// The mapped regions in address order, with each stack's guard page below it and
    /// kernel space at the top.
    fn region_views(&self) -> Vec<RegionView> {
        let page = self.layout.page_size;
        let mut views: Vec<RegionView> = self
            .space
            .regions()
            .iter()
            .map(|r| RegionView {
                name: r.name.clone(),
                start: r.start,
                len: r.len,
                writable: r.writable,
                mapped: true,
            })
            .collect();
        for thread in &self.threads {
            views.push(RegionView {
                name: format!("guard page of thread {}", thread.id),
                start: thread.stack_low.saturating_sub(page),
                len: page,
                writable: false,
                mapped: false,
            });
        }
        views.push(RegionView {
            name: "kernel".into(),
            start: self.layout.kernel_base(),
            len: (space_size(self.layout.address_bits) - u64::from(self.layout.kernel_base()))
                as u32,
            writable: false,
            mapped: false,
        });
        sort_by_key(&mut views, |r| r.start);
        views
    }

    /// The page table, frames, TLB, swap and cache as plain data.
    fn paging_detail(&self) -> PagingView {
        let space = &self.space;
        let cache_shape = space.cache().settings();
        let region_of = |page: u32| {
            let va = page.wrapping_mul(space.geometry().page_size);
            space
                .region_of(va)
                .map_or_else(|| "unmapped".to_string(), |r| r.name.clone())
        };
        let pages = space
            .page_entries()
            .into_iter()
            .map(|(page, entry)| PageView {
                page,
                region: region_of(page),
                present: entry.present,
                frame: entry.present.then_some(entry.frame),
                writable: entry.writable,
                accessed: entry.accessed,
                dirty: entry.dirty,
                swap_slot: entry.swap_slot,
            })
            .collect();
        let table = space.frame_table().frames();
        let frames = space
            .frame_uses()
            .iter()
            .enumerate()
            .filter_map(|(i, used)| {
                let (page, table_level) = match *used {
                    FrameUse::Free => return None,
                    FrameUse::Page { page } => (Some(page), None),
                    FrameUse::Table { level } => (None, Some(level)),
                };
                let frame = table.get(i);
                Some(PhysicalFrameView {
                    frame: i as u32,
                    page,
                    table_level,
                    referenced: frame.is_some_and(|f| f.referenced),
                    modified: frame.is_some_and(|f| f.modified),
                })
            })
            .collect();
        PagingView {
            stats: space.stats(),
            costs: space.costs(),
            resident: Vec::new(),
            page_size: space.geometry().page_size,
            levels: space.geometry().levels.clone(),
            pages,
            frames,
            frame_count: space.frame_uses().len() as u32,
            tlb: space
                .tlb()
                .entries()
                .into_iter()
                .map(|(set, way, page, entry)| (set, way, page, entry.frame))
                .collect(),
            swap: space.swap_slots(),
            cache: space.cache().lines(),
            cache_stamps: space.cache().line_stamps(),
            cache_sets: cache_shape.size / cache_shape.line_size.max(1) / cache_shape.ways.max(1),
            cache_ways: cache_shape.ways,
            cache_line_size: cache_shape.line_size,
        }
    }

    fn heap_view(
        &self,
    ) -> (
        Vec<BlockInfo>,
        FreeStructures,
        Option<Metrics>,
        Option<String>,
    ) {
        let memory = self.heap_bytes_view();
        let allocator = self.allocator.as_ref();
        match (
            allocator.blocks(&memory),
            allocator.free_structures(&memory),
            allocator.metrics(&memory),
        ) {
            (Ok(blocks), Ok(free), Ok(metrics)) => (blocks, free, Some(metrics), None),
            (Err(e), _, _) | (_, Err(e), _) | (_, _, Err(e)) => (
                Vec::new(),
                FreeStructures::default(),
                None,
                Some(e.to_string()),
            ),
        }
    }

    fn frame_view(&self, frame: &Frame, detailed: bool) -> FrameView {
        let program = &self.program;
        let function = &program.functions[frame.function.0 as usize];
        let code = self.code[frame.function.0 as usize].as_ref();
        let low = frame
            .fp
            .saturating_sub(code.map_or(0, |code| code.frame_size));
        if !detailed {
            return FrameView {
                function: function.name.clone(),
                call_span: frame.return_to.map(|_| frame.call_span.into()),
                fp: frame.fp,
                low,
                high: self.frame_high(frame),
                slots: Vec::new(),
                detailed,
            };
        }
        let mut slots = Vec::new();
        if let Some(code) = code {
            for (i, local) in function.locals.iter().enumerate() {
                let offset = code.local_offsets[i];
                let is_param = function.params.iter().any(|p| p.0 as usize == i);
                let address = frame.fp.wrapping_add_signed(offset);
                slots.push(self.slot(
                    &local.name,
                    if is_param {
                        SlotKind::Parameter
                    } else {
                        SlotKind::Local
                    },
                    &local.ty.ty,
                    address,
                ));
            }
        }
        let word = Type::Int(IntKind::UInt);
        let mut saved = self.slot(
            "saved frame pointer",
            SlotKind::SavedFramePointer,
            &word,
            frame.fp,
        );
        saved.type_name = "void *".into();
        saved.points_to = self.space.peek_u32(frame.fp);
        saved.value = format!("0x{:08x}", saved.points_to.unwrap_or(0));
        let mut ret = self.slot(
            "return address",
            SlotKind::ReturnAddress,
            &word,
            frame.fp + 4,
        );
        ret.type_name = "code address".into();
        ret.value = format!("0x{:08x}", self.space.peek_u32(frame.fp + 4).unwrap_or(0));
        slots.push(saved);
        slots.push(ret);
        sort_by_key(&mut slots, |slot| std::cmp::Reverse(slot.address));
        let high = slots
            .iter()
            .map(|s| s.address.saturating_add(s.size))
            .max()
            .unwrap_or(frame.fp + 8);
        FrameView {
            function: function.name.clone(),
            call_span: frame.return_to.map(|_| frame.call_span.into()),
            fp: frame.fp,
            low,
            high,
            slots,
            detailed,
        }
    }

    /// Where a frame's bytes end: past its highest slot (its last argument), as the
    /// detailed view finds it, without rendering a slot.
    fn frame_high(&self, frame: &Frame) -> u32 {
        let code = self.code[frame.function.0 as usize].as_ref();
        frame
            .fp
            .saturating_add(code.map_or(8, |code| code.slots_end))
    }

    fn global_views(&self) -> Vec<SlotView> {
        let mut globals: Vec<SlotView> = self
            .program
            .globals
            .iter()
            .zip(self.layout.globals.iter())
            .filter(|(global, _)| global.defined)
            .map(|(global, &address)| {
                let name = match global.owner {
                    Some(function) => format!(
                        "{}::{}",
                        self.program.functions[function.0 as usize].name, global.name
                    ),
                    None => global.name.clone(),
                };
                self.slot(&name, SlotKind::Global, &global.ty.ty, address)
            })
            .collect();
        sort_by_key(&mut globals, |slot| slot.address);
        globals
    }

    fn slot(&self, name: &str, kind: SlotKind, ty: &Type, address: u32) -> SlotView {
        let types = &self.program.types;
        let size = types.size_of(ty).unwrap_or(0);
        let defined = self.shadow.is_defined(address, size);
        // Only the bytes shown are read: a deep stack of big arrays has megabytes in them.
        let (value, points_to) = match self.space.peek(address, shown_bytes(types, ty, size)) {
            Some(bytes) => render(&self.program, ty, &bytes),
            None => ("(unmapped)".to_string(), None),
        };
        SlotView {
            name: name.to_string(),
            kind,
            type_name: types.type_name(ty),
            address,
            size,
            value: if defined {
                value
            } else {
                format!("? ({value})")
            },
            points_to,
            defined,
            changed: false,
        }
    }
}

/// How many of the `size` bytes of an object of type `ty` its value shows: an array's first
/// elements, a char array's first characters (one more tells "longer" from "ends here").
fn shown_bytes(types: &memplay_lang::types::TypeTable, ty: &Type, size: u32) -> u32 {
    match ty {
        Type::Array { element, .. } => {
            let element_size = types.size_of(&element.ty).unwrap_or(1).max(1);
            let shown = if is_char(&element.ty) {
                SHOWN_CHARS + 1
            } else {
                SHOWN_ELEMENTS * element_size
            };
            size.min(shown)
        }
        _ => size,
    }
}

fn is_char(ty: &Type) -> bool {
    matches!(
        ty,
        Type::Int(IntKind::Char | IntKind::SChar | IntKind::UChar)
    )
}

/// A value of type `ty` from its bytes, as C would show it; and a pointer's target.
fn render(program: &Program, ty: &Type, bytes: &[u8]) -> (String, Option<u32>) {
    let types = &program.types;
    let word = |bytes: &[u8], size: usize| {
        let mut buf = [0u8; 4];
        buf[..size.min(4)].copy_from_slice(&bytes[..size.min(4).min(bytes.len())]);
        u32::from_le_bytes(buf)
    };
    match ty {
        Type::Pointer(_) | Type::Function(_) => {
            let value = word(bytes, 4);
            if value == 0 {
                ("NULL".into(), None)
            } else {
                (format!("0x{value:08x}"), Some(value))
            }
        }
        Type::Array { element, len } => {
            let size = types.size_of(&element.ty).unwrap_or(1).max(1) as usize;
            let len = len.unwrap_or(0);
            if is_char(&element.ty) {
                let chars = bytes.iter().take_while(|&&b| b != 0).count();
                let text: String = bytes[..chars.min(SHOWN_CHARS as usize)]
                    .iter()
                    .flat_map(|&b| std::ascii::escape_default(b))
                    .map(char::from)
                    .collect();
                let more = if chars > SHOWN_CHARS as usize {
                    "..."
                } else {
                    ""
                };
                return (format!("\"{text}\"{more}"), None);
            }
            let shown: Vec<String> = (0..len.min(SHOWN_ELEMENTS) as usize)
                .filter_map(|i| bytes.get(i * size..(i + 1) * size))
                .map(|b| render(program, &element.ty, b).0)
                .collect();
            let more = if len > SHOWN_ELEMENTS { ", ..." } else { "" };
            (format!("{{{}{more}}}", shown.join(", ")), None)
        }
        Type::Record(id) => {
            let record = types.record(*id);
            let (Some(members), Some(layout)) = (record.members(), record.layout()) else {
                return ("{...}".into(), None);
            };
            let parts: Vec<String> = members
                .iter()
                .zip(&layout.offsets)
                .map(|(member, &offset)| {
                    let size = types.size_of(&member.ty.ty).unwrap_or(0) as usize;
                    let at = offset as usize;
                    let value = bytes
                        .get(at..at + size)
                        .map_or("?".to_string(), |b| render(program, &member.ty.ty, b).0);
                    format!("{} = {value}", member.name)
                })
                .collect();
            (format!("{{{}}}", parts.join(", ")), None)
        }
        _ => {
            let kind = types.integer_kind(ty).unwrap_or(IntKind::Int);
            let raw = word(bytes, kind.size() as usize);
            let value = crate::machine::convert(raw, kind);
            let text = match kind {
                IntKind::Char | IntKind::SChar => {
                    let c = value as u8;
                    if c.is_ascii_graphic() || c == b' ' {
                        format!("{} '{}'", value as i32, c as char)
                    } else {
                        format!("{}", value as i32)
                    }
                }
                kind if kind.is_signed() => format!("{}", value as i32),
                _ => format!("{value}"),
            };
            (text, None)
        }
    }
}
