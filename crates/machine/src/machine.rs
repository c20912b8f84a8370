//! The process and its one thread: loading the program into memory, the instruction loop,
//! calls and returns through real stack frames, and how runs end (exit, a fatal fault, a
//! budget).

use std::cell::{Cell, RefCell};
use std::collections::HashSet;
use std::rc::Rc;

use memplay_heap::Allocator;
use memplay_heap::catalog::{AllocatorChoice, HeapSettings, build};
use memplay_heap::memory::HeapMemory;
use memplay_lang::codemap::Span;
use memplay_lang::hir::{FunctionId, Program};
use memplay_lang::types::IntKind;
use memplay_paging::address_space::{self, AccessKind, AddressSpace, Fault, FrameUse, Region};
use memplay_paging::assoc::Eviction;
use memplay_paging::cache::CacheSettings;
use memplay_paging::cost::Latencies;
use memplay_paging::geometry::Geometry;
use memplay_paging::policy::{PolicyKind, PolicySettings};
use memplay_paging::tlb::TlbSettings;
use serde::Serialize;

use crate::checker::{
    CallSite, CallStack, HeapAccess, HeapRecord, HeapRecords, LeakReport, Quarantine, describe,
    leak_check,
};
use crate::code::{BinOp, Code, Op, Point};
use crate::compile::{Compiled, compile_program};
use crate::events::{EventKind, StepEvents};
use crate::layout::{ADDRESS_BITS, CodeAddress, Layout, kernel_base, space_size, text_base};
use crate::library;
use crate::operands::Operands;
use crate::output::Output;
use crate::shadow::{Shadow, Value};
use crate::threads::{Context, Thread, ThreadState, Wait, next_runnable};

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Settings {
    /// Bits of a virtual address: 32 (i386 Linux, the default) or 16, a 64 KiB teaching
    /// machine laid out in the same order. Pointers are 4 bytes either way (the subset is
    /// ILP32); in 16 bits every address below 64 KiB.
    pub address_bits: u32,
    /// The main thread's stack, like `ulimit -s` (8 MiB by default, as on Linux).
    pub stack_size: u32,
    /// Statements the program may run before it is stopped.
    pub max_steps: u64,
    /// Bytes the program may print.
    pub max_output: usize,
    pub allocator: AllocatorChoice,
    pub heap: HeapSettings,
    /// The most the heap may grow to; malloc fails beyond it.
    pub max_heap: u32,
    /// Physical memory, in frames of `page_size` bytes.
    pub frames: u32,
    /// Bytes per page: a power of two from 1 KiB to 64 KiB (4 KiB on x86), or from 64 bytes
    /// to 4 KiB in 16 bits. The page number splits across a two-level table as evenly as
    /// it can.
    pub page_size: u32,
    /// The page-replacement policy.
    pub replacement: PolicyKind,
    /// TLB entries (fully associative); 0 for none.
    pub tlb_entries: u32,
    /// Seeds every random choice (replacement, TLB and cache eviction).
    pub seed: u64,
    /// Statements a thread runs before the scheduler switches to the next.
    pub quantum: u64,
    /// Threads that may exist at once, main included.
    pub max_threads: u32,
    /// Each created thread's stack (glibc's default: the same 8 MiB).
    pub thread_stack_size: u32,
    /// Where a step stops: at each statement, or also before each call, assignment and
    /// increment inside one.
    pub granularity: Granularity,
    /// Bytes of freed blocks held back from the allocator before they are really freed,
    /// as ASan's quarantine (and memcheck's 20 MB free list) do, so a use after free
    /// finds the freed block instead of its next owner. 0 (the default) frees at once, so
    /// the allocator lessons see free() as the algorithm does it.
    pub quarantine: u32,
    /// Bytes asked of the allocator after each block beyond what the program asked for,
    /// as memcheck's red zones: an overrun lands there, not in the next block, and is
    /// caught. The heap view shows them as part of the block. 0 (the default) keeps the
    /// allocator's addresses exactly as the algorithm gives them.
    pub red_zone: u32,
    /// Pages of swap space on disk. When memory and swap are both full, a page cannot be
    /// brought in and the program dies.
    pub swap_pages: u32,
    /// Sets the TLB's entries are divided into: 1 (the default) is fully associative.
    pub tlb_sets: u32,
    /// Which TLB entry of a full set makes room for a new translation.
    pub tlb_eviction: Eviction,
    /// The data cache in front of physical memory (size 0 for none).
    pub cache: CacheSettings,
    /// What each kind of memory access costs, in cycles.
    pub latencies: Latencies,
    /// Memory accesses between clock ticks (NRU, Aging, Working Set and WSClock use them).
    pub tick_interval: u64,
    /// Bits of Aging's counters.
    pub aging_bits: u32,
    /// Working Set's and WSClock's window, in memory accesses.
    pub working_set_window: u64,
}

/// How fine the steps of a run are. Scheduling and the step budget count statements
/// either way, so both granularities run the same program the same way.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Granularity {
    #[default]
    Statement,
    Expression,
}

impl Default for Settings {
    fn default() -> Settings {
        Settings {
            address_bits: 32,
            stack_size: 8 << 20,
            max_steps: 10_000_000,
            max_output: 1 << 20,
            allocator: AllocatorChoice::FirstFit,
            heap: HeapSettings::default(),
            max_heap: 64 << 20,
            frames: 4096,
            page_size: 4096,
            replacement: PolicyKind::Lru,
            tlb_entries: 16,
            seed: 0,
            quantum: 10,
            max_threads: 64,
            thread_stack_size: 8 << 20,
            granularity: Granularity::Statement,
            quarantine: 0,
            red_zone: 0,
            swap_pages: 65_536,
            tlb_sets: 1,
            tlb_eviction: Eviction::Lru,
            cache: CacheSettings::default(),
            latencies: Latencies::default(),
            tick_interval: 1000,
            aging_bits: 8,
            working_set_window: 8,
        }
    }
}

/// A setting the machine cannot run with, named as the engines name it (`page size`,
/// `growth step`, `TLB entries`, ...).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SettingsError {
    pub setting: &'static str,
    pub message: String,
}

impl std::fmt::Display for SettingsError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}: {}", self.setting, self.message)
    }
}

impl From<memplay_paging::SettingsError> for SettingsError {
    fn from(e: memplay_paging::SettingsError) -> SettingsError {
        SettingsError {
            setting: e.setting,
            message: e.message,
        }
    }
}

impl From<memplay_heap::SettingsError> for SettingsError {
    fn from(e: memplay_heap::SettingsError) -> SettingsError {
        SettingsError {
            setting: e.setting,
            message: e.message,
        }
    }
}

impl Settings {
    /// Checks what can be checked before a program is loaded, by the engines' own rules,
    /// naming the first bad setting. (Whether the stack leaves room for a program's heap
    /// depends on the program, so loading checks that.)
    pub fn validate(&self) -> Result<(), SettingsError> {
        let bits = self.address_bits;
        if !ADDRESS_BITS.contains(&bits) {
            return Err(SettingsError {
                setting: "address bits",
                message: format!("must be 16 or 32, not {bits}"),
            });
        }
        let page_size = self.page_size;
        // A 32-bit space in smaller pages would need tables of thousands of entries per
        // frame; a 16-bit one needs at least 16 pages to lay a process out in.
        let (min_page, max_page) = if bits == 16 {
            (64, 4096)
        } else {
            (1024, 65536)
        };
        if !page_size.is_power_of_two() || !(min_page..=max_page).contains(&page_size) {
            return Err(SettingsError {
                setting: "page size",
                message: format!(
                    "must be a power of two from {min_page} to {max_page} bytes in a {bits}-bit address space, not {page_size}"
                ),
            });
        }
        // The highest a stack may reach down from the kernel boundary: to the text.
        let max_stack = kernel_base(bits) - text_base(bits, page_size);
        for (setting, size) in [
            ("stack size", self.stack_size),
            ("thread stack size", self.thread_stack_size),
        ] {
            if !(page_size..=max_stack).contains(&size) {
                return Err(SettingsError {
                    setting,
                    message: format!(
                        "must be from one page ({page_size} bytes) to {max_stack} bytes in a {bits}-bit address space, not {size}"
                    ),
                });
            }
        }
        if self.tlb_sets == 0 || !self.tlb_entries.is_multiple_of(self.tlb_sets) {
            return Err(SettingsError {
                setting: "TLB sets",
                message: format!(
                    "the sets must divide the {} entries evenly, not {}",
                    self.tlb_entries, self.tlb_sets
                ),
            });
        }
        // The policy's own check names its settings in its words; name them in ours.
        if let Err(message) = self.policy_settings().validate() {
            let setting = if message.starts_with("aging") {
                "aging bits"
            } else {
                "working-set window"
            };
            let message = message
                .split_once(": ")
                .map_or(message.clone(), |(_, why)| why.to_string());
            return Err(SettingsError { setting, message });
        }
        self.paging_settings().validate()?;
        build(self.allocator, &self.heap)?;
        Ok(())
    }

    fn policy_settings(&self) -> PolicySettings {
        PolicySettings {
            seed: self.seed,
            aging_bits: self.aging_bits,
            tau: self.working_set_window,
        }
    }

    /// The paging engine's settings for this machine: x86's two-level table, the page
    /// number split across both levels as evenly as it can.
    fn paging_settings(&self) -> address_space::Settings {
        let page_bits = self
            .address_bits
            .saturating_sub(self.page_size.trailing_zeros());
        address_space::Settings {
            geometry: Geometry {
                va_bits: self.address_bits,
                page_size: self.page_size,
                levels: vec![page_bits.div_ceil(2), page_bits / 2],
                swap_pages: self.swap_pages,
                ..Geometry::x86_32(self.frames)
            },
            policy: self.replacement,
            policy_settings: self.policy_settings(),
            tlb: TlbSettings {
                entries: self.tlb_entries,
                ways: (self.tlb_entries / self.tlb_sets.max(1)).max(1),
                eviction: self.tlb_eviction,
            },
            cache: self.cache.clone(),
            latencies: self.latencies,
            tick_interval: self.tick_interval,
            seed: self.seed,
        }
    }
}

/// Why a program could not be loaded.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SetupError(pub String);

impl std::fmt::Display for SetupError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

