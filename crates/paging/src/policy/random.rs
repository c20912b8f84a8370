//! Random replacement: any resident page may go, chosen by a seeded generator.
//!
//! It knows nothing about use, so it is a baseline: better than MRU on most strings, worse
//! than LRU on strings with locality. The generator is SplitMix64, so a seed gives the same
//! victims natively and in WebAssembly. `resident` lists pages in frame-number order.

use super::{Access, Replacement, in_frame_order};
use crate::frames::{FrameId, FrameTable, Page, Time};
use crate::rng::SplitMix64;

#[derive(Debug, Clone)]
pub struct RandomPolicy {
    rng: SplitMix64,
}

impl RandomPolicy {
    pub fn new(seed: u64) -> RandomPolicy {
        RandomPolicy {
            rng: SplitMix64::new(seed),
        }
    }
}

impl Replacement for RandomPolicy {
    fn on_hit(&mut self, _: &FrameTable, _: FrameId, _: &Access) {}

    fn hears_hits(&self) -> bool {
        false
    }

    fn on_load(&mut self, _: &FrameTable, _: FrameId, _: &Access) {}

    fn on_evict(&mut self, _: FrameId) {}

    fn choose_victim(&mut self, frames: &mut FrameTable, _: Time) -> Option<FrameId> {
        let n = frames.len();
        let start = self.rng.below(n as u64) as usize;
        // All frames are full when a victim is asked for; the walk only guards the rule.
        (0..n)
            .map(|step| (start + step) % n)
            .find(|&frame| frames.page(frame).is_some())
    }

    fn resident(&self, frames: &FrameTable) -> Vec<Page> {
        in_frame_order(frames)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splitmix_matches_its_reference_output() {
        // The first outputs for seed 1234567 from the reference C implementation.
        let mut rng = SplitMix64::new(1234567);
        assert_eq!(rng.next_u64(), 6457827717110365317);
        assert_eq!(rng.next_u64(), 3203168211198807973);
        let mut rng = SplitMix64::new(7);
        assert!((0..1000).all(|_| rng.below(3) < 3));
        assert_eq!(rng.below(0), 0);
    }
}
