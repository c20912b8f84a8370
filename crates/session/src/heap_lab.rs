//! The heap lab's runs in the shapes their readers need: an operation list run on a real
//! allocator, or under OSTEP's malloc.py rules, as JSON and as a table (the `memplay heap`
//! command prints them).

use std::fmt::Write as _;

use memplay_heap::catalog::build;
pub use memplay_heap::catalog::{AllocatorChoice, HeapSettings};
use memplay_heap::memory::VecMemory;
use memplay_heap::ostep::{FreeOutcome, Op, OpResult, OstepHeap, Settings, parse_ops};
pub use memplay_heap::ostep::{ListOrder, Policy, Settings as OstepSettings};
use memplay_heap::workload::parse_threaded_ops;
use memplay_heap::{
    Allocator, BlockInfo, BlockState, Corruption, FreeStructures, Metrics, ThreadId,
};
use serde::Serialize;

/// One operation and what it did, with the free list after it.
pub struct Step {
    pub op: Op,
    pub result: OpResult,
    pub free_list: Vec<(u32, u32)>,
}

/// A run of OSTEP's malloc.py rules over an operation list, ready to print.
pub struct OstepRun {
    pub settings: Settings,
    pub steps: Vec<Step>,
}

/// Runs `ops` (`+10,+20,-0,+5`) under `settings`. Errors name the bad setting or operation.
pub fn run_ostep(settings: Settings, ops: &str) -> Result<OstepRun, String> {
    let mut heap = OstepHeap::new(settings).map_err(|e| e.to_string())?;
    let ops = parse_ops(ops).map_err(|e| e.to_string())?;
    let mut steps = Vec::with_capacity(ops.len());
    for (i, &op) in ops.iter().enumerate() {
        let result = heap.apply(op);
        if let OpResult::Free(free) = result
            && free.outcome == (FreeOutcome::Skipped { issued: false })
        {
            return Err(format!(
                "ops: operation {} `{op}`: ptr[{}] is not allocated by an earlier operation",
                i + 1,
                free.ptr
            ));
        }
        steps.push(Step {
            op,
            result,
            free_list: heap.free_list(),
        });
    }
    Ok(OstepRun {
        settings: heap.settings().clone(),
        steps,
    })
}

impl OstepRun {
    /// The JSON report the CLI's `--json` prints.
    pub fn to_json(&self) -> String {
        json_report(&self.steps)
    }

    /// A readable table, one line per operation.
    pub fn to_table(&self) -> String {
        table(&self.settings, &self.steps)
    }
}

/// One line of the JSON report, fields in the order the issue documents.
#[derive(Serialize)]
#[serde(tag = "op", rename_all = "lowercase")]
enum JsonStep {
    Alloc {
        size: u32,
        ptr: usize,
        addr: Option<u32>,
        searched: usize,
        free_list: Vec<[u32; 2]>,
    },
    Free {
        ptr: usize,
        ok: bool,
        #[serde(skip_serializing_if = "Option::is_none")]
        error: Option<String>,
        free_list: Vec<[u32; 2]>,
    },
}

#[derive(Serialize)]
struct JsonReport {
    ops: Vec<JsonStep>,
}

fn json_report(steps: &[Step]) -> String {
    let ops = steps
        .iter()
        .map(|step| {
            let free_list = step.free_list.iter().map(|&(a, s)| [a, s]).collect();
            match step.result {
                OpResult::Alloc(r) => JsonStep::Alloc {
                    size: match step.op {
                        Op::Alloc(size) => size,
                        Op::Free(_) => 0,
                    },
                    ptr: r.ptr,
                    addr: r.addr,
                    searched: r.searched,
                    free_list,
                },
                OpResult::Free(r) => JsonStep::Free {
                    ptr: r.ptr,
                    ok: r.ok(),
                    error: r.error(),
                    free_list,
                },
            }
        })
        .collect();
    let mut text =
        serde_json::to_string(&JsonReport { ops }).expect("plain data always serializes");
    text.push('\n');
    text
}