/// What kind of error the program made, in valgrind's and the words.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum ErrorKind {
    InvalidRead,
    InvalidWrite,
    UseAfterFreeRead,
    UseAfterFreeWrite,
    InvalidFree,
    DoubleFree,
    NullDereference,
    ReadOnlyWrite,
    StackOverflow,
    DivisionByZero,
    SignedOverflow,
    UninitialisedValue,
    HeapCorruption,
    OutOfMemory,
    BadJump,
    Unsupported,
    AssertionFailed,
    MisalignedAccess,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RuntimeError {
    pub kind: ErrorKind,
    pub message: String,
    /// The statement that was running.
    pub span: Span,
    pub address: Option<u32>,
    /// The heap block involved (out of bounds of it, used after freeing it, freed twice).
    pub block: Option<BlockRef>,
    /// Bytes of the access, for invalid reads and writes.
    pub size: Option<u32>,
}

/// A heap block named in an error: where it is and where it was allocated and freed,
/// with the call stacks (innermost first), as memcheck shows them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BlockRef {
    pub address: u32,
    pub size: u32,
    pub allocated_at: Span,
    pub freed_at: Option<Span>,
    pub allocated_by: CallStack,
    pub freed_by: Option<CallStack>,
}

impl From<&HeapRecord> for BlockRef {
    fn from(record: &HeapRecord) -> BlockRef {
        BlockRef {
            address: record.payload,
            size: record.size,
            allocated_at: record.allocated_at,
            freed_at: record.freed_at,
            allocated_by: record.allocated_by.clone(),
            freed_by: record.freed_by.clone(),
        }
    }
}

/// Where a run stands.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "status", rename_all = "snake_case")]
pub enum Status {
    Running,
    /// `exit(code)` or a return from main.
    Exited {
        code: i32,
    },
    /// Killed by a signal (SIGSEGV 11, SIGFPE 8, SIGABRT 6) after a fatal error.
    Killed {
        signal: i32,
    },
    /// A budget ran out: the run stops, everything up to here stays viewable.
    Stopped {
        reason: String,
    },
}

impl Status {
    /// The exit status a shell would see: the code, or 128 + the signal.
    pub fn exit_status(&self) -> Option<i32> {
        match self {
            Status::Exited { code } => Some(code & 0xff),
            Status::Killed { signal } => Some(128 + signal),
            Status::Running | Status::Stopped { .. } => None,
        }
    }
}

/// Accesses OPT's rehearsal may record (16 bytes of future each, shared by checkpoints).
const MAX_OPT_ACCESSES: u64 = 4_000_000;

/// Errors kept at most; a program that repeats one in a loop does not fill memory.
const MAX_ERRORS: usize = 1000;

/// Where a step stands and what happened on the way there: the timeline keeps one per
/// step (12 bytes, so ten million steps fit in 120 MB), for stepping over, out of, to lines
/// and to events without replaying.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Position {
    /// The point stopped at: an index into [`Machine::points`].
    pub point: u32,
    /// Frames on the running thread's stack.
    pub depth: u32,
    pub thread: u16,
    pub events: StepEvents,
}

/// A call's bookkeeping, kept beside the real frame in memory for the views and to check
/// that the return address in memory was not overwritten.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Frame {
    pub function: FunctionId,
    /// The caller's function and where to continue in it (none for main).
    pub return_to: Option<(FunctionId, usize)>,
    pub fp: u32,
    pub call_span: Span,
}

/// What a step's counted events are measured by (see `Machine::note_counted_events`).
#[derive(Clone, Copy)]
struct Counters {
    faults: u64,
    swaps: u64,
    errors: usize,
    output: usize,
}

/// How an instruction ended when it did not simply continue.
pub(crate) enum Trap {
    Error(RuntimeError, i32),
    Exit(i32),
    Stop(String),
}

#[derive(Clone)]
pub struct Machine {
    /// The checked program (its types and locals name and render what the views show).
    pub(crate) program: Rc<Program>,
    /// The compiled program and its layout, shared by every checkpoint of a run.
    pub(crate) code: Rc<Vec<Option<Code>>>,
    /// Where steps stop: every statement and expression marker's span and kind.
    points: Rc<Vec<Point>>,
    /// The point the running thread is at.
    point: u32,
    pub(crate) layout: Rc<Layout>,
    pub(crate) space: AddressSpace,
    pub(crate) allocator: Box<dyn Allocator>,
    pub(crate) brk: u32,
    /// Calls into the allocator and sbrks so far: while it stands still, so do the heap's
    /// blocks (unless the program writes over them, which memcheck reports as an error).
    pub(crate) heap_changes: u64,
    max_heap: u32,
    pub(crate) settings: Settings,
    // The thread.
    pub(crate) operands: Operands,
    pub(crate) sp: u32,
    pub(crate) fp: u32,
    function: FunctionId,
    pc: usize,
    pub(crate) frames: Vec<Frame>,
    pub(crate) span: Span,
    /// The running thread's stack bounds.
    stack_low: u32,
    stack_top: u32,
    // The threads; the running one's registers are the fields above.
    pub(crate) threads: Vec<Thread>,
    pub(crate) current: usize,
    quantum_left: u64,
    /// Set when the running thread blocked or ended: the scheduler must switch now.
    pub(crate) switch_now: bool,
    // The process.
    pub(crate) stdout: Output,
    pub(crate) stderr: Vec<u8>,
    pub(crate) errors: Vec<RuntimeError>,
    /// Non-fatal errors already reported, by kind and statement: each is shown once.
    reported: HashSet<(ErrorKind, u32)>,
    /// Which bytes of memory are defined.
    pub(crate) shadow: Shadow,
    /// The program's heap blocks, for checking accesses and finding leaks.
    pub(crate) heap_records: HeapRecords,
    /// Freed blocks not yet handed to the allocator, oldest first.
    pub(crate) quarantine: Quarantine,
    leaks: Option<LeakReport>,
    pub(crate) rand: library::GlibcRandom,
    steps: u64,
    /// Stops so far: statements, and expression points at expression granularity.
    ticks: u64,
    /// What happened during the step being run or last run.
    events: StepEvents,
    status: Status,
    /// The deepest any thread's call stack has been.
    max_depth: usize,
    pub(crate) source_name: String,
    pub(crate) source: String,
    function_names: Vec<String>,
    /// Where each function starts: a fault in its prologue (a stack overflow on entry) is
    /// reported there, as memcheck and gdb do.
    function_starts: Vec<Span>,
}

impl Machine {
    /// Loads `program` (checked without errors) into a fresh process. With OPT
    /// replacement, which needs the future, the program first runs once (under FIFO: the
    /// pages a program touches do not depend on the policy) to record every access.
    pub fn new(
        program: &Program,
        source: &str,
        source_name: &str,
        settings: Settings,
    ) -> Result<Machine, SetupError> {
        if settings.replacement != PolicyKind::Opt {
            return Self::load_program(program, source, source_name, settings, false);
        }
        let rehearsal = Settings {
            replacement: PolicyKind::Fifo,
            ..settings.clone()
        };
        let mut first = Self::load_program(program, source, source_name, rehearsal, true)?;
        while first.step() {
            if first.space.stats().accesses > MAX_OPT_ACCESSES {
                return Err(SetupError(format!(
                    "replacement: OPT needs the whole run's future, and this program makes more than {MAX_OPT_ACCESSES} memory accesses; choose another policy or fewer steps"
                )));
            }
        }
        let references = first.space.take_references();
        let mut machine = Self::load_program(program, source, source_name, settings, false)?;
        machine.space.set_future(&references);
        Ok(machine)
    }

    /// Loads the program; `record_references` records every access from the very first
    /// (the loader's own writes of argv included), as OPT's rehearsal needs.
    fn load_program(
        program: &Program,
        source: &str,
        source_name: &str,
        settings: Settings,
        record_references: bool,
    ) -> Result<Machine, SetupError> {
        let main = program
            .main
            .ok_or_else(|| SetupError("the program has no main function".into()))?;
        let Compiled {
            functions: mut code,
            points,
        } = compile_program(program);
        settings.validate().map_err(|e| SetupError(e.to_string()))?;
        let page_size = settings.page_size;
        let layout = Layout::new(
            program,
            &code,
            settings.address_bits,
            page_size,
            settings.stack_size,
        )
        .map_err(|e| SetupError(e.0))?;
        for function in code.iter_mut().flatten() {
            for op in &mut function.ops {
                if let Op::Address(symbol) = *op {
                    *op = Op::Const(layout.address(symbol));
                }
            }
            // After the layout, which keeps the unjoined lengths: joining changes no address.
            crate::fuse::fuse(&mut function.ops);
        }
        let mut space = Self::address_space(&layout, &settings)?;
        space.record_references(record_references);
        let allocator = build(settings.allocator, &settings.heap)
            .map_err(|e| SetupError(format!("allocator: {e}")))?;
        let stack_top = layout.stack_top;
        let layout_stack_size = layout.stack_size;
        let mut machine = Machine {
            program: Rc::new(program.clone()),
            brk: layout.heap_start,
            heap_changes: 0,
            max_heap: settings.max_heap,
            code: Rc::new(code),
            points: Rc::new(points),
            point: main.0,
            layout: Rc::new(layout),
            space,
            allocator,
            operands: Operands::default(),
            sp: stack_top,
            fp: stack_top,
            function: main,
            pc: 0,
            frames: vec![Frame {
                function: main,
                return_to: None,
                fp: stack_top,
                call_span: Span::default(),
            }],
            span: Span::default(),
            stack_low: stack_top - layout_stack_size,
            stack_top,
            threads: vec![Thread {
                id: 1,
                state: ThreadState::Runnable,
                saved: None,
                stack_low: stack_top - layout_stack_size,
                stack_top,
                joined: false,
            }],
            current: 0,
            quantum_left: settings.quantum.max(1),
            switch_now: false,
            stdout: Output::default(),
            stderr: Vec::new(),
            errors: Vec::new(),
            reported: HashSet::new(),
            shadow: Shadow::default(),
            heap_records: HeapRecords::default(),
            quarantine: Quarantine::default(),
            leaks: None,
            rand: library::GlibcRandom::new(1),
            steps: 0,
            ticks: 0,
            events: StepEvents::default(),
            status: Status::Running,
            max_depth: 1,
            source_name: source_name.to_string(),
            source: source.to_string(),
            function_names: program.functions.iter().map(|f| f.name.clone()).collect(),
            function_starts: program
                .functions
                .iter()
                .map(|f| Span::at(f.span.start))
                .collect(),
            settings,
        };
        // main is called like any function, as the C runtime calls it: the program's name
        // and argv = { name, NULL } at the top of the stack, then argc and argv as its
        // arguments, a return address (none: returning from main exits) and its frame.
        let name = b"./a.out\0";
        let name_at = stack_top - 16;
        let argv_at = name_at - 8;
        let words = [(argv_at, name_at), (argv_at + 4, 0)];
        let setup = |m: &mut Machine| -> Result<(), Trap> {
            m.write_bytes(name_at, name)?;
            for (at, value) in words {
                m.store(at, 4, value)?;
            }
            m.sp = argv_at;
            for value in [argv_at, 1, 0] {
                m.sp -= 4;
                m.store(m.sp, 4, value)?;
            }
            Ok(())
        };
        setup(&mut machine).map_err(|_| SetupError("the stack cannot be written".into()))?;
        if machine.code[main.0 as usize].is_none() {
            return Err(SetupError("main has no body".into()));
        }
        machine.span = machine.function_starts[main.0 as usize];
        Ok(machine)
    }

