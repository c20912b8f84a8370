//! Base and bounds (dynamic relocation): the whole address space sits in one contiguous
//! stretch of physical memory starting at the *base* register.
//!
//! For every access the hardware compares the virtual address with the *limit* (bounds)
//! register: an address at or beyond the limit is a segmentation violation; any other is
//! relocated by adding the base, `pa = base + va`. The limit is the size of the part of the
//! address space in use, so it may be smaller than the address space itself.
//!
//! This matches OSTEP's vm-mechanism/relocation.py: the address space (`-a`, default 1k) and
//! physical memory (`-p`, default 16k) sizes, the checks it makes on them, and its answers.

use super::{TranslateError, check_in_address_space, describe_size};

/// relocation.py's default address-space size (`-a 1k`).
pub const DEFAULT_ADDRESS_SPACE: u64 = 1024;
/// relocation.py's default physical memory size (`-p 16k`).
pub const DEFAULT_PHYSICAL_MEMORY: u64 = 16 * 1024;

/// The two registers and the sizes they are checked against.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BaseBounds {
    base: u64,
    limit: u64,
    address_space: u64,
    physical_memory: u64,
}

/// What became of one virtual address.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct BaseBoundsTranslation {
    pub va: u64,
    /// The physical address, or `None` for a segmentation violation (`va >= limit`).
    pub pa: Option<u64>,
}

impl BaseBounds {
    /// Checks the registers as relocation.py does: both sizes non-zero, physical memory
    /// larger than the address space, and `base + limit` within physical memory.
    pub fn new(
        base: u64,
        limit: u64,
        address_space: u64,
        physical_memory: u64,
    ) -> Result<BaseBounds, TranslateError> {
        if address_space == 0 {
            return Err(TranslateError::new(
                "asize",
                "the address space must not be empty",
            ));
        }
        if physical_memory <= address_space {
            return Err(TranslateError::new(
                "phys-size",
                format!(
                    "physical memory ({}) must be larger than the address space ({})",
                    describe_size(physical_memory),
                    describe_size(address_space)
                ),
            ));
        }
        match base.checked_add(limit) {
            Some(end) if end <= physical_memory => Ok(BaseBounds {
                base,
                limit,
                address_space,
                physical_memory,
            }),
            _ => Err(TranslateError::new(
                "base",
                format!(
                    "base {base} + limit {limit} runs past the end of physical memory ({})",
                    describe_size(physical_memory)
                ),
            )),
        }
    }

    pub fn base(&self) -> u64 {
        self.base
    }

    pub fn limit(&self) -> u64 {
        self.limit
    }

    pub fn address_space(&self) -> u64 {
        self.address_space
    }

    pub fn physical_memory(&self) -> u64 {
        self.physical_memory
    }

    /// Translates one virtual address; an address outside the address space is an error.
    pub fn translate(&self, va: u64) -> Result<BaseBoundsTranslation, TranslateError> {
        check_in_address_space(va, self.address_space)?;
        // base + limit fits in physical memory, so base + va (va < limit) cannot overflow.
        let pa = (va < self.limit).then(|| self.base + va);
        Ok(BaseBoundsTranslation { va, pa })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn issue_example() -> BaseBounds {
        BaseBounds::new(12418, 472, DEFAULT_ADDRESS_SPACE, DEFAULT_PHYSICAL_MEMORY).unwrap()
    }

    #[test]
    fn an_address_below_the_limit_is_relocated_by_the_base() {
        let registers = issue_example();
        assert_eq!(registers.translate(430).unwrap().pa, Some(12418 + 430));
        assert_eq!(registers.translate(0).unwrap().pa, Some(12418));
        assert_eq!(registers.translate(471).unwrap().pa, Some(12889));
    }

    #[test]
    fn an_address_at_or_past_the_limit_is_a_violation() {
        let registers = issue_example();
        assert_eq!(registers.translate(472).unwrap().pa, None);
        assert_eq!(registers.translate(523).unwrap().pa, None);
    }

    #[test]
    fn an_address_outside_the_address_space_is_an_error() {
        let error = issue_example().translate(1024).unwrap_err();
        assert_eq!(error.setting, "va");
    }

    #[test]
    fn registers_that_do_not_fit_are_refused_by_name() {
        let error = BaseBounds::new(16000, 472, 1024, 16384).unwrap_err();
        assert_eq!(error.setting, "base");
        let error = BaseBounds::new(u64::MAX, 2, 1024, 16384).unwrap_err();
        assert_eq!(error.setting, "base");
        let error = BaseBounds::new(0, 10, 1024, 1024).unwrap_err();
        assert_eq!(error.setting, "phys-size");
        let error = BaseBounds::new(0, 10, 0, 1024).unwrap_err();
        assert_eq!(error.setting, "asize");
    }

    #[test]
    fn a_limit_may_exceed_the_address_space_as_in_relocation_py() {
        let registers = BaseBounds::new(0, 2000, 1024, 16384).unwrap();
        assert_eq!(registers.translate(1023).unwrap().pa, Some(1023));
    }
}
