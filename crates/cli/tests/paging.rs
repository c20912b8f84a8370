//! `memplay paging`, run as a course author would run it.

mod common;

use std::process::Output;

use common::{stderr, stdout};

use serde_json::{Value, json};

fn memplay(args: &[&str]) -> Output {
    common::memplay("paging", args)
}

fn json_of(args: &[&str]) -> Value {
    common::json(&memplay(args))
}

#[test]
fn the_issue_command_in_the_issue_shape() {
    let value = json_of(&[
        "--policy",
        "lru",
        "--frames",
        "3",
        "--refs",
        "7,0,1,2,0,3,0,4",
        "--json",
    ]);
    // The issue sketches hits 1 and misses 7; LRU computes 2 hits (both later 0s).
    assert_eq!(
        value,
        json!({"policy": "lru", "frames": 3, "hits": 2, "misses": 6, "accesses": [
            {"page": 7, "hit": false, "evicted": null, "resident": [7]},
            {"page": 0, "hit": false, "evicted": null, "resident": [7, 0]},
            {"page": 1, "hit": false, "evicted": null, "resident": [7, 0, 1]},
            {"page": 2, "hit": false, "evicted": 7, "resident": [0, 1, 2]},
            {"page": 0, "hit": true, "evicted": null, "resident": [1, 2, 0]},
            {"page": 3, "hit": false, "evicted": 1, "resident": [2, 0, 3]},
            {"page": 0, "hit": true, "evicted": null, "resident": [2, 3, 0]},
            {"page": 4, "hit": false, "evicted": 2, "resident": [3, 0, 4]},
        ]})
    );
}

#[test]
fn silberschatz_counts_for_every_textbook_policy() {
    let refs = "7,0,1,2,0,3,0,4,2,3,0,3,2,1,2,0,1,7,0,1";
    for (policy, misses) in [("fifo", 15), ("lru", 12), ("opt", 9)] {
        let value = json_of(&[
            "--policy", policy, "--frames", "3", "--refs", refs, "--json",
        ]);
        assert_eq!(value["misses"], misses, "{policy}");
    }
}

#[test]
fn the_table_lists_each_access_and_the_totals() {
    let output = memplay(&["--policy", "fifo", "--frames", "1", "--refs", "1w,2"]);
    assert!(output.status.success(), "{}", stderr(&output));
    let text = stdout(&output);
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines.len(), 5, "{text}");
    assert!(lines[0].starts_with("fifo (first in, first out"), "{text}");
    assert!(lines[3].contains("2        miss  1 (written)"), "{text}");
    assert_eq!(lines[4], "hits 0, misses 2, hit rate 0.00%, write-backs 1");
}

#[test]
fn sweep_shows_beladys_anomaly() {
    let value = json_of(&[
        "--sweep",
        "1..5",
        "--policy",
        "fifo,lru,opt",
        "--refs",
        "1,2,3,4,1,2,5,1,2,3,4,5",
        "--json",
    ]);
    assert_eq!(
        value,
        json!({"frames": [1, 2, 3, 4, 5], "policies": [
            {"policy": "fifo", "misses": [12, 12, 9, 10, 5], "anomalies": [4]},
            {"policy": "lru", "misses": [12, 12, 10, 8, 5], "anomalies": []},
            {"policy": "opt", "misses": [12, 9, 7, 6, 5], "anomalies": []},
        ]})
    );
}

/// The table is paging-policy.py's own trace: this golden is its output for
/// `-a 0,1,2,0,1,3,0,3,1,2,1 -p LRU -C 3 -c` from the paging crate's test data.
#[test]
fn compat_ostep_prints_what_paging_policy_py_prints() {
    let golden = include_str!("../../paging/test_data/ostep/ostep-LRU-C3.txt");
    let expected = golden.split_once("Solving...\n\n").unwrap().1;
    let output = memplay(&[
        "--compat",
        "ostep",
        "--policy",
        "lru",
        "--frames",
        "3",
        "--refs",
        "0,1,2,0,1,3,0,3,1,2,1",
    ]);
    assert!(output.status.success(), "{}", stderr(&output));
    assert_eq!(stdout(&output), expected);
}

/// `paging-policy.py -n 40 -m 12 -p CLOCK -C 5 -s 1 -c`: pages drawn and probes made by
/// Python's Mersenne Twister.
#[test]
fn compat_ostep_draws_pages_like_the_simulator() {
    let golden = include_str!("../../paging/test_data/ostep/drawn-CLOCK-C5-s1.txt");
    let expected = golden.split_once("Solving...\n\n").unwrap().1;
    let output = memplay(&[
        "--compat",
        "ostep",
        "--policy",
        "clock",
        "--frames",
        "5",
        "--seed",
        "1",
        "--numaddrs",
        "40",
        "--maxpage",
        "12",
    ]);
    assert!(output.status.success(), "{}", stderr(&output));
    assert_eq!(stdout(&output), expected);
    let value = json_of(&[
        "--compat",
        "ostep",
        "--policy",
        "opt",
        "--frames",
        "3",
        "--refs",
        "0,1,2,0,1,3",
        "--json",
    ]);
    assert_eq!(value["misses"], 4);
    assert_eq!(
        value["accesses"][5],
        json!({"page": 3, "hit": false, "evicted": 2, "resident": [0, 1, 3]})
    );
}

