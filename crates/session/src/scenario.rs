//! Scenarios: a program plus everything the playground needs to show it as its author
//! meant: settings, the step to open at, breakpoints, views, read-only or not, and a lesson.
//! Versioned JSON (documented in www/docs/scenarios.md, with a JSON Schema beside it); every
//! field but `version`, `title` and `program` may be left out. A bad file is refused with a
//! message naming the field and the reason, never half-loaded.

use std::fmt;

use serde::{Deserialize, Serialize};

use crate::lesson::Lesson;
use crate::run::MachineSettings;
use crate::settings_form::{self, Preset, SettingTexts};
use crate::views::ViewKind;

/// The scenario format version this build writes and reads.
pub const SCENARIO_VERSION: u32 = 1;

/// Programs are small teaching programs; anything larger is almost surely a mistake (or an
/// attack through a crafted link) and is refused before any engine sees it.
pub const MAX_PROGRAM_BYTES: usize = 64 * 1024;

/// Titles show in one line of the header.
pub const MAX_TITLE_CHARS: usize = 120;

/// Descriptions and lesson texts are a few paragraphs of Markdown.
pub const MAX_TEXT_CHARS: usize = 16 * 1024;

/// More breakpoints than this is no teaching scenario.
pub const MAX_BREAKPOINTS: usize = 1000;

/// The program a first-time visitor sees: a stack frame per call, a heap block per node, and
/// a leak-free teardown, so every view will have something true to show.
pub const DEFAULT_PROGRAM: &str = r#"#include <stdio.h>
#include <stdlib.h>

struct node {
    int value;
    struct node *next;
};

struct node *push(struct node *head, int value) {
    struct node *n = malloc(sizeof *n);
    n->value = value;
    n->next = head;
    return n;
}

int sum(struct node *n) {
    if (n == NULL)
        return 0;
    return n->value + sum(n->next);
}

int main(void) {
    struct node *list = NULL;
    for (int i = 1; i <= 3; i++)
        list = push(list, i * 10);
    printf("sum = %d\n", sum(list));
    while (list != NULL) {
        struct node *next = list->next;
        free(list);
        list = next;
    }
    return 0;
}
"#;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Scenario {
    pub version: u32,
    pub title: String,
    /// What the scenario shows, in Markdown (rendered without raw HTML).
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub description: String,
    pub program: String,
    /// The machine: optionally a `preset` id, then settings by the ids of the Settings
    /// view's fields, each as its input shows it (`"page-size": "256"`, `"frames": 8`).
    #[serde(default, skip_serializing_if = "SettingTexts::is_empty")]
    pub settings: SettingTexts,
    /// The step to open at: the program is run and shown there. None opens the editor
    /// without running.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub step: Option<u64>,
    /// Breakpoint lines, 1-based.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub breakpoints: Vec<u32>,
    /// The views offered, in order (all when empty).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub views: Vec<ViewKind>,
    /// The view open first (the first offered when left out).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub view: Option<ViewKind>,
    /// Whether the program can be edited.
    #[serde(default, skip_serializing_if = "is_false")]
    pub read_only: bool,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub lesson: Option<Lesson>,
}

fn is_false(flag: &bool) -> bool {
    !flag
}

/// The key of `settings` that names a preset to start from.
pub const PRESET_KEY: &str = "preset";

impl Default for Scenario {
    fn default() -> Self {
        Scenario::of_program("A linked list on the heap", DEFAULT_PROGRAM)
    }
}

/// Why a scenario was refused, naming the field and the reason.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ScenarioError {
    /// The text is not JSON of the scenario's shape (serde's message names the field).
    Malformed(String),
    UnsupportedVersion {
        found: u32,
    },
    ProgramTooLarge {
        bytes: usize,
    },
    TitleTooLong {
        chars: usize,
    },
    /// A field's value is out of range or does not fit the rest: the field (`settings.frames`,
    /// `breakpoints`, `lesson.questions[2].answer`...) and why.
    Invalid {
        field: String,
        reason: String,
    },
}

