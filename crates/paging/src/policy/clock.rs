//! Clock (second chance) and the enhanced clock: a hand sweeps the frames in a circle.
//!
//! **Clock.** On a fault the hand looks at the frame it points to. R set: the page was used
//! since the hand last passed, so it gets a second chance: R is cleared and the hand moves
//! on. R clear: that page is the victim, and the hand stops just past it. If every R is set
//! the hand goes once round clearing them and comes back to where it started: FIFO.
//!
//! **Enhanced clock** (Silberschatz's enhanced second chance, in Stallings's form) also
//! weighs the M bit, because evicting a dirty page costs a write to swap. Classes by (R, M):
//! (0,0) best, (0,1), (1,0), (1,1) worst. From the hand:
//! 1. go once round looking for (0,0), changing nothing;
//! 2. else go once round looking for (0,1), clearing R of every frame passed;
//! 3. else repeat 1 and then 2 (every R is now 0, so one of them finds a page).
//!
//! Ties go to the first frame met by the hand. The simulator sets R on the access that
//! loads a page (it was referenced), as the hardware would. `resident` lists pages from the
//! hand round the circle, so the first listed is the next the hand examines.

use super::{Access, Replacement, from_hand};
use crate::frames::{FrameId, FrameTable, Page, Time};

#[derive(Debug, Clone, Default)]
pub struct Clock {
    hand: FrameId,
}

impl Replacement for Clock {
    fn on_hit(&mut self, _: &FrameTable, _: FrameId, _: &Access) {}

    fn hears_hits(&self) -> bool {
        false
    }

    fn on_load(&mut self, _: &FrameTable, _: FrameId, _: &Access) {}

    fn on_evict(&mut self, _: FrameId) {}

    fn choose_victim(&mut self, frames: &mut FrameTable, _: Time) -> Option<FrameId> {
        let n = frames.len();
        // Two laps suffice: the first clears every R it meets.
        for _ in 0..=2 * n {
            let frame = self.hand % n;
            self.hand = (frame + 1) % n;
            match frames.frame(frame) {
                f if f.page.is_none() => {}
                f if f.referenced => frames.clear_referenced(frame),
                _ => return Some(frame),
            }
        }
        None
    }

    fn resident(&self, frames: &FrameTable) -> Vec<Page> {
        from_hand(frames, self.hand)
    }
}

#[derive(Debug, Clone, Default)]
pub struct EnhancedClock {
    hand: FrameId,
}

impl EnhancedClock {
    /// One lap from the hand looking for R = 0 and M = `dirty`; clears R on the way when
    /// asked to.
    fn lap(&mut self, frames: &mut FrameTable, dirty: bool, clear: bool) -> Option<FrameId> {
        let n = frames.len();
        for step in 0..n {
            let frame = (self.hand + step) % n;
            let f = frames.frame(frame);
            if f.page.is_none() {
                continue;
            }
            if !f.referenced && f.modified == dirty {
                self.hand = (frame + 1) % n;
                return Some(frame);
            }
            if clear {
                frames.clear_referenced(frame);
            }
        }
        None
    }
}

impl Replacement for EnhancedClock {
    fn on_hit(&mut self, _: &FrameTable, _: FrameId, _: &Access) {}

    fn hears_hits(&self) -> bool {
        false
    }

    fn on_load(&mut self, _: &FrameTable, _: FrameId, _: &Access) {}

    fn on_evict(&mut self, _: FrameId) {}

    fn choose_victim(&mut self, frames: &mut FrameTable, _: Time) -> Option<FrameId> {
        self.hand %= frames.len().max(1);
        self.lap(frames, false, false)
            .or_else(|| self.lap(frames, true, true))
            .or_else(|| self.lap(frames, false, false))
            .or_else(|| self.lap(frames, true, true))
    }

    fn resident(&self, frames: &FrameTable) -> Vec<Page> {
        from_hand(frames, self.hand)
    }
}
