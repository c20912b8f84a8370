//! Address-translation exercises answered in the shapes their readers need: JSON for
//! programs and a text walk-through for learners (the `memplay translate` command prints
//! them). The translation itself is `memplay_paging::translate`'s.
//!
//! The JSON is `{"translations":[{"va":..,"valid":..,"pa":..}, ...]}`, each translation with
//! what its scheme adds: the segment and offset for segmentation; the VPN, offset, entry and
//! frame for a linear table; every entry read for a two-level table, the fault (`null`,
//! `"pde"` or `"pte"`) and the byte read.

use std::fmt::Write as _;

pub use memplay_paging::translate::base_bounds::{self, BaseBounds, BaseBoundsTranslation};
pub use memplay_paging::translate::linear::{
    self, LinearPageTable, LinearTranslation, parse_page_table,
};
pub use memplay_paging::translate::multilevel::{
    self, Fault, MultiLevelGeometry, MultiLevelTranslation, PhysicalMemory, TableEntry,
    TwoLevelPageTable,
};
pub use memplay_paging::translate::segmentation::{
    self, SegmentRegisters, SegmentTranslation, Segmentation,
};
pub use memplay_paging::translate::{
    TranslateError, describe_size, parse_addresses, parse_number, parse_size,
};
use serde::Serialize;

/// An exercise: one scheme's registers or tables, ready to translate addresses.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Exercise {
    BaseBounds(BaseBounds),
    Segmentation(Segmentation),
    Linear(LinearPageTable),
    MultiLevel(TwoLevelPageTable),
}

/// One virtual address's answer, in its scheme's terms.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Translation {
    BaseBounds(BaseBoundsTranslation),
    Segmentation(SegmentTranslation),
    Linear(LinearTranslation),
    MultiLevel(MultiLevelTranslation),
}

impl Translation {
    pub fn va(&self) -> u64 {
        match self {
            Translation::BaseBounds(t) => t.va,
            Translation::Segmentation(t) => t.va,
            Translation::Linear(t) => t.va,
            Translation::MultiLevel(t) => t.va,
        }
    }

    /// The physical address, or `None` for a violation or a fault.
    pub fn pa(&self) -> Option<u64> {
        match self {
            Translation::BaseBounds(t) => t.pa,
            Translation::Segmentation(t) => t.pa,
            Translation::Linear(t) => t.pa,
            Translation::MultiLevel(t) => t.pa,
        }
    }
}

/// An exercise and the answers for its addresses, ready to print.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TranslateRun {
    pub exercise: Exercise,
    pub translations: Vec<Translation>,
}

/// Translates every address of `vas` (`430,0x20b`). The first address that cannot be
/// translated (outside the address space, say) makes the whole run an error, naming it.
pub fn run_translate(exercise: Exercise, vas: &str) -> Result<TranslateRun, TranslateError> {
    let translations = parse_addresses(vas)?
        .into_iter()
        .map(|va| translate_one(&exercise, va))
        .collect::<Result<_, _>>()?;
    Ok(TranslateRun {
        exercise,
        translations,
    })
}

fn translate_one(exercise: &Exercise, va: u64) -> Result<Translation, TranslateError> {
    Ok(match exercise {
        Exercise::BaseBounds(registers) => Translation::BaseBounds(registers.translate(va)?),
        Exercise::Segmentation(segments) => Translation::Segmentation(segments.translate(va)?),
        Exercise::Linear(table) => Translation::Linear(table.translate(va)?),
        Exercise::MultiLevel(table) => Translation::MultiLevel(table.translate(va)?),
    })
}

impl TranslateRun {
    /// The JSON report the CLI's `--json` prints, one line.
    pub fn to_json(&self) -> String {
        let report = JsonReport {
            translations: self.translations.iter().map(json_translation).collect(),
        };
        let mut text = serde_json::to_string(&report).expect("plain data always serializes");
        text.push('\n');
        text
    }

    /// A walk-through for a learner: the settings, then how each address is translated.
    pub fn to_text(&self) -> String {
        let mut out = header(&self.exercise);
        for translation in &self.translations {
            out.push_str(&explain(&self.exercise, translation));
        }
        out
    }
}