    fn address_space(layout: &Layout, settings: &Settings) -> Result<AddressSpace, SetupError> {
        let paging = settings.paging_settings();
        let mut space = AddressSpace::new(paging).map_err(|e| SetupError(e.to_string()))?;
        let section = |name: &str, start: u32, len: u32, writable: bool, image: Vec<u8>| Region {
            name: name.into(),
            start,
            len: len.max(1),
            writable,
            image,
        };
        // Empty sections are not mapped (a program without globals has no data).
        let regions_of = [
            ("text", &layout.text, false),
            ("rodata", &layout.rodata, false),
            ("data", &layout.data, true),
        ];
        let mut regions: Vec<Region> = regions_of
            .into_iter()
            .filter(|(_, s, _)| !s.bytes.is_empty())
            .map(|(name, s, writable)| {
                section(
                    name,
                    s.start,
                    s.bytes.len() as u32,
                    writable,
                    s.bytes.clone(),
                )
            })
            .collect();
        if !layout.bss.bytes.is_empty() {
            regions.push(section(
                "bss",
                layout.bss.start,
                layout.bss.bytes.len() as u32,
                true,
                Vec::new(),
            ));
        }
        let stack_low = layout.stack_top - layout.stack_size;
        regions.push(section(
            "stack",
            stack_low,
            layout.stack_size,
            true,
            Vec::new(),
        ));
        if layout.heap_start > stack_low {
            return Err(SetupError(format!(
                "the program's code and globals run up to 0x{:x}, past the bottom of the stack at 0x{stack_low:x}: they do not fit a {}-bit address space with this stack size",
                layout.heap_start, layout.address_bits
            )));
        }
        for region in regions {
            space.map(region).map_err(SetupError)?;
        }
        if stack_low <= layout.heap_start + layout.page_size {
            return Err(SetupError(format!(
                "stack size: {} bytes leave no room for the heap",
                layout.stack_size
            )));
        }
        Ok(space)
    }

    pub fn status(&self) -> &Status {
        &self.status
    }

    /// Everything the program printed.
    pub fn stdout(&self) -> Vec<u8> {
        self.stdout.since(0)
    }

    /// What the program printed from byte `start` on (a console adds only the new part).
    pub fn stdout_since(&self, start: usize) -> Vec<u8> {
        self.stdout.since(start)
    }

    /// Bytes printed so far.
    pub fn stdout_len(&self) -> usize {
        self.stdout.len()
    }

    pub fn stderr(&self) -> &[u8] {
        &self.stderr
    }

    /// Errors reported so far (the fatal one last, if the program was killed).
    pub fn errors(&self) -> &[RuntimeError] {
        &self.errors
    }

    /// The leak report, once the program has exited normally.
    pub fn leaks(&self) -> Option<&LeakReport> {
        self.leaks.as_ref()
    }

    /// The line (1-based) a byte offset of the source is on.
    pub fn line_of(&self, span: Span) -> usize {
        self.source
            .get(..span.start as usize)
            .map_or(0, |before| before.matches('\n').count() + 1)
    }

    /// Roots for the leak scan: the globals, the operand stack, and the live stack when
    /// the program exits from inside a call (`exit()`); after main returns its frame is
    /// gone, so what only main's locals pointed to is lost, as memcheck reports it.
    fn leak_check(&self) -> LeakReport {
        // Only a word that points into a live block can keep one; the others are not kept
        // (the stack of a deep recursion is megabytes of them).
        let lowest = self.heap_records.live().map(|r| r.payload).min();
        let highest = self
            .heap_records
            .live()
            .map(|r| u64::from(r.payload) + u64::from(r.size.max(1)))
            .max();
        let into_blocks = |word: u32| {
            lowest.is_some_and(|lowest| word >= lowest)
                && highest.is_some_and(|highest| u64::from(word) < highest)
        };
        let mut roots: Vec<u32> = Vec::new();
        if lowest.is_some() {
            let mut keep = |word: u32| {
                if into_blocks(word) {
                    roots.push(word);
                }
            };
            self.operands.as_slice().iter().for_each(|v| keep(v.bits));
            self.space
                .for_each_word(self.layout.data.start, self.layout.data.end(), &mut keep);
            if !self.layout.bss.bytes.is_empty() {
                self.space
                    .for_each_word(self.layout.bss.start, self.layout.bss.end(), &mut keep);
            }
            if !self.frames.is_empty() {
                self.space.for_each_word(self.sp, self.stack_top, &mut keep);
            }
            for thread in &self.threads {
                if let (Some(saved), false) = (
                    &thread.saved,
                    matches!(thread.state, ThreadState::Finished(_)),
                ) {
                    saved.operands.as_slice().iter().for_each(|v| keep(v.bits));
                    self.space
                        .for_each_word(saved.sp, thread.stack_top, &mut keep);
                }
            }
        }
        leak_check(&self.heap_records, &roots, |record| {
            let mut words = Vec::new();
            self.space
                .for_each_word(record.payload, record.payload + record.size, |word| {
                    if into_blocks(word) {
                        words.push(word);
                    }
                });
            words
        })
    }

    pub fn steps(&self) -> u64 {
        self.steps
    }

    /// The settings the machine was loaded with.
    pub fn settings(&self) -> &Settings {
        &self.settings
    }

    pub fn space(&self) -> &AddressSpace {
        &self.space
    }

    /// Each live block's payload and the malloc call that allocated it, in address order
    /// (the heap view colours blocks by where they came from).
    pub fn allocation_sites(&self) -> Vec<(u32, Span)> {
        self.heap_records
            .live()
            .map(|record| (record.payload, record.allocated_at))
            .collect()
    }

    /// Records what each access does in paging (TLB, walk, fault, eviction, swap, cache,
    /// cost) until turned off; the views replay one step with it on to show a fault's
    /// sequence. Recording changes nothing else the machine does.
    pub fn record_paging_events(&mut self, on: bool) {
        self.space.record_events(on);
    }

    pub fn take_paging_events(&mut self) -> Vec<memplay_paging::address_space::Event> {
        self.space.take_events()
    }

    pub fn allocator(&self) -> &dyn Allocator {
        self.allocator.as_ref()
    }

    /// Stops so far: the timeline's step number (statements, plus expression points at
    /// expression granularity).
    pub fn ticks(&self) -> u64 {
        self.ticks
    }

    /// Where the running thread is: the point it stopped at, how many calls deep, its id,
    /// and what happened during the last step.
    pub fn position(&self) -> Position {
        Position {
            point: self.point,
            depth: self.frames.len() as u32,
            thread: self.thread_id() as u16,
            events: self.events,
        }
    }

    /// The program's stopping points (see [`Position::point`]).
    pub fn points(&self) -> &[Point] {
        &self.points
    }

    /// The span of point `point` (an empty span for an unknown one).
    pub fn point_span(&self, point: u32) -> Span {
        self.points
            .get(point as usize)
            .map_or(Span::default(), |p| p.span)
    }

    /// The span of the statement or expression being run.
    pub fn span(&self) -> Span {
        self.span
    }

    /// What happened during the last step.
    pub fn events(&self) -> StepEvents {
        self.events
    }

    /// Roughly the bytes a copy of this machine (a checkpoint) holds that `base`, an
    /// earlier copy, does not share: memory pages and shadow pages written since, output
    /// chunks, registers and call stacks of every thread, the checker's records and the
    /// allocator's ledger (counted like the heap records it mirrors).
    pub fn footprint_beyond(&self, base: &Machine) -> usize {
        let frame = std::mem::size_of::<Frame>();
        let value = std::mem::size_of::<Value>();
        let threads: usize = self
            .threads
            .iter()
            .filter_map(|t| t.saved.as_ref())
            .map(|c| c.frames.capacity() * frame + c.operands.capacity() * value)
            .sum::<usize>()
            + self.threads.capacity() * std::mem::size_of::<Thread>();
        let errors: usize = self
            .errors
            .iter()
            .map(|e| std::mem::size_of::<RuntimeError>() + e.message.capacity())
            .sum();
        std::mem::size_of::<Machine>()
            + self.space.footprint_beyond(&base.space)
            + self.shadow.footprint_beyond(&base.shadow)
            + self.stdout.footprint()
            + self.stderr.capacity()
            + self.frames.capacity() * frame
            + self.operands.capacity() * value
            + threads
            + errors
            + self.reported.capacity() * 16
            + 2 * self.heap_records.footprint()
    }

    /// The running thread's call stack, innermost first: this statement, then each call
    /// that led here.
    pub(crate) fn call_stack(&self) -> CallStack {
        let here = CallSite {
            function: self.function.0,
            span: self.span,
        };
        let callers = self.frames.iter().rev().filter_map(|frame| {
            frame.return_to.map(|(caller, _)| CallSite {
                function: caller.0,
                span: frame.call_span,
            })
        });
        std::iter::once(here).chain(callers).collect()
    }

    /// A function's name by its index (as in [`CallSite::function`]).
    pub fn name_of_function(&self, function: u32) -> &str {
        self.function_names
            .get(function as usize)
            .map_or("?", String::as_str)
    }

