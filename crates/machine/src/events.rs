//! What happened during a step, as a small set of kinds: the timeline keeps one set per
//! step, so "next page fault" or "previous free" is a search of a compact trail, not a
//! replay.

use serde::Serialize;

/// A kind of event the learner can jump to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum EventKind {
    /// A user function was called.
    Call,
    /// A user function returned.
    Return,
    /// malloc, calloc, realloc or strdup was called.
    Malloc,
    /// free or realloc was called.
    Free,
    /// A page fault, minor or major.
    PageFault,
    /// A page went out to swap or came back from it.
    Swap,
    /// A memory error or another runtime error was reported.
    Error,
    /// The program wrote output.
    Output,
}

impl EventKind {
    pub const ALL: &'static [EventKind] = &[
        EventKind::Call,
        EventKind::Return,
        EventKind::Malloc,
        EventKind::Free,
        EventKind::PageFault,
        EventKind::Swap,
        EventKind::Error,
        EventKind::Output,
    ];

    /// The name used on the command line and in JSON.
    pub fn name(self) -> &'static str {
        match self {
            EventKind::Call => "call",
            EventKind::Return => "return",
            EventKind::Malloc => "malloc",
            EventKind::Free => "free",
            EventKind::PageFault => "page-fault",
            EventKind::Swap => "swap",
            EventKind::Error => "error",
            EventKind::Output => "output",
        }
    }

    pub fn from_name(name: &str) -> Option<EventKind> {
        EventKind::ALL
            .iter()
            .copied()
            .find(|kind| kind.name() == name)
    }

    fn bit(self) -> u16 {
        1 << self as u16
    }
}

/// The kinds of event a step had: a bit each.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Hash)]
pub struct StepEvents(u16);

impl StepEvents {
    pub fn insert(&mut self, kind: EventKind) {
        self.0 |= kind.bit();
    }

    pub fn contains(self, kind: EventKind) -> bool {
        self.0 & kind.bit() != 0
    }

    pub fn is_empty(self) -> bool {
        self.0 == 0
    }

    /// The kinds present, in [`EventKind::ALL`]'s order.
    pub fn kinds(self) -> impl Iterator<Item = EventKind> {
        EventKind::ALL
            .iter()
            .copied()
            .filter(move |&kind| self.contains(kind))
    }
}

/// Where a run's events of one kind are, for a scrubber: how many steps had one, and at
/// which of `bin_count` evenly spaced positions along the run (the first at step 0, the last
/// at the last step, as a range input places its thumb) one lies nearest: a mark per
/// position, however many events it covers.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct EventMarks {
    pub kind: EventKind,
    /// Steps with an event of this kind.
    pub steps: u64,
    /// Positions (0 to `bin_count` - 1, ascending) nearest to at least one such step.
    pub bins: Vec<u32>,
    pub bin_count: u32,
}

impl EventMarks {
    /// Where position `bin` lies along the run, from 0 (the first step) to 1 (the last).
    pub fn fraction(&self, bin: u32) -> f64 {
        f64::from(bin) / f64::from(self.bin_count.saturating_sub(1).max(1))
    }

    /// The position nearest to `step` of a run whose last step is `last`.
    pub fn bin_of(step: u64, last: u64, bin_count: u32) -> u32 {
        let spaces = u64::from(bin_count.max(1) - 1);
        if last == 0 {
            return 0;
        }
        ((step.min(last) * spaces + last / 2) / last) as u32
    }
}

impl Serialize for StepEvents {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_seq(self.kinds())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn marks_stand_where_the_scrubber_thumb_stands() {
        let marks = |bins: Vec<u32>| EventMarks {
            kind: EventKind::Call,
            steps: bins.len() as u64,
            bins,
            bin_count: 400,
        };
        // A ten-step run: its last step at the right end, its middle in the middle.
        let last = EventMarks::bin_of(10, 10, 400);
        let middle = EventMarks::bin_of(5, 10, 400);
        let first = EventMarks::bin_of(0, 10, 400);
        let m = marks(vec![first, middle, last]);
        assert_eq!((first, last), (0, 399));
        assert_eq!(m.fraction(first), 0.0);
        assert_eq!(m.fraction(last), 1.0);
        assert!((m.fraction(middle) - 0.5).abs() < 0.002);
        // A run of one step has one place; one bin holds everything.
        assert_eq!(EventMarks::bin_of(0, 0, 400), 0);
        assert_eq!(EventMarks::bin_of(7, 9, 1), 0);
    }

    #[test]
    fn all_lists_the_kinds_in_declaration_order() {
        // Timeline::event_marks indexes by `kind as usize`.
        for (index, &kind) in EventKind::ALL.iter().enumerate() {
            assert_eq!(kind as usize, index);
        }
    }

    #[test]
    fn kinds_round_trip_through_names_and_bits() {
        let mut events = StepEvents::default();
        assert!(events.is_empty());
        events.insert(EventKind::PageFault);
        events.insert(EventKind::Call);
        assert_eq!(
            events.kinds().collect::<Vec<_>>(),
            vec![EventKind::Call, EventKind::PageFault]
        );
        assert!(!events.contains(EventKind::Swap));
        for &kind in EventKind::ALL {
            assert_eq!(EventKind::from_name(kind.name()), Some(kind));
        }
        assert_eq!(EventKind::from_name("fault"), None);
    }
}
