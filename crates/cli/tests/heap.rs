//! `memplay heap`, run as a course author would run it.

mod common;

use std::process::Output;

use common::{stderr, stdout};

use serde_json::{Value, json};

fn memplay(args: &[&str]) -> Output {
    common::memplay("heap", args)
}

fn json_of(args: &[&str]) -> Value {
    common::json(&memplay(args))
}

#[test]
fn the_issue_example_as_json() {
    let output = memplay(&[
        "--compat",
        "ostep",
        "--size",
        "100",
        "--base",
        "1000",
        "--header",
        "0",
        "--align",
        "-1",
        "--policy",
        "best",
        "--order",
        "addrsort",
        "--coalesce",
        "--ops",
        "+10,+20,-0,+5",
        "--json",
    ]);
    assert!(output.status.success(), "{}", stderr(&output));
    let text = stdout(&output);
    assert!(
        text.starts_with(
            r#"{"ops":[{"op":"alloc","size":10,"ptr":0,"addr":1000,"searched":1,"free_list":[[1010,90]]},"#
        ),
        "{text}"
    );
    let value: Value = serde_json::from_str(&text).unwrap();
    assert_eq!(
        value,
        json!({"ops": [
            {"op": "alloc", "size": 10, "ptr": 0, "addr": 1000, "searched": 1, "free_list": [[1010, 90]]},
            {"op": "alloc", "size": 20, "ptr": 1, "addr": 1010, "searched": 1, "free_list": [[1030, 70]]},
            {"op": "free", "ptr": 0, "ok": true, "free_list": [[1000, 10], [1030, 70]]},
            {"op": "alloc", "size": 5, "ptr": 2, "addr": 1000, "searched": 2, "free_list": [[1005, 5], [1030, 70]]},
        ]})
    );
}

/// malloc.py -p FIRST -l ADDRSORT -C -S 100 -b 1000 -A +60,+50,-1,+30,-0,-0,+20,-0,-2 -c
#[test]
fn malloc_py_quirks_come_through() {
    let value = json_of(&[
        "--compat",
        "ostep",
        "--policy",
        "first",
        "--coalesce",
        "--ops",
        "+60,+50,-1,+30,-0,-0,+20,-0,-2",
        "--json",
    ]);
    let ops = value["ops"].as_array().unwrap();
    assert_eq!(ops.len(), 9);
    // A failed allocation still takes a handle.
    assert_eq!(ops[1]["addr"], Value::Null);
    assert_eq!(ops[1]["searched"], 1);
    // -1: fewer allocations have succeeded than the handle, so malloc.py skips it.
    assert_eq!(ops[2]["ok"], false);
    assert!(ops[2]["error"].as_str().unwrap().contains("skipped"));
    assert_eq!(ops[3]["addr"], 1060);
    assert_eq!(ops[4]["ok"], true);
    // A double free returns -1 and changes nothing.
    assert_eq!(ops[5]["ok"], false);
    assert_eq!(ops[5]["free_list"], json!([[1000, 60], [1090, 10]]));
    assert_eq!(ops[6]["addr"], 1000);
    // The stale ptr[0] frees ptr[3], now at its address.
    assert_eq!(ops[7]["ok"], true);
    assert_eq!(ops[7]["free_list"], json!([[1000, 60], [1090, 10]]));
    assert_eq!(ops[8]["free_list"], json!([[1000, 100]]));
}

#[test]
fn a_table_by_default() {
    let output = memplay(&[
        "--compat", "ostep", "--header", "4", "--align", "4", "--ops", "+3,-0,+5",
    ]);
    assert!(output.status.success(), "{}", stderr(&output));
    let text = stdout(&output);
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines.len(), 5, "{text}");
    assert!(lines[0].contains("policy BEST, order ADDRSORT"), "{text}");
    assert!(lines[2].starts_with("+3"), "{text}");
    assert!(lines[2].contains("addr 1000 (searched 1)"), "{text}");
    assert!(lines[2].ends_with("[1008 sz 92]"), "{text}");
    assert!(lines[3].ends_with("[1000 sz 8] [1008 sz 92]"), "{text}");
    assert!(lines[4].contains("addr 1008 (searched 2)"), "{text}");
}