    /// Notes that an event of `kind` happened in this step.
    pub(crate) fn note(&mut self, kind: EventKind) {
        self.events.insert(kind);
    }

    /// The deepest any thread's call stack has been, in frames.
    pub fn max_depth(&self) -> usize {
        self.max_depth
    }

    /// The most the heap grew to, in bytes.
    pub fn peak_heap(&self) -> u32 {
        self.brk - self.layout.heap_start
    }

    /// Runs until the program ends or a budget stops it.
    pub fn run(&mut self) -> &Status {
        while self.step() {}
        &self.status
    }

    /// Runs to the start of the next statement (of whichever thread the scheduler runs
    /// next); false once the program has ended.
    pub fn step(&mut self) -> bool {
        if !matches!(self.status, Status::Running) {
            return false;
        }
        let start = self.ticks;
        self.events = StepEvents::default();
        let before = self.counters();
        // A thread that blocks or ends mid-statement hands over before a statement starts;
        // a step is over only when one has (or, at expression granularity, a point).
        while matches!(self.status, Status::Running) && self.ticks == start {
            let statements = self.steps;
            if let Err(trap) = self.execute() {
                self.end(trap);
                break;
            }
            // The scheduler counts statements only, whatever the granularity.
            if self.steps != statements || self.switch_now {
                self.schedule();
            }
        }
        self.note_counted_events(before);
        if !matches!(self.status, Status::Running) {
            // The end is a step of its own: the ended program, its last events (the fatal
            // error, the leak report) and its output are what the final step shows.
            self.ticks = start + 1;
            return false;
        }
        true
    }

    /// The counters whose growth during a step makes its counted events.
    #[inline(always)]
    fn counters(&self) -> Counters {
        let stats = self.space.stats();
        Counters {
            faults: stats.minor_faults + stats.major_faults,
            swaps: stats.swap_ins + stats.swap_outs,
            errors: self.errors.len(),
            output: self.stdout.len(),
        }
    }

    /// Events seen in counters rather than where they happen: faults and swaps inside the
    /// paging engine, errors and output however they were made.
    #[inline]
    fn note_counted_events(&mut self, before: Counters) {
        let now = self.counters();
        if now.faults > before.faults {
            self.note(EventKind::PageFault);
        }
        if now.swaps > before.swaps {
            self.note(EventKind::Swap);
        }
        if now.errors > before.errors {
            self.note(EventKind::Error);
        }
        if now.output > before.output {
            self.note(EventKind::Output);
        }
    }

    /// After a statement: switch threads when the quantum is spent or the running thread
    /// cannot go on. When no thread can run, the program is deadlocked.
    #[inline]
    fn schedule(&mut self) {
        self.quantum_left = self.quantum_left.saturating_sub(1);
        let runnable = matches!(self.threads[self.current].state, ThreadState::Runnable);
        if !self.switch_now && runnable && self.quantum_left > 0 {
            return;
        }
        self.switch_threads(runnable);
    }

    /// The part of `schedule` that picks the next thread, kept out of line.
    #[inline(never)]
    fn switch_threads(&mut self, runnable: bool) {
        self.switch_now = false;
        self.quantum_left = self.settings.quantum.max(1);
        let next = if runnable {
            next_runnable(&self.threads, self.current)
        } else {
            next_runnable(&self.threads, self.current).filter(|&n| n != self.current)
        };
        match next {
            Some(next) if next != self.current => self.switch_to(next),
            Some(_) => {}
            None => {
                let waiting: Vec<String> = self
                    .threads
                    .iter()
                    .filter_map(|t| match t.state {
                        ThreadState::Blocked(Wait::Join { id, .. }) => {
                            Some(format!("thread {} joins thread {id}", t.id))
                        }
                        ThreadState::Blocked(Wait::Mutex { addr }) => Some(format!(
                            "thread {} waits for the mutex at 0x{addr:08x}",
                            t.id
                        )),
                        _ => None,
                    })
                    .collect();
                self.status = Status::Stopped {
                    reason: format!(
                        "deadlock: every thread is waiting ({}); the real program would hang forever",
                        waiting.join(", ")
                    ),
                };
            }
        }
    }

    /// Saves the running thread's registers and loads `next`'s.
    fn switch_to(&mut self, next: usize) {
        let saved = Context {
            operands: std::mem::take(&mut self.operands),
            sp: self.sp,
            fp: self.fp,
            function: self.function,
            pc: self.pc,
            frames: std::mem::take(&mut self.frames),
            span: self.span,
            point: self.point,
        };
        self.threads[self.current].saved = Some(saved);
        self.current = next;
        let thread = &mut self.threads[next];
        let context = thread
            .saved
            .take()
            .expect("a waiting thread has saved registers");
        self.stack_low = thread.stack_low;
        self.stack_top = thread.stack_top;
        self.operands = context.operands;
        self.sp = context.sp;
        self.fp = context.fp;
        self.function = context.function;
        self.pc = context.pc;
        self.frames = context.frames;
        self.span = context.span;
        self.point = context.point;
    }

    /// The running thread's id (1 for main).
    pub(crate) fn thread_id(&self) -> u32 {
        self.threads[self.current].id
    }

    /// pthread_create: a new thread with its own stack, about to call `function(arg)`.
    pub(crate) fn spawn(&mut self, function: FunctionId, arg: u32) -> Result<u32, Trap> {
        let live = self
            .threads
            .iter()
            .filter(|t| !matches!(t.state, ThreadState::Finished(_)) || !t.joined)
            .count();
        if live >= self.settings.max_threads as usize {
            return Ok(0);
        }
        let id = self.threads.len() as u32 + 1;
        let size = self.settings.thread_stack_size;
        let guard = self.layout.page_size;
        // Thread stacks sit below the main stack, each under a guard page.
        let lowest = self
            .threads
            .iter()
            .map(|t| t.stack_low)
            .min()
            .unwrap_or(self.layout.stack_top);
        let top = lowest - guard;
        let Some(low) = top.checked_sub(size).filter(|&low| low > self.brk + guard) else {
            return Ok(0);
        };
        self.space
            .map(Region {
                name: format!("stack of thread {id}"),
                start: low,
                len: size,
                writable: true,
                image: Vec::new(),
            })
            .map_err(|e| self.fatal(ErrorKind::OutOfMemory, e, None, 11))?;
        // The argument and a return address of 0: returning from the thread function ends
        // the thread.
        let words = [arg, 0];
        let mut sp = top;
        for word in words {
            sp -= 4;
            self.space
                .write_u32(sp, word)
                .map_err(|fault| self.memory_fault(fault, sp, 4, true))?;
        }
        self.threads.push(Thread {
            id,
            state: ThreadState::Runnable,
            saved: Some(Context {
                operands: Operands::default(),
                sp,
                fp: top,
                function,
                pc: 0,
                frames: vec![Frame {
                    function,
                    return_to: None,
                    fp: sp,
                    call_span: self.span,
                }],
                span: self.function_starts[function.0 as usize],
                point: function.0,
            }),
            stack_low: low,
            stack_top: top,
            joined: false,
        });
        Ok(id)
    }

    /// The running thread's function returned `value`: it ends, its joiner wakes, its
    /// cached heap blocks go back.
    fn finish_thread(&mut self, value: u32) -> Result<(), Trap> {
        let id = self.thread_id();
        self.threads[self.current].state = ThreadState::Finished(value);
        self.switch_now = true;
        for i in 0..self.threads.len() {
            if let ThreadState::Blocked(Wait::Join {
                id: target,
                result_at,
            }) = self.threads[i].state
                && target == id
            {
                if result_at != 0 {
                    self.space
                        .write_u32(result_at, value)
                        .map_err(|fault| self.memory_fault(fault, result_at, 4, true))?;
                }
                self.threads[i].state = ThreadState::Runnable;
                self.threads[self.current].joined = true;
            }
        }
        let corrupted = self.with_heap(|allocator, heap| allocator.thread_exited(heap, id))?;
        corrupted.map_err(|c| self.fatal(ErrorKind::HeapCorruption, c.to_string(), None, 6))
    }

    fn end(&mut self, trap: Trap) {
        self.status = match trap {
            Trap::Exit(code) => {
                self.leaks = Some(self.leak_check());
                Status::Exited { code }
            }
            Trap::Error(error, signal) => {
                self.errors.push(error);
                // memcheck checks for leaks however the program ends.
                self.leaks = Some(self.leak_check());
                Status::Killed { signal }
            }
            Trap::Stop(reason) => Status::Stopped { reason },
        };
    }

    /// Runs instructions until the next statement begins (or the run ends).
    #[inline(always)]
    fn execute(&mut self) -> Result<(), Trap> {
        // The code never changes while running: an own handle on it lets each op be
        // borrowed (not cloned) while the machine is mutated.
        let code = Rc::clone(&self.code);
        let ops_of = |function: FunctionId| -> &[Op] {
            code[function.0 as usize]
                .as_ref()
                .map_or(&[], |code| code.ops.as_slice())
        };
        // The running function's ops, looked up again only when a call or return changes it.
        let mut function = self.function;
        let mut ops = ops_of(function);
        loop {
            if self.function != function {
                function = self.function;
                ops = ops_of(function);
            }
            let Some(op) = ops.get(self.pc) else {
                return Err(self.ran_off_the_end());
            };
            self.pc += 1;
            // True at a step's end, or when the thread must hand over (only a library
            // call or a return makes it, and says so): no test of `switch_now` per op.
            if self.op(op)? {
                return Ok(());
            }
        }
    }

    #[cold]
    #[inline(never)]
    fn ran_off_the_end(&self) -> Trap {
        self.fatal(
            ErrorKind::BadJump,
            "execution ran off the end of a function".into(),
            None,
            11,
        )
    }

    #[cold]
    #[inline(never)]
    fn out_of_steps(&self) -> Trap {
        Trap::Stop(format!(
            "the program ran {} statements, the step budget: it may loop forever",
            self.settings.max_steps
        ))
    }

    pub(crate) fn error(
        &self,
        kind: ErrorKind,
        message: String,
        address: Option<u32>,
    ) -> RuntimeError {
        RuntimeError {
            kind,
            message,
            span: self.span,
            address,
            block: None,
            size: None,
        }
    }

    pub(crate) fn fatal(
        &self,
        kind: ErrorKind,
        message: String,
        address: Option<u32>,
        signal: i32,
    ) -> Trap {
        Trap::Error(self.error(kind, message, address), signal)
    }

