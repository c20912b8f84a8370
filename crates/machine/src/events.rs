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

/// Where a run's events of one kind are, for a scrubber: how many steps had one, and which
/// of a fixed number of equal bins of the run hold at least one (a mark per bin, however
/// many events it covers).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct EventMarks {
    pub kind: EventKind,
    /// Steps with an event of this kind.
    pub steps: u64,
    /// Bins (0 to `bin_count` - 1, ascending) holding at least one such step.
    pub bins: Vec<u32>,
    pub bin_count: u32,
}

impl EventMarks {
    /// Where bin `bin`'s middle lies along the run, from 0 to 1.
    pub fn fraction(&self, bin: u32) -> f64 {
        (f64::from(bin) + 0.5) / f64::from(self.bin_count.max(1))
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