impl fmt::Display for ScenarioError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ScenarioError::Malformed(why) => write!(f, "not a valid scenario: {why}"),
            ScenarioError::UnsupportedVersion { found } => write!(
                f,
                "field `version`: this build reads scenario version {SCENARIO_VERSION}, the file says {found}"
            ),
            ScenarioError::ProgramTooLarge { bytes } => write!(
                f,
                "field `program`: {bytes} bytes is over the limit of {MAX_PROGRAM_BYTES} bytes"
            ),
            ScenarioError::TitleTooLong { chars } => write!(
                f,
                "field `title`: {chars} characters is over the limit of {MAX_TITLE_CHARS}"
            ),
            ScenarioError::Invalid { field, reason } => write!(f, "field `{field}`: {reason}"),
        }
    }
}

impl std::error::Error for ScenarioError {}

pub(crate) fn invalid(field: impl Into<String>, reason: impl Into<String>) -> ScenarioError {
    ScenarioError::Invalid {
        field: field.into(),
        reason: reason.into(),
    }
}

impl Scenario {
    /// A scenario of just a program, everything else as the playground starts.
    pub fn of_program(title: &str, program: &str) -> Scenario {
        Scenario {
            version: SCENARIO_VERSION,
            title: title.to_string(),
            description: String::new(),
            program: program.to_string(),
            settings: SettingTexts::default(),
            step: None,
            breakpoints: Vec::new(),
            views: Vec::new(),
            view: None,
            read_only: false,
            lesson: None,
        }
    }

    /// Parses and validates a scenario from JSON text.
    pub fn from_json(text: &str) -> Result<Scenario, ScenarioError> {
        // serde would read an array as the fields in order, and then blame a position.
        if text.trim_start().starts_with('[') {
            return Err(ScenarioError::Malformed(
                "a scenario is a JSON object ({\"version\": 1, ...}), not an array".into(),
            ));
        }
        let scenario: Scenario =
            serde_json::from_str(text).map_err(|e| ScenarioError::Malformed(e.to_string()))?;
        scenario.validate()?;
        Ok(scenario)
    }

    pub fn to_json(&self) -> String {
        serde_json::to_string_pretty(self).expect("a scenario always serializes")
    }

    /// One line of JSON, what a share link packs.
    pub fn to_compact_json(&self) -> String {
        serde_json::to_string(self).expect("a scenario always serializes")
    }

    pub fn validate(&self) -> Result<(), ScenarioError> {
        if self.version != SCENARIO_VERSION {
            return Err(ScenarioError::UnsupportedVersion {
                found: self.version,
            });
        }
        check_program_size(&self.program)?;
        let chars = self.title.chars().count();
        if chars > MAX_TITLE_CHARS {
            return Err(ScenarioError::TitleTooLong { chars });
        }
        check_text("description", &self.description)?;
        let settings = self.machine_settings()?;
        if let Some(step) = self.step
            && step > settings.max_steps
        {
            return Err(invalid(
                "step",
                format!(
                    "step {step} is past the run's budget of {} steps",
                    settings.max_steps
                ),
            ));
        }
        self.check_breakpoints()?;
        self.check_views()?;
        if let Some(lesson) = &self.lesson {
            lesson.validate(&self.program)?;
        }
        Ok(())
    }

    /// The machine the scenario runs on: its preset (or 32-bit Linux), then its settings.
    pub fn machine_settings(&self) -> Result<MachineSettings, ScenarioError> {
        let mut texts = self.settings.clone();
        let base = match texts.remove(PRESET_KEY) {
            None => MachineSettings::default(),
            Some(id) => Preset::from_id(&id)
                .ok_or_else(|| {
                    let known: Vec<&str> = Preset::ALL.iter().map(|p| p.id()).collect();
                    invalid(
                        format!("settings.{PRESET_KEY}"),
                        format!("unknown preset `{id}` (one of {})", known.join(", ")),
                    )
                })?
                .settings(),
        };
        settings_form::from_texts(base, &texts).map_err(|e| {
            let field =
                e.id.map_or_else(|| "settings".to_string(), |id| format!("settings.{id}"));
            invalid(field, e.message)
        })
    }

    /// Keeps `settings` in the scenario as the fields that differ from 32-bit Linux.
    pub fn set_machine_settings(&mut self, settings: &MachineSettings) {
        self.settings = settings_form::texts_beside(settings, &MachineSettings::default());
    }

