//! Paging with a linear (one-level) page table: one entry per virtual page.
//!
//! A virtual address splits into a virtual page number (the high bits) and an offset within
//! the page (the low `log2(page size)` bits). The VPN indexes the page table; the entry's top
//! bit says whether the page is valid, and the rest of the entry is the physical frame number
//! (PFN). A valid page's physical address is the frame's address plus the same offset,
//! `pa = pfn * page_size + offset`; an invalid one is a fault.
//!
//! Worked example (the issue's): a 16k address space of 4k pages has 4 pages, so the table
//! has 4 entries `0x8000000c, 0, 0, 0x80000006`. VA 0x3229 is VPN 3 (0x3229 >> 12), offset
//! 0x229; entry 3 is 0x80000006, valid with PFN 6, so PA = 0x6000 | 0x229 = 0x6229.
//!
//! This matches OSTEP's vm-paging/paging-linear-translate.py: entries are `0x80000000 | pfn`
//! when valid, the address space and page size must be powers of two, and its answers.

use super::{
    TranslateError, check_in_address_space, describe_size, parse_number, power_of_two_bits,
};

/// The valid bit of a page-table entry; the other 31 bits are the frame number.
pub const VALID_BIT: u32 = 0x8000_0000;

/// A page table with the geometry it is read with.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LinearPageTable {
    address_space: u64,
    page_size: u64,
    offset_bits: u32,
    entries: Vec<u32>,
}

/// What became of one virtual address.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct LinearTranslation {
    pub va: u64,
    pub vpn: u64,
    pub offset: u64,
    /// The page-table entry for `vpn`, as stored.
    pub pte: u32,
    /// The frame number when the entry is valid.
    pub pfn: Option<u32>,
    /// The physical address, or `None` when the page is not valid.
    pub pa: Option<u64>,
}

impl LinearPageTable {
    /// Checks the geometry and that the table has exactly one entry per virtual page.
    pub fn new(
        address_space: u64,
        page_size: u64,
        entries: Vec<u32>,
    ) -> Result<LinearPageTable, TranslateError> {
        power_of_two_bits("asize", address_space)?;
        let offset_bits = power_of_two_bits("page-size", page_size)?;
        if page_size > address_space {
            return Err(TranslateError::new(
                "page-size",
                format!(
                    "a page ({}) cannot be larger than the address space ({})",
                    describe_size(page_size),
                    describe_size(address_space)
                ),
            ));
        }
        let pages = address_space / page_size;
        if entries.len() as u64 != pages {
            return Err(TranslateError::new(
                "page-table",
                format!(
                    "{} entries, but a {} address space of {} pages has {pages} pages",
                    entries.len(),
                    describe_size(address_space),
                    describe_size(page_size)
                ),
            ));
        }
        Ok(LinearPageTable {
            address_space,
            page_size,
            offset_bits,
            entries,
        })
    }

    pub fn address_space(&self) -> u64 {
        self.address_space
    }

    pub fn page_size(&self) -> u64 {
        self.page_size
    }

    pub fn entries(&self) -> &[u32] {
        &self.entries
    }

    /// Translates one virtual address; an address outside the address space is an error.
    pub fn translate(&self, va: u64) -> Result<LinearTranslation, TranslateError> {
        check_in_address_space(va, self.address_space)?;
        let vpn = va >> self.offset_bits;
        let offset = va & (self.page_size - 1);
        // va < address space, so vpn < number of pages = number of entries.
        let pte = self.entries[vpn as usize];
        let pfn = (pte & VALID_BIT != 0).then_some(pte & !VALID_BIT);
        let pa = pfn.map(|pfn| (u64::from(pfn) << self.offset_bits) | offset);
        Ok(LinearTranslation {
            va,
            vpn,
            offset,
            pte,
            pfn,
            pa,
        })
    }
}