    /// A non-fatal error: reported, and the program goes on. After a thousand, further
    /// ones are dropped (as valgrind stops showing errors), keeping memory bounded.
    pub(crate) fn report(&mut self, kind: ErrorKind, message: String, address: Option<u32>) {
        self.report_with_block(kind, message, address, None);
    }

    /// A non-fatal error about a heap block.
    pub(crate) fn report_with_block(
        &mut self,
        kind: ErrorKind,
        message: String,
        address: Option<u32>,
        block: Option<BlockRef>,
    ) {
        self.report_access(kind, message, address, block, None);
    }

    /// A non-fatal error about an access of `size` bytes.
    pub(crate) fn report_access(
        &mut self,
        kind: ErrorKind,
        message: String,
        address: Option<u32>,
        block: Option<BlockRef>,
        size: Option<u32>,
    ) {
        if self.errors.len() < MAX_ERRORS && self.reported.insert((kind, self.span.start)) {
            let mut error = self.error(kind, message, address);
            error.block = block;
            error.size = size;
            self.errors.push(error);
        }
    }

    /// Checks an access of `len` bytes at `addr` against the heap's live blocks, reporting
    /// (without stopping) a use after free or an access outside every block; the access
    /// then happens, as it would on real hardware.
    #[inline(always)]
    fn check_heap(&mut self, addr: u32, len: u32, write: bool) {
        if addr < self.layout.heap_start
            || addr >= self.brk
            || self.heap_records.within_a_live_block(addr, len)
        {
            return;
        }
        self.check_heap_block(addr, len, write);
    }

    /// The part of `check_heap` for an access the live bits do not vouch for, kept out of
    /// line so that the common accesses (outside the heap, or inside a live block) cost
    /// only the range test and a look at the bits.
    #[inline(never)]
    fn check_heap_block(&mut self, addr: u32, len: u32, write: bool) {
        let access = if write { "write" } else { "read" };
        match self.heap_records.check(addr, len) {
            HeapAccess::Fine => {}
            HeapAccess::AfterFree(record) => {
                let kind = if write {
                    ErrorKind::UseAfterFreeWrite
                } else {
                    ErrorKind::UseAfterFreeRead
                };
                let message = format!(
                    "use after free: {access} of {len} bytes at 0x{addr:08x}, {} allocated at line {} and freed at line {}",
                    describe(addr, &record),
                    self.line_of(record.allocated_at),
                    record.freed_at.map_or(0, |span| self.line_of(span)),
                );
                self.report_access(kind, message, Some(addr), Some((&record).into()), Some(len));
            }
            HeapAccess::OutOfBounds { first_bad, nearest } => {
                let kind = if write {
                    ErrorKind::InvalidWrite
                } else {
                    ErrorKind::InvalidRead
                };
                let block = nearest.as_ref().map(BlockRef::from);
                let place = match nearest {
                    Some(record) => format!(
                        "{}, allocated at line {}",
                        describe(first_bad, &record),
                        self.line_of(record.allocated_at)
                    ),
                    None => "in the heap, outside every block".into(),
                };
                let message = format!(
                    "invalid {access} of {len} bytes at 0x{addr:08x}: byte 0x{first_bad:08x} is {place}"
                );
                self.report_access(kind, message, Some(first_bad), block, Some(len));
            }
        }
    }

    #[inline(always)]
    pub(crate) fn pop(&mut self) -> u32 {
        self.pop_value().bits
    }

    #[inline(always)]
    pub(crate) fn pop_value(&mut self) -> Value {
        // The compiler balances the operand stack; an empty pop would be its bug.
        self.operands.pop().unwrap_or(Value::defined(0))
    }

    #[inline(always)]
    pub(crate) fn push(&mut self, value: u32) {
        self.operands.push(Value::defined(value));
    }

    #[inline(always)]
    pub(crate) fn push_value(&mut self, value: Value) {
        self.operands.push(value);
    }

    /// Runs one instruction; true when it is where a step stops (a statement, or an
    /// expression point at expression granularity), which it then stands at, or when the
    /// running thread must hand over (`switch_now`).
    #[inline(always)]
    fn op(&mut self, op: &Op) -> Result<bool, Trap> {
        match *op {
            Op::Statement(point) => {
                self.steps += 1;
                self.ticks += 1;
                self.point = point;
                self.span = self.point_span(point);
                if self.steps > self.settings.max_steps {
                    return Err(self.out_of_steps());
                }
                return Ok(true);
            }
            Op::Expression(point) => {
                if self.settings.granularity == Granularity::Expression {
                    self.ticks += 1;
                    self.point = point;
                    return Ok(true);
                }
            }
            Op::Const(value) => self.push(value),
            Op::Address(_) => {
                return Err(self.fatal(
                    ErrorKind::BadJump,
                    "an address was not linked".into(),
                    None,
                    11,
                ));
            }
            Op::FrameAddr(offset) => self.push(self.fp.wrapping_add_signed(offset)),
            Op::Load { size, signed } => {
                let addr = self.pop_address("read")?;
                self.load_op(addr, size, signed)?;
            }
            Op::LoadLocal {
                offset,
                size,
                signed,
            } => self.load_op(self.fp.wrapping_add_signed(offset), size, signed)?,
            Op::LoadMember {
                offset,
                size,
                signed,
            } => {
                let base = self.pop_value();
                let value = self.load_member(base, offset, size, signed)?;
                self.push_value(value);
            }
            Op::LoadThroughLocal {
                local,
                member,
                size,
                signed,
            } => {
                let base = self.load_scalar(self.fp.wrapping_add_signed(local), 4, false)?;
                let value = self.load_member(base, member, size, signed)?;
                self.push_value(value);
            }
            Op::LoadThroughLocalTwice {
                local,
                first,
                second,
                size,
                signed,
            } => {
                let base = self.load_scalar(self.fp.wrapping_add_signed(local), 4, false)?;
                let base = self.load_member(base, first, 4, false)?;
                let value = self.load_member(base, second, size, signed)?;
                self.push_value(value);
            }
            Op::LoadFixed { addr, size, signed } => self.load_op(addr, size, signed)?,
            Op::Store { size } => {
                let value = self.store_op(size)?;
                self.push_value(value);
            }
            Op::StoreDrop { size } => {
                self.store_op(size)?;
            }
            Op::StoreLocal { offset, size } => {
                let value = self.pop_value();
                self.store_scalar(self.fp.wrapping_add_signed(offset), size, value)?;
            }
            Op::Copy { size } => {
                let src = self.pop_address("read")?;
                let dst = self.pop_address("write")?;
                self.copy_memory(dst, src, size)?;
                self.push(dst);
            }
            Op::Zero { size } => {
                let addr = self.pop();
                self.fill_memory(addr, 0, size)?;
            }
            Op::StoreBytes(ref bytes) => {
                let addr = self.pop();
                self.write_bytes(addr, bytes)?;
            }
            Op::Drop => {
                self.pop();
            }
            Op::Dup => {
                let value = self.pop_value();
                self.push_value(value);
                self.push_value(value);
            }
            Op::Binary(op, kind) => {
                let b = self.pop_value();
                let a = self.pop_value();
                let bits = self.binary(op, kind, a.bits, b.bits)?;
                self.push_value(Value {
                    bits,
                    defined: a.defined && b.defined,
                });
            }
            Op::BinaryConst(op, kind, b) => {
                let a = self.pop_value();
                let bits = self.binary(op, kind, a.bits, b)?;
                self.push_value(Value { bits, ..a });
            }
            // One arm for both: a copy of `binary` each would cost the wasm.
            Op::CompareBranch {
                op: comparison,
                kind,
                if_true,
                if_false,
            }
            | Op::CompareConstBranch {
                op: comparison,
                kind,
                if_true,
                if_false,
                ..
            } => {
                let b = match *op {
                    Op::CompareConstBranch { value, .. } => Value::defined(value),
                    _ => self.pop_value(),
                };
                let a = self.pop_value();
                let bits = self.binary(comparison, kind, a.bits, b.bits)?;
                if !(a.defined && b.defined) {
                    self.undefined_condition();
                }
                self.pc = if bits != 0 { if_true } else { if_false };
            }
            Op::Neg(kind) => {
                let value = self.pop_value();
                let bits = self.binary(BinOp::Sub, kind, 0, value.bits)?;
                self.push_value(Value { bits, ..value });
            }
            Op::BitNot => {
                let value = self.pop_value();
                self.push_value(Value {
                    bits: !value.bits,
                    ..value
                });
            }
            Op::LogicalNot => {
                let value = self.pop_value();
                self.push_value(Value {
                    bits: u32::from(value.bits == 0),
                    ..value
                });
            }
            Op::Convert { from: _, to } => {
                let value = self.pop_value();
                self.push_value(Value {
                    bits: convert(value.bits, to),
                    ..value
                });
            }
            Op::PointerOffset {
                element_size,
                subtract,
            } => {
                let index = self.pop_value();
                let pointer = self.pop_value();
                let step = index.bits.wrapping_mul(element_size);
                self.push_value(Value {
                    bits: if subtract {
                        pointer.bits.wrapping_sub(step)
                    } else {
                        pointer.bits.wrapping_add(step)
                    },
                    defined: index.defined && pointer.defined,
                });
            }
            Op::CheckIndex { len, array, write } => self.check_index(len, array, write),
            Op::PointerDifference { element_size } => {
                let q = self.pop_value();
                let p = self.pop_value();
                let bytes = p.bits.wrapping_sub(q.bits) as i32;
                self.push_value(Value {
                    bits: (bytes / element_size.max(1) as i32) as u32,
                    defined: p.defined && q.defined,
                });
            }
            Op::IncDec {
                kind,
                pointer,
                delta,
                prefix,
            } => self.inc_dec(kind, pointer, delta, prefix)?,
            Op::Jump(target) => self.pc = target,
            Op::JumpIfZero(target) => {
                if self.pop_condition() == 0 {
                    self.pc = target;
                }
            }
            Op::JumpIfNotZero(target) => {
                if self.pop_condition() != 0 {
                    self.pc = target;
                }
            }
            Op::PushArg { size } => {
                let value = self.pop_value();
                let slot = size.div_ceil(4) * 4;
                self.grow_stack(slot)?;
                self.store_value(self.sp, 4, value)?;
            }
            Op::PushArgRecord { size } => {
                let src = self.pop_address("read")?;
                let slot = size.div_ceil(4) * 4;
                self.grow_stack(slot)?;
                self.copy_memory(self.sp, src, size)?;
            }
            Op::Call(function) => self.call(function)?,
            Op::CallIndirect { arg_bytes } => {
                let target = self.pop_address("call")?;
                match self.layout.code_at(target) {
                    Some(CodeAddress::User { function, pc: 0 }) => self.call(function)?,
                    Some(CodeAddress::Library(function)) => {
                        let mut args = Vec::new();
                        for i in 0..arg_bytes / 4 {
                            args.push(self.load_value(self.sp + 4 * i, 4)?);
                        }
                        let result = library::call(self, function, &args)?;
                        self.push(result);
                    }
                    _ => {
                        return Err(self.fatal(
                            ErrorKind::BadJump,
                            format!(
                                "a call through a function pointer to 0x{target:08x}, which is not a function"
                            ),
                            Some(target),
                            11,
                        ));
                    }
                }
            }
            Op::CallLibrary { function, argc } => {
                let at = self.operands.len().saturating_sub(argc as usize);
                let mut args = self.operands.split_off(at);
                args.reverse();
                let result = library::call(self, function, &args)?;
                self.push(result);
                // A thread that blocked (a join, a taken mutex) hands over at once.
                return Ok(self.switch_now);
            }
            Op::PopArgs { bytes } => self.sp = self.sp.wrapping_add(bytes),
            Op::Enter { frame_size } => {
                self.grow_stack(4)?;
                self.store(self.sp, 4, self.fp)?;
                self.fp = self.sp;
                self.grow_stack(frame_size)?;
                // A new frame's locals hold whatever was there: undefined until written.
                self.shadow.set(self.sp, frame_size, false);
                if let Some(frame) = self.frames.last_mut() {
                    frame.fp = self.fp;
                }
            }
            Op::Return { has_value } => {
                self.ret(has_value)?;
                // A thread whose function returned has ended: the next one runs at once.
                return Ok(self.switch_now);
            }
        }
        Ok(false)
    }