    /// The views offered, in order.
    pub fn offered_views(&self) -> Vec<ViewKind> {
        if self.views.is_empty() {
            ViewKind::ALL.to_vec()
        } else {
            self.views.clone()
        }
    }

    /// The view open first.
    pub fn first_view(&self) -> ViewKind {
        self.view
            .or_else(|| self.views.first().copied())
            .unwrap_or(ViewKind::Stack)
    }

    fn check_breakpoints(&self) -> Result<(), ScenarioError> {
        if self.breakpoints.len() > MAX_BREAKPOINTS {
            return Err(invalid(
                "breakpoints",
                format!(
                    "{} breakpoints is over the limit of {MAX_BREAKPOINTS}",
                    self.breakpoints.len()
                ),
            ));
        }
        let lines = self.program.lines().count().max(1) as u32;
        for &line in &self.breakpoints {
            if line == 0 || line > lines {
                return Err(invalid(
                    "breakpoints",
                    format!("line {line} is not a line of the program (1 to {lines})"),
                ));
            }
        }
        Ok(())
    }

    fn check_views(&self) -> Result<(), ScenarioError> {
        for (i, view) in self.views.iter().enumerate() {
            if self.views[..i].contains(view) {
                return Err(invalid("views", format!("`{}` is listed twice", view.id())));
            }
        }
        if let Some(view) = self.view
            && !self.offered_views().contains(&view)
        {
            return Err(invalid(
                "view",
                format!("`{}` is not one of the views offered", view.id()),
            ));
        }
        Ok(())
    }
}

/// A Markdown text is at most [`MAX_TEXT_CHARS`] characters.
pub(crate) fn check_text(field: &str, text: &str) -> Result<(), ScenarioError> {
    let chars = text.chars().count();
    if chars > MAX_TEXT_CHARS {
        return Err(invalid(
            field,
            format!("{chars} characters is over the limit of {MAX_TEXT_CHARS}"),
        ));
    }
    Ok(())
}

pub(crate) fn check_program_size(program: &str) -> Result<(), ScenarioError> {
    if program.len() > MAX_PROGRAM_BYTES {
        return Err(ScenarioError::ProgramTooLarge {
            bytes: program.len(),
        });
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn default_round_trips_through_json() {
        let scenario = Scenario::default();
        assert_eq!(Scenario::from_json(&scenario.to_json()), Ok(scenario));
    }

    #[test]
    fn unknown_field_is_named() {
        let err = Scenario::from_json(r#"{"version":1,"title":"t","program":"","stpe":3}"#)
            .unwrap_err()
            .to_string();
        assert!(err.contains("unknown field `stpe`"), "{err}");
    }

    #[test]
    fn wrong_type_is_named() {
        let err = Scenario::from_json(r#"{"version":1,"title":7,"program":""}"#)
            .unwrap_err()
            .to_string();
        assert!(err.contains("invalid type: integer `7`"), "{err}");
    }

    #[test]
    fn missing_field_is_named() {
        let err = Scenario::from_json(r#"{"version":1,"title":"t"}"#)
            .unwrap_err()
            .to_string();
        assert!(err.contains("missing field `program`"), "{err}");
    }

    #[test]
    fn future_version_is_refused() {
        let err = Scenario::from_json(r#"{"version":2,"title":"t","program":""}"#).unwrap_err();
        assert_eq!(err, ScenarioError::UnsupportedVersion { found: 2 });
        assert!(err.to_string().starts_with("field `version`"));
    }

    #[test]
    fn oversized_program_is_refused() {
        let scenario = Scenario {
            program: "x".repeat(MAX_PROGRAM_BYTES + 1),
            ..Scenario::default()
        };
        assert_eq!(
            Scenario::from_json(&scenario.to_json()),
            Err(ScenarioError::ProgramTooLarge {
                bytes: MAX_PROGRAM_BYTES + 1
            })
        );
    }

    #[test]
    fn long_title_is_refused() {
        let scenario = Scenario {
            title: "é".repeat(MAX_TITLE_CHARS + 1),
            ..Scenario::default()
        };
        assert!(matches!(
            scenario.validate(),
            Err(ScenarioError::TitleTooLong { chars }) if chars == MAX_TITLE_CHARS + 1
        ));
    }
}
