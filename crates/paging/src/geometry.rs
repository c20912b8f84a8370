//! The shape of an address space: how many bits a virtual address has, how big a page is,
//! how the page number splits across the levels of the page table, and how much physical
//! memory and swap there is.

use serde::Serialize;

use crate::SettingsError;

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Geometry {
    /// Bits in a virtual address: 8 to 32.
    pub va_bits: u32,
    /// Bytes per page: a power of two from 16 to 65536.
    pub page_size: u32,
    /// Bits of the virtual page number used by each level of the page table, top level
    /// first; they add up to `va_bits - log2(page_size)`. One level is a linear table.
    pub levels: Vec<u32>,
    /// Physical frames.
    pub frames: u32,
    /// Pages of swap space on disk.
    pub swap_pages: u32,
    /// Bytes per page-table entry.
    pub entry_size: u32,
    /// Whether the page table's own pages take physical frames (as on real hardware); they
    /// are then never chosen as victims.
    pub tables_in_frames: bool,
}

impl Geometry {
    /// A 32-bit x86 process without PAE: 4 KiB pages, a two-level 10/10/12 table of 4-byte
    /// entries, with `frames` frames of physical memory.
    pub fn x86_32(frames: u32) -> Geometry {
        Geometry {
            va_bits: 32,
            page_size: 4096,
            levels: vec![10, 10],
            frames,
            swap_pages: 65_536,
            entry_size: 4,
            tables_in_frames: true,
        }
    }

    /// A small space for exercises: 16-bit addresses, 256-byte pages, a linear table of
    /// 256 entries, 16 frames and 64 pages of swap.
    pub fn teaching_linear() -> Geometry {
        Geometry {
            va_bits: 16,
            page_size: 256,
            levels: vec![8],
            frames: 16,
            swap_pages: 64,
            entry_size: 4,
            tables_in_frames: false,
        }
    }

    /// OSTEP's multi-level exercise shape: 15-bit addresses, 32-byte pages, a 5/5 split,
    /// 128 frames.
    pub fn teaching_two_level() -> Geometry {
        Geometry {
            va_bits: 15,
            page_size: 32,
            levels: vec![5, 5],
            frames: 128,
            swap_pages: 256,
            entry_size: 1,
            tables_in_frames: true,
        }
    }

    pub fn offset_bits(&self) -> u32 {
        self.page_size.trailing_zeros()
    }

    pub fn page_of(&self, va: u32) -> u32 {
        va >> self.offset_bits()
    }

    pub fn offset_of(&self, va: u32) -> u32 {
        va & (self.page_size - 1)
    }

    /// Pages in the virtual address space.
    pub fn pages(&self) -> u64 {
        1u64 << (self.va_bits - self.offset_bits())
    }

    /// The index into each level's table for `page`, top level first.
    pub fn indexes(&self, page: u32) -> Vec<u32> {
        let mut shift: u32 = self.levels.iter().sum();
        self.levels
            .iter()
            .map(|&bits| {
                shift -= bits;
                (page >> shift) & ((1u32 << bits) - 1)
            })
            .collect()
    }

    pub fn validate(&self) -> Result<(), SettingsError> {
        if !(8..=32).contains(&self.va_bits) {
            return Err(SettingsError::new(
                "virtual address bits",
                format!("must be 8 to 32, not {}", self.va_bits),
            ));
        }
        if !self.page_size.is_power_of_two() || !(16..=65_536).contains(&self.page_size) {
            return Err(SettingsError::new(
                "page size",
                format!(
                    "must be a power of two from 16 to 65536 bytes, not {}",
                    self.page_size
                ),
            ));
        }
        let page_bits = self.va_bits.saturating_sub(self.offset_bits());
        if self.offset_bits() >= self.va_bits {
            return Err(SettingsError::new(
                "page size",
                format!(
                    "a page of {} bytes does not fit a {}-bit address space",
                    self.page_size, self.va_bits
                ),
            ));
        }
        if self.levels.is_empty()
            || self.levels.contains(&0)
            || self.levels.iter().sum::<u32>() != page_bits
        {
            return Err(SettingsError::new(
                "page-table levels",
                format!(
                    "the bits per level must be positive and add up to the {page_bits} bits of \
                     the page number, not {:?}",
                    self.levels
                ),
            ));
        }
        if !(1..=1 << 20).contains(&self.frames) {
            return Err(SettingsError::new(
                "physical frames",
                format!("must be 1 to 1048576, not {}", self.frames),
            ));
        }
        if self.swap_pages > 1 << 24 {
            return Err(SettingsError::new(
                "swap size",
                format!("must be at most 16777216 pages, not {}", self.swap_pages),
            ));
        }
        if ![1, 2, 4, 8].contains(&self.entry_size) {
            return Err(SettingsError::new(
                "page-table entry size",
                format!("must be 1, 2, 4 or 8 bytes, not {}", self.entry_size),
            ));
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn x86_splits_an_address_ten_ten_twelve() {
        let g = Geometry::x86_32(256);
        g.validate().unwrap();
        let va = 0x0804_b123;
        assert_eq!(g.offset_of(va), 0x123);
        assert_eq!(g.page_of(va), 0x0804b);
        assert_eq!(g.indexes(g.page_of(va)), vec![0x20, 0x04b]);
        assert_eq!(g.pages(), 1 << 20);
    }

    #[test]
    fn the_presets_are_valid() {
        for g in [
            Geometry::x86_32(1024),
            Geometry::teaching_linear(),
            Geometry::teaching_two_level(),
        ] {
            g.validate().unwrap();
        }
        // OSTEP's 0x611c: page 0x611c >> 5 = 776 = 0b11000_01000: PDE 24, PTE 8.
        let g = Geometry::teaching_two_level();
        assert_eq!(g.indexes(g.page_of(0x611c)), vec![24, 8]);
    }

    #[test]
    fn bad_shapes_are_named() {
        let bad = |g: Geometry| g.validate().unwrap_err().setting;
        let base = Geometry::x86_32(16);
        assert_eq!(
            bad(Geometry {
                page_size: 3000,
                ..base.clone()
            }),
            "page size"
        );
        assert_eq!(
            bad(Geometry {
                levels: vec![10, 9],
                ..base.clone()
            }),
            "page-table levels"
        );
        assert_eq!(
            bad(Geometry {
                va_bits: 12,
                page_size: 4096,
                levels: vec![1],
                ..base.clone()
            }),
            "page size"
        );
        assert_eq!(bad(Geometry { frames: 0, ..base }), "physical frames");
    }
}