    /// An array index out of its array's bounds is reported (the access still happens).
    #[inline]
    fn check_index(&mut self, len: u32, array: Span, write: bool) {
        let index = self.operands.last().map_or(0, |v| v.bits) as i32;
        if index >= 0 && (index as u32) < len {
            return;
        }
        self.index_out_of_bounds(index, len, array, write);
    }

    #[cold]
    #[inline(never)]
    fn index_out_of_bounds(&mut self, index: i32, len: u32, array: Span, write: bool) {
        let name = self
            .source
            .get(array.range())
            .unwrap_or("the array")
            .to_string();
        let kind = if write {
            ErrorKind::InvalidWrite
        } else {
            ErrorKind::InvalidRead
        };
        let base = self
            .operands
            .len()
            .checked_sub(2)
            .map_or(0, |i| self.operands.as_slice()[i].bits);
        let place = if self.is_stack_address(base) {
            "a stack array"
        } else {
            "an array"
        };
        self.report(
            kind,
            format!(
                "{} out of bounds: index {index} of `{name}`, {place} of {len} elements (valid indexes 0 to {})",
                if write { "write" } else { "read" },
                len.saturating_sub(1)
            ),
            None,
        );
    }

    /// A value deciding a branch: an undefined one is reported, as memcheck's
    /// "conditional jump or move depends on uninitialised value(s)".
    #[inline(always)]
    fn pop_condition(&mut self) -> u32 {
        let value = self.pop_value();
        if !value.defined {
            self.undefined_condition();
        }
        value.bits
    }

    #[cold]
    #[inline(never)]
    fn undefined_condition(&mut self) {
        self.report(
            ErrorKind::UninitialisedValue,
            "a condition depends on an uninitialised value".into(),
            None,
        );
    }

    /// A value used as an address: an undefined one is reported.
    #[inline(always)]
    fn pop_address(&mut self, access: &str) -> Result<u32, Trap> {
        let value = self.pop_value();
        Ok(self.address(value, access))
    }

    /// A value used as an address: an undefined one is reported.
    #[inline(always)]
    fn address(&mut self, value: Value, access: &str) -> u32 {
        if !value.defined {
            self.undefined_address(value.bits, access);
        }
        value.bits
    }

    /// The member at `offset` through the pointer `base` (an undefined pointer reported).
    #[inline(always)]
    fn load_member(
        &mut self,
        base: Value,
        offset: u32,
        size: u8,
        signed: bool,
    ) -> Result<Value, Trap> {
        let addr = self.address(
            Value {
                bits: base.bits.wrapping_add(offset),
                ..base
            },
            "read",
        );
        self.load_scalar(addr, size, signed)
    }

    /// A scalar load of `size` bytes at `addr`, extended and pushed.
    #[inline(always)]
    fn load_op(&mut self, addr: u32, size: u8, signed: bool) -> Result<(), Trap> {
        let value = self.load_scalar(addr, size, signed)?;
        self.push_value(value);
        Ok(())
    }

    /// A scalar load of `size` bytes at `addr`, extended. Every kind of load shares it:
    /// natively inline for speed; out of line in the size-tuned wasm, where a copy of the
    /// access path per kind of load cost a kilobyte of gzip.
    #[cfg_attr(not(target_arch = "wasm32"), inline(always))]
    #[cfg_attr(target_arch = "wasm32", inline(never))]
    fn load_scalar(&mut self, addr: u32, size: u8, signed: bool) -> Result<Value, Trap> {
        self.check_alignment(addr, size, "read");
        let value = self.load_value(addr, u32::from(size))?;
        Ok(Value {
            bits: extend(value.bits, size, signed),
            ..value
        })
    }

    /// Pops a value and an address and stores the value's low `size` bytes there; the
    /// value stored.
    #[inline(always)]
    fn store_op(&mut self, size: u8) -> Result<Value, Trap> {
        let value = self.pop_value();
        let addr = self.pop_address("write")?;
        self.store_scalar(addr, size, value)?;
        Ok(value)
    }

    /// Stores `value`'s low `size` bytes at `addr`. Inline natively, out of line in the
    /// wasm, as `load_scalar`.
    #[cfg_attr(not(target_arch = "wasm32"), inline(always))]
    #[cfg_attr(target_arch = "wasm32", inline(never))]
    fn store_scalar(&mut self, addr: u32, size: u8, value: Value) -> Result<(), Trap> {
        self.check_alignment(addr, size, "write");
        self.store_value(addr, u32::from(size), value)
    }

    #[cold]
    #[inline(never)]
    fn undefined_address(&mut self, bits: u32, access: &str) {
        self.report(
            ErrorKind::UninitialisedValue,
            format!("an uninitialised value (0x{bits:08x}) is used as the address of a {access}"),
            Some(bits),
        );
    }

    /// A scalar access at an address that is not a multiple of its size: x86 allows it
    /// (slower), other processors fault, and C calls it undefined; reported as UBSan's
    /// alignment check does, and the access goes ahead.
    #[inline(always)]
    fn check_alignment(&mut self, addr: u32, size: u8, access: &str) {
        let size = u32::from(size);
        // Scalars are 1, 2 or 4 bytes: a mask, not a division (which was a fifth of the
        // instruction loop's time).
        debug_assert!(size.is_power_of_two());
        if addr & (size - 1) != 0 {
            self.misaligned(addr, size, access);
        }
    }

    #[cold]
    #[inline(never)]
    fn misaligned(&mut self, addr: u32, size: u32, access: &str) {
        self.report(
            ErrorKind::MisalignedAccess,
            format!(
                "misaligned {access} of {size} bytes at 0x{addr:08x}, which is not a multiple of {size}: x86 allows it, other processors fault, and C leaves it undefined"
            ),
            Some(addr),
        );
    }

    fn is_stack_address(&self, addr: u32) -> bool {
        self.threads
            .iter()
            .any(|t| (t.stack_low..t.stack_top).contains(&addr))
    }

    /// Moves the stack pointer down by `bytes`, or reports the stack overflow that would be.
    #[inline]
    fn grow_stack(&mut self, bytes: u32) -> Result<(), Trap> {
        match self
            .sp
            .checked_sub(bytes)
            .filter(|&sp| sp >= self.stack_low)
        {
            Some(sp) => {
                self.sp = sp;
                Ok(())
            }
            None => Err(self.stack_overflow(bytes)),
        }
    }

    #[cold]
    #[inline(never)]
    fn stack_overflow(&self, bytes: u32) -> Trap {
        let limit = self.stack_low;
        self.fatal(
            ErrorKind::StackOverflow,
            format!(
                "stack overflow: {} calls deep, the {} KiB stack is full (the next frame would reach the guard page below 0x{limit:08x})",
                self.frames.len(),
                (self.stack_top - self.stack_low) / 1024
            ),
            Some(self.sp.wrapping_sub(bytes)),
            11,
        )
    }

    fn call(&mut self, function: FunctionId) -> Result<(), Trap> {
        if self.code[function.0 as usize].is_none() {
            return Err(self.fatal(
                ErrorKind::BadJump,
                format!(
                    "call to `{}`, which has no definition",
                    self.function_names[function.0 as usize]
                ),
                None,
                11,
            ));
        }
        let return_address = self.layout.functions[self.function.0 as usize] + self.pc as u32;
        self.grow_stack(4)?;
        self.store(self.sp, 4, return_address)?;
        self.max_depth = self.max_depth.max(self.frames.len() + 1);
        self.frames.push(Frame {
            function,
            return_to: Some((self.function, self.pc)),
            fp: self.sp,
            call_span: self.span,
        });
        self.function = function;
        self.pc = 0;
        self.span = self.function_starts[function.0 as usize];
        self.point = function.0;
        self.note(EventKind::Call);
        Ok(())
    }

