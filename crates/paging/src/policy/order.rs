//! FIFO, LRU and MRU: policies that keep the resident frames in one queue.
//!
//! - **FIFO** queues frames in the order their pages were loaded and evicts the front: the
//!   page that has been in memory longest, however busy it is. It can suffer Belady's
//!   anomaly: more frames, more faults (1,2,3,4,1,2,5,1,2,3,4,5: 9 faults with 3 frames,
//!   10 with 4).
//! - **LRU** moves a frame to the back on every use, so the front is the least recently
//!   used page. It is a stack algorithm: it never shows Belady's anomaly.
//! - **MRU** keeps the same order and evicts the back, the page used last: good for a loop
//!   over more pages than fit, bad for almost everything else.
//!
//! The queue is a doubly linked list threaded through arrays indexed by frame number, so
//! every operation (move to back, evict front or back, unlink) is O(1): no scan, even at
//! 1024 frames. Ties cannot arise: every frame has its own place in the queue.
//! `resident` lists the queue from front to back (oldest load, or least recent use, first).

use super::{Access, Replacement};
use crate::frames::{FrameId, FrameTable, Page, Time};

const NIL: u32 = u32::MAX;
/// `prev` of a frame that is not in the queue.
const UNLINKED: u32 = u32::MAX - 1;

/// A frame's neighbours in the queue, side by side so one cache line serves a move.
#[derive(Debug, Clone, Copy)]
struct Link {
    prev: u32,
    next: u32,
}

/// A queue of frame numbers with O(1) unlink, as a doubly linked list in an array.
#[derive(Debug, Clone)]
pub struct FrameQueue {
    /// A boxed slice, as it never grows (see `assoc::SetAssociative` for why).
    links: Box<[Link]>,
    head: u32,
    tail: u32,
}

impl FrameQueue {
    /// A queue for frames `0..frames` (at most [`MAX_FRAMES`](crate::frames::MAX_FRAMES)).
    pub fn new(frames: usize) -> FrameQueue {
        let unlinked = Link {
            prev: UNLINKED,
            next: NIL,
        };
        FrameQueue {
            links: vec![unlinked; frames.min(crate::frames::MAX_FRAMES)].into_boxed_slice(),
            head: NIL,
            tail: NIL,
        }
    }

    /// The front (oldest) frame.
    pub fn front(&self) -> Option<FrameId> {
        (self.head != NIL).then_some(self.head as FrameId)
    }

    /// The back (newest) frame.
    pub fn back(&self) -> Option<FrameId> {
        (self.tail != NIL).then_some(self.tail as FrameId)
    }

    /// Appends a frame at the back, moving it there if it is already queued.
    #[inline(always)]
    pub fn push_back(&mut self, frame: FrameId) {
        if frame >= self.links.len() || self.tail == frame as u32 {
            return;
        }
        self.unlink(frame);
        let id = frame as u32;
        self.links[frame] = Link {
            prev: self.tail,
            next: NIL,
        };
        if self.tail == NIL {
            self.head = id;
        } else {
            self.links[self.tail as usize].next = id;
        }
        self.tail = id;
    }

    /// Takes a frame out of the queue (nothing if it is not queued).
    #[inline(always)]
    pub fn unlink(&mut self, frame: FrameId) {
        if frame >= self.links.len() {
            return;
        }
        let Link { prev, next } = self.links[frame];
        if prev == UNLINKED {
            return;
        }
        if prev == NIL {
            self.head = next;
        } else {
            self.links[prev as usize].next = next;
        }
        if next == NIL {
            self.tail = prev;
        } else {
            self.links[next as usize].prev = prev;
        }
        self.links[frame] = Link {
            prev: UNLINKED,
            next: NIL,
        };
    }

    /// Whether `frame` is in the queue.
    pub fn holds(&self, frame: FrameId) -> bool {
        self.links
            .get(frame)
            .is_some_and(|link| link.prev != UNLINKED)
    }

    /// The queued frames, front to back.
    pub fn iter(&self) -> impl Iterator<Item = FrameId> + '_ {
        let mut at = self.head;
        std::iter::from_fn(move || {
            (at != NIL).then(|| {
                let here = at;
                at = self.links[at as usize].next;
                here as FrameId
            })
        })
    }

    fn pages(&self, frames: &FrameTable) -> Vec<Page> {
        self.iter().filter_map(|f| frames.page(f)).collect()
    }
}

/// First in, first out.
#[derive(Debug, Clone)]
pub struct Fifo {
    queue: FrameQueue,
}

