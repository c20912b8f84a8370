//! Keeps the learner's machine settings in localStorage beside the draft, so a reload
//! keeps the machine they chose. Unreadable stored settings are set aside and the
//! defaults used, with a notice; never a crash.

use super::js_error_message;
use memplay_session::run::MachineSettings;
use memplay_session::settings_form::{self, SETTINGS_STORAGE_KEY, UNREADABLE_SETTINGS_STORAGE_KEY};

/// The settings to open with, and a notice if the stored ones were unusable.
pub struct LoadedSettings {
    pub settings: MachineSettings,
    pub notice: Option<String>,
}

fn local_storage() -> Option<web_sys::Storage> {
    web_sys::window()?.local_storage().ok().flatten()
}

pub fn load() -> LoadedSettings {
    let defaults = |notice| LoadedSettings {
        settings: MachineSettings::default(),
        notice,
    };
    // No storage at all is already explained by the draft's notice.
    let Some(storage) = local_storage() else {
        return defaults(None);
    };
    let Ok(Some(stored)) = storage.get_item(SETTINGS_STORAGE_KEY) else {
        return defaults(None);
    };
    match settings_form::decode(&stored) {
        Ok(settings) => LoadedSettings {
            settings,
            notice: None,
        },
        Err(why) => {
            let kept = storage
                .set_item(UNREADABLE_SETTINGS_STORAGE_KEY, &stored)
                .is_ok();
            let notice = if kept {
                format!(
                    "Your {why}. They were kept in local storage under \"{UNREADABLE_SETTINGS_STORAGE_KEY}\"; the 32-bit Linux settings are in use instead."
                )
            } else {
                format!("Your {why}. The 32-bit Linux settings are in use instead.")
            };
            defaults(Some(notice))
        }
    }
}

/// Saves the settings; the error says why the browser refused.
pub fn save(settings: &MachineSettings) -> Result<(), String> {
    let storage = local_storage().ok_or("This browser does not let the page use local storage")?;
    storage
        .set_item(SETTINGS_STORAGE_KEY, &settings_form::encode(settings))
        .map_err(|e| {
            format!(
                "Your settings could not be saved in this browser: {}",
                js_error_message(&e)
            )
        })
}