    fn ret(&mut self, has_value: bool) -> Result<(), Trap> {
        let returned = if has_value {
            self.pop_value()
        } else {
            Value::defined(0)
        };
        let value = returned.bits;
        self.note(EventKind::Return);
        let Some(frame) = self.frames.pop() else {
            return Err(Trap::Exit(value as i32));
        };
        let Some((caller, pc)) = frame.return_to else {
            // Returning from main is exit(value); from a thread's function, its end.
            if self.current == 0 {
                if !returned.defined {
                    self.report(
                        ErrorKind::UninitialisedValue,
                        "main returns an uninitialised value as the exit status".into(),
                        None,
                    );
                }
                return Err(Trap::Exit(value as i32));
            }
            self.frames.push(frame);
            return self.finish_thread(value);
        };
        self.sp = self.fp;
        let saved_fp = self.load(self.sp, 4)?;
        let return_address = self.load(self.sp + 4, 4)?;
        self.sp += 8;
        let expected = self.layout.functions[caller.0 as usize] + pc as u32;
        if return_address != expected {
            return Err(self.fatal(
                ErrorKind::BadJump,
                format!(
                    "the return address of `{}` at 0x{:08x} was overwritten (0x{return_address:08x} instead of 0x{expected:08x}): a write past the end of a local array smashed the stack",
                    self.function_names[frame.function.0 as usize],
                    self.sp - 4
                ),
                Some(self.sp - 4),
                11,
            ));
        }
        let caller_fp = self.frames.last().map_or(saved_fp, |f| f.fp);
        if saved_fp != caller_fp {
            // The program goes on with the damaged frame pointer, as the real one would.
            self.report(
                ErrorKind::InvalidWrite,
                format!(
                    "the saved frame pointer of `{}` at 0x{:08x} was overwritten (0x{saved_fp:08x} instead of 0x{caller_fp:08x}): a write past the end of a local array; the caller's locals are now lost",
                    self.function_names[frame.function.0 as usize],
                    self.sp - 8
                ),
                Some(self.sp - 8),
            );
        }
        self.fp = saved_fp;
        self.function = caller;
        self.pc = pc;
        if has_value {
            self.push_value(returned);
        }
        Ok(())
    }

    fn inc_dec(
        &mut self,
        kind: IntKind,
        pointer: bool,
        delta: i32,
        prefix: bool,
    ) -> Result<(), Trap> {
        let addr = self.pop_address("write")?;
        let size = if pointer { 4 } else { kind.size() };
        self.check_alignment(addr, size as u8, "update");
        let loaded = self.load_value(addr, size)?;
        let old = extend(loaded.bits, size as u8, !pointer && kind.is_signed());
        let new = if pointer {
            old.wrapping_add_signed(delta)
        } else if kind.promoted() == kind && kind.is_signed() {
            match (old as i32).checked_add(delta) {
                Some(new) => new as u32,
                None => {
                    self.report(
                        ErrorKind::SignedOverflow,
                        format!(
                            "signed overflow: {} {} 1 does not fit an {}",
                            old as i32,
                            if delta > 0 { "+" } else { "-" },
                            kind.c_name()
                        ),
                        None,
                    );
                    old.wrapping_add_signed(delta)
                }
            }
        } else {
            convert(old.wrapping_add_signed(delta), kind)
        };
        let defined = loaded.defined;
        self.store_value(addr, size, Value { bits: new, defined })?;
        self.push_value(Value {
            bits: if prefix { new } else { old },
            defined,
        });
        Ok(())
    }

    #[inline(always)]
    fn binary(&mut self, op: BinOp, kind: IntKind, a: u32, b: u32) -> Result<u32, Trap> {
        let signed = kind.is_signed();
        let (x, y) = (a as i32, b as i32);
        // Signed overflow is reported (out of line) and the result wraps, as x86's does.
        let overflow = |this: &mut Machine, symbol: &str, (wrapped, overflowed): (i32, bool)| {
            if signed && overflowed {
                this.signed_overflow(x, symbol, y, kind);
            }
            wrapped as u32
        };
        Ok(match op {
            BinOp::Add => overflow(self, "+", x.overflowing_add(y)),
            BinOp::Sub => overflow(self, "-", x.overflowing_sub(y)),
            BinOp::Mul => overflow(self, "*", x.overflowing_mul(y)),
            BinOp::Div | BinOp::Rem => {
                if b == 0 || (signed && x == i32::MIN && y == -1) {
                    return Err(self.division_trap(op, signed, a, b));
                }
                match (op, signed) {
                    (BinOp::Div, true) => (x / y) as u32,
                    (BinOp::Div, false) => a / b,
                    (_, true) => (x % y) as u32,
                    (_, false) => a % b,
                }
            }
            // x86 masks the shift count to 5 bits.
            BinOp::Shl => a.wrapping_shl(b & 31),
            BinOp::Shr if signed => (x >> (b & 31)) as u32,
            BinOp::Shr => a >> (b & 31),
            BinOp::And => a & b,
            BinOp::Or => a | b,
            BinOp::Xor => a ^ b,
            BinOp::Eq => u32::from(a == b),
            BinOp::Ne => u32::from(a != b),
            BinOp::Lt => u32::from(if signed { x < y } else { a < b }),
            BinOp::Le => u32::from(if signed { x <= y } else { a <= b }),
            BinOp::Gt => u32::from(if signed { x > y } else { a > b }),
            BinOp::Ge => u32::from(if signed { x >= y } else { a >= b }),
        })
    }

    #[cold]
    #[inline(never)]
    fn signed_overflow(&mut self, x: i32, symbol: &str, y: i32, kind: IntKind) {
        self.report(
            ErrorKind::SignedOverflow,
            format!(
                "signed overflow: {x} {symbol} {y} does not fit an {}",
                kind.c_name()
            ),
            None,
        );
    }

    /// A division by zero, or the one signed division that overflows, both of which
    /// trap on x86.
    #[cold]
    #[inline(never)]
    fn division_trap(&self, op: BinOp, signed: bool, a: u32, b: u32) -> Trap {
        let x = a as i32;
        if b == 0 {
            return self.fatal(
                ErrorKind::DivisionByZero,
                format!(
                    "division by zero: {} {} 0",
                    if signed { x.to_string() } else { a.to_string() },
                    if op == BinOp::Div { "/" } else { "%" }
                ),
                None,
                8,
            );
        }
        // x86's idiv traps on this overflow, as division by zero does.
        self.fatal(
            ErrorKind::DivisionByZero,
            format!("{x} / -1 overflows an int: the processor traps as for division by zero"),
            None,
            8,
        )
    }

    // ----- memory -----

    /// Out of line, once, in the wasm: it holds the whole access path (the heap check,
    /// translation, the TLB, the cache), and copies at every load and store site made the
    /// size-tuned wasm 5 KiB larger (gzip). Natively, the copies run 4.5% fewer instructions.
    #[cfg_attr(target_arch = "wasm32", inline(never))]
    #[cfg_attr(not(target_arch = "wasm32"), inline(always))]
    pub(crate) fn load(&mut self, addr: u32, size: u32) -> Result<u32, Trap> {
        let size = size.clamp(1, 4);
        self.check_heap(addr, size, false);
        match self.space.read_scalar(addr, size) {
            Ok(bits) => Ok(bits),
            Err(fault) => Err(self.memory_fault(fault, addr, size, false)),
        }
    }

    /// A load that carries the bytes' definedness.
    #[inline(always)]
    pub(crate) fn load_value(&mut self, addr: u32, size: u32) -> Result<Value, Trap> {
        let bits = self.load(addr, size)?;
        Ok(Value {
            bits,
            defined: self.shadow.is_defined(addr, size.clamp(1, 4)),
        })
    }

    /// A store that gives the bytes the value's definedness.
    #[inline(always)]
    pub(crate) fn store_value(&mut self, addr: u32, size: u32, value: Value) -> Result<(), Trap> {
        let size = size.clamp(1, 4);
        self.store_bits(addr, size, value.bits)?;
        self.shadow.set(addr, size, value.defined);
        Ok(())
    }

    /// Copies `len` bytes and their definedness (struct copies, memcpy).
    /// A page at a time, so that a huge length faults at the first unmapped page instead
    /// of asking the host for gigabytes; backwards when the ranges overlap that way
    /// (memmove's rule).
    pub(crate) fn copy_memory(&mut self, dst: u32, src: u32, len: u32) -> Result<(), Trap> {
        let chunk = self.layout.page_size;
        let pieces = len.div_ceil(chunk);
        let backwards = dst > src && dst - src < len;
        for i in 0..pieces {
            let offset = if backwards { pieces - 1 - i } else { i } * chunk;
            let piece = chunk.min(len - offset);
            let bytes = self.read_bytes(src.wrapping_add(offset), piece)?;
            let flags = self.shadow.bytes(src.wrapping_add(offset), piece);
            self.write_bytes(dst.wrapping_add(offset), &bytes)?;
            self.shadow.set_bytes(dst.wrapping_add(offset), &flags);
        }
        Ok(())
    }

    /// Sets `len` bytes to `byte`, a page at a time (see `copy_memory`).
    pub(crate) fn fill_memory(&mut self, dst: u32, byte: u8, len: u32) -> Result<(), Trap> {
        let chunk = self.layout.page_size;
        let fill = vec![byte; chunk.min(len) as usize];
        let mut offset = 0;
        while offset < len {
            let piece = chunk.min(len - offset);
            self.write_bytes(dst.wrapping_add(offset), &fill[..piece as usize])?;
            offset += piece;
        }
        Ok(())
    }

    /// A store of a defined value (the machine's own: results, return addresses).
    #[inline]
    pub(crate) fn store(&mut self, addr: u32, size: u32, value: u32) -> Result<(), Trap> {
        let size = size.clamp(1, 4);
        self.store_bits(addr, size, value)?;
        self.shadow.set(addr, size, true);
        Ok(())
    }

    /// The checked write of `size` (1 to 4) bytes of `value`, leaving definedness to the
    /// caller; out of line in the wasm, as `load` is.
    #[cfg_attr(target_arch = "wasm32", inline(never))]
    #[cfg_attr(not(target_arch = "wasm32"), inline(always))]
    fn store_bits(&mut self, addr: u32, size: u32, value: u32) -> Result<(), Trap> {
        self.check_heap(addr, size, true);
        if let Err(fault) = self.space.write_scalar(addr, size, value) {
            return Err(self.memory_fault(fault, addr, size, true));
        }
        Ok(())
    }

    pub(crate) fn read_bytes(&mut self, addr: u32, len: u32) -> Result<Vec<u8>, Trap> {
        let mut bytes = vec![0; len as usize];
        if len > 0 {
            self.check_heap(addr, len, false);
            self.space
                .read(addr, &mut bytes, AccessKind::Read)
                .map_err(|fault| self.memory_fault(fault, addr, len, false))?;
        }
        Ok(bytes)
    }

