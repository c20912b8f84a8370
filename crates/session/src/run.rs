//! Running a program on the machine, as the CLI's `memplay run` and (later) the app's Run
//! button see it: checked first, then run to its end or a budget, with its output, its
//! exit status and its errors located by line and column.

use memplay_lang::codemap::SourceMap;
use memplay_machine::{CallStack, ErrorKind, LeakCategory, LeakCount, Machine, Settings, Status};

/// The machine's settings, for the CLI and the app.
pub use memplay_machine::Settings as MachineSettings;
use serde::Serialize;

use crate::check::check_report;

/// A run's outcome, as plain data.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RunReport {
    #[serde(skip)]
    pub stdout: Vec<u8>,
    #[serde(skip)]
    pub stderr: Vec<u8>,
    /// The exit status a shell would see (the program's code, or 128 + the signal);
    /// `None` when a budget stopped the run.
    pub exit_code: Option<i32>,
    pub signal: Option<i32>,
    /// Why a budget stopped the run.
    pub stopped: Option<String>,
    pub steps: u64,
    pub errors: Vec<RunError>,
    /// valgrind's leak summary, once the program has ended.
    pub leaks: Option<LeakSummary>,
    pub stack_overflow: bool,
    pub stats: RunStats,
}

/// What the run cost and touched.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RunStats {
    pub page_faults: u64,
    pub major_faults: u64,
    pub minor_faults: u64,
    pub tlb_hits: u64,
    pub tlb_misses: u64,
    pub cache_hits: u64,
    pub cache_misses: u64,
    pub swap_ins: u64,
    pub swap_outs: u64,
    pub peak_heap: u32,
    pub max_stack_depth: usize,
    pub cycles: u64,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct LeakSummary {
    pub definitely_lost: LeakCount,
    pub indirectly_lost: LeakCount,
    pub still_reachable: LeakCount,
    /// The lost blocks in memcheck's loss records: those lost the same way and allocated
    /// by the same call stack together, smallest first.
    pub loss_records: Vec<LossRecord>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct LossRecord {
    pub bytes: u64,
    pub blocks: u32,
    /// The first block's address (the only one's, in a record of one).
    pub address: u32,
    pub alloc_line: u32,
    /// Where they were allocated: the malloc, then each call that led there.
    pub alloc_stack: Vec<StackLine>,
    pub definitely: bool,
}

/// One level of a call stack, as memcheck prints it (`by 0x...: main (prog.c:12)`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct StackLine {
    pub function: String,
    pub line: u32,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RunError {
    pub kind: String,
    /// Bytes of the access, for invalid reads and writes.
    pub size: Option<u32>,
    pub line: u32,
    pub column: u32,
    pub address: Option<u32>,
    pub message: String,
    /// The heap block involved, with the lines where it was allocated and freed.
    pub block: Option<ErrorBlock>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ErrorBlock {
    pub address: u32,
    pub size: u32,
    pub alloc_line: u32,
    pub free_line: Option<u32>,
    pub alloc_stack: Vec<StackLine>,
    pub free_stack: Option<Vec<StackLine>>,
}

/// Why a program did not run at all.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RunFailure {
    /// It does not compile: the diagnostics, rendered as gcc would.
    Diagnostics(String),
    /// It compiles but cannot be loaded (no main, a bad setting).
    Setup(String),
}

/// Checks the program and loads it into a fresh machine.
pub(crate) fn load_machine(
    file_name: &str,
    source: &str,
    settings: Settings,
) -> Result<Machine, RunFailure> {
    let report = check_report(file_name, source);
    if report.has_errors {
        return Err(RunFailure::Diagnostics(report.rendered));
    }
    let checked = memplay_lang::check(source);
    Machine::new(&checked.program, source, file_name, settings)
        .map_err(|e| RunFailure::Setup(e.to_string()))
}

pub fn run_program(
    file_name: &str,
    source: &str,
    settings: Settings,
) -> Result<RunReport, RunFailure> {
    let mut machine = load_machine(file_name, source, settings)?;
    let status = machine.run().clone();
    let map = SourceMap::new(source);
    let errors = located_errors(&machine, source, &map);
    let leaks = leak_summary(&machine, source, &map);
    let paging = machine.space().stats();
    let stats = RunStats {
        page_faults: paging.minor_faults + paging.major_faults,
        major_faults: paging.major_faults,
        minor_faults: paging.minor_faults,
        tlb_hits: paging.tlb_hits,
        tlb_misses: paging.tlb_misses,
        cache_hits: paging.cache_hits,
        cache_misses: paging.cache_misses,
        swap_ins: paging.swap_ins,
        swap_outs: paging.swap_outs,
        peak_heap: machine.peak_heap(),
        max_stack_depth: machine.max_depth(),
        cycles: machine.space().costs().total(),
    };
    let stack_overflow = machine
        .errors()
        .iter()
        .any(|e| e.kind == ErrorKind::StackOverflow);
    Ok(RunReport {
        stack_overflow,
        stats,
        leaks,
        stdout: machine.stdout().to_vec(),
        stderr: machine.stderr().to_vec(),
        exit_code: status.exit_status(),
        signal: match status {
            Status::Killed { signal } => Some(signal),
            _ => None,
        },
        stopped: match status {
            Status::Stopped { reason } => Some(reason),
            _ => None,
        },
        steps: machine.steps(),
        errors,
    })
}

/// valgrind's leak summary of a program that has ended; `None` while it runs.
pub(crate) fn leak_summary(
    machine: &Machine,
    source: &str,
    map: &SourceMap,
) -> Option<LeakSummary> {
    machine.leaks().map(|report| {
        let mut records: Vec<LossRecord> = Vec::new();
        for block in report
            .blocks
            .iter()
            .filter(|b| b.category != LeakCategory::StillReachable)
        {
            let definitely = block.category == LeakCategory::DefinitelyLost;
            let alloc_stack = stack_lines(machine, source, map, &block.allocated_by);
            match records
                .iter_mut()
                .find(|r| r.definitely == definitely && r.alloc_stack == alloc_stack)
            {
                Some(record) => {
                    record.bytes += u64::from(block.size);
                    record.blocks += 1;
                }
                None => records.push(LossRecord {
                    bytes: u64::from(block.size),
                    blocks: 1,
                    address: block.payload,
                    alloc_line: map.line_col(source, block.allocated_at.start).line,
                    alloc_stack,
                    definitely,
                }),
            }
        }
        // memcheck's order: the smallest record first.
        memplay_lang::sort::sort_by_key(&mut records, |r| (r.bytes, r.blocks));
        LeakSummary {
            definitely_lost: report.definitely_lost,
            indirectly_lost: report.indirectly_lost,
            still_reachable: report.still_reachable,
            loss_records: records,
        }
    })
}

/// A call stack with function names and lines.
fn stack_lines(
    machine: &Machine,
    source: &str,
    map: &SourceMap,
    stack: &CallStack,
) -> Vec<StackLine> {
    stack
        .iter()
        .map(|site| StackLine {
            function: machine.name_of_function(site.function).to_string(),
            line: map.line_col(source, site.span.start).line,
        })
        .collect()
}

/// The errors the machine has reported so far, located by line and column.
pub(crate) fn located_errors(machine: &Machine, source: &str, map: &SourceMap) -> Vec<RunError> {
    machine
        .errors()
        .iter()
        .map(|error| {
            let at = map.line_col(source, error.span.start);
            RunError {
                kind: serde_json::to_value(error.kind)
                    .ok()
                    .and_then(|v| v.as_str().map(str::to_string))
                    .unwrap_or_default(),
                size: error.size,
                line: at.line,
                column: at.column,
                address: error.address,
                message: error.message.clone(),
                block: error.block.as_ref().map(|block| ErrorBlock {
                    address: block.address,
                    size: block.size,
                    alloc_line: map.line_col(source, block.allocated_at.start).line,
                    free_line: block
                        .freed_at
                        .map(|span| map.line_col(source, span.start).line),
                    alloc_stack: stack_lines(machine, source, map, &block.allocated_by),
                    free_stack: block
                        .freed_by
                        .as_ref()
                        .map(|stack| stack_lines(machine, source, map, stack)),
                }),
            }
        })
        .collect()
}

/// A call stack as one line: `in make (prog.c:4), called from main (prog.c:10)`.
fn stack_text(stack: &[StackLine], file_name: &str) -> String {
    stack
        .iter()
        .enumerate()
        .map(|(i, site)| {
            let how = if i == 0 { "in" } else { "called from" };
            format!("{how} {} ({file_name}:{})", site.function, site.line)
        })
        .collect::<Vec<_>>()
        .join(", ")
}

impl RunReport {
    /// The errors as valgrind-like lines for stderr: `==memplay== file:line:col: kind: message`.
    pub fn error_lines(&self, file_name: &str) -> String {
        let mut out = String::new();
        for error in &self.errors {
            out.push_str(&format!(
                "==memplay== {file_name}:{}:{}: {}: {}\n",
                error.line, error.column, error.kind, error.message
            ));
            if let Some(block) = &error.block {
                if let Some(stack) = &block.free_stack {
                    out.push_str(&format!(
                        "==memplay==    block freed {}\n",
                        stack_text(stack, file_name)
                    ));
                }
                out.push_str(&format!(
                    "==memplay==    block allocated {}\n",
                    stack_text(&block.alloc_stack, file_name)
                ));
            }
        }
        if let Some(reason) = &self.stopped {
            out.push_str(&format!("==memplay== stopped: {reason}\n"));
        }
        if let Some(leaks) = &self.leaks {
            let in_use = |c: &LeakCount| (c.bytes, c.blocks);
            let (bytes, blocks) = [
                &leaks.definitely_lost,
                &leaks.indirectly_lost,
                &leaks.still_reachable,
            ]
            .iter()
            .map(|c| in_use(c))
            .fold((0, 0), |(b, n), (cb, cn)| (b + cb, n + cn));
            out.push_str("==memplay== HEAP SUMMARY:\n");
            out.push_str(&format!(
                "==memplay==     in use at exit: {bytes} bytes in {blocks} blocks\n"
            ));
            let count = leaks.loss_records.len();
            for (i, record) in leaks.loss_records.iter().enumerate() {
                out.push_str(&format!(
                    "==memplay== {} bytes in {} blocks are {} lost in loss record {} of {count}: allocated {}\n",
                    record.bytes,
                    record.blocks,
                    if record.definitely {
                        "definitely"
                    } else {
                        "indirectly"
                    },
                    i + 1,
                    stack_text(&record.alloc_stack, file_name)
                ));
            }
            out.push_str("==memplay== LEAK SUMMARY:\n");
            for (name, count) in [
                ("definitely lost", &leaks.definitely_lost),
                ("indirectly lost", &leaks.indirectly_lost),
                ("still reachable", &leaks.still_reachable),
            ] {
                out.push_str(&format!(
                    "==memplay==    {name}: {} bytes in {} blocks\n",
                    count.bytes, count.blocks
                ));
            }
        }
        out
    }
}
