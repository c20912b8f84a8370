//! `cargo xtask bench`: runs the benchmarks and reports their figures as a table and as
//! target/bench.json. A report, not a test: the machines are noisy, so budgets are compared
//! here by eye and by ratio, never asserted in the test suite.
//!
//! `--only engine|heap|paging|ui` runs one part; the others keep their last figures in
//! target/bench.json.

mod engine;
mod ui;

use std::path::Path;
use std::time::SystemTime;

use serde_json::{Value, json};

use crate::process::{Result, command, output, root, run};

/// Operations per benchmark iteration (crates/heap/benches/allocators.rs).
const HEAP_OPERATIONS: f64 = 1_000_000.0;

/// The targets in ns per operation; the list allocators have none (their cost grows
/// with the free list by design).
const HEAP_TARGETS: &[(&str, f64)] = &[
    ("segregated", 100.0),
    ("buddy", 100.0),
    ("small-object", 100.0),
];

/// The parts of the benchmark, as `--only` names them.
const PARTS: [&str; 4] = ["engine", "heap", "paging", "ui"];

pub fn run_all(options: &[&str]) -> Result<()> {
    let parts: Vec<&str> = match options {
        [] => PARTS.to_vec(),
        ["--only", part] if PARTS.contains(part) => vec![*part],
        _ => {
            return Err(format!(
                "bench takes no options or `--only {}`",
                PARTS.join("|")
            ));
        }
    };
    let path = root().join("target/bench.json");
    // Parts not run this time keep their last figures.
    let mut report: Value = std::fs::read_to_string(&path)
        .ok()
        .and_then(|text| serde_json::from_str(&text).ok())
        .filter(Value::is_object)
        .unwrap_or_else(|| json!({}));
    if parts.contains(&"heap") {
        report["heap"] = json!(heap_report()?);
    }
    if parts.contains(&"paging") {
        report["paging"] = json!(paging_report()?);
    }
    if parts.contains(&"engine") {
        report["engine"] = json!(engine::figures()?);
    }
    if parts.contains(&"ui") {
        report["ui"] = ui::figures()?;
    }
    let text = serde_json::to_string_pretty(&report).expect("plain data always serializes");
    std::fs::write(&path, text + "\n")
        .map_err(|e| format!("could not write {}: {e}", path.display()))?;
    println!("\nwritten to {}", path.display());
    Ok(())
}

/// Runs the allocator benchmark and prints its table.
fn heap_report() -> Result<Vec<Value>> {
    let started = SystemTime::now();
    run(command("cargo").args(["bench", "-p", "memplay-heap", "--bench", "allocators"]))?;
    let mut heap = heap_figures(&root().join("target/criterion/heap"), started)?;
    add_search_figures(&mut heap)?;
    println!("\nheap: ns per malloc/free over 1M random operations (200 live at most)");
    println!(
        "  {:<16} {:>10} {:>10} {:>12} {:>10}",
        "allocator", "ns/op", "target", "searched/op", "heap"
    );
    for figure in &heap {
        let target = figure["target_ns_per_op"]
            .as_f64()
            .map_or("-".to_string(), |t| format!("< {t:.0}"));
        let verdict = match figure["within_target"].as_bool() {
            Some(false) => "  MISSED",
            _ => "",
        };
        println!(
            "  {:<16} {:>10.1} {:>10} {:>12.2} {:>10}{verdict}",
            figure["allocator"].as_str().unwrap_or("?"),
            figure["ns_per_op"].as_f64().unwrap_or(f64::NAN),
            target,
            figure["searched_per_op"].as_f64().unwrap_or(f64::NAN),
            figure["heap_bytes"].as_u64().unwrap_or(0),
        );
    }
    Ok(heap)
}

/// Runs the replacement-policy benchmark and prints its table.
fn paging_report() -> Result<Vec<Value>> {
    let started = SystemTime::now();
    run(command("cargo").args(["bench", "-p", "memplay-paging", "--bench", "policies"]))?;
    let paging = paging_figures(started)?;
    println!("\npaging: ns per reference over 1M references with locality");
    println!(
        "  {:<10} {:>10} {:>10} {:>10} {:>12}",
        "policy", "4 frames", "64", "1024", "target @1024"
    );
    for row in &paging {
        let cell = |frames: &str| {
            row[frames]
                .as_f64()
                .map_or("-".to_string(), |ns| format!("{ns:.1}"))
        };
        let target = row["target_ns_at_1024"]
            .as_f64()
            .map_or("-".to_string(), |t| format!("< {t:.0}"));
        let verdict = match row["within_target"].as_bool() {
            Some(false) => "  MISSED",
            _ => "",
        };
        println!(
            "  {:<10} {:>10} {:>10} {:>10} {:>12}{verdict}",
            row["policy"].as_str().unwrap_or("?"),
            cell("4"),
            cell("64"),
            cell("1024"),
            target
        );
    }
    Ok(paging)
}

/// The targets for replacement policies, ns per reference at 1024 frames.
const PAGING_TARGETS: &[(&str, f64)] = &[
    ("fifo", 30.0),
    ("lru", 30.0),
    ("clock", 30.0),
    ("opt", 100.0),
];

