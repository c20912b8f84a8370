//! `memplay translate`, run as a course author would run it: the issue's four examples, and
//! every kind of bad input ending in one line on stderr and exit status 2.

mod common;

use std::path::{Path, PathBuf};
use std::process::Output;

use common::{stderr, stdout};

use serde_json::{Value, json};

fn memplay(args: &[&str]) -> Output {
    common::memplay("translate", args)
}

fn json_of(args: &[&str]) -> Value {
    let mut args = args.to_vec();
    args.push("--json");
    common::json(&memplay(&args))
}

fn text_of(args: &[&str]) -> String {
    let output = memplay(args);
    assert!(output.status.success(), "{}", stderr(&output));
    stdout(&output)
}

/// The memory dump of OSTEP's paging-multilevel-translate.py -s 0 (see the README beside it).
fn ostep_memory() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../paging/test_data/translate/multilevel-s0.memory.hex")
}

/// A scratch file for one test, removed when dropped.
struct TempFile(PathBuf);

impl TempFile {
    fn new(name: &str, contents: &str) -> TempFile {
        let path =
            std::env::temp_dir().join(format!("memplay-translate-{}-{name}", std::process::id()));
        std::fs::write(&path, contents).unwrap();
        TempFile(path)
    }

    fn path(&self) -> &str {
        self.0.to_str().unwrap()
    }
}

impl Drop for TempFile {
    fn drop(&mut self) {
        let _ = std::fs::remove_file(&self.0);
    }
}

/// One line on stderr naming the problem, nothing on stdout, exit status 2.
fn assert_refused(args: &[&str], expected: &str) {
    let output = memplay(args);
    let message = stderr(&output);
    assert_eq!(output.status.code(), Some(2), "{args:?}: {message}");
    assert!(stdout(&output).is_empty(), "{args:?}");
    assert_eq!(message.lines().count(), 1, "{args:?}: {message}");
    assert!(message.starts_with("memplay translate: "), "{message}");
    assert!(message.contains(expected), "{args:?}: {message}");
}

#[test]
fn base_bounds_as_in_the_issue() {
    let args = [
        "base-bounds",
        "--base",
        "12418",
        "--limit",
        "472",
        "--va",
        "430,523",
    ];
    assert_eq!(
        json_of(&args),
        json!({"translations": [
            {"va": 430, "valid": true, "pa": 12848},
            {"va": 523, "valid": false, "pa": null},
        ]})
    );
    let text = text_of(&args);
    assert!(
        text.contains("VA 430 (0x1ae): 430 < limit 472 -> PA = base 12418 + 430 = 12848"),
        "{text}"
    );
    assert!(
        text.contains("VA 523 (0x20b): 523 >= limit 472 -> segmentation violation"),
        "{text}"
    );
}

/// segmentation.py -s 0 -c: VA 523 is a violation in segment 1, VA 414 is 7304 in segment 0.
#[test]
fn segmentation_as_in_the_issue() {
    let args = [
        "segmentation",
        "--asize",
        "1k",
        "--seg0",
        "6890,472",
        "--seg1",
        "4692,450",
        "--va",
        "523,414,802",
    ];
    assert_eq!(
        json_of(&args),
        json!({"translations": [
            {"va": 523, "valid": false, "pa": null, "segment": 1, "offset": -501},
            {"va": 414, "valid": true, "pa": 7304, "segment": 0, "offset": 414},
            {"va": 802, "valid": true, "pa": 4470, "segment": 1, "offset": -222},
        ]})
    );
    let text = text_of(&args);
    assert!(
        text.contains("501 > limit 450 -> segmentation violation (segment 1)"),
        "{text}"
    );
}

