//! `memplay heap`: a list of allocations and frees, run on an allocator, with each result and
//! the free list after it. Today only `--compat ostep` (OSTEP's malloc.py) is built.

use std::fmt::Write as _;
use std::process::ExitCode;

use clap::Args;
use memplay_heap::ostep::{
    FreeOutcome, ListOrder, Op, OpResult, OstepHeap, Policy, Settings, parse_ops,
};
use serde::Serialize;

/// Exit status for a bad argument (a setting, an operation list).
const BAD_ARGUMENT: u8 = 2;

#[derive(Args)]
pub struct HeapArgs {
    /// Reproduce another simulator exactly: `ostep` is OSTEP's vm-freespace/malloc.py.
    #[arg(long, value_name = "SIMULATOR")]
    compat: Option<String>,
    /// Heap size in bytes (malloc.py's -S).
    #[arg(long, default_value_t = 100, allow_negative_numbers = true)]
    size: i64,
    /// Address of the heap's first byte (malloc.py's -b).
    #[arg(long, default_value_t = 1000, allow_negative_numbers = true)]
    base: i64,
    /// Header bytes added to every block (malloc.py's -H).
    #[arg(long, default_value_t = 0, allow_negative_numbers = true)]
    header: i64,
    /// Round requests up to a multiple of this; -1 for none (malloc.py's -a).
    #[arg(long, default_value_t = -1, allow_negative_numbers = true)]
    align: i64,
    /// Free-list search: first, best or worst (malloc.py's -p).
    #[arg(long, default_value = "best")]
    policy: String,
    /// Where freed blocks go: addrsort, sizesort+, sizesort-, insert-front or insert-back
    /// (malloc.py's -l).
    #[arg(long, default_value = "addrsort")]
    order: String,
    /// Merge neighbouring free chunks after each free (malloc.py's -C).
    #[arg(long)]
    coalesce: bool,
    /// The operations: `+N` allocates N bytes, `-K` frees the K-th allocation (from 0), e.g.
    /// `+10,+20,-0,+5` (malloc.py's -A).
    #[arg(long, allow_hyphen_values = true, value_name = "LIST")]
    ops: Option<String>,
    /// Print JSON instead of a table.
    #[arg(long)]
    json: bool,
}

pub fn run(args: &HeapArgs) -> ExitCode {
    match run_ostep(args) {
        Ok(text) => {
            print!("{text}");
            ExitCode::SUCCESS
        }
        Err(message) => {
            eprintln!("memplay heap: {message}");
            ExitCode::from(BAD_ARGUMENT)
        }
    }
}

/// One operation and what it did, with the free list after it.
struct Step {
    op: Op,
    result: OpResult,
    free_list: Vec<(u32, u32)>,
}

fn run_ostep(args: &HeapArgs) -> Result<String, String> {
    match args.compat.as_deref() {
        Some("ostep") => {}
        Some(other) => {
            return Err(format!(
                "--compat: unknown simulator `{other}` (only `ostep` is supported)"
            ));
        }
        None => {
            return Err(
                "the real allocators are not built yet; use --compat ostep for OSTEP's \
                 malloc.py simulator"
                    .into(),
            );
        }
    }
    let settings = Settings {
        size: args.size,
        base: args.base,
        header: args.header,
        align: args.align,
        policy: args.policy.parse::<Policy>().map_err(|e| e.to_string())?,
        order: args.order.parse::<ListOrder>().map_err(|e| e.to_string())?,
        coalesce: args.coalesce,
    };
    let mut heap = OstepHeap::new(settings).map_err(|e| e.to_string())?;
    let ops_text = args
        .ops
        .as_deref()
        .ok_or("--ops is required (e.g. --ops +10,+20,-0,+5)")?;
    let ops = parse_ops(ops_text).map_err(|e| e.to_string())?;
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
    Ok(if args.json {
        json_report(&steps)
    } else {
        table(heap.settings(), &steps)
    })
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