#[derive(Serialize)]
struct JsonReport {
    translations: Vec<JsonTranslation>,
}

/// One translation in the JSON report: the common fields, then the scheme's own.
#[derive(Serialize)]
struct JsonTranslation {
    va: u64,
    valid: bool,
    pa: Option<u64>,
    #[serde(flatten)]
    details: JsonDetails,
}

#[derive(Serialize)]
#[serde(untagged)]
enum JsonDetails {
    BaseBounds {},
    Segmentation {
        segment: u8,
        offset: i64,
    },
    Linear {
        vpn: u64,
        offset: u64,
        pte: u32,
        pfn: Option<u32>,
    },
    MultiLevel {
        vpn: u64,
        offset: u64,
        pde_index: u64,
        pde: u8,
        pde_valid: bool,
        pte_index: u64,
        pte: Option<u8>,
        pte_valid: Option<bool>,
        fault: Option<&'static str>,
        value: Option<u8>,
    },
}

fn json_translation(translation: &Translation) -> JsonTranslation {
    let details = match *translation {
        Translation::BaseBounds(_) => JsonDetails::BaseBounds {},
        Translation::Segmentation(t) => JsonDetails::Segmentation {
            segment: t.segment,
            offset: t.offset,
        },
        Translation::Linear(t) => JsonDetails::Linear {
            vpn: t.vpn,
            offset: t.offset,
            pte: t.pte,
            pfn: t.pfn,
        },
        Translation::MultiLevel(t) => JsonDetails::MultiLevel {
            vpn: t.vpn,
            offset: t.offset,
            pde_index: t.directory_index,
            pde: t.pde.byte,
            pde_valid: t.pde.valid(),
            pte_index: t.table_index,
            pte: t.pte.map(|pte| pte.byte),
            pte_valid: t.pte.map(|pte| pte.valid()),
            fault: t.fault.map(Fault::name),
            value: t.value,
        },
    };
    JsonTranslation {
        va: translation.va(),
        valid: translation.pa().is_some(),
        pa: translation.pa(),
        details,
    }
}

/// The exercise's settings, as the first lines of the walk-through.
fn header(exercise: &Exercise) -> String {
    let mut out = String::new();
    match exercise {
        Exercise::BaseBounds(registers) => {
            let _ = writeln!(
                out,
                "Base and bounds: base {} ({:#x}), limit {}; address space {}, physical \
                 memory {}",
                registers.base(),
                registers.base(),
                registers.limit(),
                describe_size(registers.address_space()),
                describe_size(registers.physical_memory())
            );
            let _ = writeln!(
                out,
                "A VA below the limit goes to base + VA; any other is a segmentation violation."
            );
        }
        Exercise::Segmentation(segments) => segmentation_header(&mut out, segments),
        Exercise::Linear(table) => linear_header(&mut out, table),
        Exercise::MultiLevel(table) => multilevel_header(&mut out, table),
    }
    out
}

fn segmentation_header(out: &mut String, segments: &Segmentation) {
    let (seg0, seg1) = (segments.segment(0), segments.segment(1));
    let _ = writeln!(
        out,
        "Segmentation: address space {}, physical memory {}",
        describe_size(segments.address_space()),
        describe_size(segments.physical_memory())
    );
    let _ = writeln!(
        out,
        "  segment 0 (lower half, grows up):   base {} ({:#x}), limit {} -> physical {}..{}",
        seg0.base,
        seg0.base,
        seg0.limit,
        seg0.base,
        seg0.base + seg0.limit
    );
    let _ = writeln!(
        out,
        "  segment 1 (upper half, grows down): top {} ({:#x}), limit {} -> physical {}..{}",
        seg1.base,
        seg1.base,
        seg1.limit,
        seg1.base - seg1.limit,
        seg1.base
    );
}