fn table(settings: &Settings, steps: &[Step]) -> String {
    let mut out = String::new();
    let _ = writeln!(
        out,
        "OSTEP malloc.py: size {}, base {}, header {}, align {}, policy {}, order {}, \
         coalesce {}",
        settings.size,
        settings.base,
        settings.header,
        settings.align,
        settings.policy.name(),
        settings.order.name(),
        if settings.coalesce { "on" } else { "off" }
    );
    let _ = writeln!(out, "{:<8} {:<6} {:<34} free list", "op", "ptr", "result");
    for step in steps {
        let result = match step.result {
            OpResult::Alloc(r) => match r.addr {
                Some(addr) => format!("addr {addr} (searched {})", r.searched),
                None => format!("failed (searched {})", r.searched),
            },
            OpResult::Free(r) => match r.outcome {
                FreeOutcome::Freed { addr, size } => format!("freed {size} bytes at {addr}"),
                FreeOutcome::NotLive { .. } => "returned -1 (not allocated)".into(),
                FreeOutcome::Skipped { .. } => "skipped (invalid free)".into(),
                FreeOutcome::AllocationFailed => "nothing: allocation had failed".into(),
            },
        };
        let ptr = match step.result {
            OpResult::Alloc(r) => r.ptr,
            OpResult::Free(r) => r.ptr,
        };
        let list: Vec<String> = step
            .free_list
            .iter()
            .map(|(addr, size)| format!("[{addr} sz {size}]"))
            .collect();
        let _ = writeln!(
            out,
            "{:<8} {:<6} {:<34} {}",
            step.op.to_string(),
            format!("ptr[{ptr}]"),
            result,
            list.join(" ")
        );
    }
    out
}

/// A real allocator's lab run: which one, its shared settings, and where its heap lies.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AllocatorLabSettings {
    pub choice: AllocatorChoice,
    pub heap: HeapSettings,
    /// The heap's first address.
    pub base: u32,
    /// The most the heap may grow to; malloc fails beyond it.
    pub max_heap: u32,
}

impl Default for AllocatorLabSettings {
    fn default() -> AllocatorLabSettings {
        AllocatorLabSettings {
            choice: AllocatorChoice::FirstFit,
            heap: HeapSettings::default(),
            base: 0x1000_0000,
            max_heap: 1 << 20,
        }
    }
}

/// What one operation did on a real allocator.
#[derive(Debug, Clone, Serialize)]
#[serde(tag = "op", rename_all = "lowercase")]
pub enum AllocatorOutcome {
    Alloc {
        size: u32,
        thread: ThreadId,
        /// The handle later operations free it by (`-ptr`).
        ptr: usize,
        /// The block's start, and the payload malloc returned (null when malloc failed).
        addr: Option<u32>,
        payload: Option<u32>,
        searched: u32,
    },
    Free {
        thread: ThreadId,
        ptr: usize,
        ok: bool,
        /// Why the free was refused (a double free, say), or what it did not need to do.
        #[serde(skip_serializing_if = "Option::is_none")]
        error: Option<String>,
        #[serde(skip_serializing_if = "Option::is_none")]
        note: Option<String>,
        searched: u32,
    },
}

/// One operation and the heap after it.
#[derive(Debug, Clone, Serialize)]
pub struct AllocatorStep {
    #[serde(flatten)]
    pub outcome: AllocatorOutcome,
    /// Free chunks as [address, size]: in list order where the allocator keeps lists, else
    /// in address order.
    pub free_list: Vec<[u32; 2]>,
    pub blocks: Vec<BlockInfo>,
    pub free_structures: FreeStructures,
    pub metrics: Metrics,
}

/// A run of a real allocator over an operation list.
#[derive(Debug, Clone, Serialize)]
pub struct AllocatorRun {
    pub allocator: &'static str,
    #[serde(skip)]
    pub settings: AllocatorLabSettings,
    pub ops: Vec<AllocatorStep>,
}