/// paging-linear-translate.py -s 0 -c: VA 0x3229 is 0x6229 through VPN 3.
#[test]
fn linear_as_in_the_issue() {
    let args = [
        "linear",
        "--asize",
        "16k",
        "--page-size",
        "4k",
        "--page-table",
        "0x8000000c,0,0,0x80000006",
        "--va",
        "0x3229,4969",
    ];
    assert_eq!(
        json_of(&args),
        json!({"translations": [
            {"va": 0x3229, "valid": true, "pa": 0x6229, "vpn": 3, "offset": 0x229,
             "pte": 0x80000006_u32, "pfn": 6},
            {"va": 4969, "valid": false, "pa": null, "vpn": 1, "offset": 0x369,
             "pte": 0, "pfn": null},
        ]})
    );
    let text = text_of(&args);
    assert!(
        text.contains(
            "VA 0x3229 -> VPN 3, offset 0x229 -> PTE 0x80000006 (valid, PFN 6) -> PA 0x6229\n"
        ),
        "{text}"
    );
}

/// paging-multilevel-translate.py -s 0 -c: VA 0x611c reads 0x08 from 0x6bc; VA 0x3da8 faults
/// at its PTE.
#[test]
fn multilevel_as_in_the_issue() {
    let memory = ostep_memory();
    let args = [
        "multilevel",
        "--page-size",
        "32",
        "--vbits",
        "15",
        "--phys-pages",
        "128",
        "--pdbr",
        "108",
        "--memory",
        memory.to_str().unwrap(),
        "--va",
        "0x611c,0x3da8",
    ];
    assert_eq!(
        json_of(&args),
        json!({"translations": [
            {"va": 0x611c, "valid": true, "pa": 0x6bc, "vpn": 0x308, "offset": 0x1c,
             "pde_index": 0x18, "pde": 0xa1, "pde_valid": true,
             "pte_index": 0x8, "pte": 0xb5, "pte_valid": true, "fault": null, "value": 0x08},
            {"va": 0x3da8, "valid": false, "pa": null, "vpn": 0x1ed, "offset": 0x8,
             "pde_index": 0xf, "pde": 0xd6, "pde_valid": true,
             "pte_index": 0xd, "pte": 0x7f, "pte_valid": false, "fault": "pte", "value": null},
        ]})
    );
    let text = text_of(&args);
    assert!(
        text.contains(
            "VA 0x611c -> VPN 0x308: directory index 0x18, table index 0x8, offset 0x1c\n  \
             PDE at 0xd98 = 0xa1 (valid, PFN 0x21)\n  PTE at 0x428 = 0xb5 (valid, PFN 0x35)\n  \
             -> PA 0x6bc, value 0x08\n"
        ),
        "{text}"
    );
}

#[test]
fn multilevel_defaults_are_ostep_s_machine_and_read_its_labelled_dump() {
    // The simulator's own dump, `page   0:7f7f...` labels and all.
    let hex = std::fs::read_to_string(ostep_memory()).unwrap();
    let labelled: String = hex
        .lines()
        .enumerate()
        .map(|(page, line)| format!("page {page:3}:{line}\n"))
        .collect();
    let file = TempFile::new("labelled.hex", &labelled);
    let value = json_of(&[
        "multilevel",
        "--pdbr",
        "108",
        "--memory",
        file.path(),
        "--va",
        "0x17f5",
    ]);
    assert_eq!(value["translations"][0]["pa"], json!(0x9d5));
    assert_eq!(value["translations"][0]["value"], json!(0x1c));
}

#[test]
fn sizes_take_suffixes_and_hex() {
    let value = json_of(&[
        "base-bounds",
        "--base",
        "0x3082",
        "--limit",
        "0x1d8",
        "--asize",
        "0x400",
        "--phys-size",
        "16K",
        "--va",
        "0x1ae",
    ]);
    assert_eq!(value["translations"][0]["pa"], json!(12848));
}

