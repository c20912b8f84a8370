//! Paging with a two-level page table kept in physical memory: a page directory whose
//! entries (PDEs) point to pages of the page table, whose entries (PTEs) point to frames.
//!
//! With pages of `P = 2^k` bytes and one-byte entries, a page of the table holds `P` entries,
//! so a virtual address of `vbits` bits splits, from the top, into
//! `[ directory index | table index (k bits) | offset (k bits) ]`, the directory index
//! taking the `vbits - 2k` bits left over (at least 1, at most k, so the directory fits in
//! one page). A translation reads two bytes of memory:
//! 1. the PDE at `pdbr * P + directory index` (the page-directory base register holds the
//!    directory's frame number); bit 7 is the valid bit, bits 0–6 the frame of the page of
//!    the page table. Invalid: a *PDE fault*, the whole region is unmapped.
//! 2. the PTE at `pde.pfn * P + table index`, read the same way. Invalid: a *PTE fault*.
//! 3. the physical address `pte.pfn * P + offset`, and the byte stored there.
//!
//! Worked example (OSTEP's homework, seed 0): 32-byte pages, 15-bit addresses, PDBR 108.
//! VA 0x611c = 11000 01000 11100: directory index 24, table index 8, offset 28. The PDE at
//! 108 * 32 + 24 = 0xd98 is 0xa1 (valid, frame 0x21); the PTE at 0x21 * 32 + 8 = 0x428 is
//! 0xb5 (valid, frame 0x35); so PA = 0x35 * 32 + 28 = 0x6bc, which holds 0x08.
//!
//! This matches OSTEP's vm-smalltables/paging-multilevel-translate.py (which fixes 32-byte
//! pages, 15-bit addresses and 128 frames: this generalises them) read for read.

use super::{TranslateError, check_in_address_space, power_of_two_bits};

/// An entry's valid bit; the other seven bits are a frame number.
pub const ENTRY_VALID_BIT: u8 = 0x80;

/// The shape of the machine: page size, address width, memory size, and where the page
/// directory is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct MultiLevelGeometry {
    pub page_size: u64,
    pub virtual_bits: u32,
    pub physical_pages: u64,
    /// The page-directory base register: the frame holding the page directory.
    pub pdbr: u64,
}

impl MultiLevelGeometry {
    /// OSTEP's machine: 32-byte pages, a 32 KiB (15-bit) address space, 128 frames.
    pub fn ostep(pdbr: u64) -> MultiLevelGeometry {
        MultiLevelGeometry {
            page_size: 32,
            virtual_bits: 15,
            physical_pages: 128,
            pdbr,
        }
    }

    /// Checks the geometry, errors naming the bad setting; returns the number of offset bits.
    pub fn validate(&self) -> Result<u32, TranslateError> {
        let offset_bits = power_of_two_bits("page-size", self.page_size)?;
        if !(1..=16).contains(&offset_bits) {
            return Err(TranslateError::new(
                "page-size",
                format!("{} is outside 2 to 65536 bytes", self.page_size),
            ));
        }
        let fewest = 2 * offset_bits + 1;
        let most = (3 * offset_bits).min(32);
        if fewest > most {
            return Err(TranslateError::new(
                "page-size",
                format!(
                    "two levels of {}-byte pages need more than 32 address bits",
                    self.page_size
                ),
            ));
        }
        if !(fewest..=most).contains(&self.virtual_bits) {
            return Err(TranslateError::new(
                "vbits",
                format!(
                    "{} bits do not make a two-level table of {}-byte pages with one-byte \
                     entries: {offset_bits} offset bits and {offset_bits} table-index bits \
                     leave 1 to {offset_bits} directory-index bits, so vbits must be \
                     {fewest} to {most}",
                    self.virtual_bits, self.page_size
                ),
            ));
        }
        if self.physical_pages == 0 {
            return Err(TranslateError::new(
                "phys-pages",
                "physical memory needs at least one page",
            ));
        }
        if self.pdbr >= self.physical_pages {
            return Err(TranslateError::new(
                "pdbr",
                format!(
                    "page {} is beyond physical memory (pages 0 to {})",
                    self.pdbr,
                    self.physical_pages - 1
                ),
            ));
        }
        Ok(offset_bits)
    }
}

