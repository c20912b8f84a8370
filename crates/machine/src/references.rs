//! The run's page reference string, for Belady's curve: the virtual page of every memory
//! access, collected while the timeline records the run, with immediate repeats merged (a
//! repeat is a hit that changes nothing for the policies the curve draws; see
//! `memplay_paging::belady`) and at most [`MAX_REFERENCES`] kept, so a ten-million-step run
//! neither fills memory nor makes the curve too slow to compute.

/// Page references kept at most (after merging repeats): 4 bytes each. A curve sweeps the
/// string once per policy and frame count, so this also bounds its time.
pub const MAX_REFERENCES: usize = 200_000;

#[derive(Debug, Clone, Default)]
pub struct ReferenceString {
    pages: Vec<u32>,
    /// Accesses the pages stand for, repeats included.
    accesses: u64,
    /// More references came after the string was full: it is the run's beginning only.
    capped: bool,
}

impl ReferenceString {
    /// Adds a reference to `page` (merged with the one before if it is the same page);
    /// false once the string is full (the caller can stop recording).
    #[inline]
    pub fn push(&mut self, page: u32) -> bool {
        if self.capped {
            return false;
        }
        if self.pages.last() == Some(&page) {
            return true;
        }
        if self.pages.len() == MAX_REFERENCES {
            self.capped = true;
            return false;
        }
        self.pages.push(page);
        true
    }

    /// Sets the accesses the pages stand for (the machine counts them).
    pub fn set_accesses(&mut self, accesses: u64) {
        self.accesses = accesses;
    }

    /// The pages, immediate repeats merged.
    pub fn pages(&self) -> &[u32] {
        &self.pages
    }

    /// Accesses the string stands for, repeats included (up to the step that filled it).
    pub fn accesses(&self) -> u64 {
        self.accesses
    }

    /// Whether the run made more references than the string keeps.
    pub fn is_capped(&self) -> bool {
        self.capped
    }

    /// Estimated bytes the string holds.
    pub fn bytes(&self) -> usize {
        self.pages.capacity() * std::mem::size_of::<u32>()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn repeats_are_merged() {
        let mut string = ReferenceString::default();
        for page in [3, 3, 4, 4, 4, 3] {
            assert!(string.push(page));
        }
        string.set_accesses(6);
        assert_eq!(string.pages(), &[3, 4, 3]);
        assert_eq!(string.accesses(), 6);
        assert!(!string.is_capped());
    }

    #[test]
    fn a_full_string_says_it_is_capped_and_keeps_its_beginning() {
        let mut string = ReferenceString::default();
        for i in 0..MAX_REFERENCES as u32 {
            assert!(string.push(i % 7));
        }
        assert!(!string.is_capped());
        assert!(
            string.push(string.pages()[MAX_REFERENCES - 1]),
            "a repeat still fits"
        );
        assert!(!string.push(99));
        assert!(string.is_capped());
        assert_eq!(string.pages().len(), MAX_REFERENCES);
        assert!(
            !string.push(string.pages()[MAX_REFERENCES - 1]),
            "full is full"
        );
    }
}
