//! LFU and Aging: policies that count how much a page is used.
//!
//! **LFU** (least frequently used) evicts the page with the fewest accesses since it was
//! loaded. Ties go to the page loaded earliest. Its weakness: a page used heavily long ago
//! keeps its high count and stays.
//!
//! **Aging** (Tanenbaum, Modern Operating Systems, section 3.4.7) fixes that with an n-bit
//! counter per page. At every clock tick each counter is shifted right one bit and the R
//! bit is put in at the top, then R is cleared:
//!
//! ```text
//! counter = counter >> 1 | R << (n - 1)
//! ```
//!
//! So a reference in the last tick weighs more than all older ones together, and a page
//! unused for n ticks reaches 0. The victim is the page with the smallest counter; ties go
//! to the page loaded earliest (a page just loaded has counter 0 until the next tick, and
//! should not be preferred over an old idle page). `resident` lists pages in frame-number
//! order for both.

use super::{Access, Replacement, in_frame_order, min_by_key};
use crate::frames::{FrameId, FrameTable, Page, Time};

#[derive(Debug, Clone, Default)]
pub struct Lfu;

impl Replacement for Lfu {
    fn on_hit(&mut self, _: &FrameTable, _: FrameId, _: &Access) {}

    fn hears_hits(&self) -> bool {
        false
    }

    fn on_load(&mut self, _: &FrameTable, _: FrameId, _: &Access) {}

    fn on_evict(&mut self, _: FrameId) {}

    fn choose_victim(&mut self, frames: &mut FrameTable, _: Time) -> Option<FrameId> {
        min_by_key(frames, |f| (f.use_count, f.loaded_at))
    }

    fn resident(&self, frames: &FrameTable) -> Vec<Page> {
        in_frame_order(frames)
    }
}

#[derive(Debug, Clone)]
pub struct Aging {
    bits: u32,
}

impl Aging {
    /// Counters of `bits` bits (1 to 64; out-of-range widths are clamped).
    pub fn new(bits: u32) -> Aging {
        Aging {
            bits: bits.clamp(1, 64),
        }
    }
}

impl Replacement for Aging {
    fn on_hit(&mut self, _: &FrameTable, _: FrameId, _: &Access) {}

    fn hears_hits(&self) -> bool {
        false
    }

    fn on_load(&mut self, _: &FrameTable, _: FrameId, _: &Access) {}

    fn on_evict(&mut self, _: FrameId) {}

    fn choose_victim(&mut self, frames: &mut FrameTable, _: Time) -> Option<FrameId> {
        min_by_key(frames, |f| (f.aging, f.loaded_at))
    }

    fn tick(&mut self, frames: &mut FrameTable, _: Time) {
        for frame in 0..frames.len() {
            if frames.page(frame).is_some() {
                frames.age(frame, self.bits);
                frames.clear_referenced(frame);
            }
        }
    }

    fn resident(&self, frames: &FrameTable) -> Vec<Page> {
        in_frame_order(frames)
    }
}
