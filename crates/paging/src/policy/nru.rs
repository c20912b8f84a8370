//! NRU, Not Recently Used (Tanenbaum): four classes by the R and M bits, and a victim drawn
//! at random from the lowest class that is not empty.
//!
//! Class 0: not referenced, not modified. Class 1: not referenced, modified (R was cleared
//! by a tick after the write). Class 2: referenced, not modified. Class 3: referenced and
//! modified. A clean page that has not been used lately is the cheapest to lose; a
//! referenced page is likely to be used again. Every tick clears R, so "recently" means
//! "since the last tick".
//!
//! Ties (several pages in the lowest class) are broken by the seeded generator, as the
//! textbook's "at random". `resident` lists pages in frame-number order.

use super::{Access, Replacement, in_frame_order};
use crate::frames::{Frame, FrameId, FrameTable, Page, Time};
use crate::rng::SplitMix64;

#[derive(Debug, Clone)]
pub struct Nru {
    rng: SplitMix64,
}

impl Nru {
    pub fn new(seed: u64) -> Nru {
        Nru {
            rng: SplitMix64::new(seed),
        }
    }
}

/// A page's NRU class, 0 (best to evict) to 3.
pub fn class(frame: &Frame) -> u8 {
    2 * u8::from(frame.referenced) + u8::from(frame.modified)
}

impl Replacement for Nru {
    fn on_hit(&mut self, _: &FrameTable, _: FrameId, _: &Access) {}

    fn hears_hits(&self) -> bool {
        false
    }

    fn on_load(&mut self, _: &FrameTable, _: FrameId, _: &Access) {}

    fn on_evict(&mut self, _: FrameId) {}

    fn choose_victim(&mut self, frames: &mut FrameTable, _: Time) -> Option<FrameId> {
        let lowest = frames.occupied().map(|(_, f)| class(f)).min()?;
        let count = frames
            .occupied()
            .filter(|(_, f)| class(f) == lowest)
            .count() as u64;
        let pick = self.rng.below(count) as usize;
        frames
            .occupied()
            .filter(|(_, f)| class(f) == lowest)
            .nth(pick)
            .map(|(id, _)| id)
    }

    fn tick(&mut self, frames: &mut FrameTable, _: Time) {
        for frame in 0..frames.len() {
            frames.clear_referenced(frame);
        }
    }

    fn resident(&self, frames: &FrameTable) -> Vec<Page> {
        in_frame_order(frames)
    }
}
