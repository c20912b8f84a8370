//! The allocator lab: one operation list run under several policies (OSTEP's malloc.py
//! rules) or on several of memplay's allocators, a column each, a row per operation.

use memplay_heap::ostep::{FreeOutcome, OpResult};
use memplay_heap::workload::{parse_ops, parse_threaded_ops};

use super::{MAX_ROWS, parse_in_range, parse_number};
use crate::heap_lab::{
    AllocatorChoice, AllocatorLabSettings, AllocatorOutcome, AllocatorRun, HeapSettings, ListOrder,
    OstepRun, OstepSettings, Policy, Step, run_allocator, run_ostep,
};

/// Which rules the operations run under.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum HeapRules {
    /// OSTEP's free-space simulator, vm-freespace/malloc.py.
    Ostep,
    /// memplay's allocators, whose headers and links live in the heap's bytes.
    Memplay,
}

impl HeapRules {
    /// The name in the page's address.
    pub fn name(self) -> &'static str {
        match self {
            HeapRules::Ostep => "ostep",
            HeapRules::Memplay => "memplay",
        }
    }

    pub fn parse(text: &str) -> Option<HeapRules> {
        [HeapRules::Ostep, HeapRules::Memplay]
            .into_iter()
            .find(|r| r.name() == text.trim().to_ascii_lowercase())
    }
}

/// The most a real allocator's heap may grow to on the page: its bytes are held in the
/// browser's memory, once per column.
pub const MAX_HEAP: u32 = 64 << 20;

/// malloc.py's policies, in the order its `-p` help names them.
pub const OSTEP_POLICIES: [Policy; 3] = [Policy::Best, Policy::Worst, Policy::First];

/// malloc.py's list orders (`-l`).
pub const LIST_ORDERS: [ListOrder; 5] = [
    ListOrder::AddrSort,
    ListOrder::SizeSortAscending,
    ListOrder::SizeSortDescending,
    ListOrder::InsertFront,
    ListOrder::InsertBack,
];

/// The settings of malloc.py the page offers, numbers as typed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OstepFields {
    /// `-S`
    pub size: String,
    /// `-b`
    pub base: String,
    /// `-H`
    pub header: String,
    /// `-a`
    pub align: String,
    /// `-l`
    pub order: ListOrder,
    /// `-C`
    pub coalesce: bool,
    /// `-p`, one column each, in [`OSTEP_POLICIES`] order.
    pub policies: Vec<Policy>,
}

impl Default for OstepFields {
    /// malloc.py's defaults, with all three policies compared.
    fn default() -> OstepFields {
        let defaults = OstepSettings::default();
        OstepFields {
            size: defaults.size.to_string(),
            base: defaults.base.to_string(),
            header: defaults.header.to_string(),
            align: defaults.align.to_string(),
            order: defaults.order,
            coalesce: defaults.coalesce,
            policies: OSTEP_POLICIES.to_vec(),
        }
    }
}

/// The settings of memplay's allocators the page offers, numbers as typed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MemplayFields {
    /// The most the heap may grow to.
    pub size: String,
    /// The heap's first address.
    pub base: String,
    /// Payload alignment: 4, 8 or 16.
    pub align: String,
    /// One column each, in [`AllocatorChoice::ALL`] order.
    pub allocators: Vec<AllocatorChoice>,
}

impl Default for MemplayFields {
    fn default() -> MemplayFields {
        let defaults = AllocatorLabSettings::default();
        MemplayFields {
            size: defaults.max_heap.to_string(),
            base: format!("0x{:x}", defaults.base),
            align: defaults.heap.alignment.to_string(),
            allocators: vec![
                AllocatorChoice::FirstFit,
                AllocatorChoice::NextFit,
                AllocatorChoice::BestFit,
            ],
        }
    }
}

/// The allocator lab's inputs as the learner typed them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AllocatorLabForm {
    pub rules: HeapRules,
    /// malloc.py's `-A`: `+20,+30,-0,+10` (with memplay's rules, `@T` names a thread).
    pub ops: String,
    pub ostep: OstepFields,
    pub memplay: MemplayFields,
}

