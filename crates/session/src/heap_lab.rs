//! The heap lab's runs in the shapes their readers need: today OSTEP's malloc.py rules over
//! an operation list, as JSON and as a table (the `memplay heap` command prints them).

use std::fmt::Write as _;

use memplay_heap::ostep::{FreeOutcome, Op, OpResult, OstepHeap, Settings, parse_ops};
pub use memplay_heap::ostep::{ListOrder, Policy, Settings as OstepSettings};
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
