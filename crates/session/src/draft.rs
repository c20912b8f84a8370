//! The learner's draft: what the editor holds, saved by the web app (in localStorage) after
//! every edit and restored on the next visit, so a reload never loses work.

use std::fmt;

use serde::{Deserialize, Serialize};

/// The storage key the web app keeps the draft under. Versioned so a future format can
/// live beside this one instead of misreading it.
pub const DRAFT_STORAGE_KEY: &str = "memplay.draft.v1";

/// Where an unreadable draft is moved before the default program replaces it, so the text is
/// still recoverable by hand rather than silently overwritten.
pub const UNREADABLE_DRAFT_STORAGE_KEY: &str = "memplay.draft.unreadable";

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Draft {
    pub program: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DraftError(String);

impl fmt::Display for DraftError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "the saved draft could not be read ({})", self.0)
    }
}

impl std::error::Error for DraftError {}

impl Draft {
    pub fn new(program: impl Into<String>) -> Draft {
        Draft {
            program: program.into(),
        }
    }

    pub fn encode(&self) -> String {
        serde_json::to_string(self).expect("a draft always serializes")
    }

    pub fn decode(stored: &str) -> Result<Draft, DraftError> {
        serde_json::from_str(stored).map_err(|e| DraftError(e.to_string()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trips_any_text() {
        let draft = Draft::new("int main(void) {\n\t/* \"é\" \\ \u{1F600} */\n}\n");
        assert_eq!(Draft::decode(&draft.encode()), Ok(draft));
    }

    #[test]
    fn garbage_is_an_error_not_a_panic() {
        for stored in [
            "",
            "{",
            "null",
            "[1,2]",
            r#"{"program":3}"#,
            r#"{"text":"x"}"#,
        ] {
            let err = Draft::decode(stored).unwrap_err();
            assert!(
                err.to_string()
                    .starts_with("the saved draft could not be read")
            );
        }
    }
}