    pub(crate) fn write_bytes(&mut self, addr: u32, bytes: &[u8]) -> Result<(), Trap> {
        if bytes.is_empty() {
            return Ok(());
        }
        self.check_heap(addr, bytes.len() as u32, true);
        self.space
            .write(addr, bytes)
            .map_err(|fault| self.memory_fault(fault, addr, bytes.len() as u32, true))?;
        self.shadow.set(addr, bytes.len() as u32, true);
        Ok(())
    }

    /// A NUL-terminated string at `addr` (at most `limit` bytes before the NUL).
    pub(crate) fn read_c_string(&mut self, addr: u32, limit: u32) -> Result<Vec<u8>, Trap> {
        let mut bytes = Vec::new();
        for i in 0..limit {
            let at = addr.wrapping_add(i);
            let byte = self.load(at, 1)? as u8;
            if !self.shadow.byte_defined(at) {
                // The library looks at each byte to find the NUL: a decision on it.
                self.report(
                    ErrorKind::UninitialisedValue,
                    format!("a string at 0x{addr:08x} has an uninitialised byte at 0x{at:08x}"),
                    Some(at),
                );
            }
            if byte == 0 {
                return Ok(bytes);
            }
            bytes.push(byte);
        }
        Ok(bytes)
    }

    /// The error a fault of an access to `addr` is, as the program would die of it.
    #[cold]
    #[inline(never)]
    fn memory_fault(&self, fault: Fault, addr: u32, size: u32, write: bool) -> Trap {
        let access = if write { "write" } else { "read" };
        let (kind, message) = match fault {
            Fault::Invalid { va } if va < self.layout.page_size => (
                ErrorKind::NullDereference,
                format!("null pointer dereference: {access} of {size} bytes at 0x{addr:08x}"),
            ),
            Fault::Invalid { va } if u64::from(va) >= space_size(self.layout.address_bits) => (
                if write {
                    ErrorKind::InvalidWrite
                } else {
                    ErrorKind::InvalidRead
                },
                format!(
                    "invalid {access} of {size} bytes at 0x{addr:08x}: beyond the {}-bit address space",
                    self.layout.address_bits
                ),
            ),
            Fault::Invalid { va } if va >= self.layout.kernel_base() => (
                if write {
                    ErrorKind::InvalidWrite
                } else {
                    ErrorKind::InvalidRead
                },
                format!(
                    "invalid {access} of {size} bytes at 0x{addr:08x}: kernel space, the program cannot touch it"
                ),
            ),
            Fault::Invalid { va } => {
                let guard_low = self.stack_low - self.layout.page_size;
                if (guard_low..guard_low + self.layout.page_size).contains(&va) {
                    (
                        ErrorKind::StackOverflow,
                        format!(
                            "stack overflow: the {access} at 0x{va:08x} hit the guard page below the stack"
                        ),
                    )
                } else {
                    (
                        if write {
                            ErrorKind::InvalidWrite
                        } else {
                            ErrorKind::InvalidRead
                        },
                        format!(
                            "invalid {access} of {size} bytes at 0x{addr:08x}: no memory is mapped there"
                        ),
                    )
                }
            }
            Fault::Protection { va } => (
                ErrorKind::ReadOnlyWrite,
                format!(
                    "write of {size} bytes at 0x{va:08x}: the page is read-only ({})",
                    self.space
                        .region_of(va)
                        .map_or("unknown", |r| r.name.as_str())
                ),
            ),
            Fault::OutOfMemory { va } => {
                let uses = self.space.frame_uses();
                let tables = uses
                    .iter()
                    .filter(|u| matches!(u, FrameUse::Table { .. }))
                    .count();
                let why = if tables == uses.len() {
                    format!(
                        "all {tables} frames hold page tables, which are never swapped out, so no page can come in"
                    )
                } else {
                    "every frame is taken and swap is full".to_string()
                };
                (
                    ErrorKind::OutOfMemory,
                    format!("out of memory: {why} (at 0x{va:08x})"),
                )
            }
        };
        let mut trap = self.fatal(kind, message, Some(addr), 11);
        if let Trap::Error(error, _) = &mut trap {
            error.size = Some(size);
        }
        trap
    }

    // ----- the heap -----

    /// Runs `f` with the allocator and the heap's bytes; a fault inside (memory and swap
    /// full) ends the run.
    pub(crate) fn with_heap<T>(
        &mut self,
        f: impl FnOnce(&mut dyn Allocator, &mut dyn HeapMemory) -> T,
    ) -> Result<T, Trap> {
        self.heap_changes += 1;
        let ceiling = self.heap_ceiling();
        let mut heap = HeapBytes {
            space: RefCell::new(&mut self.space),
            start: self.layout.heap_start,
            brk: &mut self.brk,
            max: self.max_heap,
            ceiling,
            fault: Cell::new(None),
        };
        let result = f(self.allocator.as_mut(), &mut heap);
        if let Some(fault) = heap.fault.take() {
            return Err(self.memory_fault(fault, 0, 4, false));
        }
        Ok(result)
    }

    /// The highest the break may reach: the guard page below the lowest stack (in a 32-bit
    /// space the heap's maximum stops it long before; in 16 bits it is what stops it).
    fn heap_ceiling(&self) -> u32 {
        let lowest = self
            .threads
            .iter()
            .map(|t| t.stack_low)
            .min()
            .unwrap_or(self.stack_low);
        lowest.saturating_sub(self.layout.page_size)
    }

    /// The program's own sbrk: moves the break (the allocator's heap end moves with it).
    pub(crate) fn sbrk(&mut self, increment: i32) -> Result<u32, Trap> {
        self.heap_changes += 1;
        let ceiling = self.heap_ceiling();
        let mut heap = HeapBytes {
            space: RefCell::new(&mut self.space),
            start: self.layout.heap_start,
            brk: &mut self.brk,
            max: self.max_heap,
            ceiling,
            fault: Cell::new(None),
        };
        let old = heap.brk();
        if increment >= 0 {
            return Ok(heap.sbrk(increment as u32).unwrap_or(u32::MAX));
        }
        // Shrinking: not below the heap's start (sbrk fails with -1, as on Linux).
        let Some(new) = old
            .checked_sub(increment.unsigned_abs())
            .filter(|&new| new >= self.layout.heap_start)
        else {
            return Ok(u32::MAX);
        };
        let resized = if new == self.layout.heap_start {
            self.space.unmap(self.layout.heap_start).map(|_| ())
        } else {
            self.space
                .resize(self.layout.heap_start, new - self.layout.heap_start)
                .ok()
        };
        if resized.is_some() {
            self.brk = new;
        }
        Ok(old)
    }

    pub(crate) fn function_name(&self) -> &str {
        &self.function_names[self.function.0 as usize]
    }
}

impl Machine {
    /// The heap's bytes for the views: reads without accesses, and no writes.
    pub(crate) fn heap_bytes_view(&self) -> HeapPeek<'_> {
        HeapPeek {
            space: &self.space,
            start: self.layout.heap_start,
            brk: self.brk,
        }
    }
}

/// The heap's bytes, read-only, for introspection.
pub(crate) struct HeapPeek<'a> {
    space: &'a AddressSpace,
    start: u32,
    brk: u32,
}

impl HeapMemory for HeapPeek<'_> {
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
        self.space.peek_u32(addr).unwrap_or(0)
    }

    fn write_u32(&mut self, _addr: u32, _value: u32) {}
}

/// The heap region's bytes as an allocator sees them, over the address space.
/// The heap as the allocator sees it while serving the program: its reads and writes of
/// headers and links are real accesses (TLB, cache, faults), as a real malloc's are.
/// `HeapMemory` reads through `&self`, hence the cells.
struct HeapBytes<'a> {
    space: RefCell<&'a mut AddressSpace>,
    start: u32,
    brk: &'a mut u32,
    max: u32,
    /// The break never passes this: the guard page below the lowest stack.
    ceiling: u32,
    /// The first access that faulted (the caller reports it once the allocator is done).
    fault: Cell<Option<Fault>>,
}

impl HeapBytes<'_> {
    fn faulted(&self, fault: Fault) {
        if self.fault.get().is_none() {
            self.fault.set(Some(fault));
        }
    }
}

impl HeapMemory for HeapBytes<'_> {
    fn heap_start(&self) -> u32 {
        self.start
    }

    fn brk(&self) -> u32 {
        *self.brk
    }

    fn sbrk(&mut self, increment: u32) -> Option<u32> {
        let old = *self.brk;
        let new = old.checked_add(increment)?;
        if new - self.start > self.max || new > self.ceiling {
            return None;
        }
        if increment == 0 {
            return Some(old);
        }
        let len = new - self.start;
        let space = self.space.get_mut();
        let grown = if old == self.start {
            space.map(Region {
                name: "heap".into(),
                start: self.start,
                len,
                writable: true,
                image: Vec::new(),
            })
        } else {
            space.resize(self.start, len)
        };
        grown.ok()?;
        *self.brk = new;
        Some(old)
    }

    fn read_u32(&self, addr: u32) -> u32 {
        match self.space.borrow_mut().read_u32(addr) {
            Ok(word) => word,
            Err(fault) => {
                self.faulted(fault);
                0
            }
        }
    }

    fn write_u32(&mut self, addr: u32, value: u32) {
        if let Err(fault) = self.space.get_mut().write_u32(addr, value) {
            self.faulted(fault);
        }
    }
}

/// `value`, the low `size` bytes of a word, extended to 32 bits.
#[inline(always)]
fn extend(value: u32, size: u8, signed: bool) -> u32 {
    match (size, signed) {
        (1, true) => value as u8 as i8 as i32 as u32,
        (1, false) => value & 0xff,
        (2, true) => value as u16 as i16 as i32 as u32,
        (2, false) => value & 0xffff,
        _ => value,
    }
}

/// An integer value converted to `to` (truncated and re-extended; to `_Bool`, 0 or 1).
pub(crate) fn convert(value: u32, to: IntKind) -> u32 {
    if to == IntKind::Bool {
        return u32::from(value != 0);
    }
    extend(value, to.size() as u8, to.is_signed())
}
