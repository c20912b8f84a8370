//! The UI benchmark: the release build in headless Chromium (www/bench/ui.mjs), timing a
//! step's re-render with 1,000 live heap blocks and 101 stack frames, and the time from
//! navigation to an interactive editor, the long tasks while a run records, and the bytes
//! the build ships (raw and gzip, as `cargo xtask build` reports them). Budgets
//! (from the UI issue): a step re-renders in under 16 ms; interactive in under 1 s on a
//! local server; no main-thread task over 50 ms while running.

use serde_json::{Value, json};

use crate::build;
use crate::process::{Result, command, root, www};
use crate::setup::{self, Needs};
use crate::sizes;

const STEP_BUDGET_MS: f64 = 16.0;
const INTERACTIVE_BUDGET_MS: f64 = 1000.0;
const LONG_TASK_BUDGET_MS: f64 = 50.0;

pub fn figures() -> Result<Value> {
    // Chromium comes with what the tests need.
    setup::install(Needs::Tests)?;
    build::build_dist()?;
    // What the build ships, raw and gzip'd, against its budgets.
    let shipped = sizes::measure(&root().join("dist"))?;
    print!("\n{shipped}");
    let out = command("node")
        .arg(www().join("bench/ui.mjs"))
        .env("MEMPLAY_DIST", root().join("dist"))
        .output()
        .map_err(|e| format!("could not start node: {e}"))?;
    if !out.status.success() {
        return Err(format!(
            "the UI benchmark failed:\n{}",
            String::from_utf8_lossy(&out.stderr)
        ));
    }
    let stdout = String::from_utf8_lossy(&out.stdout);
    let last = stdout.lines().last().unwrap_or_default();
    let mut figures: Value = serde_json::from_str(last)
        .map_err(|e| format!("the UI benchmark printed no figures ({e}): {stdout}"))?;
    figures["shipped"] = shipped.to_json();
    println!("\nui: ms to re-render one step (median / worst of 15), budget < {STEP_BUDGET_MS} ms");
    println!(
        "  {:<8} {:>14} {:>14}  state shown",
        "view", "forward", "back"
    );
    let verdict = |ms: f64| if ms < STEP_BUDGET_MS { "" } else { " MISSED" };
    for row in figures["step_render"]
        .as_array()
        .cloned()
        .unwrap_or_default()
    {
        let get = |key: &str| row[key].as_f64().unwrap_or(f64::NAN);
        let (forward, back) = (get("forward_median_ms"), get("back_median_ms"));
        println!(
            "  {:<8} {:>6.1} / {:>5.1} {:>6.1} / {:>5.1}  {}{}",
            row["view"].as_str().unwrap_or_default(),
            forward,
            get("forward_max_ms"),
            back,
            get("back_max_ms"),
            row["detail"].as_str().unwrap_or_default(),
            verdict(forward.max(back)),
        );
    }
    let interactive = figures["interactive_ms"].as_f64().unwrap_or(f64::NAN);
    println!(
        "  interactive editor after {interactive:.0} ms (budget < {INTERACTIVE_BUDGET_MS:.0} ms){}",
        if interactive < INTERACTIVE_BUDGET_MS {
            ""
        } else {
            " MISSED"
        }
    );
    println!(
        "\nui: main-thread tasks of 50 ms or more while a run records (budget: none over {LONG_TASK_BUDGET_MS:.0} ms)"
    );
    for row in figures["recording"].as_array().cloned().unwrap_or_default() {
        let tasks: Vec<f64> = row["long_tasks_ms"]
            .as_array()
            .into_iter()
            .flatten()
            .filter_map(Value::as_f64)
            .collect();
        let longest = tasks.iter().copied().fold(0.0, f64::max);
        println!(
            "  {:<10} {:>9} steps in {:>6.0} ms: {} long task(s){}{}",
            row["program"].as_str().unwrap_or_default(),
            row["steps"].as_u64().unwrap_or(0),
            row["wall_ms"].as_f64().unwrap_or(f64::NAN),
            tasks.len(),
            if tasks.is_empty() {
                String::new()
            } else {
                format!(", longest {longest:.0} ms")
            },
            if longest > LONG_TASK_BUDGET_MS {
                " MISSED"
            } else {
                ""
            },
        );
    }
    if let Some(problems) = figures["problems"].as_array().filter(|p| !p.is_empty()) {
        println!("  problems in the page: {problems:?}");
    }
    figures["budgets"] = json!({
        "step_render_ms": STEP_BUDGET_MS,
        "interactive_ms": INTERACTIVE_BUDGET_MS,
        "long_task_ms": LONG_TASK_BUDGET_MS,
    });
    Ok(figures)
}