/// Physical memory, byte by byte, as a whole number of pages.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PhysicalMemory {
    page_size: u64,
    bytes: Vec<u8>,
}

impl PhysicalMemory {
    /// Memory from its bytes; its length must be a whole number of pages.
    pub fn from_bytes(page_size: u64, bytes: Vec<u8>) -> Result<PhysicalMemory, TranslateError> {
        power_of_two_bits("page-size", page_size)?;
        if !(bytes.len() as u64).is_multiple_of(page_size) {
            return Err(TranslateError::new(
                "memory",
                format!(
                    "{} bytes is not a whole number of {page_size}-byte pages",
                    bytes.len()
                ),
            ));
        }
        Ok(PhysicalMemory { page_size, bytes })
    }

    /// Reads a memory dump with one page per line as hex, `2 * page_size` digits a line
    /// (`7f7f…`). Blank lines are skipped, and a line may start with the simulator's
    /// `page  12:` label (which must then give the line's page number), so that
    /// paging-multilevel-translate.py's dump can be pasted as it is.
    pub fn from_hex(
        text: &str,
        page_size: u64,
        pages: u64,
    ) -> Result<PhysicalMemory, TranslateError> {
        power_of_two_bits("page-size", page_size)?;
        let mut bytes = Vec::new();
        let mut page = 0u64;
        for (line_index, line) in text.lines().enumerate() {
            if line.trim().is_empty() {
                continue;
            }
            if page == pages {
                return Err(too_many_pages(pages));
            }
            let line_number = line_index + 1;
            let digits = strip_page_label(line, page, line_number)?;
            read_page(&digits, page_size, line_number, &mut bytes)?;
            page += 1;
        }
        if page != pages {
            return Err(TranslateError::new(
                "memory",
                format!("the dump has {page} pages (lines), but --phys-pages is {pages}"),
            ));
        }
        PhysicalMemory::from_bytes(page_size, bytes)
    }

    pub fn page_size(&self) -> u64 {
        self.page_size
    }

    pub fn pages(&self) -> u64 {
        self.bytes.len() as u64 / self.page_size
    }

    /// The byte at a physical address, if there is one.
    pub fn byte(&self, address: u64) -> Option<u8> {
        usize::try_from(address)
            .ok()
            .and_then(|at| self.bytes.get(at).copied())
    }

    /// The memory as a dump `from_hex` reads back, one page per line.
    pub fn to_hex(&self) -> String {
        let mut text = String::with_capacity(self.bytes.len() * 2 + self.pages() as usize);
        for page in self.bytes.chunks(self.page_size as usize) {
            for byte in page {
                text.push_str(&format!("{byte:02x}"));
            }
            text.push('\n');
        }
        text
    }
}

fn too_many_pages(pages: u64) -> TranslateError {
    TranslateError::new(
        "memory",
        format!("the dump has more than {pages} pages (lines), but --phys-pages is {pages}"),
    )
}

/// A line's hex digits, without whitespace and without a `page N:` label.
fn strip_page_label(line: &str, page: u64, line_number: usize) -> Result<String, TranslateError> {
    let content = match line.trim_start().strip_prefix("page") {
        Some(rest) => {
            let (label, content) = rest.split_once(':').ok_or_else(|| {
                TranslateError::new("memory", format!("line {line_number}: `page` without `N:`"))
            })?;
            if label.trim().parse::<u64>().ok() != Some(page) {
                return Err(TranslateError::new(
                    "memory",
                    format!("line {line_number} is labelled `page{label}:` but holds page {page}"),
                ));
            }
            content
        }
        None => line,
    };
    Ok(content.chars().filter(|c| !c.is_whitespace()).collect())
}

/// Appends one page's bytes, read from its hex digits, to `bytes`.
fn read_page(
    digits: &str,
    page_size: u64,
    line_number: usize,
    bytes: &mut Vec<u8>,
) -> Result<(), TranslateError> {
    if digits.len() as u64 != page_size * 2 {
        return Err(TranslateError::new(
            "memory",
            format!(
                "line {line_number} has {} hex digits, but a {page_size}-byte page needs {}",
                digits.len(),
                page_size * 2
            ),
        ));
    }
    for (i, pair) in digits.as_bytes().chunks(2).enumerate() {
        let byte = std::str::from_utf8(pair)
            .ok()
            .and_then(|pair| u8::from_str_radix(pair, 16).ok())
            .ok_or_else(|| {
                TranslateError::new(
                    "memory",
                    format!("line {line_number}: byte {i} is not two hex digits"),
                )
            })?;
        bytes.push(byte);
    }
    Ok(())
}

