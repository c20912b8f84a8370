//! Segmentation with two segments: segment 0 (code and heap) grows up from its base, segment
//! 1 (the stack) grows down from its top.
//!
//! The hardware picks the segment from the virtual address: the lower half of the address
//! space is segment 0, the upper half segment 1 (with a power-of-two address space, that is
//! the top bit). Then:
//! - segment 0: the offset is the address itself; valid while `va < limit0`, and
//!   `pa = base0 + va`;
//! - segment 1: the offset is negative, `va - asize` (how far below the top of the address
//!   space the address lies); valid while `asize - va <= limit1`, and
//!   `pa = top1 - (asize - va)`.
//!
//! This matches OSTEP's vm-segmentation/segmentation.py, where segment 1's base register (`-B`)
//! is its top, the highest physical address plus one: its checks (each limit at most half the
//! address space, the segments inside physical memory and apart) and its answers. Where the
//! simulator's overlap check misses a case (segment 1 below segment 0 but overlapping it),
//! this one does not.

use super::{TranslateError, check_in_address_space, describe_size};

/// segmentation.py's default address-space size (`-a 1k`).
pub const DEFAULT_ADDRESS_SPACE: u64 = 1024;
/// segmentation.py's default physical memory size (`-p 16k`).
pub const DEFAULT_PHYSICAL_MEMORY: u64 = 16 * 1024;

/// One segment's registers. For segment 0 `base` is its lowest physical address; for
/// segment 1 it is the top (the segment occupies `base - limit .. base`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SegmentRegisters {
    pub base: u64,
    pub limit: u64,
}

/// The two segments' registers and the sizes they are checked against.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Segmentation {
    segments: [SegmentRegisters; 2],
    address_space: u64,
    physical_memory: u64,
}

/// What became of one virtual address.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SegmentTranslation {
    pub va: u64,
    /// 0 or 1: the segment the address falls in.
    pub segment: u8,
    /// The offset into the segment: `va` in segment 0, `va - asize` (negative) in segment 1.
    pub offset: i64,
    /// The physical address, or `None` for a segmentation violation.
    pub pa: Option<u64>,
}

impl Segmentation {
    /// Checks the registers; errors name `seg0`, `seg1`, `asize` or `phys-size`.
    pub fn new(
        seg0: SegmentRegisters,
        seg1: SegmentRegisters,
        address_space: u64,
        physical_memory: u64,
    ) -> Result<Segmentation, TranslateError> {
        check_sizes(address_space, physical_memory)?;
        for (name, segment) in [("seg0", seg0), ("seg1", seg1)] {
            check_limit(name, segment.limit, address_space)?;
        }
        let seg0_range = (
            seg0.base,
            end_of("seg0", seg0.base, seg0.limit, physical_memory)?,
        );
        let seg1_start = seg1.base.checked_sub(seg1.limit).ok_or_else(|| {
            TranslateError::new(
                "seg1",
                format!(
                    "the top {} is below the limit {}: the segment would start below physical \
                     address 0",
                    seg1.base, seg1.limit
                ),
            )
        })?;
        let seg1_range = (
            seg1_start,
            end_of("seg1", seg1_start, seg1.limit, physical_memory)?,
        );
        check_apart(seg0_range, seg1_range)?;
        Ok(Segmentation {
            segments: [seg0, seg1],
            address_space,
            physical_memory,
        })
    }

    /// Segment 0's or 1's registers.
    pub fn segment(&self, which: u8) -> SegmentRegisters {
        self.segments[usize::from(which.min(1))]
    }

    pub fn address_space(&self) -> u64 {
        self.address_space
    }

    pub fn physical_memory(&self) -> u64 {
        self.physical_memory
    }

    /// The segment an address falls in: the upper half of the address space is segment 1.
    /// Like segmentation.py (`va >= asize / 2`), an odd-sized space's middle byte goes up.
    pub fn segment_of(&self, va: u64) -> u8 {
        u8::from(u128::from(va) * 2 >= u128::from(self.address_space))
    }

    /// Translates one virtual address; an address outside the address space is an error.
    pub fn translate(&self, va: u64) -> Result<SegmentTranslation, TranslateError> {
        check_in_address_space(va, self.address_space)?;
        let segment = self.segment_of(va);
        let registers = self.segment(segment);
        let translation = if segment == 0 {
            SegmentTranslation {
                va,
                segment,
                offset: va as i64,
                pa: (va < registers.limit).then(|| registers.base + va),
            }
        } else {
            let below_top = self.address_space - va;
            SegmentTranslation {
                va,
                segment,
                offset: -(below_top as i64),
                pa: (below_top <= registers.limit).then(|| registers.base - below_top),
            }
        };
        Ok(translation)
    }
}

