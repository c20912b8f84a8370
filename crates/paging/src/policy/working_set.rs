//! Working Set and WSClock (Denning; in Tanenbaum's form, Modern Operating Systems 3.4.8
//! and 3.4.9): keep the pages a process used in its last tau references, evict the others.
//!
//! Both keep a "time of last use" per page (the frame's `ws_stamp`), refreshed from the R
//! bit: a fault that finds R set records the current virtual time, and so does the clock
//! tick before it clears R (Tanenbaum's text only clears R at the tick; stamping first
//! keeps a use just before a tick from being forgotten). A page's age is now minus that stamp; a page older than tau has left the working
//! set.
//!
//! **Working Set.** On a fault, scan every frame in frame order. R set: stamp it with now.
//! R clear and age > tau: the first such page is the victim (the scan still stamps the rest).
//! If none is older than tau, evict the R-clear page with the greatest age (ties: lowest
//! frame). If every page has R set, evict the first clean page, or else frame 0's page
//! (the textbook says "at random, preferably a clean page"; we pick deterministically).
//!
//! **WSClock** puts the same test on a clock hand. At the hand: R set, clear it, stamp it,
//! move on. R clear, age > tau and clean: the victim. R clear, age > tau and dirty: write
//! it back now (it becomes clean; the write-back is counted) and move on. After a full lap,
//! if writes were scheduled the hand goes round again and the first written page it meets
//! is clean and old, so it goes. If no write was scheduled, every page is in the working
//! set: the first clean page from the hand goes, or else the page at the hand.
//!
//! `resident`: frame-number order for Working Set, from the hand for WSClock.

use super::{Access, Replacement, from_hand, in_frame_order};
use crate::frames::{FrameId, FrameTable, Page, Time};

/// The periodic tick both policies share: pages with R set were used in the interval just
/// ending, so they are stamped with now before R is cleared (otherwise a use just before a
/// tick would be forgotten by the next fault).
fn stamp_and_clear(frames: &mut FrameTable, now: Time) {
    for frame in 0..frames.len() {
        if frames.frame(frame).page.is_some() && frames.frame(frame).referenced {
            frames.stamp(frame, now);
            frames.clear_referenced(frame);
        }
    }
}

#[derive(Debug, Clone)]
pub struct WorkingSet {
    tau: u64,
}

impl WorkingSet {
    pub fn new(tau: u64) -> WorkingSet {
        WorkingSet { tau }
    }
}

impl Replacement for WorkingSet {
    fn on_hit(&mut self, _: &FrameTable, _: FrameId, _: &Access) {}

    fn hears_hits(&self) -> bool {
        false
    }

    fn on_load(&mut self, _: &FrameTable, _: FrameId, _: &Access) {}

    fn on_evict(&mut self, _: FrameId) {}

    fn choose_victim(&mut self, frames: &mut FrameTable, now: Time) -> Option<FrameId> {
        let mut outside = None;
        let mut oldest: Option<(Time, FrameId)> = None;
        for frame in 0..frames.len() {
            let f = frames.frame(frame);
            if f.page.is_none() {
                continue;
            }
            if f.referenced {
                frames.stamp(frame, now);
                continue;
            }
            let stamp = f.ws_stamp;
            if outside.is_none() && now.saturating_sub(stamp) > self.tau {
                outside = Some(frame);
            }
            if oldest.is_none_or(|(best, _)| stamp < best) {
                oldest = Some((stamp, frame));
            }
        }
        outside
            .or(oldest.map(|(_, frame)| frame))
            .or_else(|| {
                frames
                    .occupied()
                    .find(|(_, f)| !f.modified)
                    .map(|(id, _)| id)
            })
            .or_else(|| frames.occupied().next().map(|(id, _)| id))
    }

    fn tick(&mut self, frames: &mut FrameTable, now: Time) {
        stamp_and_clear(frames, now);
    }

    fn resident(&self, frames: &FrameTable) -> Vec<Page> {
        in_frame_order(frames)
    }
}

#[derive(Debug, Clone)]
pub struct WsClock {
    tau: u64,
    hand: FrameId,
}

impl WsClock {
    pub fn new(tau: u64) -> WsClock {
        WsClock { tau, hand: 0 }
    }

    /// Moves the hand past `frame` and returns it as the victim.
    fn take(&mut self, frames: &FrameTable, frame: FrameId) -> Option<FrameId> {
        self.hand = (frame + 1) % frames.len();
        Some(frame)
    }
}

impl Replacement for WsClock {
    fn on_hit(&mut self, _: &FrameTable, _: FrameId, _: &Access) {}

    fn hears_hits(&self) -> bool {
        false
    }

    fn on_load(&mut self, _: &FrameTable, _: FrameId, _: &Access) {}

    fn on_evict(&mut self, _: FrameId) {}

    fn choose_victim(&mut self, frames: &mut FrameTable, now: Time) -> Option<FrameId> {
        let n = frames.len();
        self.hand %= n.max(1);
        let mut scheduled_writes = false;
        for lap in 0..2 {
            for step in 0..n {
                let frame = (self.hand + step) % n;
                let f = frames.frame(frame);
                if f.page.is_none() {
                    continue;
                }
                if f.referenced {
                    frames.clear_referenced(frame);
                    frames.stamp(frame, now);
                } else if now.saturating_sub(f.ws_stamp) > self.tau {
                    if !f.modified {
                        return self.take(frames, frame);
                    }
                    frames.clean(frame);
                    scheduled_writes = true;
                }
            }
            if lap == 0 && !scheduled_writes {
                break;
            }
        }
        let from_hand = (0..n).map(|step| (self.hand + step) % n);
        let victim = from_hand
            .clone()
            .find(|&frame| frames.frame(frame).page.is_some() && !frames.frame(frame).modified)
            .or_else(|| {
                from_hand
                    .clone()
                    .find(|&frame| frames.page(frame).is_some())
            })?;
        self.take(frames, victim)
    }

    fn tick(&mut self, frames: &mut FrameTable, now: Time) {
        stamp_and_clear(frames, now);
    }

    fn resident(&self, frames: &FrameTable) -> Vec<Page> {
        from_hand(frames, self.hand)
    }
}