fn linear_header(out: &mut String, table: &LinearPageTable) {
    let offset_bits = table.page_size().trailing_zeros();
    let _ = writeln!(
        out,
        "Linear page table: address space {}, pages of {}: {} entries; VPN = VA >> {offset_bits}, \
         offset = the low {offset_bits} bits",
        describe_size(table.address_space()),
        describe_size(table.page_size()),
        table.entries().len()
    );
    let _ = writeln!(
        out,
        "An entry is 0x80000000 | PFN when valid; PA = PFN << {offset_bits} | offset."
    );
}

fn multilevel_header(out: &mut String, table: &TwoLevelPageTable) {
    let geometry = table.geometry();
    let bits = table.offset_bits();
    let _ = writeln!(
        out,
        "Two-level page table: {}-byte pages, {}-bit VAs = {} directory bits | {bits} table \
         bits | {bits} offset bits; {} pages of physical memory",
        geometry.page_size,
        geometry.virtual_bits,
        table.directory_bits(),
        geometry.physical_pages
    );
    let _ = writeln!(
        out,
        "PDBR {} (the directory is at {:#x}); entries are one byte: bit 7 valid, bits 0-6 the \
         PFN.",
        geometry.pdbr,
        geometry.pdbr << bits
    );
}

/// How one address is translated, as a learner would work it.
fn explain(exercise: &Exercise, translation: &Translation) -> String {
    match (exercise, translation) {
        (Exercise::BaseBounds(registers), Translation::BaseBounds(t)) => {
            explain_base_bounds(registers, t)
        }
        (Exercise::Segmentation(segments), Translation::Segmentation(t)) => {
            explain_segment(segments, t)
        }
        (Exercise::Linear(_), Translation::Linear(t)) => explain_linear(t),
        (Exercise::MultiLevel(_), Translation::MultiLevel(t)) => explain_multilevel(t),
        // A run only ever pairs an exercise with its own scheme's translations.
        _ => String::new(),
    }
}

fn explain_base_bounds(registers: &BaseBounds, t: &BaseBoundsTranslation) -> String {
    let (va, limit) = (t.va, registers.limit());
    match t.pa {
        Some(pa) => format!(
            "VA {va} ({va:#x}): {va} < limit {limit} -> PA = base {} + {va} = {pa} ({pa:#x})\n",
            registers.base()
        ),
        None => {
            format!("VA {va} ({va:#x}): {va} >= limit {limit} -> segmentation violation\n")
        }
    }
}

fn explain_segment(segments: &Segmentation, t: &SegmentTranslation) -> String {
    let va = t.va;
    let registers = segments.segment(t.segment);
    let limit = registers.limit;
    if t.segment == 0 {
        return match t.pa {
            Some(pa) => format!(
                "VA {va} ({va:#x}): lower half -> segment 0, offset {va} < limit {limit} -> \
                 PA = base {} + {va} = {pa} ({pa:#x})\n",
                registers.base
            ),
            None => format!(
                "VA {va} ({va:#x}): lower half -> segment 0, offset {va} >= limit {limit} -> \
                 segmentation violation (segment 0)\n"
            ),
        };
    }
    let below_top = t.offset.unsigned_abs();
    let distance = format!(
        "VA {va} ({va:#x}): upper half -> segment 1, {} - {va} = {below_top} bytes below the top",
        segments.address_space()
    );
    match t.pa {
        Some(pa) => format!(
            "{distance}; {below_top} <= limit {limit} -> PA = top {} - {below_top} = {pa} \
             ({pa:#x})\n",
            registers.base
        ),
        None => format!(
            "{distance}; {below_top} > limit {limit} -> segmentation violation (segment 1)\n"
        ),
    }
}

fn explain_linear(t: &LinearTranslation) -> String {
    let start = format!(
        "VA {:#x} -> VPN {}, offset {:#x} -> PTE {:#010x}",
        t.va, t.vpn, t.offset, t.pte
    );
    match (t.pfn, t.pa) {
        (Some(pfn), Some(pa)) => format!("{start} (valid, PFN {pfn}) -> PA {pa:#x}\n"),
        _ => format!("{start} (invalid) -> fault: VPN {} is not mapped\n", t.vpn),
    }
}