impl Default for AllocatorLabForm {
    fn default() -> AllocatorLabForm {
        AllocatorLabForm {
            rules: HeapRules::Ostep,
            ops: "+20,+30,-0,+10,+15,-1,+25".into(),
            ostep: OstepFields::default(),
            memplay: MemplayFields::default(),
        }
    }
}

/// The comparison: a column per policy or allocator, a row per operation.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AllocatorComparison {
    /// The settings in force, in a sentence (the table's caption).
    pub caption: String,
    pub columns: Vec<Column>,
    pub rows: Vec<OpRow>,
}

/// A policy's or allocator's column, with its totals.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Column {
    pub name: String,
    /// Allocations that found no room.
    pub failed: usize,
    /// Free-list elements searched by all operations.
    pub searched: u64,
    /// Chunks on the free list after the last operation.
    pub free_chunks: usize,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OpRow {
    /// The operation as malloc.py writes it: `+20`, `-0` (`+20@1` for a thread).
    pub op: String,
    /// One per column.
    pub cells: Vec<OpCell>,
}

/// What one operation did under one policy.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OpCell {
    /// `ptr[0] = 1000`, `ptr[2] = -1 (no chunk fits)`, `returned 0`...
    pub result: String,
    /// The allocation failed or the free was refused (the text says so too).
    pub failed: bool,
    /// Free-list elements searched (malloc.py reports it for allocations only).
    pub searched: Option<u64>,
    /// The free list after the operation: `[addr:1000 sz:20] [addr:1050 sz:50]`.
    pub free_list: String,
}

/// Runs the form's operations under every chosen policy. Errors name the field.
pub fn compare_allocators(form: &AllocatorLabForm) -> Result<AllocatorComparison, String> {
    let count = form.ops.split(',').count();
    if count > MAX_ROWS {
        return Err(format!(
            "ops: {count} operations; the lab page compares at most {MAX_ROWS} (the memplay \
             heap command takes longer lists)"
        ));
    }
    match form.rules {
        HeapRules::Ostep => ostep_comparison(&form.ops, &form.ostep),
        HeapRules::Memplay => memplay_comparison(&form.ops, &form.memplay),
    }
}

fn ostep_comparison(ops: &str, fields: &OstepFields) -> Result<AllocatorComparison, String> {
    let base = OstepSettings {
        size: parse_number("size", &fields.size)?,
        base: parse_number("base", &fields.base)?,
        header: parse_number("header", &fields.header)?,
        align: parse_number("align", &fields.align)?,
        order: fields.order,
        coalesce: fields.coalesce,
        policy: Policy::Best,
    };
    parse_ops(ops).map_err(|e| e.to_string())?;
    if fields.policies.is_empty() {
        return Err("policies: choose at least one policy to compare".into());
    }
    let runs = fields
        .policies
        .iter()
        .map(|&policy| {
            run_ostep(
                OstepSettings {
                    policy,
                    ..base.clone()
                },
                ops,
            )
        })
        .collect::<Result<Vec<OstepRun>, String>>()?;
    let rows = (0..runs[0].steps.len())
        .map(|i| OpRow {
            op: runs[0].steps[i].op.to_string(),
            cells: runs.iter().map(|run| ostep_cell(&run.steps[i])).collect(),
        })
        .collect();
    let columns = runs
        .iter()
        .map(|run| Column {
            name: run.settings.policy.name().into(),
            failed: run
                .steps
                .iter()
                .filter(|s| matches!(s.result, OpResult::Alloc(r) if r.addr.is_none()))
                .count(),
            searched: run
                .steps
                .iter()
                .map(|s| match s.result {
                    OpResult::Alloc(r) => r.searched as u64,
                    OpResult::Free(_) => 0,
                })
                .sum(),
            free_chunks: run.steps.last().map_or(0, |s| s.free_list.len()),
        })
        .collect();
    let align = match base.align {
        -1 => "no alignment".to_string(),
        a => format!("aligned to {a}"),
    };
    Ok(AllocatorComparison {
        caption: format!(
            "OSTEP malloc.py rules: a heap of {} bytes at {}, {}-byte headers, {align}, free \
             list {}, coalescing {}",
            base.size,
            base.base,
            base.header,
            base.order.name(),
            if base.coalesce { "on" } else { "off" }
        ),
        columns,
        rows,
    })
}

