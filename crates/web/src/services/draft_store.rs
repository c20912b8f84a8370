//! Keeps the learner's draft in localStorage so a reload never loses their program.
//!
//! Storage can be missing or refuse access (a sandboxed iframe, privacy settings, a full
//! quota); each case becomes a message for the learner, never a crash.

use super::js_error_message;
use memplay_session::draft::{DRAFT_STORAGE_KEY, UNREADABLE_DRAFT_STORAGE_KEY};
use memplay_session::{DEFAULT_PROGRAM, Draft};

/// The program to open on, and a notice for the learner if their saved draft was unusable.
pub struct LoadedDraft {
    pub program: String,
    /// True when the program came from an earlier visit rather than the default.
    pub restored: bool,
    pub notice: Option<String>,
}

const NO_STORAGE: &str =
    "This browser does not let the page use local storage, so edits will not survive a reload.";

fn local_storage() -> Option<web_sys::Storage> {
    web_sys::window()?.local_storage().ok().flatten()
}

pub fn load() -> LoadedDraft {
    let default = |notice: Option<String>| LoadedDraft {
        program: DEFAULT_PROGRAM.to_string(),
        restored: false,
        notice,
    };
    let Some(storage) = local_storage() else {
        return default(Some(NO_STORAGE.to_string()));
    };
    let stored = match storage.get_item(DRAFT_STORAGE_KEY) {
        Ok(Some(stored)) => stored,
        Ok(None) => return default(None),
        Err(_) => return default(Some(NO_STORAGE.to_string())),
    };
    match Draft::decode(&stored) {
        Ok(draft) => LoadedDraft {
            program: draft.program,
            restored: true,
            notice: None,
        },
        Err(e) => {
            // Keep the unreadable text where it can be recovered by hand, then start fresh.
            let notice = match storage.set_item(UNREADABLE_DRAFT_STORAGE_KEY, &stored) {
                Ok(()) => format!(
                    "{e}. It was kept in local storage under \"{UNREADABLE_DRAFT_STORAGE_KEY}\"; the default program is open instead."
                ),
                Err(_) => format!("{e}. The default program is open instead."),
            };
            default(Some(notice))
        }
    }
}

/// Saves the draft; the error says why the browser refused.
pub fn save(program: &str) -> Result<(), String> {
    let storage = local_storage().ok_or_else(|| NO_STORAGE.to_string())?;
    storage
        .set_item(DRAFT_STORAGE_KEY, &Draft::new(program).encode())
        .map_err(|e| {
            format!(
                "Your draft could not be saved in this browser: {}",
                js_error_message(&e)
            )
        })
}