#[test]
fn malloc_py_spellings_are_accepted() {
    for order in [
        "ADDRSORT",
        "sizesort+",
        "SIZESORT-",
        "insert-front",
        "INSERT-BACK",
    ] {
        for policy in ["FIRST", "best", "Worst"] {
            let value = json_of(&[
                "--compat", "ostep", "--policy", policy, "--order", order, "--ops", "+5,-0",
                "--json",
            ]);
            assert_eq!(value["ops"][1]["ok"], true, "{policy} {order}");
        }
    }
}

fn assert_bad(args: &[&str], needle: &str) {
    let output = memplay(args);
    assert_eq!(output.status.code(), Some(2), "{args:?}");
    assert!(output.stdout.is_empty(), "{args:?}");
    let err = stderr(&output);
    assert_eq!(err.lines().count(), 1, "{err}");
    assert!(err.contains(needle), "{args:?}: {err}");
}

#[test]
fn bad_arguments_exit_2_with_one_line() {
    assert_bad(
        &["--compat", "ostep", "--policy", "next", "--ops", "+1"],
        "policy",
    );
    assert_bad(
        &["--compat", "ostep", "--order", "lifo", "--ops", "+1"],
        "order",
    );
    assert_bad(&["--compat", "ostep", "--ops", "+10,-3"], "`-3`");
    assert_bad(&["--compat", "ostep", "--ops", "+10,+0"], "`+0`");
    assert_bad(&["--compat", "ostep", "--ops", "+10,x"], "`x`");
    assert_bad(
        &[
            "--compat", "ostep", "--size", "2", "--header", "4", "--ops", "+1",
        ],
        "header",
    );
    assert_bad(
        &["--compat", "ostep", "--align", "0", "--ops", "+1"],
        "align",
    );
    assert_bad(&["--compat", "ostep", "--size", "0", "--ops", "+1"], "size");
    assert_bad(
        &["--compat", "ostep", "--header", "-4", "--ops", "+1"],
        "header",
    );
    assert_bad(&["--compat", "ostep"], "--ops");
    assert_bad(&["--compat", "dlmalloc", "--ops", "+1"], "--compat");
}

#[test]
fn a_real_allocator_reports_blocks_and_metrics() {
    // First fit over boundary-tagged blocks (4-byte header and footer, 8-byte alignment):
    // requests 1, 5, 12 and 13 take blocks of 16, 16, 24 and 24 bytes, one after another
    // after 4 bytes of padding at the heap's start.
    let value = json_of(&[
        "--allocator",
        "first-fit",
        "--base",
        "0x10000000",
        "--ops",
        "+1,+5,+12,+13,-1,-1",
        "--json",
    ]);
    assert_eq!(value["allocator"], "first-fit");
    let ops = value["ops"].as_array().unwrap();
    let payloads: Vec<u64> = ops[..4]
        .iter()
        .map(|op| op["payload"].as_u64().unwrap() - 0x1000_0000)
        .collect();
    assert_eq!(payloads, [0x8, 0x18, 0x28, 0x40]);
    assert_eq!(ops[0]["addr"], 0x1000_0004);
    let sizes: Vec<u64> = ops[3]["blocks"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|b| b["state"]["kind"] == "allocated")
        .map(|b| b["size"].as_u64().unwrap())
        .collect();
    assert_eq!(sizes, [16, 16, 24, 24]);
    assert_eq!(ops[3]["metrics"]["live_requested"], 31);
    assert_eq!(ops[3]["metrics"]["internal_fragmentation"], 80 - 31);
    // Freeing ptr[1] leaves a 16-byte hole; freeing it again is a double free, reported as
    // a result of the run, not as a bad argument.
    assert_eq!(ops[4]["ok"], true);
    assert_eq!(ops[4]["free_list"][0], json!([0x1000_0014u32, 16]));
    assert_eq!(ops[5]["ok"], false);
    assert!(
        ops[5]["error"].as_str().unwrap().contains("double free"),
        "{}",
        ops[5]
    );
}

#[test]
fn a_real_allocator_as_a_table() {
    let output = memplay(&["--allocator", "best-fit", "--ops", "+10,-0"]);
    assert!(output.status.success(), "{}", stderr(&output));
    let text = stdout(&output);
    let lines: Vec<&str> = text.lines().collect();
    assert!(
        lines[0].starts_with("best-fit (implicit free list"),
        "{text}"
    );
    assert!(
        lines[1].starts_with("+10") && lines[1].contains("payload 0x10000008"),
        "{text}"
    );
    assert!(lines[2].contains("[0x10000004 A 24 (10)]"), "{text}");
    assert!(
        lines[3].starts_with("-0") && lines[3].contains("freed"),
        "{text}"
    );
    assert!(
        lines.last().unwrap().starts_with("heap 4096 bytes"),
        "{text}"
    );
}