/// A two-level page table: a geometry over a memory that holds the directory, the table
/// pages and the data.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TwoLevelPageTable {
    geometry: MultiLevelGeometry,
    offset_bits: u32,
    memory: PhysicalMemory,
}

/// One entry read during a walk: which entry, where it lies and what it holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TableEntry {
    /// The entry's index in its page (the directory or a page of the table).
    pub index: u64,
    /// The physical address it was read from.
    pub address: u64,
    /// The byte itself.
    pub byte: u8,
}

impl TableEntry {
    pub fn valid(&self) -> bool {
        self.byte & ENTRY_VALID_BIT != 0
    }

    /// The frame number in the low seven bits (present even when the entry is invalid).
    pub fn pfn(&self) -> u64 {
        u64::from(self.byte & !ENTRY_VALID_BIT)
    }
}

/// Which level of the walk found an invalid entry.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Fault {
    /// The page-directory entry is not valid: no page of the table covers the address.
    Pde,
    /// The page-table entry is not valid: the page is not mapped.
    Pte,
}

impl Fault {
    /// The name the JSON report uses: `pde` or `pte`.
    pub fn name(self) -> &'static str {
        match self {
            Fault::Pde => "pde",
            Fault::Pte => "pte",
        }
    }
}

/// What became of one virtual address: every read of the walk, and where it ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct MultiLevelTranslation {
    pub va: u64,
    /// The virtual page number: the directory and table indexes together.
    pub vpn: u64,
    pub directory_index: u64,
    pub table_index: u64,
    pub offset: u64,
    pub pde: TableEntry,
    /// The page-table entry, read only when the PDE is valid.
    pub pte: Option<TableEntry>,
    pub fault: Option<Fault>,
    pub pa: Option<u64>,
    /// The byte at `pa`.
    pub value: Option<u8>,
}

impl TwoLevelPageTable {
    /// Checks the geometry and that the memory has exactly `physical_pages` pages of the
    /// geometry's size.
    pub fn new(
        geometry: MultiLevelGeometry,
        memory: PhysicalMemory,
    ) -> Result<TwoLevelPageTable, TranslateError> {
        let offset_bits = geometry.validate()?;
        if memory.page_size() != geometry.page_size || memory.pages() != geometry.physical_pages {
            return Err(TranslateError::new(
                "memory",
                format!(
                    "{} pages of {} bytes, but the geometry says {} pages of {} bytes",
                    memory.pages(),
                    memory.page_size(),
                    geometry.physical_pages,
                    geometry.page_size
                ),
            ));
        }
        Ok(TwoLevelPageTable {
            geometry,
            offset_bits,
            memory,
        })
    }

    pub fn geometry(&self) -> MultiLevelGeometry {
        self.geometry
    }

    pub fn memory(&self) -> &PhysicalMemory {
        &self.memory
    }

    /// The number of bits of the directory index.
    pub fn directory_bits(&self) -> u32 {
        self.geometry.virtual_bits - 2 * self.offset_bits
    }

    /// The number of bits of the table index, and of the offset.
    pub fn offset_bits(&self) -> u32 {
        self.offset_bits
    }

    /// Walks the table for one virtual address. Errors: an address beyond the address
    /// space, or a valid entry naming a frame beyond physical memory.
    pub fn translate(&self, va: u64) -> Result<MultiLevelTranslation, TranslateError> {
        check_in_address_space(va, 1 << self.geometry.virtual_bits)?;
        let index_mask = self.geometry.page_size - 1;
        let offset = va & index_mask;
        let table_index = (va >> self.offset_bits) & index_mask;
        let directory_index = va >> (2 * self.offset_bits);
        // The PDBR is checked against memory's size, so the directory is always there.
        let pde = self.read_entry(self.geometry.pdbr << self.offset_bits, directory_index);
        let mut translation = MultiLevelTranslation {
            va,
            vpn: va >> self.offset_bits,
            directory_index,
            table_index,
            offset,
            pde,
            pte: None,
            fault: Some(Fault::Pde),
            pa: None,
            value: None,
        };
        if !pde.valid() {
            return Ok(translation);
        }
        let table_page = self.frame_address(va, "PDE", pde)?;
        let pte = self.read_entry(table_page, table_index);
        translation.pte = Some(pte);
        translation.fault = Some(Fault::Pte);
        if !pte.valid() {
            return Ok(translation);
        }
        let frame = self.frame_address(va, "PTE", pte)?;
        let pa = frame | offset;
        translation.fault = None;
        translation.pa = Some(pa);
        translation.value = self.memory.byte(pa);
        Ok(translation)
    }