fn ostep_cell(step: &Step) -> OpCell {
    let free_list = chunks_text(step.free_list.iter().map(|&(a, s)| (a.to_string(), s)));
    match step.result {
        OpResult::Alloc(r) => OpCell {
            result: match r.addr {
                Some(addr) => format!("ptr[{}] = {addr}", r.ptr),
                None => format!("ptr[{}] = -1 (no chunk fits)", r.ptr),
            },
            failed: r.addr.is_none(),
            searched: Some(r.searched as u64),
            free_list,
        },
        OpResult::Free(r) => {
            let (result, failed) = match r.outcome {
                FreeOutcome::Freed { .. } => ("returned 0".to_string(), false),
                FreeOutcome::NotLive { .. } => {
                    ("returned -1: not an allocated block".to_string(), true)
                }
                FreeOutcome::Skipped { .. } => ("skipped: invalid free".to_string(), true),
                FreeOutcome::AllocationFailed => {
                    ("nothing: its allocation had failed".to_string(), true)
                }
            };
            OpCell {
                result,
                failed,
                searched: None,
                free_list,
            }
        }
    }
}

fn memplay_comparison(ops: &str, fields: &MemplayFields) -> Result<AllocatorComparison, String> {
    let defaults = AllocatorLabSettings::default();
    let heap = HeapSettings {
        alignment: parse_in_range("align", &fields.align, "4, 8 or 16")?,
        ..defaults.heap
    };
    let base: u32 = parse_in_range("base", &fields.base, "0 to 0xffffffff")?;
    let max_heap: u32 = parse_in_range("size", &fields.size, "0 to 4294967295")?;
    if max_heap > MAX_HEAP {
        return Err(format!(
            "size: the lab page's heaps grow to at most {MAX_HEAP} bytes (64 MiB), each in the \
             browser's memory (the memplay heap command takes more)"
        ));
    }
    parse_threaded_ops(ops).map_err(|e| e.to_string())?;
    if fields.allocators.is_empty() {
        return Err("allocators: choose at least one allocator to compare".into());
    }
    let runs = fields
        .allocators
        .iter()
        .map(|&choice| {
            let settings = AllocatorLabSettings {
                choice,
                heap: heap.clone(),
                base,
                max_heap,
            };
            run_allocator(settings, ops).map_err(|e| {
                if e.starts_with("ops:") {
                    e
                } else {
                    format!("{}: {e}", choice.name())
                }
            })
        })
        .collect::<Result<Vec<AllocatorRun>, String>>()?;
    let rows = (0..runs[0].ops.len())
        .map(|i| OpRow {
            op: op_text(&runs[0].ops[i].outcome),
            cells: runs.iter().map(|run| memplay_cell(&run.ops[i])).collect(),
        })
        .collect();
    let columns = runs
        .iter()
        .map(|run| Column {
            name: run.allocator.into(),
            failed: run
                .ops
                .iter()
                .filter(|s| matches!(s.outcome, AllocatorOutcome::Alloc { payload: None, .. }))
                .count(),
            searched: run
                .ops
                .iter()
                .map(|s| u64::from(searched(&s.outcome)))
                .sum(),
            free_chunks: run.ops.last().map_or(0, |s| s.free_list.len()),
        })
        .collect();
    Ok(AllocatorComparison {
        caption: format!(
            "memplay's allocators: a heap at 0x{base:08x} that may grow to {max_heap} bytes, \
             {}-byte alignment (each allocator's headers, footers and links are in the heap)",
            heap.alignment
        ),
        columns,
        rows,
    })
}