/// Parses a page table written as a comma-separated list of 32-bit entries, decimal or hex:
/// `0x8000000c,0,0,0x80000006`.
pub fn parse_page_table(text: &str) -> Result<Vec<u32>, TranslateError> {
    if text.trim().is_empty() {
        return Err(TranslateError::new(
            "page-table",
            "no entries given (e.g. --page-table 0x8000000c,0,0,0x80000006)",
        ));
    }
    text.split(',')
        .enumerate()
        .map(|(vpn, item)| {
            parse_number(item)
                .and_then(|entry| u32::try_from(entry).ok())
                .ok_or_else(|| {
                    TranslateError::new(
                        "page-table",
                        format!(
                            "entry {vpn} `{}` is not a 32-bit number (decimal or 0x hex)",
                            item.trim()
                        ),
                    )
                })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn issue_example() -> LinearPageTable {
        let entries = parse_page_table("0x8000000c,0,0,0x80000006").unwrap();
        LinearPageTable::new(16 * 1024, 4 * 1024, entries).unwrap()
    }

    #[test]
    fn a_valid_page_keeps_its_offset_in_the_frame() {
        let t = issue_example().translate(0x3229).unwrap();
        assert_eq!(t.vpn, 3);
        assert_eq!(t.offset, 0x229);
        assert_eq!(t.pte, 0x8000_0006);
        assert_eq!(t.pfn, Some(6));
        assert_eq!(t.pa, Some(0x6229));
        assert_eq!(issue_example().translate(0).unwrap().pa, Some(0xc000));
    }

    #[test]
    fn an_invalid_page_has_no_physical_address() {
        let t = issue_example().translate(0x1369).unwrap();
        assert_eq!((t.vpn, t.pfn, t.pa), (1, None, None));
    }

    #[test]
    fn an_entry_without_the_valid_bit_is_invalid_whatever_else_it_holds() {
        let table = LinearPageTable::new(32, 16, vec![0x0000_0005, VALID_BIT]).unwrap();
        assert_eq!(table.translate(3).unwrap().pa, None);
        // A valid entry for frame 0 is 0x80000000.
        assert_eq!(table.translate(17).unwrap().pa, Some(1));
    }

    #[test]
    fn the_largest_frame_number_does_not_overflow() {
        let table = LinearPageTable::new(1 << 32, 1 << 31, vec![u32::MAX, 0]).unwrap();
        let t = table.translate(5).unwrap();
        assert_eq!(t.pa, Some((0x7fff_ffff_u64 << 31) | 5));
    }

    #[test]
    fn geometry_errors_name_the_setting() {
        let setting = |asize, page, entries: Vec<u32>| {
            LinearPageTable::new(asize, page, entries)
                .unwrap_err()
                .setting
        };
        assert_eq!(setting(16384, 3000, vec![0; 4]), "page-size");
        assert_eq!(setting(16384, 0, vec![0; 4]), "page-size");
        assert_eq!(setting(12000, 4096, vec![0; 3]), "asize");
        assert_eq!(setting(0, 4096, vec![]), "asize");
        assert_eq!(setting(4096, 8192, vec![0]), "page-size");
    }

    #[test]
    fn a_table_of_the_wrong_length_is_refused() {
        let error = LinearPageTable::new(16384, 4096, vec![0; 3]).unwrap_err();
        assert_eq!(
            error.to_string(),
            "--page-table: 3 entries, but a 16k (16384 bytes) address space of 4k (4096 bytes) \
             pages has 4 pages"
        );
        assert!(LinearPageTable::new(16384, 4096, vec![0; 5]).is_err());
    }

    #[test]
    fn entries_must_fit_in_32_bits() {
        assert_eq!(parse_page_table("0xffffffff,1"), Ok(vec![u32::MAX, 1]));
        let error = parse_page_table("0,0x100000000").unwrap_err();
        assert!(error.message.contains("entry 1"), "{error}");
        assert!(parse_page_table("").is_err());
    }

    #[test]
    fn a_va_beyond_the_address_space_is_an_error() {
        assert_eq!(issue_example().translate(0x4000).unwrap_err().setting, "va");
    }
}