impl Fifo {
    pub fn new(frames: usize) -> Fifo {
        Fifo {
            queue: FrameQueue::new(frames),
        }
    }
}

impl Replacement for Fifo {
    fn on_hit(&mut self, _: &FrameTable, _: FrameId, _: &Access) {}

    fn hears_hits(&self) -> bool {
        false
    }

    fn on_load(&mut self, _: &FrameTable, frame: FrameId, _: &Access) {
        self.queue.push_back(frame);
    }

    fn on_evict(&mut self, frame: FrameId) {
        self.queue.unlink(frame);
    }

    fn choose_victim(&mut self, _: &mut FrameTable, _: Time) -> Option<FrameId> {
        self.queue.front()
    }

    fn resident(&self, frames: &FrameTable) -> Vec<Page> {
        self.queue.pages(frames)
    }
}

/// Least recently used.
///
/// A use moves its frame to the back at once, unless uses are noted
/// ([`Lru::note_uses`]). Then a use does nothing here: the frame table already keeps each
/// frame's last use, and the queue is put in order only when a victim is chosen (or the
/// order is shown). The frames used since it was last put in order were used after every
/// other, so they go to the back in the order of their last use, which is the order moving
/// each at its use would have made. Noting pays where faults are rare: a program's accesses
/// alternate between its stack page and its heap pages, and moving at each was a seventh of
/// the machine's time. Where faults are frequent (reference strings, the Belady sweeps),
/// looking through the frames at each costs more than moving did.
#[derive(Debug, Clone)]
pub struct Lru {
    queue: FrameQueue,
    noting: bool,
    /// When the queue was last put in order: a frame whose last use (in the frame table)
    /// is no earlier may have been used since, and is put in order again. (No earlier, not
    /// later: an access that fails after a victim was chosen leaves the time where it was,
    /// so the next access, a use, has the same time as the choice.)
    settled_at: Time,
}

impl Lru {
    pub fn new(frames: usize) -> Lru {
        Lru {
            queue: FrameQueue::new(frames),
            noting: false,
            settled_at: 0,
        }
    }

    /// From now on, reads uses from the frame table rather than moving at each (see
    /// [`Lru`]).
    pub fn note_uses(&mut self) {
        self.noting = true;
    }

    /// When `frame` was last used, by the frame table (0 for a frame it lacks).
    fn last_use(frames: &FrameTable, frame: FrameId) -> Time {
        frames.frames().get(frame).map_or(0, |f| f.last_used)
    }

    /// The queued frames used since the queue was last put in order, least recent first.
    /// The frame table is read straight through rather than the queue followed link by
    /// link: a thrashing program chooses a victim at every access.
    fn unsettled(&self, frames: &FrameTable) -> Vec<FrameId> {
        let mut used: Vec<FrameId> = frames
            .frames()
            .iter()
            .enumerate()
            .filter(|(id, frame)| frame.last_used >= self.settled_at && self.queue.holds(*id))
            .map(|(id, _)| id)
            .collect();
        used.sort_by_key(|&frame| Lru::last_use(frames, frame));
        used
    }

    /// Moves the frames used since the last time to the back, least recent first.
    fn settle(&mut self, frames: &FrameTable, now: Time) {
        if !self.noting || now == self.settled_at {
            return;
        }
        for frame in self.unsettled(frames) {
            self.queue.push_back(frame);
        }
        self.settled_at = now;
    }
}

impl Replacement for Lru {
    #[inline(always)]
    fn on_hit(&mut self, _: &FrameTable, frame: FrameId, _: &Access) {
        if !self.noting {
            self.queue.push_back(frame);
        }
    }

    /// The loaded frame goes to the back (after the frames used before it, once they are
    /// put in order; it is the most recent of them all).
    fn on_load(&mut self, _: &FrameTable, frame: FrameId, _: &Access) {
        self.queue.push_back(frame);
    }

    /// Taking a frame out leaves the others' order as it was; its last use is forgotten
    /// with its page.
    fn on_evict(&mut self, frame: FrameId) {
        self.queue.unlink(frame);
    }

    fn choose_victim(&mut self, frames: &mut FrameTable, now: Time) -> Option<FrameId> {
        self.settle(frames, now);
        self.queue.front()
    }

    fn resident(&self, frames: &FrameTable) -> Vec<Page> {
        if !self.noting {
            return self.queue.pages(frames);
        }
        let recent = self.unsettled(frames);
        self.queue
            .iter()
            .filter(|&frame| Lru::last_use(frames, frame) < self.settled_at)
            .chain(recent)
            .filter_map(|frame| frames.page(frame))
            .collect()
    }

