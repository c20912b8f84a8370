//! `memplay heap`: a list of allocations and frees, run on one of the real allocators
//! (`--allocator`) or under OSTEP's malloc.py rules (`--compat ostep`), with each result and
//! the heap after it. The run itself, and its JSON and table, come from session.

use std::process::ExitCode;

use clap::Args;
use memplay_session::heap_lab::{
    AllocatorChoice, AllocatorLabSettings, HeapSettings, ListOrder, OstepSettings, Policy,
    run_allocator, run_ostep,
};

/// Exit status for a bad argument (a setting, an operation list).
const BAD_ARGUMENT: u8 = 2;

#[derive(Args)]
pub struct HeapArgs {
    /// The allocator: first-fit, next-fit, best-fit (implicit free lists), explicit-lifo,
    /// explicit-addr, segregated, buddy, small-object. Default first-fit.
    #[arg(long, value_name = "NAME")]
    allocator: Option<String>,
    /// Reproduce another simulator exactly: `ostep` is OSTEP's vm-freespace/malloc.py.
    #[arg(long, value_name = "SIMULATOR", conflicts_with = "allocator")]
    compat: Option<String>,
    /// Heap size in bytes: malloc.py's -S (default 100), or the most a real allocator's
    /// heap may grow to (default 1048576).
    #[arg(long, allow_negative_numbers = true)]
    size: Option<i64>,
    /// Address of the heap's first byte, decimal or 0x hex: malloc.py's -b (default 1000),
    /// or a real allocator's heap start (default 0x10000000).
    #[arg(long, value_parser = parse_number, allow_negative_numbers = true)]
    base: Option<i64>,
    /// Header bytes added to every block (malloc.py's -H; --compat ostep only).
    #[arg(long, allow_negative_numbers = true)]
    header: Option<i64>,
    /// Alignment: malloc.py's -a, -1 for none (default -1); a real allocator's payload
    /// alignment, 4, 8 or 16 (default 8).
    #[arg(long, allow_negative_numbers = true)]
    align: Option<i64>,
    /// Bytes a real allocator takes from sbrk at its first malloc (default 4096).
    #[arg(long, value_parser = parse_number, allow_negative_numbers = true)]
    initial: Option<i64>,
    /// A real allocator's heap grows by multiples of this (default 4096, a page).
    #[arg(long, value_parser = parse_number, allow_negative_numbers = true)]
    growth: Option<i64>,
    /// Put glibc-like per-thread caches (tcache) in front of the allocator; name threads in
    /// the operations with `@T`.
    #[arg(long)]
    thread_cache: bool,
    /// Free-list search: first, best or worst (malloc.py's -p; --compat ostep only).
    #[arg(long)]
    policy: Option<String>,
    /// Where freed blocks go: addrsort, sizesort+, sizesort-, insert-front or insert-back
    /// (malloc.py's -l; --compat ostep only).
    #[arg(long)]
    order: Option<String>,
    /// Merge neighbouring free chunks after each free (malloc.py's -C; --compat ostep only).
    #[arg(long)]
    coalesce: bool,
    /// The operations: `+N` allocates N bytes, `-K` frees the K-th allocation (from 0), e.g.
    /// `+10,+20,-0,+5` (malloc.py's -A). With a real allocator, `@T` names the thread:
    /// `+10@1`.
    #[arg(long, allow_hyphen_values = true, value_name = "LIST")]
    ops: Option<String>,
    /// Print JSON instead of a table.
    #[arg(long)]
    json: bool,
}

/// A whole number, decimal or `0x` hexadecimal.
fn parse_number(text: &str) -> Result<i64, String> {
    let parsed = match text.strip_prefix("0x").or_else(|| text.strip_prefix("0X")) {
        Some(hex) => i64::from_str_radix(hex, 16),
        None => text.parse(),
    };
    parsed.map_err(|_| format!("expected a whole number (decimal or 0x hex), not `{text}`"))
}

pub fn run(args: &HeapArgs) -> ExitCode {
    match report(args) {
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

fn report(args: &HeapArgs) -> Result<String, String> {
    let ops = args
        .ops
        .as_deref()
        .ok_or("--ops is required (e.g. --ops +10,+20,-0,+5)")?;
    match args.compat.as_deref() {
        Some("ostep") => ostep_report(args, ops),
        Some(other) => Err(format!(
            "--compat: unknown simulator `{other}` (only `ostep` is supported)"
        )),
        None => allocator_report(args, ops),
    }
}

fn ostep_report(args: &HeapArgs, ops: &str) -> Result<String, String> {
    let settings = OstepSettings {
        size: args.size.unwrap_or(100),
        base: args.base.unwrap_or(1000),
        header: args.header.unwrap_or(0),
        align: args.align.unwrap_or(-1),
        policy: args
            .policy
            .as_deref()
            .unwrap_or("best")
            .parse::<Policy>()
            .map_err(|e| e.to_string())?,
        order: args
            .order
            .as_deref()
            .unwrap_or("addrsort")
            .parse::<ListOrder>()
            .map_err(|e| e.to_string())?,
        coalesce: args.coalesce,
    };
    let run = run_ostep(settings, ops)?;
    Ok(if args.json {
        run.to_json()
    } else {
        run.to_table()
    })
}

fn allocator_report(args: &HeapArgs, ops: &str) -> Result<String, String> {
    let ostep_only = [
        ("--header", args.header.is_some()),
        ("--policy", args.policy.is_some()),
        ("--order", args.order.is_some()),
        ("--coalesce", args.coalesce),
    ];
    if let Some((flag, _)) = ostep_only.iter().find(|(_, given)| *given) {
        return Err(format!(
            "{flag} is a setting of OSTEP's simulator: add --compat ostep, or leave it out \
             for --allocator"
        ));
    }
    let defaults = AllocatorLabSettings::default();
    let choice = match args.allocator.as_deref() {
        Some(name) => name
            .parse::<AllocatorChoice>()
            .map_err(|e| format!("--allocator: {e}"))?,
        None => defaults.choice,
    };
    let settings = AllocatorLabSettings {
        choice,
        heap: HeapSettings {
            alignment: u32_arg("--align", args.align, defaults.heap.alignment)?,
            initial_size: u32_arg("--initial", args.initial, defaults.heap.initial_size)?,
            growth_step: u32_arg("--growth", args.growth, defaults.heap.growth_step)?,
            thread_cache: args.thread_cache,
        },
        base: u32_arg("--base", args.base, defaults.base)?,
        max_heap: u32_arg("--size", args.size, defaults.max_heap)?,
    };
    let run = run_allocator(settings, ops)?;
    Ok(if args.json {
        run.to_json()
    } else {
        run.to_table()
    })
}

/// A flag's value as a 32-bit address or size.
fn u32_arg(flag: &str, value: Option<i64>, default: u32) -> Result<u32, String> {
    match value {
        None => Ok(default),
        Some(value) => u32::try_from(value)
            .map_err(|_| format!("{flag}: {value} is out of range (0 to 4294967295)")),
    }
}
