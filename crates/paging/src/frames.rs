//! Physical memory as the replacement policies see it: a table with one row per frame.
//!
//! Each row says which virtual page lives in the frame (if any) and the bookkeeping a
//! page-replacement policy may look at:
//!
//! - the **referenced bit** (R) and the **modified bit** (M), which the hardware (here, the
//!   simulator playing the MMU) sets on every access and every write; policies may clear R
//!   (Clock's sweeping hand, NRU's periodic clear, Aging's tick) and a policy that writes a
//!   dirty page back early (WSClock) clears M;
//! - the **load time** and **last use time**, in virtual time (the index of the access);
//! - counters some policies keep per frame: the **use count** (LFU), the **aging counter**
//!   (Aging) and the **working-set stamp** (Working Set and WSClock: the time of last use as
//!   those algorithms see it, refreshed only when they find R set).
//!
//! The table hands out free frames lowest number first, so a run fills frames 0, 1, 2, ...
//! before any policy is asked for a victim.

use serde::Serialize;

/// A virtual page number.
pub type Page = u64;
/// Virtual time: the index of an access in the run (0 for the first).
pub type Time = u64;
/// A physical frame number, an index into the [`FrameTable`].
pub type FrameId = usize;

/// The most frames a table may have; larger requests are refused rather than attempted.
pub const MAX_FRAMES: usize = 1 << 20;

/// One physical frame and what the policies know about its page.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Frame {
    /// The resident page, or `None` for a free frame.
    pub page: Option<Page>,
    /// R: set by every access, cleared by some policies.
    pub referenced: bool,
    /// M: set by a write; the page must be written back to swap before its frame is reused.
    pub modified: bool,
    /// When the page was loaded into this frame.
    pub loaded_at: Time,
    /// When the page was last accessed.
    pub last_used: Time,
    /// Accesses since the page was loaded (LFU's count).
    pub use_count: u64,
    /// Aging's counter: R is shifted in at the top on every tick.
    pub aging: u64,
    /// Working Set's and WSClock's "time of last use", refreshed when they see R set.
    pub ws_stamp: Time,
}

/// Why a frame table could not be made.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FrameError {
    NoFrames,
    TooManyFrames(u64),
}

impl std::fmt::Display for FrameError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            FrameError::NoFrames => write!(f, "frames: there must be at least 1 frame"),
            FrameError::TooManyFrames(n) => {
                write!(f, "frames: {n} is too many (at most {MAX_FRAMES})")
            }
        }
    }
}

impl std::error::Error for FrameError {}

/// Every physical frame, with a stack of the free ones.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FrameTable {
    /// A boxed slice, as it never grows (see `assoc::SetAssociative` for why).
    frames: Box<[Frame]>,
    /// Free frames, the lowest number on top so frames fill in order.
    free: Vec<FrameId>,
    /// Pages a policy wrote back to swap ahead of eviction (WSClock), not yet reported.
    pub(crate) cleaned: Vec<Page>,
}

impl FrameTable {
    /// Bytes a copy of the table takes.
    pub fn footprint(&self) -> usize {
        self.frames.len() * std::mem::size_of::<Frame>()
            + self.free.capacity() * std::mem::size_of::<FrameId>()
            + self.cleaned.capacity() * std::mem::size_of::<Page>()
    }

    /// A table of `count` free frames; 0 and more than [`MAX_FRAMES`] are refused.
    pub fn new(count: u64) -> Result<FrameTable, FrameError> {
        if count == 0 {
            return Err(FrameError::NoFrames);
        }
        let count = usize::try_from(count)
            .ok()
            .filter(|&n| n <= MAX_FRAMES)
            .ok_or(FrameError::TooManyFrames(count))?;
        Ok(FrameTable {
            frames: vec![Frame::default(); count].into_boxed_slice(),
            free: (0..count).rev().collect(),
            cleaned: Vec::new(),
        })
    }

    /// How many frames there are.
    pub fn len(&self) -> usize {
        self.frames.len()
    }

    /// Always false: a table has at least one frame.
    pub fn is_empty(&self) -> bool {
        self.frames.is_empty()
    }

    /// Whether every frame holds a page (only then does a policy choose a victim).
    pub fn is_full(&self) -> bool {
        self.free.is_empty()
    }

    /// The frame with this number.
    ///
    /// # Panics
    /// If `id` is not below [`len`](Self::len): frame numbers come from the table itself,
    /// never from user input. The mutators below ignore an out-of-range number instead.
    pub fn frame(&self, id: FrameId) -> &Frame {
        &self.frames[id]
    }

    /// All frames, in frame-number order.
    pub fn frames(&self) -> &[Frame] {
        &self.frames
    }

    /// The resident page of a frame.
    pub fn page(&self, id: FrameId) -> Option<Page> {
        self.frames.get(id).and_then(|f| f.page)
    }

    /// Frames holding a page, in frame-number order. The walk stops at the last occupied
    /// frame, so a huge table with few pages loaded stays cheap.
    pub fn occupied(&self) -> impl Iterator<Item = (FrameId, &Frame)> {
        self.frames
            .iter()
            .enumerate()
            .filter(|(_, f)| f.page.is_some())
            .take(self.occupied_count())
    }

    /// How many frames hold a page.
    pub fn occupied_count(&self) -> usize {
        self.frames.len() - self.free.len()
    }