const STALE_FREE: &str =
    "already freed, but its address was handed out again: this freed the later allocation";

/// Runs `ops` (`+10,+20@1,-0`) on the chosen allocator over a plain byte heap. A free of a
/// handle no earlier operation allocated is an error naming the operation; a double free is
/// a result (it is what the lesson shows).
pub fn run_allocator(settings: AllocatorLabSettings, ops: &str) -> Result<AllocatorRun, String> {
    let mut allocator = build(settings.choice, &settings.heap).map_err(|e| e.to_string())?;
    let ops = parse_threaded_ops(ops).map_err(|e| e.to_string())?;
    if settings.base.checked_add(settings.max_heap).is_none() {
        return Err(format!(
            "base: a heap of {} bytes at 0x{:08x} would run past the end of the address space",
            settings.max_heap, settings.base
        ));
    }
    if settings.max_heap < settings.heap.initial_size {
        return Err(format!(
            "size: the heap may grow to {} bytes, less than its initial size of {} bytes",
            settings.max_heap, settings.heap.initial_size
        ));
    }
    let mut memory = VecMemory::new(settings.base, settings.max_heap);
    // What each allocation returned, by handle (None when malloc failed).
    let mut handles: Vec<Option<u32>> = Vec::new();
    let mut freed_handles = std::collections::HashSet::new();
    let mut steps = Vec::with_capacity(ops.len());
    for (i, &(op, thread)) in ops.iter().enumerate() {
        let outcome = match op {
            Op::Alloc(size) => {
                let payload = allocator
                    .malloc(&mut memory, thread, size)
                    .map_err(|e| e.to_string())?;
                handles.push(payload);
                AllocatorOutcome::Alloc {
                    size,
                    thread,
                    ptr: handles.len() - 1,
                    addr: None,
                    payload,
                    searched: allocator.ledger().last_searched,
                }
            }
            Op::Free(ptr) => {
                let Some(&payload) = handles.get(ptr) else {
                    return Err(format!(
                        "ops: operation {} `{op}`: ptr[{ptr}] is not allocated by an earlier operation",
                        i + 1
                    ));
                };
                let stale = !freed_handles.insert(ptr);
                let (ok, error, note) = match payload {
                    None => (
                        true,
                        None,
                        Some("malloc had failed: free(NULL) does nothing".into()),
                    ),
                    Some(payload) => match allocator.free(&mut memory, thread, payload) {
                        // A stale pointer to a block handed out again frees the new owner's
                        // block, as it would in C.
                        Ok(()) if stale => (true, None, Some(STALE_FREE.into())),
                        Ok(()) => (true, None, None),
                        Err(e) => (false, Some(e.to_string()), None),
                    },
                };
                AllocatorOutcome::Free {
                    thread,
                    ptr,
                    ok,
                    error,
                    note,
                    searched: allocator.ledger().last_searched,
                }
            }
        };
        steps.push(snapshot(allocator.as_ref(), &memory, outcome).map_err(|e| e.to_string())?);
    }
    Ok(AllocatorRun {
        allocator: settings.choice.name(),
        settings,
        ops: steps,
    })
}

/// The heap after an operation, with the block malloc carved filled in.
fn snapshot(
    allocator: &dyn Allocator,
    memory: &VecMemory,
    mut outcome: AllocatorOutcome,
) -> Result<AllocatorStep, Corruption> {
    let blocks = allocator.blocks(memory)?;
    let free_structures = allocator.free_structures(memory)?;
    let metrics = allocator.metrics(memory)?;
    if let AllocatorOutcome::Alloc {
        addr,
        payload: Some(payload),
        ..
    } = &mut outcome
    {
        *addr = blocks
            .iter()
            .find(|b| b.is_allocated() && b.payload == *payload)
            .map(|b| b.addr);
    }
    let free_list = if free_structures.lists.is_empty() {
        blocks
            .iter()
            .filter(|b| b.is_free())
            .map(|b| [b.addr, b.size])
            .collect()
    } else {
        free_structures
            .lists
            .iter()
            .flat_map(|list| list.entries.iter().map(|e| [e.addr, e.size]))
            .collect()
    };
    Ok(AllocatorStep {
        outcome,
        free_list,
        blocks,
        free_structures,
        metrics,
    })
}