    fn hears_hits(&self) -> bool {
        !self.noting
    }
}

/// Most recently used.
#[derive(Debug, Clone)]
pub struct Mru {
    queue: FrameQueue,
}

impl Mru {
    pub fn new(frames: usize) -> Mru {
        Mru {
            queue: FrameQueue::new(frames),
        }
    }
}

impl Replacement for Mru {
    #[inline]
    fn on_hit(&mut self, _: &FrameTable, frame: FrameId, _: &Access) {
        self.queue.push_back(frame);
    }

    fn on_load(&mut self, _: &FrameTable, frame: FrameId, _: &Access) {
        self.queue.push_back(frame);
    }

    fn on_evict(&mut self, frame: FrameId) {
        self.queue.unlink(frame);
    }

    fn choose_victim(&mut self, _: &mut FrameTable, _: Time) -> Option<FrameId> {
        self.queue.back()
    }

    fn resident(&self, frames: &FrameTable) -> Vec<Page> {
        self.queue.pages(frames)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[derive(Debug, Clone)]
    enum Event {
        Use(FrameId),
        Evict,
        Unmap(FrameId),
        Look,
        /// A victim chosen by an access that then fails: the next event has its time.
        ChooseAndFail,
    }

    proptest! {
        /// LRU, moving at each use or noting uses and ordering its queue only when read,
        /// evicts and lists exactly as a model queue that moves each frame at its use.
        #[test]
        fn noted_uses_order_the_queue_as_moving_at_each_use_does(
            frames in 1usize..6,
            noting in any::<bool>(),
            events in prop::collection::vec(
                prop_oneof![
                    6 => (0usize..6).prop_map(Event::Use),
                    1 => Just(Event::Evict),
                    1 => (0usize..6).prop_map(Event::Unmap),
                    2 => Just(Event::Look),
                    1 => Just(Event::ChooseAndFail),
                ],
                1..120,
            ),
        ) {
            let mut table = FrameTable::new(frames as u64).expect("a small table");
            let mut lru = Lru::new(frames);
            if noting {
                lru.note_uses();
            }
            // The model: resident frames, least recently used first.
            let mut order: Vec<FrameId> = Vec::new();
            let mut time: Time = 0;
            for event in events {
                if !matches!(event, Event::ChooseAndFail) {
                    time += 1;
                }
                let access = |page| Access { page, write: false, time, next_use: None };
                match event {
                    Event::Use(frame) if frame < frames => {
                        if let Some(at) = order.iter().position(|&f| f == frame) {
                            order.remove(at);
                            table.touch(frame, false, time);
                            lru.on_hit(&table, frame, &access(frame as Page));
                        } else {
                            table.load(frame, frame as Page, false, time);
                            lru.on_load(&table, frame, &access(frame as Page));
                        }
                        order.push(frame);
                    }
                    Event::Evict if !order.is_empty() => {
                        let victim = lru.choose_victim(&mut table, time);
                        prop_assert_eq!(victim, Some(order[0]));
                        let frame = order.remove(0);
                        lru.on_evict(frame);
                        table.evict(frame);
                    }
                    Event::ChooseAndFail if !order.is_empty() => {
                        let victim = lru.choose_victim(&mut table, time + 1);
                        prop_assert_eq!(victim, Some(order[0]));
                    }
                    Event::Unmap(frame) if order.contains(&frame) => {
                        order.retain(|&f| f != frame);
                        lru.on_evict(frame);
                        table.evict(frame);
                    }
                    _ => {}
                }
                let pages: Vec<Page> = order.iter().map(|&f| f as Page).collect();
                prop_assert_eq!(lru.resident(&table), pages);
            }
        }
    }

    #[test]
    fn the_queue_moves_and_unlinks_in_constant_steps() {
        let mut queue = FrameQueue::new(4);
        for frame in [0, 1, 2, 3] {
            queue.push_back(frame);
        }
        queue.push_back(1);
        queue.unlink(2);
        queue.unlink(2);
        queue.push_back(9);
        assert_eq!(queue.iter().collect::<Vec<_>>(), vec![0, 3, 1]);
        assert_eq!((queue.front(), queue.back()), (Some(0), Some(1)));
        for frame in [0, 3, 1] {
            queue.unlink(frame);
        }
        assert_eq!((queue.front(), queue.back()), (None, None));
    }
}
