//! The built-in tutorial: every lesson in the registry is a valid scenario file in
//! www/lessons with the registry's title, in the registry's order, each with at least one
//! question; the engine answers every question by running the program, and the answer it
//! computes is accepted while a wrong one is not.

use std::path::PathBuf;

use memplay_session::Scenario;
use memplay_session::lesson::{Computed, answer_all};
use memplay_session::lessons::LESSONS;

fn lessons_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../www/lessons")
}

#[test]
fn every_lesson_loads_runs_and_has_answers_the_engine_computes() {
    assert!(LESSONS.len() >= 14);
    for entry in LESSONS {
        let path = lessons_dir().join(format!("{}.json", entry.id));
        let text =
            std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        let scenario = Scenario::from_json(&text).unwrap_or_else(|e| panic!("{}: {e}", entry.id));
        assert_eq!(scenario.title, entry.title, "{}", entry.id);
        let lesson = scenario
            .lesson
            .as_ref()
            .unwrap_or_else(|| panic!("{} has no lesson", entry.id));
        assert!(!lesson.questions.is_empty(), "{} asks nothing", entry.id);
        let settings = scenario.machine_settings().unwrap();
        let answers = answer_all(lesson, &scenario.program, &settings).unwrap();
        for (i, answer) in answers.into_iter().enumerate() {
            let answer = answer.unwrap_or_else(|why| panic!("{} question {i}: {why}", entry.id));
            assert!(answer.accepts(&answer.shown()), "{} question {i}", entry.id);
            let wrong = match &answer {
                Computed::Number(n) => (n + 1).to_string(),
                Computed::Address(a) => format!("0x{:08x}", a + 4),
                Computed::Text(text) => format!("{text} and more"),
            };
            assert!(
                !answer.accepts(&wrong),
                "{} question {i} accepts {wrong}",
                entry.id
            );
        }
    }
}

#[test]
fn the_lessons_folder_holds_the_registry_and_nothing_else() {
    let mut files: Vec<String> = std::fs::read_dir(lessons_dir())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    files.sort();
    let expected: Vec<String> = LESSONS.iter().map(|l| format!("{}.json", l.id)).collect();
    assert_eq!(files, expected);
}
