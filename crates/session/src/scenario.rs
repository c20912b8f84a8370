//! Scenarios: a program plus what the playground needs to show it. Versioned JSON.
//!
//! This is the first, small version of the format; settings, steps, views and lessons join
//! it as the engines land, each as a new field with a default so version-1 files keep loading.

use std::fmt;

use serde::{Deserialize, Serialize};

/// The scenario format version this build writes and reads.
pub const SCENARIO_VERSION: u32 = 1;

/// Programs are small teaching programs; anything larger is almost surely a mistake (or an
/// attack through a crafted link) and is refused before any engine sees it.
pub const MAX_PROGRAM_BYTES: usize = 64 * 1024;

/// Titles show in one line of the header.
pub const MAX_TITLE_CHARS: usize = 120;

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
    pub program: String,
}

impl Default for Scenario {
    fn default() -> Self {
        Scenario {
            version: SCENARIO_VERSION,
            title: "A linked list on the heap".to_string(),
            program: DEFAULT_PROGRAM.to_string(),
        }
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
        }
    }
}

impl std::error::Error for ScenarioError {}

impl Scenario {
    /// Parses and validates a scenario from JSON text.
    pub fn from_json(text: &str) -> Result<Scenario, ScenarioError> {
        let scenario: Scenario =
            serde_json::from_str(text).map_err(|e| ScenarioError::Malformed(e.to_string()))?;
        scenario.validate()?;
        Ok(scenario)
    }

    pub fn to_json(&self) -> String {
        serde_json::to_string_pretty(self).expect("a scenario always serializes")
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
        Ok(())
    }
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