#[test]
fn bad_arguments_are_one_line_and_exit_2() {
    let cases: &[(&[&str], &str)] = &[
        (&["--frames", "3", "--refs", "1"], "--policy is required"),
        (
            &["--policy", "lrn", "--frames", "3", "--refs", "1"],
            "unknown policy `lrn`",
        ),
        (&["--policy", "lru", "--refs", "1"], "--frames is required"),
        (
            &["--policy", "lru", "--frames", "0", "--refs", "1"],
            "frames: there must be at least 1",
        ),
        (
            &["--policy", "lru", "--frames", "-3", "--refs", "1"],
            "--frames: expected a whole number",
        ),
        (
            &[
                "--policy",
                "lru",
                "--frames",
                "99999999999999999999",
                "--refs",
                "1",
            ],
            "--frames",
        ),
        (
            &[
                "--policy",
                "lru",
                "--frames",
                "18446744073709551615",
                "--refs",
                "1",
            ],
            "too many",
        ),
        (
            &["--policy", "lru", "--frames", "3", "--refs", "1,x,2"],
            "refs: item 2 `x`",
        ),
        (
            &[
                "--policy",
                "lru",
                "--frames",
                "3",
                "--refs",
                "99999999999999999999",
            ],
            "too large",
        ),
        (
            &["--policy", "lru,fifo", "--frames", "3", "--refs", "1"],
            "add --sweep",
        ),
        (
            &[
                "--policy", "lru", "--frames", "3", "--refs", "1", "--tau", "3",
            ],
            "--tau is a setting of ws",
        ),
        (
            &[
                "--policy",
                "aging",
                "--frames",
                "3",
                "--refs",
                "1",
                "--aging-bits",
                "65",
            ],
            "aging-bits: 65",
        ),
        (
            &[
                "--policy", "aging", "--frames", "3", "--refs", "1", "--tick", "0",
            ],
            "tick:",
        ),
        (
            &[
                "--policy", "ws", "--frames", "3", "--refs", "1", "--tau", "0",
            ],
            "tau:",
        ),
        (
            &["--policy", "lru", "--sweep", "0..4", "--refs", "1"],
            "sweep: the range must start",
        ),
        (
            &["--policy", "lru", "--sweep", "5..4", "--refs", "1"],
            "sweep: the range 5..4 is empty",
        ),
        (
            &["--policy", "lru", "--sweep", "1..100000", "--refs", "1"],
            "sweep: at most",
        ),
        (
            &[
                "--policy", "lru", "--frames", "3", "--refs", "1", "--compat", "linux",
            ],
            "unknown simulator",
        ),
        (
            &[
                "--compat", "ostep", "--policy", "aging", "--frames", "3", "--refs", "1",
            ],
            "not a policy of paging-policy.py",
        ),
        (
            &[
                "--compat", "ostep", "--policy", "fifo", "--frames", "0", "--refs", "1",
            ],
            "-C 0",
        ),
        (
            &[
                "--compat", "ostep", "--policy", "fifo", "--frames", "3", "--refs", "1w",
            ],
            "no writes",
        ),
        (
            &[
                "--compat", "ostep", "--policy", "fifo", "--frames", "3", "--tau", "2",
            ],
            "--tau is not a setting",
        ),
        (
            &[
                "--compat",
                "ostep",
                "--policy",
                "fifo",
                "--frames",
                "3",
                "--numaddrs",
                "9999999999",
            ],
            "numaddrs: at most",
        ),
        (
            &[
                "--policy",
                "lru",
                "--frames",
                "3",
                "--refs",
                "1",
                "--clock-bits",
                "2",
            ],
            "add --compat ostep",
        ),
    ];
    for (args, expected) in cases {
        let output = memplay(args);
        assert_eq!(
            output.status.code(),
            Some(2),
            "{args:?}: {}",
            stdout(&output)
        );
        let err = stderr(&output);
        assert_eq!(err.lines().count(), 1, "{args:?}: {err}");
        assert!(err.starts_with("memplay paging: "), "{err}");
        assert!(err.contains(expected), "{args:?}: {err}");
    }
}

#[test]
fn empty_strings_and_huge_pages_are_answers_not_crashes() {
    let value = json_of(&["--policy", "opt", "--frames", "2", "--refs", "", "--json"]);
    assert_eq!(
        value,
        json!({"policy": "opt", "frames": 2, "hits": 0, "misses": 0, "accesses": []})
    );
    let value = json_of(&[
        "--policy",
        "clock",
        "--frames",
        "1048576",
        "--refs",
        "18446744073709551615,0,18446744073709551615",
        "--json",
    ]);
    assert_eq!(value["hits"], 1);
    for policy in [
        "fifo", "lru", "mru", "opt", "random", "clock", "eclock", "nru", "lfu", "aging", "ws",
        "wsclock",
    ] {
        let value = json_of(&[
            "--policy", policy, "--frames", "1", "--refs", "3,3w,4,3", "--json",
        ]);
        assert_eq!(
            (value["hits"].as_u64(), value["misses"].as_u64()),
            (Some(1), Some(3)),
            "{policy}"
        );
    }
}