impl AllocatorRun {
    pub fn to_json(&self) -> String {
        let mut text = serde_json::to_string(self).expect("plain data always serializes");
        text.push('\n');
        text
    }

    /// A readable table: one line per operation, then the heap's blocks after it.
    pub fn to_table(&self) -> String {
        let mut out = String::new();
        let s = &self.settings;
        let _ = writeln!(
            out,
            "{} ({}): alignment {}, heap at 0x{:08x}, initial {} bytes, grows by {}, at most {}",
            s.choice.name(),
            s.choice.describe(),
            s.heap.alignment,
            s.base,
            s.heap.initial_size,
            s.heap.growth_step,
            s.max_heap
        );
        for step in &self.ops {
            let _ = writeln!(out, "{}", outcome_line(&step.outcome));
            let _ = writeln!(out, "    {}", blocks_line(&step.blocks));
        }
        if let Some(last) = self.ops.last() {
            let m = &last.metrics;
            let _ = writeln!(
                out,
                "heap {} bytes, live {} requested (peak {}), internal fragmentation {} bytes, \
                 external fragmentation {:.2}, utilisation {:.2}",
                m.heap_size,
                m.live_requested,
                m.peak_requested,
                m.internal_fragmentation,
                m.external_fragmentation,
                m.utilisation
            );
        }
        out
    }
}

fn outcome_line(outcome: &AllocatorOutcome) -> String {
    match outcome {
        AllocatorOutcome::Alloc {
            size,
            thread,
            ptr,
            addr,
            payload,
            searched,
        } => {
            let what = match (payload, addr) {
                (Some(payload), Some(addr)) => {
                    format!("payload 0x{payload:08x} (block at 0x{addr:08x})")
                }
                (Some(payload), None) => format!("payload 0x{payload:08x}"),
                _ => "NULL: the heap cannot grow enough".into(),
            };
            format!(
                "{:<12} ptr[{ptr}] = {what}, searched {searched}",
                format!("+{size}{}", thread_suffix(*thread))
            )
        }
        AllocatorOutcome::Free {
            thread,
            ptr,
            error,
            note,
            searched,
            ..
        } => {
            let what = match (error, note) {
                (Some(error), _) => format!("refused: {error}"),
                (None, Some(note)) => note.clone(),
                (None, None) => format!("freed, searched {searched}"),
            };
            format!(
                "{:<12} ptr[{ptr}] {what}",
                format!("-{ptr}{}", thread_suffix(*thread))
            )
        }
    }
}

fn thread_suffix(thread: ThreadId) -> String {
    if thread == 0 {
        String::new()
    } else {
        format!("@{thread}")
    }
}

/// `[0x10000004 A 24 (10)] [0x1000001c F 4056]`: each block's start, state and size, and
/// for allocated blocks the request.
fn blocks_line(blocks: &[BlockInfo]) -> String {
    if blocks.is_empty() {
        return "(no heap yet)".into();
    }
    let words: Vec<String> = blocks
        .iter()
        .map(|b| match b.state {
            BlockState::Allocated => format!(
                "[0x{:08x} A {} ({})]",
                b.addr,
                b.size,
                b.requested.unwrap_or(0)
            ),
            BlockState::Free => format!("[0x{:08x} F {}]", b.addr, b.size),
            BlockState::Cached { thread } => {
                format!("[0x{:08x} cached@{thread} {}]", b.addr, b.size)
            }
            BlockState::Internal { what } => format!("[0x{:08x} {what} {}]", b.addr, b.size),
        })
        .collect();
    words.join(" ")
}
