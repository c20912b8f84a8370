//! Our translations against the answers of OSTEP's own simulators.
//!
//! Each file in test_data/translate/ is the output of one of the book's homework simulators
//! run with `-c` (the README there gives every command line). These tests read the settings
//! and virtual addresses from the output, translate them with our engine and compare with the
//! answers the simulator printed.

use std::fs;
use std::path::{Path, PathBuf};

use memplay_paging::translate::base_bounds::BaseBounds;
use memplay_paging::translate::linear::LinearPageTable;
use memplay_paging::translate::multilevel::{
    Fault, MultiLevelGeometry, PhysicalMemory, TwoLevelPageTable,
};
use memplay_paging::translate::parse_size;
use memplay_paging::translate::segmentation::{SegmentRegisters, Segmentation};

fn data_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("test_data/translate")
}

/// The golden outputs whose names start with `prefix`, with their text.
fn goldens(prefix: &str) -> Vec<(String, String)> {
    let mut files: Vec<(String, String)> = fs::read_dir(data_dir())
        .expect("test_data/translate exists")
        .map(|entry| entry.unwrap().file_name().into_string().unwrap())
        .filter(|name| name.starts_with(prefix) && name.ends_with(".txt"))
        .map(|name| {
            let text = fs::read_to_string(data_dir().join(&name)).unwrap();
            (name, text)
        })
        .collect();
    files.sort();
    assert!(files.len() >= 4, "goldens for {prefix}: {files:?}");
    files
}

/// The text after `label` on the line that contains it.
fn after<'t>(text: &'t str, label: &str) -> &'t str {
    let line = text
        .lines()
        .find(|line| line.contains(label))
        .unwrap_or_else(|| panic!("no `{label}` in the output"));
    line[line.find(label).unwrap() + label.len()..].trim()
}

/// The first whole number in `text` after `label` (`decimal:  782)` gives 782).
fn number_after(text: &str, label: &str) -> u64 {
    let rest = &text[text
        .find(label)
        .unwrap_or_else(|| panic!("`{label}` in {text}"))
        + label.len()..];
    let digits: String = rest
        .trim_start_matches([' ', ':'])
        .chars()
        .take_while(|c| c.is_ascii_digit())
        .collect();
    digits
        .parse()
        .unwrap_or_else(|_| panic!("a number after `{label}` in {text}"))
}

fn hex_after(text: &str, label: &str) -> u64 {
    let rest = &text[text
        .find(label)
        .unwrap_or_else(|| panic!("`{label}` in {text}"))
        + label.len()..];
    let digits: String = rest
        .trim_start()
        .chars()
        .take_while(|c| c.is_ascii_hexdigit())
        .collect();
    u64::from_str_radix(&digits, 16).unwrap()
}

fn size_arg(text: &str, label: &str) -> u64 {
    parse_size(label, after(text, label)).unwrap()
}

/// The `VA n: ...` answer lines of relocation.py and segmentation.py.
fn trace_lines(text: &str) -> Vec<&str> {
    text.lines()
        .filter(|line| line.trim_start().starts_with("VA "))
        .collect()
}

#[test]
fn base_and_bounds_matches_relocation_py() {
    for (name, text) in goldens("relocation-") {
        let registers = BaseBounds::new(
            number_after(after(&text, "Base   :"), "decimal"),
            number_after(&text, "Limit  :"),
            size_arg(&text, "ARG address space size"),
            size_arg(&text, "ARG phys mem size"),
        )
        .unwrap();
        let lines = trace_lines(&text);
        assert_eq!(lines.len(), 10, "{name}");
        for line in lines {
            let va = number_after(line, "decimal:");
            let expected = line
                .contains("VALID:")
                .then(|| number_after(line.split("VALID:").nth(1).unwrap(), "decimal:"));
            assert_eq!(
                registers.translate(va).unwrap().pa,
                expected,
                "{name}: {line}"
            );
        }
    }
}

#[test]
fn segmentation_matches_segmentation_py() {
    for (name, text) in goldens("segmentation-") {
        let segments = Segmentation::new(
            SegmentRegisters {
                base: number_after(after(&text, "Segment 0 base"), "decimal"),
                limit: number_after(&text, "Segment 0 limit                  :"),
            },
            SegmentRegisters {
                base: number_after(after(&text, "Segment 1 base"), "decimal"),
                limit: number_after(&text, "Segment 1 limit                  :"),
            },
            size_arg(&text, "ARG address space size"),
            size_arg(&text, "ARG phys mem size"),
        )
        .unwrap();
        let lines = trace_lines(&text);
        assert!(lines.len() >= 8, "{name}");
        for line in lines {
            let va = number_after(line, "decimal:");
            let t = segments.translate(va).unwrap();
            let expected_segment = if line.contains("SEG1") { 1 } else { 0 };
            assert_eq!(t.segment, expected_segment, "{name}: {line}");
            let expected = line
                .contains("VALID in")
                .then(|| number_after(line.split("VALID in").nth(1).unwrap(), "decimal:"));
            assert_eq!(t.pa, expected, "{name}: {line}");
        }
    }
}

