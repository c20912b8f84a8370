//! The built-in tutorial: its lessons in order, each a scenario file with a lesson in
//! www/lessons/<id>.json (the web app fetches one when it opens, so the lessons cost the
//! first load nothing), and the learner's progress through them.

use serde::{Deserialize, Serialize};

/// A lesson of the tutorial, as its menu lists it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct LessonEntry {
    /// The file's name without `.json`, and the lesson's id in links and progress.
    pub id: &'static str,
    /// The scenario's title (a test keeps the two equal).
    pub title: &'static str,
}

/// The lessons in the order the tutorial takes them.
pub const LESSONS: [LessonEntry; 14] = [
    entry(
        "01-stack-frames",
        "Stack frames, locals and return addresses",
    ),
    entry(
        "02-recursion",
        "Recursion, and the overflow of endless recursion",
    ),
    entry(
        "03-big-array",
        "A big array on the stack, and stack size limits",
    ),
    entry(
        "04-malloc-free",
        "malloc and free: blocks, headers, pointers into the heap",
    ),
    entry("05-leaks", "Leaks, and running out of heap"),
    entry(
        "06-free-lists",
        "Free lists: first, next and best fit; splitting and coalescing",
    ),
    entry(
        "07-segregated-buddy",
        "Segregated lists and the buddy system",
    ),
    entry(
        "08-small-objects",
        "A small-object allocator (fixed-size chunk pools)",
    ),
    entry("09-threads", "Threads: a stack each, one shared heap"),
    entry(
        "10-address-space",
        "The virtual address space of a 32-bit process",
    ),
    entry("11-paging-tlb", "Paging and page tables; the TLB"),
    entry(
        "12-page-faults-replacement",
        "Page faults, swapping and replacement; Belady's anomaly",
    ),
    entry(
        "13-caches-locality",
        "Caches and locality: a hot frame is cheap, a fault is dear",
    ),
    entry(
        "14-heap-vs-heap",
        "\"Heap\" the memory versus \"heap\" the data structure",
    ),
];

const fn entry(id: &'static str, title: &'static str) -> LessonEntry {
    LessonEntry { id, title }
}

pub fn find(id: &str) -> Option<LessonEntry> {
    LESSONS.iter().copied().find(|lesson| lesson.id == id)
}

/// The storage key the web app keeps progress under.
pub const PROGRESS_STORAGE_KEY: &str = "memplay.lessons.v1";

/// The questions the learner has answered right, as `lesson-id#index` (index from 0).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Progress {
    solved: Vec<String>,
}

impl Progress {
    fn key(lesson: &str, question: usize) -> String {
        format!("{lesson}#{question}")
    }

    pub fn is_solved(&self, lesson: &str, question: usize) -> bool {
        self.solved.contains(&Progress::key(lesson, question))
    }

    pub fn solve(&mut self, lesson: &str, question: usize) {
        let key = Progress::key(lesson, question);
        if let Err(at) = self.solved.binary_search(&key) {
            self.solved.insert(at, key);
        }
    }

    /// Questions of `lesson` answered right.
    pub fn solved_in(&self, lesson: &str) -> usize {
        let prefix = format!("{lesson}#");
        self.solved
            .iter()
            .filter(|key| key.starts_with(&prefix))
            .count()
    }

    pub fn encode(&self) -> String {
        serde_json::to_string(self).expect("progress always serializes")
    }

    /// Stored progress, or an empty one if it cannot be read (progress is not worth a
    /// message: the lessons are still there).
    pub fn decode(stored: &str) -> Progress {
        serde_json::from_str(stored).unwrap_or_default()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn progress_counts_each_question_once_and_survives_storage() {
        let mut progress = Progress::default();
        progress.solve("02-recursion", 1);
        progress.solve("02-recursion", 1);
        progress.solve("02-recursion", 0);
        progress.solve("01-stack-frames", 0);
        assert_eq!(progress.solved_in("02-recursion"), 2);
        assert!(progress.is_solved("01-stack-frames", 0));
        assert!(!progress.is_solved("01-stack-frames", 1));
        assert_eq!(Progress::decode(&progress.encode()), progress);
        assert_eq!(Progress::decode("garbage"), Progress::default());
        assert_eq!(
            find("05-leaks").map(|l| l.title),
            Some("Leaks, and running out of heap")
        );
        assert_eq!(find("99-nothing"), None);
    }
}