    /// Takes the lowest-numbered free frame, if any.
    pub fn take_free(&mut self) -> Option<FrameId> {
        self.free.pop()
    }

    /// Puts `page` into a frame taken with [`take_free`](Self::take_free) or emptied by
    /// [`evict`](Self::evict): the MMU sets R (and M for a write) as for any access.
    pub fn load(&mut self, id: FrameId, page: Page, write: bool, now: Time) {
        let Some(frame) = self.frames.get_mut(id) else {
            return;
        };
        *frame = Frame {
            page: Some(page),
            referenced: true,
            modified: write,
            loaded_at: now,
            last_used: now,
            use_count: 1,
            aging: 0,
            ws_stamp: now,
        };
    }

    /// An access to the page resident in `id`: the MMU sets R, and M on a write.
    #[inline(always)]
    pub fn touch(&mut self, id: FrameId, write: bool, now: Time) {
        // One bounds check (a test of the length, then indexing, made two).
        let Some(frame) = self.frames.get_mut(id) else {
            return;
        };
        frame.referenced = true;
        frame.modified |= write;
        frame.last_used = now;
        frame.use_count = frame.use_count.saturating_add(1);
    }

    /// Empties a frame, returning its page and whether it was dirty (so must be written
    /// back). The frame is not returned to the free stack: the caller loads it next. A free
    /// frame gives `None`.
    pub fn evict(&mut self, id: FrameId) -> Option<(Page, bool)> {
        let frame = std::mem::take(self.frames.get_mut(id)?);
        frame.page.map(|page| (page, frame.modified))
    }

    /// Empties a frame and returns it to the free stack (a page unmapped, not replaced).
    pub fn release(&mut self, id: FrameId) -> Option<(Page, bool)> {
        let evicted = self.evict(id);
        if evicted.is_some() {
            // Keep the lowest number on top so frames keep filling in order.
            self.free.push(id);
            self.free.sort_unstable_by(|a, b| b.cmp(a));
        }
        evicted
    }

    /// Clears R (a policy giving the page a second chance, or a periodic clear).
    pub fn clear_referenced(&mut self, id: FrameId) {
        if let Some(frame) = self.frames.get_mut(id) {
            frame.referenced = false;
        }
    }

    /// Writes a dirty page back to swap now, ahead of its eviction: M is cleared and the
    /// write-back is recorded for [`take_cleaned`](Self::take_cleaned).
    pub fn clean(&mut self, id: FrameId) {
        let Some(frame) = self.frames.get_mut(id) else {
            return;
        };
        if let (Some(page), true) = (frame.page, frame.modified) {
            frame.modified = false;
            self.cleaned.push(page);
        }
    }

    /// The pages written back early since the last call.
    pub fn take_cleaned(&mut self) -> Vec<Page> {
        std::mem::take(&mut self.cleaned)
    }

    /// Aging's tick for one frame: the counter shifts right and R enters at bit `bits - 1`.
    pub fn age(&mut self, id: FrameId, bits: u32) {
        let Some(frame) = self.frames.get_mut(id) else {
            return;
        };
        let top = u64::from(frame.referenced) << (bits.clamp(1, 64) - 1);
        frame.aging = (frame.aging >> 1) | top;
    }

    /// Sets the working-set stamp (the time of last use as Working Set sees it).
    pub fn stamp(&mut self, id: FrameId, now: Time) {
        if let Some(frame) = self.frames.get_mut(id) {
            frame.ws_stamp = now;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn frames_fill_lowest_first_and_zero_frames_is_an_error() {
        assert_eq!(FrameTable::new(0), Err(FrameError::NoFrames));
        assert!(FrameTable::new(u64::MAX).is_err());
        let mut table = FrameTable::new(3).unwrap();
        assert_eq!(table.take_free(), Some(0));
        table.load(0, 7, false, 0);
        assert_eq!(table.take_free(), Some(1));
        table.load(1, 8, true, 1);
        assert_eq!(table.release(0), Some((7, false)));
        assert_eq!(table.take_free(), Some(0));
        assert_eq!(table.take_free(), Some(2));
        assert_eq!(table.take_free(), None);
        assert!(table.is_full());
    }

    #[test]
    fn touch_sets_r_and_m_and_clean_records_a_write_back() {
        let mut table = FrameTable::new(1).unwrap();
        table.load(0, 5, false, 0);
        table.clear_referenced(0);
        table.touch(0, true, 4);
        let frame = table.frame(0);
        assert!(frame.referenced && frame.modified);
        assert_eq!((frame.last_used, frame.use_count), (4, 2));
        table.clean(0);
        table.clean(0);
        assert_eq!(table.take_cleaned(), vec![5]);
        assert_eq!(table.evict(0), Some((5, false)));
        // Out-of-range frame numbers are ignored, not a crash.
        table.touch(9, true, 5);
        table.clean(9);
        assert_eq!(table.evict(9), None);
    }

    #[test]
    fn aging_shifts_r_in_at_the_top_bit() {
        let mut table = FrameTable::new(1).unwrap();
        table.load(0, 1, false, 0);
        table.age(0, 8);
        assert_eq!(table.frame(0).aging, 0b1000_0000);
        table.clear_referenced(0);
        table.age(0, 8);
        assert_eq!(table.frame(0).aging, 0b0100_0000);
        table.touch(0, false, 1);
        table.age(0, 64);
        assert_eq!(table.frame(0).aging, (1 << 63) | 0b0010_0000);
    }
}