#[test]
fn linear_paging_matches_paging_linear_translate_py() {
    for (name, text) in goldens("linear-") {
        // With -v the simulator prints each entry as `[     vpn]  0x8000000c`.
        let entries: Vec<u32> = text
            .lines()
            .filter(|line| line.trim_start().starts_with('['))
            .map(|line| hex_after(line, "0x") as u32)
            .collect();
        let table = LinearPageTable::new(
            size_arg(&text, "ARG address space size"),
            size_arg(&text, "ARG page size"),
            entries,
        )
        .unwrap();
        let lines: Vec<&str> = text.lines().filter(|l| l.starts_with("  VA 0x")).collect();
        assert_eq!(lines.len(), 10, "{name}");
        for line in lines {
            let va = number_after(line, "decimal:");
            let t = table.translate(va).unwrap();
            if line.contains("Invalid") {
                assert_eq!(t.pa, None, "{name}: {line}");
                assert_eq!(t.vpn, number_after(line, "(VPN"), "{name}: {line}");
            } else {
                let answer = line.split("-->").nth(1).unwrap();
                assert_eq!(
                    t.pa,
                    Some(number_after(answer, "(decimal")),
                    "{name}: {line}"
                );
                assert_eq!(t.vpn, number_after(line, "[VPN"), "{name}: {line}");
            }
        }
    }
}

/// One walk as paging-multilevel-translate.py printed it.
struct SimulatorWalk<'t> {
    va: u64,
    pde_line: &'t str,
    pte_line: Option<&'t str>,
    result_line: &'t str,
}

fn simulator_walks(text: &str) -> Vec<SimulatorWalk<'_>> {
    let lines: Vec<&str> = text.lines().collect();
    let mut walks = Vec::new();
    for (i, line) in lines.iter().enumerate() {
        if let Some(rest) = line.strip_prefix("Virtual Address ") {
            let va = u64::from_str_radix(rest.trim_end_matches(':'), 16).unwrap();
            let has_pte = lines[i + 2].contains("pte index");
            walks.push(SimulatorWalk {
                va,
                pde_line: lines[i + 1],
                pte_line: has_pte.then(|| lines[i + 2]),
                result_line: lines[if has_pte { i + 3 } else { i + 2 }],
            });
        }
    }
    walks
}

#[test]
fn two_level_paging_matches_paging_multilevel_translate_py() {
    let mut faults_seen = [0; 3];
    for (name, text) in goldens("multilevel-") {
        let hex = fs::read_to_string(data_dir().join(name.replace(".txt", ".memory.hex"))).unwrap();
        let memory = PhysicalMemory::from_hex(&hex, 32, 128).unwrap();
        let pdbr = number_after(&text, "PDBR:");
        let table = TwoLevelPageTable::new(MultiLevelGeometry::ostep(pdbr), memory).unwrap();
        let walks = simulator_walks(&text);
        assert!(walks.len() >= 10, "{name}");
        for walk in walks {
            let t = table.translate(walk.va).unwrap();
            let context = format!("{name}: VA {:04x}", walk.va);
            assert_eq!(
                t.pde.index,
                hex_after(walk.pde_line, "pde index:0x"),
                "{context}"
            );
            assert_eq!(
                u64::from(t.pde.byte),
                hex_after(walk.pde_line, "pde contents:0x"),
                "{context}"
            );
            assert_eq!(
                t.pde.valid(),
                walk.pde_line.contains("(valid 1"),
                "{context}"
            );
            assert_eq!(t.pde.pfn(), hex_after(walk.pde_line, "pfn 0x"), "{context}");
            match (t.pte, walk.pte_line) {
                (Some(pte), Some(line)) => {
                    assert_eq!(pte.index, hex_after(line, "pte index:0x"), "{context}");
                    assert_eq!(
                        u64::from(pte.byte),
                        hex_after(line, "pte contents:0x"),
                        "{context}"
                    );
                    assert_eq!(pte.valid(), line.contains("(valid 1"), "{context}");
                    assert_eq!(pte.pfn(), hex_after(line, "pfn 0x"), "{context}");
                }
                (None, None) => {}
                (ours, theirs) => panic!("{context}: PTE {ours:?} against {theirs:?}"),
            }
            let result = walk.result_line;
            if result.contains("page directory entry not valid") {
                assert_eq!(t.fault, Some(Fault::Pde), "{context}");
                faults_seen[0] += 1;
            } else if result.contains("page table entry not valid") {
                assert_eq!(t.fault, Some(Fault::Pte), "{context}");
                faults_seen[1] += 1;
            } else {
                assert_eq!(t.fault, None, "{context}");
                assert_eq!(
                    t.pa,
                    Some(hex_after(result, "Physical Address 0x")),
                    "{context}"
                );
                assert_eq!(
                    t.value.map(u64::from),
                    Some(hex_after(result, "Value:")),
                    "{context}"
                );
                faults_seen[2] += 1;
            }
        }
    }
    // The goldens exercise every outcome, many times.
    assert!(faults_seen.iter().all(|&seen| seen >= 5), "{faults_seen:?}");
}

/// The book's worked example (OSTEP chapter 20's homework, seed 0), spelled out.
#[test]
fn the_books_va_0x611c_reads_0x08() {
    let hex = fs::read_to_string(data_dir().join("multilevel-s0.memory.hex")).unwrap();
    let memory = PhysicalMemory::from_hex(&hex, 32, 128).unwrap();
    let table = TwoLevelPageTable::new(MultiLevelGeometry::ostep(108), memory).unwrap();
    let t = table.translate(0x611c).unwrap();
    assert_eq!((t.pde.index, t.pde.byte), (0x18, 0xa1));
    let pte = t.pte.unwrap();
    assert_eq!((pte.index, pte.byte), (0x8, 0xb5));
    assert_eq!((t.pa, t.value), (Some(0x6bc), Some(0x08)));
    // The dump reads back to the same text, so the fixture has exactly one page per line.
    assert_eq!(table.memory().to_hex(), hex);
}