fn searched(outcome: &AllocatorOutcome) -> u32 {
    match outcome {
        AllocatorOutcome::Alloc { searched, .. } | AllocatorOutcome::Free { searched, .. } => {
            *searched
        }
    }
}

fn op_text(outcome: &AllocatorOutcome) -> String {
    let (text, thread) = match outcome {
        AllocatorOutcome::Alloc { size, thread, .. } => (format!("+{size}"), *thread),
        AllocatorOutcome::Free { ptr, thread, .. } => (format!("-{ptr}"), *thread),
    };
    if thread == 0 {
        text
    } else {
        format!("{text}@{thread}")
    }
}

fn memplay_cell(step: &crate::heap_lab::AllocatorStep) -> OpCell {
    let free_list = chunks_text(
        step.free_list
            .iter()
            .map(|&[addr, size]| (format!("0x{addr:08x}"), size)),
    );
    let (result, failed) = match &step.outcome {
        AllocatorOutcome::Alloc {
            ptr,
            payload: Some(payload),
            ..
        } => (format!("ptr[{ptr}] = 0x{payload:08x}"), false),
        AllocatorOutcome::Alloc { ptr, .. } => {
            (format!("ptr[{ptr}] = NULL (the heap cannot grow)"), true)
        }
        AllocatorOutcome::Free {
            error: Some(error), ..
        } => (format!("refused: {error}"), true),
        AllocatorOutcome::Free {
            note: Some(note), ..
        } => (format!("freed; {note}"), false),
        AllocatorOutcome::Free { .. } => ("freed".to_string(), false),
    };
    OpCell {
        result,
        failed,
        searched: Some(u64::from(searched(&step.outcome))),
        free_list,
    }
}

