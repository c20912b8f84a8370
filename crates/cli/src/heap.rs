//! `memplay heap`: a list of allocations and frees, run on an allocator, with each result and
//! the free list after it. Today only `--compat ostep` (OSTEP's malloc.py) is built; the run
//! itself, and its JSON and table, come from session.

use std::process::ExitCode;

use clap::Args;
use memplay_session::heap_lab::{ListOrder, OstepSettings, Policy, run_ostep};

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
    let settings = OstepSettings {
        size: args.size,
        base: args.base,
        header: args.header,
        align: args.align,
        policy: args.policy.parse::<Policy>().map_err(|e| e.to_string())?,
        order: args.order.parse::<ListOrder>().map_err(|e| e.to_string())?,
        coalesce: args.coalesce,
    };
    let ops = args
        .ops
        .as_deref()
        .ok_or("--ops is required (e.g. --ops +10,+20,-0,+5)")?;
    let run = run_ostep(settings, ops)?;
    Ok(if args.json {
        run.to_json()
    } else {
        run.to_table()
    })
}