fn explain_multilevel(t: &MultiLevelTranslation) -> String {
    let mut out = format!(
        "VA {:#06x} -> VPN {:#x}: directory index {:#x}, table index {:#x}, offset {:#x}\n",
        t.va, t.vpn, t.directory_index, t.table_index, t.offset
    );
    let _ = writeln!(out, "  {}", describe_entry("PDE", &t.pde));
    if let Some(pte) = &t.pte {
        let _ = writeln!(out, "  {}", describe_entry("PTE", pte));
    }
    let ending = match (t.fault, t.pa, t.value) {
        (Some(Fault::Pde), _, _) => {
            "fault: the PDE is not valid (no page of the table covers this address)".to_string()
        }
        (Some(Fault::Pte), _, _) => "fault: the PTE is not valid (the page is not mapped)".into(),
        (None, Some(pa), Some(value)) => format!("PA {pa:#x}, value {value:#04x}"),
        (None, _, _) => "no physical address".into(),
    };
    let _ = writeln!(out, "  -> {ending}");
    out
}

fn describe_entry(what: &str, entry: &TableEntry) -> String {
    let state = if entry.valid() { "valid" } else { "invalid" };
    format!(
        "{what} at {:#x} = {:#04x} ({state}, PFN {:#x})",
        entry.address,
        entry.byte,
        entry.pfn()
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::{Value, json};

    fn base_bounds() -> Exercise {
        Exercise::BaseBounds(BaseBounds::new(12418, 472, 1024, 16384).unwrap())
    }

    fn segmentation() -> Exercise {
        Exercise::Segmentation(
            Segmentation::new(
                SegmentRegisters {
                    base: 6890,
                    limit: 472,
                },
                SegmentRegisters {
                    base: 4692,
                    limit: 450,
                },
                1024,
                16384,
            )
            .unwrap(),
        )
    }

    fn linear() -> Exercise {
        let entries = parse_page_table("0x8000000c,0,0,0x80000006").unwrap();
        Exercise::Linear(LinearPageTable::new(16384, 4096, entries).unwrap())
    }

    /// 16-byte pages, 9-bit VAs: directory in page 0, its entry 0 -> table in page 1, whose
    /// entry 2 -> data in page 3.
    fn multilevel() -> Exercise {
        let mut bytes = vec![0x7f; 64];
        bytes[0] = 0x81;
        bytes[16 + 2] = 0x83;
        bytes[48 + 5] = 0x2a;
        let memory = PhysicalMemory::from_bytes(16, bytes).unwrap();
        let geometry = MultiLevelGeometry {
            page_size: 16,
            virtual_bits: 9,
            physical_pages: 4,
            pdbr: 0,
        };
        Exercise::MultiLevel(TwoLevelPageTable::new(geometry, memory).unwrap())
    }

    fn json(exercise: Exercise, vas: &str) -> Value {
        serde_json::from_str(&run_translate(exercise, vas).unwrap().to_json()).unwrap()
    }

    fn text(exercise: Exercise, vas: &str) -> String {
        run_translate(exercise, vas).unwrap().to_text()
    }

    #[test]
    fn base_and_bounds_as_json_and_text() {
        assert_eq!(
            json(base_bounds(), "430,523"),
            json!({"translations": [
                {"va": 430, "valid": true, "pa": 12848},
                {"va": 523, "valid": false, "pa": null},
            ]})
        );
        let text = text(base_bounds(), "430,523");
        assert!(
            text.contains(
                "VA 430 (0x1ae): 430 < limit 472 -> PA = base 12418 + 430 = 12848 (0x3230)\n"
            ),
            "{text}"
        );
        assert!(
            text.contains("VA 523 (0x20b): 523 >= limit 472 -> segmentation violation\n"),
            "{text}"
        );
    }

    #[test]
    fn segmentation_reports_the_segment_and_its_offset() {
        assert_eq!(
            json(segmentation(), "523,414,802"),
            json!({"translations": [
                {"va": 523, "valid": false, "pa": null, "segment": 1, "offset": -501},
                {"va": 414, "valid": true, "pa": 7304, "segment": 0, "offset": 414},
                {"va": 802, "valid": true, "pa": 4470, "segment": 1, "offset": -222},
            ]})
        );
        let text = text(segmentation(), "523,802");
        assert!(
            text.contains(
                "VA 523 (0x20b): upper half -> segment 1, 1024 - 523 = 501 bytes below the top; \
                 501 > limit 450 -> segmentation violation (segment 1)"
            ),
            "{text}"
        );
        assert!(
            text.contains("PA = top 4692 - 222 = 4470 (0x1176)"),
            "{text}"
        );
    }

    #[test]
    fn linear_reports_the_vpn_and_entry() {
        assert_eq!(
            json(linear(), "0x3229,0x1369"),
            json!({"translations": [
                {"va": 0x3229, "valid": true, "pa": 0x6229, "vpn": 3, "offset": 0x229,
                 "pte": 0x80000006_u32, "pfn": 6},
                {"va": 0x1369, "valid": false, "pa": null, "vpn": 1, "offset": 0x369,
                 "pte": 0, "pfn": null},
            ]})
        );
        let text = text(linear(), "0x3229,0x1369");
        assert!(
            text.contains(
                "VA 0x3229 -> VPN 3, offset 0x229 -> PTE 0x80000006 (valid, PFN 6) -> PA 0x6229\n"
            ),
            "{text}"
        );
        assert!(
            text.contains("VA 0x1369 -> VPN 1, offset 0x369 -> PTE 0x00000000 (invalid) -> fault"),
            "{text}"
        );
    }

    #[test]
    fn multilevel_reports_every_read_and_the_fault() {
        assert_eq!(
            json(multilevel(), "0x25,0x125,0x30"),
            json!({"translations": [
                {"va": 0x25, "valid": true, "pa": 53, "vpn": 2, "offset": 5,
                 "pde_index": 0, "pde": 0x81, "pde_valid": true,
                 "pte_index": 2, "pte": 0x83, "pte_valid": true, "fault": null, "value": 0x2a},
                {"va": 0x125, "valid": false, "pa": null, "vpn": 0x12, "offset": 5,
                 "pde_index": 1, "pde": 0x7f, "pde_valid": false,
                 "pte_index": 2, "pte": null, "pte_valid": null, "fault": "pde", "value": null},
                {"va": 0x30, "valid": false, "pa": null, "vpn": 3, "offset": 0,
                 "pde_index": 0, "pde": 0x81, "pde_valid": true,
                 "pte_index": 3, "pte": 0x7f, "pte_valid": false, "fault": "pte", "value": null},
            ]})
        );
        let text = text(multilevel(), "0x25,0x125");
        assert!(
            text.contains(
                "VA 0x0025 -> VPN 0x2: directory index 0x0, table index 0x2, offset 0x5\n  \
                 PDE at 0x0 = 0x81 (valid, PFN 0x1)\n  PTE at 0x12 = 0x83 (valid, PFN 0x3)\n  \
                 -> PA 0x35, value 0x2a\n"
            ),
            "{text}"
        );
        assert!(text.contains("-> fault: the PDE is not valid"), "{text}");
    }

    #[test]
    fn the_first_bad_address_fails_the_run_by_name() {
        let error = run_translate(base_bounds(), "1,1024").unwrap_err();
        assert_eq!(error.setting, "va");
        assert!(error.to_string().contains("1024"), "{error}");
        assert!(run_translate(linear(), "0x3229,x").is_err());
    }

    #[test]
    fn headers_state_the_settings() {
        assert!(text(linear(), "0").starts_with(
            "Linear page table: address space 16k (16384 bytes), pages of 4k (4096 bytes): 4 \
             entries; VPN = VA >> 12, offset = the low 12 bits\n"
        ));
        assert!(text(multilevel(), "0").starts_with(
            "Two-level page table: 16-byte pages, 9-bit VAs = 1 directory bits | 4 table bits | \
             4 offset bits; 4 pages of physical memory\n"
        ));
        assert!(
            text(segmentation(), "0")
                .contains("top 4692 (0x1254), limit 450 -> physical 4242..4692")
        );
    }
}