#[test]
fn bad_arguments_for_real_allocators_exit_2_with_one_line() {
    assert_bad(&["--allocator", "worst-fit", "--ops", "+1"], "first-fit");
    assert_bad(&["--policy", "best", "--ops", "+1"], "--compat ostep");
    assert_bad(&["--ops", "+10,-3"], "`-3`");
    assert_bad(&["--ops", "+0"], "`+0`");
    assert_bad(&["--align", "6", "--ops", "+1"], "alignment");
    assert_bad(&["--size", "16", "--ops", "+1"], "size");
    assert_bad(&["--base", "0xfffff000", "--ops", "+1"], "base");
    assert_bad(&["--growth", "-1", "--ops", "+1"], "--growth");
}

#[test]
fn the_textbook_buddy_example() {
    // A 21 KB request in a 256 KB segment: split 256 → 128 → 64 → 32, a 32 KB block.
    let value = json_of(&[
        "--allocator",
        "buddy",
        "--initial",
        "262144",
        "--growth",
        "262144",
        "--ops",
        "+21504",
        "--json",
    ]);
    let op = &value["ops"][0];
    let block = op["blocks"]
        .as_array()
        .unwrap()
        .iter()
        .find(|b| b["state"]["kind"] == "allocated")
        .unwrap();
    assert_eq!(block["size"], 32768);
    let tree: Vec<(u64, &str)> = op["free_structures"]["buddy_tree"]
        .as_array()
        .unwrap()
        .iter()
        .map(|n| {
            (
                n["size"].as_u64().unwrap() / 1024,
                n["state"].as_str().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        tree,
        [
            (256, "split"),
            (128, "split"),
            (64, "split"),
            (32, "allocated"),
            (32, "free"),
            (64, "free"),
            (128, "free"),
        ]
    );
    assert_eq!(op["metrics"]["internal_fragmentation"], 32768 - 21504);
}

#[test]
fn every_allocator_runs_from_the_command_line() {
    for name in [
        "first-fit",
        "next-fit",
        "best-fit",
        "explicit-lifo",
        "explicit-addr",
        "segregated",
        "buddy",
        "small-object",
    ] {
        let value = json_of(&["--allocator", name, "--ops", "+24,+8,-0,+16", "--json"]);
        let ops = value["ops"].as_array().unwrap();
        assert_eq!(value["allocator"], name);
        let allocs = ops.iter().filter(|op| op["op"] == "alloc");
        assert!(allocs.clone().count() == 3, "{name}");
        assert!(allocs.clone().all(|op| op["payload"].is_u64()), "{name}");
        assert_eq!(ops[2]["ok"], true, "{name}");
        assert_eq!(ops[3]["metrics"]["live_requested"], 24, "{name}");
    }
}

#[test]
fn a_thread_cache_serves_a_thread_its_own_freed_block() {
    let value = json_of(&[
        "--allocator",
        "segregated",
        "--thread-cache",
        "--ops",
        "+10@1,-0@1,+10@1,+10@2",
        "--json",
    ]);
    let ops = value["ops"].as_array().unwrap();
    assert_eq!(
        ops[2]["payload"], ops[0]["payload"],
        "reused from the cache"
    );
    assert_ne!(ops[3]["payload"], ops[0]["payload"]);
    let caches = ops[3]["free_structures"]["thread_caches"]
        .as_array()
        .unwrap();
    let thread1 = caches.iter().find(|c| c["thread"] == 1).unwrap();
    assert_eq!(
        (thread1["hits"].as_u64(), thread1["misses"].as_u64()),
        (Some(1), Some(1))
    );
    // Between the free and the reuse, the block is shown as cached by thread 1.
    let cached = ops[1]["blocks"]
        .as_array()
        .unwrap()
        .iter()
        .any(|b| b["state"] == json!({"kind": "cached", "thread": 1}));
    assert!(cached, "{}", ops[1]["blocks"]);
}