fn check_sizes(address_space: u64, physical_memory: u64) -> Result<(), TranslateError> {
    if address_space == 0 {
        return Err(TranslateError::new(
            "asize",
            "the address space must not be empty",
        ));
    }
    // The simulator's bound keeps every address and offset well inside i64 as well.
    if address_space > 1 << 62 {
        return Err(TranslateError::new(
            "asize",
            "the address space is too large",
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
    Ok(())
}

/// A segment may cover at most half the address space, as segmentation.py requires.
fn check_limit(name: &str, limit: u64, address_space: u64) -> Result<(), TranslateError> {
    if u128::from(limit) * 2 > u128::from(address_space) {
        return Err(TranslateError::new(
            name,
            format!(
                "limit {limit} is larger than half the address space ({})",
                address_space as f64 / 2.0
            ),
        ));
    }
    Ok(())
}

/// The end of a segment that starts at `start`, if it lies inside physical memory.
fn end_of(name: &str, start: u64, limit: u64, physical_memory: u64) -> Result<u64, TranslateError> {
    match start.checked_add(limit) {
        Some(end) if end <= physical_memory => Ok(end),
        _ => Err(TranslateError::new(
            name,
            format!(
                "the segment {start}..{} runs past the end of physical memory ({})",
                u128::from(start) + u128::from(limit),
                describe_size(physical_memory)
            ),
        )),
    }
}

/// Two segments must not share physical memory.
fn check_apart(seg0: (u64, u64), seg1: (u64, u64)) -> Result<(), TranslateError> {
    let empty = |(start, end): (u64, u64)| start == end;
    if empty(seg0) || empty(seg1) || seg0.1 <= seg1.0 || seg1.1 <= seg0.0 {
        return Ok(());
    }
    Err(TranslateError::new(
        "seg1",
        format!(
            "segment 1 ({}..{}) overlaps segment 0 ({}..{}) in physical memory",
            seg1.0, seg1.1, seg0.0, seg0.1
        ),
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// segmentation.py -s 0: the issue's example.
    fn issue_example() -> Segmentation {
        Segmentation::new(
            SegmentRegisters {
                base: 6890,
                limit: 472,
            },
            SegmentRegisters {
                base: 4692,
                limit: 450,
            },
            DEFAULT_ADDRESS_SPACE,
            DEFAULT_PHYSICAL_MEMORY,
        )
        .unwrap()
    }

    #[test]
    fn the_lower_half_is_segment_0_growing_up() {
        let segments = issue_example();
        let t = segments.translate(414).unwrap();
        assert_eq!((t.segment, t.offset, t.pa), (0, 414, Some(7304)));
        assert_eq!(segments.translate(471).unwrap().pa, Some(7361));
        assert_eq!(segments.translate(472).unwrap().pa, None);
        assert_eq!(segments.translate(511).unwrap().segment, 0);
    }

    #[test]
    fn the_upper_half_is_segment_1_growing_down_from_its_top() {
        let segments = issue_example();
        let t = segments.translate(802).unwrap();
        // 1024 - 802 = 222 bytes below the top: 4692 - 222 = 4470.
        assert_eq!((t.segment, t.offset, t.pa), (1, -222, Some(4470)));
        assert_eq!(segments.translate(1023).unwrap().pa, Some(4691));
        // 1024 - 574 = 450 = the limit: the segment's lowest byte.
        assert_eq!(segments.translate(574).unwrap().pa, Some(4242));
        let t = segments.translate(523).unwrap();
        assert_eq!((t.segment, t.offset, t.pa), (1, -501, None));
        assert_eq!(segments.translate(512).unwrap().segment, 1);
    }

    #[test]
    fn an_odd_address_space_puts_its_middle_byte_in_segment_1() {
        let segments = Segmentation::new(
            SegmentRegisters { base: 0, limit: 2 },
            SegmentRegisters {
                base: 100,
                limit: 2,
            },
            5,
            200,
        )
        .unwrap();
        assert_eq!(segments.segment_of(2), 0);
        assert_eq!(segments.segment_of(3), 1);
    }

    #[test]
    fn bad_registers_are_refused_by_name() {
        let seg = |base, limit| SegmentRegisters { base, limit };
        let setting = |result: Result<Segmentation, TranslateError>| result.unwrap_err().setting;
        assert_eq!(
            setting(Segmentation::new(seg(0, 513), seg(900, 10), 1024, 16384)),
            "seg0"
        );
        assert_eq!(
            setting(Segmentation::new(seg(0, 10), seg(900, 513), 1024, 16384)),
            "seg1"
        );
        assert_eq!(
            setting(Segmentation::new(seg(0, 10), seg(5, 10), 1024, 16384)),
            "seg1"
        );
        assert_eq!(
            setting(Segmentation::new(seg(16380, 10), seg(900, 10), 1024, 16384)),
            "seg0"
        );
        assert_eq!(
            setting(Segmentation::new(seg(0, 10), seg(16390, 10), 1024, 16384)),
            "seg1"
        );
        assert_eq!(
            setting(Segmentation::new(seg(0, 10), seg(900, 10), 1024, 1024)),
            "phys-size"
        );
        assert_eq!(
            setting(Segmentation::new(seg(0, 0), seg(0, 0), 0, 1024)),
            "asize"
        );
        assert_eq!(
            setting(Segmentation::new(
                seg(u64::MAX, 1),
                seg(900, 1),
                1024,
                u64::MAX
            )),
            "seg0"
        );
    }

    #[test]
    fn overlap_is_refused_whichever_segment_is_lower() {
        let seg = |base, limit| SegmentRegisters { base, limit };
        // Segment 1 (150..170) starting inside segment 0 (100..200): segmentation.py's check.
        assert!(Segmentation::new(seg(100, 100), seg(170, 20), 1024, 16384).is_err());
        // Segment 1 (150..250) starting below segment 0 (200..300) and running into it:
        // the case segmentation.py lets through.
        assert!(Segmentation::new(seg(200, 100), seg(250, 100), 1024, 16384).is_err());
        // Touching is fine.
        assert!(Segmentation::new(seg(200, 100), seg(200, 100), 1024, 16384).is_ok());
    }
}