    /// Reads entry `index` of the table page at `page_address`, a page inside memory.
    fn read_entry(&self, page_address: u64, index: u64) -> TableEntry {
        let address = page_address | index;
        TableEntry {
            index,
            address,
            // Callers pass pages inside memory and an index inside a page, so this always hits.
            byte: self.memory.byte(address).unwrap_or(0),
        }
    }

    /// The address of the frame a valid entry points to, if memory has that frame.
    fn frame_address(&self, va: u64, what: &str, entry: TableEntry) -> Result<u64, TranslateError> {
        if entry.pfn() < self.geometry.physical_pages {
            Ok(entry.pfn() << self.offset_bits)
        } else {
            Err(TranslateError::new(
                "memory",
                format!(
                    "VA {va:#x}: the {what} at {:#x} ({:#04x}) points to page {}, beyond the {} \
                     pages of physical memory",
                    entry.address,
                    entry.byte,
                    entry.pfn(),
                    self.geometry.physical_pages
                ),
            ))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A 4-page memory of 16-byte pages with 9-bit addresses (1 directory bit): the
    /// directory in page 0, the table in page 1, data in page 3.
    fn small_machine() -> TwoLevelPageTable {
        let mut bytes = vec![0x7f; 64];
        bytes[0] = 0x80 | 1; // PDE 0 -> table in frame 1
        bytes[1] = 0x7f; // PDE 1 invalid
        bytes[16 + 2] = 0x80 | 3; // PTE 2 -> frame 3
        for (i, byte) in bytes[48..64].iter_mut().enumerate() {
            *byte = i as u8 * 3;
        }
        let memory = PhysicalMemory::from_bytes(16, bytes).unwrap();
        let geometry = MultiLevelGeometry {
            page_size: 16,
            virtual_bits: 9,
            physical_pages: 4,
            pdbr: 0,
        };
        TwoLevelPageTable::new(geometry, memory).unwrap()
    }

    #[test]
    fn a_mapped_address_reads_two_entries_then_the_byte() {
        let table = small_machine();
        // 0 0010 0101: directory 0, table 2, offset 5.
        let t = table.translate(0b0_0010_0101).unwrap();
        assert_eq!((t.pde.index, t.pde.address, t.pde.byte), (0, 0, 0x81));
        let pte = t.pte.unwrap();
        assert_eq!(
            (pte.index, pte.address, pte.byte, pte.pfn()),
            (2, 18, 0x83, 3)
        );
        assert_eq!(t.fault, None);
        assert_eq!(t.pa, Some(48 + 5));
        assert_eq!(t.value, Some(15));
    }

    #[test]
    fn an_invalid_pde_stops_the_walk() {
        let t = small_machine().translate(0b1_0010_0101).unwrap();
        assert_eq!(t.pde.index, 1);
        assert_eq!(
            (t.vpn, t.directory_index, t.table_index, t.offset),
            (0b1_0010, 1, 2, 5)
        );
        assert!(!t.pde.valid());
        assert_eq!(
            (t.pte, t.fault, t.pa, t.value),
            (None, Some(Fault::Pde), None, None)
        );
    }

    #[test]
    fn an_invalid_pte_is_a_pte_fault() {
        let t = small_machine().translate(0b0_0011_0000).unwrap();
        assert_eq!(t.pte.unwrap().index, 3);
        assert_eq!((t.fault, t.pa), (Some(Fault::Pte), None));
    }

    #[test]
    fn an_entry_naming_a_missing_frame_is_an_error_not_a_panic() {
        let mut bytes = vec![0; 64];
        bytes[0] = 0x80 | 9; // the table page is frame 9 of 4
        bytes[16] = 0x80 | 1;
        bytes[17] = 0x80 | 100; // frame 100 of 4
        let memory = PhysicalMemory::from_bytes(16, bytes).unwrap();
        let geometry = MultiLevelGeometry {
            page_size: 16,
            virtual_bits: 9,
            physical_pages: 4,
            pdbr: 0,
        };
        let table = TwoLevelPageTable::new(geometry, memory.clone()).unwrap();
        assert!(table.translate(0).unwrap_err().message.contains("page 9"));
        let table = TwoLevelPageTable::new(
            MultiLevelGeometry {
                pdbr: 1,
                ..geometry
            },
            memory,
        )
        .unwrap();
        assert!(
            table
                .translate(16)
                .unwrap_err()
                .message
                .contains("page 100")
        );
    }

    #[test]
    fn the_geometry_is_checked_by_name() {
        let memory = || PhysicalMemory::from_bytes(32, vec![0; 32 * 128]).unwrap();
        let setting = |geometry| {
            TwoLevelPageTable::new(geometry, memory())
                .unwrap_err()
                .setting
        };
        let ostep = MultiLevelGeometry::ostep(108);
        assert_eq!(
            setting(MultiLevelGeometry {
                page_size: 24,
                ..ostep
            }),
            "page-size"
        );
        assert_eq!(
            setting(MultiLevelGeometry {
                page_size: 1,
                ..ostep
            }),
            "page-size"
        );
        assert_eq!(
            setting(MultiLevelGeometry {
                virtual_bits: 10,
                ..ostep
            }),
            "vbits"
        );
        assert_eq!(
            setting(MultiLevelGeometry {
                virtual_bits: 16,
                ..ostep
            }),
            "vbits"
        );
        assert_eq!(setting(MultiLevelGeometry { pdbr: 128, ..ostep }), "pdbr");
        assert_eq!(
            setting(MultiLevelGeometry {
                physical_pages: 0,
                ..ostep
            }),
            "phys-pages"
        );
        assert_eq!(
            setting(MultiLevelGeometry {
                physical_pages: 127,
                pdbr: 0,
                ..ostep
            }),
            "memory"
        );
        assert!(
            TwoLevelPageTable::new(
                MultiLevelGeometry {
                    virtual_bits: 11,
                    ..ostep
                },
                memory()
            )
            .is_ok()
        );
    }

    #[test]
    fn addresses_beyond_vbits_are_errors() {
        assert_eq!(small_machine().translate(512).unwrap_err().setting, "va");
    }

    #[test]
    fn dumps_read_with_or_without_the_simulators_labels() {
        let plain = "00010203\n\n7f7f7f7f\n";
        let labelled = "page   0:00010203\npage   1: 7f7f 7f7f\n";
        let memory = PhysicalMemory::from_hex(plain, 4, 2).unwrap();
        assert_eq!(memory, PhysicalMemory::from_hex(labelled, 4, 2).unwrap());
        assert_eq!(memory.byte(3), Some(3));
        assert_eq!(memory.byte(4), Some(0x7f));
        assert_eq!(memory.byte(8), None);
        assert_eq!(memory.to_hex(), "00010203\n7f7f7f7f\n");
    }

    #[test]
    fn dumps_of_the_wrong_shape_are_refused() {
        let error = |text, pages| {
            PhysicalMemory::from_hex(text, 4, pages)
                .unwrap_err()
                .message
        };
        assert_eq!(
            error("00010203\n", 2),
            "the dump has 1 pages (lines), but --phys-pages is 2"
        );
        assert!(error("00010203\n00010203\n00010203\n", 2).contains("more than 2"));
        assert_eq!(
            error("000102\n", 1),
            "line 1 has 6 hex digits, but a 4-byte page needs 8"
        );
        assert_eq!(
            error("0001020g\n", 1),
            "line 1: byte 3 is not two hex digits"
        );
        assert!(error("page 1:00010203\n", 1).contains("labelled"));
        assert!(error("page 00010203\n", 1).contains("without"));
        assert_eq!(error("éééé\n", 1), "line 1: byte 0 is not two hex digits");
    }
}