/// `[addr:1000 sz:20] [addr:1050 sz:50]`, or `(empty)`.
fn chunks_text(chunks: impl Iterator<Item = (String, u32)>) -> String {
    let words: Vec<String> = chunks
        .map(|(addr, size)| format!("[addr:{addr} sz:{size}]"))
        .collect();
    if words.is_empty() {
        "(empty)".into()
    } else {
        words.join(" ")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ostep_form(ops: &str) -> AllocatorLabForm {
        AllocatorLabForm {
            ops: ops.into(),
            ..AllocatorLabForm::default()
        }
    }

    #[test]
    fn three_policies_side_by_side_match_their_single_runs() {
        let form = ostep_form("+20,+30,-0,+10,+15,-1,+25");
        let comparison = compare_allocators(&form).unwrap();
        let names: Vec<&str> = comparison.columns.iter().map(|c| c.name.as_str()).collect();
        assert_eq!(names, ["BEST", "WORST", "FIRST"]);
        assert_eq!(comparison.rows.len(), 7);
        assert_eq!(comparison.rows[0].op, "+20");
        assert_eq!(comparison.rows[2].op, "-0");
        for (column, policy) in OSTEP_POLICIES.iter().enumerate() {
            let single = run_ostep(
                OstepSettings {
                    policy: *policy,
                    ..OstepSettings::default()
                },
                &form.ops,
            )
            .unwrap();
            for (row, step) in comparison.rows.iter().zip(&single.steps) {
                assert_eq!(row.cells[column], ostep_cell(step));
            }
        }
        // After +20,+30,-0 the free list is [1000 sz 20] [1050 sz 50]: +10 goes into the
        // 20-byte chunk under BEST and FIRST, into the 50-byte one under WORST.
        let plus10 = &comparison.rows[3].cells;
        assert_eq!(plus10[0].result, "ptr[2] = 1000");
        assert_eq!(plus10[1].result, "ptr[2] = 1050");
        assert_eq!(plus10[2].result, "ptr[2] = 1000");
        assert_eq!(plus10[2].searched, Some(1));
        assert_eq!(plus10[0].searched, Some(2));
        assert_eq!(
            comparison.rows[2].cells[0].free_list,
            "[addr:1000 sz:20] [addr:1050 sz:50]"
        );
        assert_eq!(comparison.rows[2].cells[0].result, "returned 0");
        assert!(comparison.caption.contains("100 bytes at 1000"));
    }

    #[test]
    fn a_failed_allocation_says_so_and_is_counted() {
        let comparison = compare_allocators(&ostep_form("+60,+60,+10,-1")).unwrap();
        let cell = &comparison.rows[1].cells[0];
        assert_eq!(cell.result, "ptr[1] = -1 (no chunk fits)");
        assert!(cell.failed);
        assert_eq!(comparison.columns[0].failed, 1);
        assert_eq!(
            comparison.rows[3].cells[0].result,
            "nothing: its allocation had failed"
        );
        // malloc.py skips a free whose handle is not below the successful allocations.
        let comparison = compare_allocators(&ostep_form("+60,+60,-1")).unwrap();
        assert_eq!(comparison.rows[2].cells[0].result, "skipped: invalid free");
    }

    #[test]
    fn bad_input_is_a_message_naming_the_field() {
        let error = compare_allocators(&ostep_form("+20,x")).unwrap_err();
        assert_eq!(error, "ops: operation 2 `x`: expected +SIZE or -HANDLE");
        let error = compare_allocators(&ostep_form("+20,-3")).unwrap_err();
        assert!(error.contains("ptr[3] is not allocated"), "{error}");
        let mut form = ostep_form("+20");
        form.ostep.size = "lots".into();
        assert!(
            compare_allocators(&form)
                .unwrap_err()
                .starts_with("size: `lots`")
        );
        form.ostep.size = "0".into();
        assert!(compare_allocators(&form).unwrap_err().starts_with("size:"));
        form.ostep.size = "100".into();
        form.ostep.policies.clear();
        assert!(
            compare_allocators(&form)
                .unwrap_err()
                .starts_with("policies:")
        );
        let long = vec!["+1"; MAX_ROWS + 1].join(",");
        assert!(
            compare_allocators(&ostep_form(&long))
                .unwrap_err()
                .contains("at most")
        );
    }

    #[test]
    fn memplays_allocators_side_by_side() {
        let form = AllocatorLabForm {
            rules: HeapRules::Memplay,
            ops: "+16,+32@1,-0,-0".into(),
            ..AllocatorLabForm::default()
        };
        let comparison = compare_allocators(&form).unwrap();
        let names: Vec<&str> = comparison.columns.iter().map(|c| c.name.as_str()).collect();
        assert_eq!(names, ["first-fit", "next-fit", "best-fit"]);
        assert_eq!(comparison.rows[1].op, "+32@1");
        let single = run_allocator(AllocatorLabSettings::default(), &form.ops).unwrap();
        for (row, step) in comparison.rows.iter().zip(&single.ops) {
            assert_eq!(row.cells[0], memplay_cell(step));
        }
        let first = &comparison.rows[0].cells[0];
        assert!(first.result.starts_with("ptr[0] = 0x1000"), "{first:?}");
        let double_free = &comparison.rows[3].cells[0];
        assert!(double_free.failed, "{double_free:?}");
        assert!(
            double_free.result.starts_with("refused: "),
            "{double_free:?}"
        );
        let mut bad = form.clone();
        bad.memplay.align = "3".into();
        let error = compare_allocators(&bad).unwrap_err();
        assert!(error.starts_with("first-fit: "), "{error}");
        bad.memplay.align = "8".into();
        bad.memplay.size = "4294967295".into();
        assert!(
            compare_allocators(&bad)
                .unwrap_err()
                .starts_with("size: the lab page's heaps")
        );
        bad.memplay.size = MAX_HEAP.to_string();
        assert!(compare_allocators(&bad).is_ok());
        bad.memplay.align = "-8".into();
        assert_eq!(
            compare_allocators(&bad).unwrap_err(),
            "align: -8 is out of range (4, 8 or 16)"
        );
        assert_eq!(HeapRules::parse("Memplay"), Some(HeapRules::Memplay));
        assert_eq!(HeapRules::parse("glibc"), None);
    }
}