#[test]
fn bad_input_is_one_line_and_exit_2() {
    assert_refused(
        &[
            "base-bounds",
            "--base",
            "12418",
            "--limit",
            "472",
            "--va",
            "1024",
        ],
        "--va: virtual address 1024 (0x400) is outside the 1k (1024 bytes) address space",
    );
    assert_refused(
        &[
            "segmentation",
            "--seg0",
            "6890,472",
            "--seg1",
            "4692,450",
            "--va",
            "12,2000",
        ],
        "virtual address 2000",
    );
    assert_refused(
        &[
            "linear",
            "--page-size",
            "3k",
            "--page-table",
            "0,0,0,0",
            "--va",
            "1",
        ],
        "--page-size: 3072 is not a power of two",
    );
    assert_refused(
        &["linear", "--page-table", "0x8000000c,0,0", "--va", "1"],
        "--page-table: 3 entries, but a 16k (16384 bytes) address space of 4k (4096 bytes) pages has 4 pages",
    );
    assert_refused(
        &[
            "multilevel",
            "--page-size",
            "24",
            "--pdbr",
            "1",
            "--memory",
            "x",
            "--va",
            "1",
        ],
        "--page-size: 24 is not a power of two",
    );
    assert_refused(
        &["base-bounds", "--base", "12418", "--limit", "472"],
        "--va is required",
    );
    assert_refused(
        &["base-bounds", "--limit", "472", "--va", "1"],
        "--base is required",
    );
    assert_refused(
        &[
            "base-bounds",
            "--base",
            "16000",
            "--limit",
            "472",
            "--va",
            "1",
        ],
        "--base: base 16000 + limit 472 runs past the end of physical memory",
    );
    assert_refused(
        &["base-bounds", "--base", "1", "--limit", "-4", "--va", "1"],
        "--limit",
    );
    assert_refused(
        &[
            "segmentation",
            "--seg0",
            "6890",
            "--seg1",
            "4692,450",
            "--va",
            "1",
        ],
        "--seg0: expected BASE,LIMIT",
    );
    assert_refused(
        &[
            "segmentation",
            "--seg0",
            "6890,600",
            "--seg1",
            "4692,450",
            "--va",
            "1",
        ],
        "--seg0: limit 600 is larger than half the address space",
    );
    assert_refused(
        &["linear", "--page-table", "0,0,0,0", "--va", "0x10,zz"],
        "--va: address 2 `zz` is not a number",
    );
}

#[test]
fn memory_files_of_the_wrong_shape_are_refused() {
    let memory = ostep_memory();
    let memory = memory.to_str().unwrap();
    let multilevel = |file: &str, pages: &str| {
        vec![
            "multilevel".to_string(),
            "--pdbr".into(),
            "0".into(),
            "--phys-pages".into(),
            pages.into(),
            "--memory".into(),
            file.into(),
            "--va".into(),
            "0x611c".into(),
        ]
    };
    let refused = |args: Vec<String>, expected: &str| {
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        assert_refused(&args, expected);
    };
    refused(multilevel(memory, "64"), "the dump has more than 64 pages");
    refused(
        multilevel(memory, "200"),
        "the dump has 128 pages (lines), but --phys-pages is 200",
    );
    let short_line = TempFile::new("short.hex", "7f7f\n");
    refused(
        multilevel(short_line.path(), "1"),
        "line 1 has 4 hex digits, but a 32-byte page needs 64",
    );
    let not_hex = TempFile::new("nothex.hex", &format!("{}zz\n", "7f".repeat(31)));
    refused(
        multilevel(not_hex.path(), "1"),
        "line 1: byte 31 is not two hex digits",
    );
    refused(
        multilevel("/nonexistent/memory.hex", "1"),
        "--memory: cannot read",
    );
    let one_page = TempFile::new("one.hex", &format!("{}\n", "81".repeat(32)));
    // Every entry claims frame 1 of a one-page memory.
    refused(
        multilevel(one_page.path(), "1"),
        "the PDE at 0x18 (0x81) points to page 1, beyond the 1 pages of physical memory",
    );
}
