//! OPT, Belady's optimal policy: evict the page whose next use lies furthest in the future.
//!
//! No real system can run it (it needs the future), but it is the yardstick: no policy has
//! fewer faults on the same reference string and frame count. Here the future arrives with
//! every access as `next_use`, the time the same page is next referenced (computed from the
//! reference string, or from a recorded first run of a program).
//!
//! The frames sit in a max-heap keyed by next use, so a victim costs O(log n) instead of a
//! scan of every frame against the rest of the string. The heap is lazy: an access pushes
//! the frame's new key and leaves the old one behind; stale entries are skipped when they
//! reach the top, and the heap is rebuilt when stale entries outnumber live ones.
//!
//! Ties: two resident pages can only share a next use when neither is used again; among
//! those the earliest loaded goes (first in, first out). `resident` lists pages in
//! frame-number order.

use std::cmp::Reverse;
use std::collections::BinaryHeap;

use super::{Access, Replacement, in_frame_order};
use crate::frames::{FrameId, FrameTable, Page, Time};

/// A frame's place in the heap: next use (never = the end of time), then earliest load.
type Key = (Time, Reverse<Time>);

#[derive(Debug, Clone)]
pub struct Opt {
    /// The current key of each frame (`None` when free).
    keys: Vec<Option<Key>>,
    heap: BinaryHeap<(Key, FrameId)>,
}

impl Opt {
    pub fn new(frames: usize) -> Opt {
        Opt {
            keys: vec![None; frames],
            heap: BinaryHeap::with_capacity(frames * 2 + 16),
        }
    }

    fn set_key(&mut self, frames: &FrameTable, frame: FrameId, access: &Access) {
        let Some(slot) = self.keys.get_mut(frame) else {
            return;
        };
        let key = (
            access.next_use.unwrap_or(Time::MAX),
            Reverse(frames.frame(frame).loaded_at),
        );
        *slot = Some(key);
        self.heap.push((key, frame));
        if self.heap.len() > 2 * self.keys.len() + 16 {
            self.rebuild();
        }
    }

    /// Drops the stale entries: one entry per resident frame remains.
    fn rebuild(&mut self) {
        self.heap = self
            .keys
            .iter()
            .enumerate()
            .filter_map(|(frame, key)| key.map(|key| (key, frame)))
            .collect();
    }
}

impl Replacement for Opt {
    fn on_hit(&mut self, frames: &FrameTable, frame: FrameId, access: &Access) {
        self.set_key(frames, frame, access);
    }

    fn on_load(&mut self, frames: &FrameTable, frame: FrameId, access: &Access) {
        self.set_key(frames, frame, access);
    }

    fn on_evict(&mut self, frame: FrameId) {
        if let Some(slot) = self.keys.get_mut(frame) {
            *slot = None;
        }
    }

    fn choose_victim(&mut self, _: &mut FrameTable, _: Time) -> Option<FrameId> {
        while let Some(&(key, frame)) = self.heap.peek() {
            if self.keys[frame] == Some(key) {
                return Some(frame);
            }
            self.heap.pop();
        }
        None
    }

    fn resident(&self, frames: &FrameTable) -> Vec<Page> {
        in_frame_order(frames)
    }
}