/// Operations per paging benchmark iteration (crates/paging/benches/policies.rs).
const PAGING_REFERENCES: f64 = 1_000_000.0;

/// ns per reference for each policy and frame count benchmarked since `since` (criterion
/// names them `paging/<policy>_<frames>`).
fn paging_figures(since: SystemTime) -> Result<Vec<Value>> {
    let group = root().join("target/criterion/paging");
    let entries = std::fs::read_dir(&group)
        .map_err(|e| format!("no benchmark results in {}: {e}", group.display()))?;
    let mut rows: Vec<Value> = Vec::new();
    for entry in entries.flatten() {
        let estimates = entry.path().join("new/estimates.json");
        let fresh = std::fs::metadata(&estimates)
            .and_then(|m| m.modified())
            .is_ok_and(|modified| modified >= since);
        let name = entry.file_name().to_string_lossy().into_owned();
        let Some((policy, frames)) = name.rsplit_once('_') else {
            continue;
        };
        if !fresh {
            continue;
        }
        let ns = iteration_ns(&estimates)? / PAGING_REFERENCES;
        let row = match rows.iter_mut().find(|r| r["policy"] == policy) {
            Some(row) => row,
            None => {
                let target = PAGING_TARGETS
                    .iter()
                    .find(|(p, _)| *p == policy)
                    .map(|&(_, t)| t);
                rows.push(json!({ "policy": policy, "target_ns_at_1024": target }));
                rows.last_mut().expect("just pushed")
            }
        };
        row[frames] = json!((ns * 10.0).round() / 10.0);
    }
    for row in &mut rows {
        let within = match (row["target_ns_at_1024"].as_f64(), row["1024"].as_f64()) {
            (Some(target), Some(ns)) => Some(ns < target),
            _ => None,
        };
        row["within_target"] = json!(within);
    }
    rows.sort_by(|a, b| a["policy"].as_str().cmp(&b["policy"].as_str()));
    Ok(rows)
}

/// Adds each allocator's entries searched per operation and heap size, from the workload
/// example (they explain the timings: a list allocator's cost follows its search).
fn add_search_figures(heap: &mut [Value]) -> Result<()> {
    let text = output(command("cargo").args([
        "run",
        "--quiet",
        "--release",
        "-p",
        "memplay-heap",
        "--example",
        "workload",
        "--",
        "--json",
    ]))
    .ok_or("the heap workload example failed")?;
    let rows: Vec<Value> = serde_json::from_str(text.trim())
        .map_err(|e| format!("the heap workload example printed no JSON: {e}"))?;
    for figure in heap.iter_mut() {
        if let Some(row) = rows.iter().find(|r| r["allocator"] == figure["allocator"]) {
            figure["searched_per_op"] = row["searched_per_op"].clone();
            figure["heap_bytes"] = row["heap_bytes"].clone();
        }
    }
    Ok(())
}

/// Reads criterion's estimate for every allocator benchmarked since `since`.
fn heap_figures(group: &Path, since: SystemTime) -> Result<Vec<Value>> {
    let entries = std::fs::read_dir(group)
        .map_err(|e| format!("no benchmark results in {}: {e}", group.display()))?;
    let mut figures = Vec::new();
    for entry in entries.flatten() {
        let estimates = entry.path().join("new/estimates.json");
        let fresh = std::fs::metadata(&estimates)
            .and_then(|m| m.modified())
            .is_ok_and(|modified| modified >= since);
        if !fresh {
            continue;
        }
        let name = entry.file_name().to_string_lossy().into_owned();
        let ns_per_op = iteration_ns(&estimates)? / HEAP_OPERATIONS;
        let target = HEAP_TARGETS
            .iter()
            .find(|(allocator, _)| *allocator == name)
            .map(|&(_, t)| t);
        figures.push(json!({
            "allocator": name,
            "ns_per_op": (ns_per_op * 10.0).round() / 10.0,
            "target_ns_per_op": target,
            "within_target": target.map(|t| ns_per_op < t),
        }));
    }
    figures.sort_by(|a, b| a["allocator"].as_str().cmp(&b["allocator"].as_str()));
    if figures.is_empty() {
        return Err(format!(
            "the benchmark wrote no results under {}",
            group.display()
        ));
    }
    Ok(figures)
}

/// The time of one iteration, in ns, from criterion's estimates.json.
fn iteration_ns(estimates: &Path) -> Result<f64> {
    let text = std::fs::read_to_string(estimates)
        .map_err(|e| format!("could not read {}: {e}", estimates.display()))?;
    let value: Value = serde_json::from_str(&text)
        .map_err(|e| format!("{} is not JSON: {e}", estimates.display()))?;
    // The figure criterion prints: the slope of time over iterations when it sampled
    // linearly, else the mean.
    value["slope"]["point_estimate"]
        .as_f64()
        .or_else(|| value["mean"]["point_estimate"].as_f64())
        .ok_or_else(|| format!("{} has no estimate", estimates.display()))
}
