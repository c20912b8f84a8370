//! The settings form: every knob of the machine as plain data (group, id, label, help, and
//! whether it is a number, a choice or a toggle), read from and written to a
//! [`MachineSettings`], checked by the engines' own rules, with presets for lessons and a
//! compact text form for keeping the learner's settings in the browser.
//!
//! An edit is applied only if the whole machine is still valid afterwards; otherwise it is
//! refused with a message that names the field (and the other field it conflicts with).

mod fields;
mod presets;
#[cfg(test)]
mod tests;
mod texts;

use std::fmt;

use memplay_machine::{Machine, SettingsError};

pub use fields::{
    ChoiceOption, Field, FieldKind, FieldValue, Group, Unit, format_bytes, parse_bytes,
};
pub use presets::Preset;
pub use texts::SettingTexts;

use crate::run::MachineSettings;

/// Why the engines refuse a whole set of settings, before it is pinned on the field the
/// learner edited.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Refusal {
    /// The field the engines named, when they named one of ours.
    named: Option<Field>,
    /// The engines' words: `setting: reason`, or why loading failed.
    message: String,
    /// Just the reason, without the setting's name.
    reason: String,
}

impl Refusal {
    /// The refusal as a message about `edited`, naming the field it conflicts with.
    fn about(self, edited: Field, settings: &MachineSettings) -> FieldError {
        let label = edited.label();
        match self.named {
            Some(named) if named == edited => FieldError {
                field: edited,
                conflicts_with: None,
                message: format!("{label}: {}", self.reason),
            },
            Some(named) => FieldError {
                field: edited,
                conflicts_with: Some(named),
                message: format!(
                    "{label}: does not fit with {} ({}): {}",
                    named.label(),
                    named.text(settings),
                    self.reason
                ),
            },
            None => FieldError {
                field: edited,
                conflicts_with: None,
                message: format!("{label}: {}", self.message),
            },
        }
    }

    /// The refusal as one line naming the field.
    fn describe(&self) -> String {
        match self.named {
            Some(field) => format!("{}: {}", field.label(), self.reason),
            None => self.message.clone(),
        }
    }
}

impl From<SettingsError> for Refusal {
    fn from(e: SettingsError) -> Refusal {
        Refusal {
            named: Field::named_by_engine(e.setting),
            message: e.to_string(),
            reason: e.message,
        }
    }
}

/// The smallest program: whatever cannot load it cannot load any program.
const EMPTY_PROGRAM: &str = "int main(void) { return 0; }";

/// The engines' verdict: the machine's own checks, then a load of the empty program (which
/// finds what only loading shows, such as too few frames to write the first stack page).
fn engine_check(settings: &MachineSettings) -> Result<(), Refusal> {
    settings.validate()?;
    let checked = memplay_lang::check(EMPTY_PROGRAM);
    Machine::new(&checked.program, EMPTY_PROGRAM, "empty.c", settings.clone())
        .map(drop)
        .map_err(|e| Refusal {
            named: None,
            message: format!(
                "the machine cannot load even an empty program with these settings ({e})"
            ),
            reason: e.0,
        })
}

/// Checks a whole set of settings by the engines' rules; the message names the setting.
pub fn check(settings: &MachineSettings) -> Result<(), String> {
    engine_check(settings).map_err(|refusal| refusal.describe())
}

/// An edit the form refused.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FieldError {
    pub field: Field,
    /// Another field the value conflicts with, when the engines named one.
    pub conflicts_with: Option<Field>,
    /// What is wrong, starting with the field's label.
    pub message: String,
}

impl fmt::Display for FieldError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for FieldError {}

/// Sets `field` from `text` in a copy of `settings`, if the machine can run with the
/// result; otherwise says why, naming the field.
pub fn apply(
    settings: &MachineSettings,
    field: Field,
    text: &str,
) -> Result<MachineSettings, FieldError> {
    let value = field.parse(text).map_err(|message| FieldError {
        field,
        conflicts_with: None,
        message,
    })?;
    let mut next = settings.clone();
    field.store(&mut next, &value);
    engine_check(&next).map_err(|refusal| refusal.about(field, &next))?;
    Ok(next)
}

/// The storage key the web app keeps the settings under, versioned like the draft's.
pub const SETTINGS_STORAGE_KEY: &str = "memplay.settings.v1";

/// Where unreadable stored settings are moved before the defaults replace them.
pub const UNREADABLE_SETTINGS_STORAGE_KEY: &str = "memplay.settings.unreadable";

/// The settings as stored text: the fields that differ from the defaults, by id, as their
/// inputs show them (so a future default applies to what the learner never changed).
pub fn encode(settings: &MachineSettings) -> String {
    let changed = texts_beside(settings, &MachineSettings::default());
    serde_json::to_string(&changed).expect("a map of strings always serializes")
}

/// Reads stored settings back, all or nothing: an unknown field, a bad value or a set the
/// engines refuse is an error naming it.
pub fn decode(stored: &str) -> Result<MachineSettings, String> {
    let unreadable = |why: String| format!("the saved settings could not be read ({why})");
    let changed: SettingTexts =
        serde_json::from_str(stored).map_err(|e| unreadable(e.to_string()))?;
    from_texts(MachineSettings::default(), &changed).map_err(|e| unreadable(e.message))
}

/// A setting that could not be read from its text: its id (when the problem is one
/// setting's) and what is wrong, naming the field.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TextError {
    pub id: Option<String>,
    pub message: String,
}

/// `base` with each setting of `texts` (field id → the text its input shows) applied, then
/// checked as a whole by the engines' rules.
pub fn from_texts(
    base: MachineSettings,
    texts: &SettingTexts,
) -> Result<MachineSettings, TextError> {
    let mut settings = base;
    for (id, text) in texts.iter() {
        let field = Field::from_id(id).ok_or_else(|| TextError {
            id: Some(id.to_string()),
            message: format!("unknown setting `{id}`"),
        })?;
        let value = field.parse(text).map_err(|message| TextError {
            id: Some(id.to_string()),
            message,
        })?;
        field.store(&mut settings, &value);
    }
    engine_check(&settings).map_err(|refusal| TextError {
        id: refusal.named.map(|field| field.id().to_string()),
        message: refusal.describe(),
    })?;
    Ok(settings)
}

/// The settings as texts by field id, those that differ from `base` (what a scenario keeps).
pub fn texts_beside(settings: &MachineSettings, base: &MachineSettings) -> SettingTexts {
    let mut texts = SettingTexts::default();
    for field in Field::ALL {
        if field.value(settings) != field.value(base) {
            texts.insert(field.id(), field.text(settings));
        }
    }
    texts
}

/// Values by field, in the fields' order: a few at a time, so a sorted list (a BTreeMap
/// here cost the web app's bundle several KiB for nothing).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FieldMap<V>(Vec<(Field, V)>);

impl<V> Default for FieldMap<V> {
    fn default() -> Self {
        FieldMap(Vec::new())
    }
}

impl<V> FieldMap<V> {
    pub fn get(&self, field: Field) -> Option<&V> {
        self.0.iter().find(|(f, _)| *f == field).map(|(_, v)| v)
    }

    pub fn insert(&mut self, field: Field, value: V) {
        match self.0.binary_search_by_key(&field, |(f, _)| *f) {
            Ok(at) => self.0[at].1 = value,
            Err(at) => self.0.insert(at, (field, value)),
        }
    }

    pub fn remove(&mut self, field: Field) {
        self.0.retain(|(f, _)| *f != field);
    }

    pub fn clear(&mut self) {
        self.0.clear();
    }

    pub fn iter(&self) -> impl Iterator<Item = (Field, &V)> {
        self.0.iter().map(|(f, v)| (*f, v))
    }

    pub fn values(&self) -> impl Iterator<Item = &V> {
        self.0.iter().map(|(_, v)| v)
    }
}

/// An edit that was refused: the text as typed (kept so it can be corrected) and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Refused {
    pub text: String,
    pub error: FieldError,
}

/// The form as the app holds it: the settings runs use, and the edits refused so far.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SettingsForm {
    settings: MachineSettings,
    refused: FieldMap<Refused>,
}

impl Default for SettingsForm {
    fn default() -> SettingsForm {
        SettingsForm::new(MachineSettings::default())
    }
}

impl SettingsForm {
    pub fn new(settings: MachineSettings) -> SettingsForm {
        SettingsForm {
            settings,
            refused: FieldMap::default(),
        }
    }

    /// The settings every edit so far left valid.
    pub fn settings(&self) -> &MachineSettings {
        &self.settings
    }

    /// What the field's input shows: the refused text, or the value in force.
    pub fn text(&self, field: Field) -> String {
        self.refused
            .get(field)
            .map_or_else(|| field.text(&self.settings), |r| r.text.clone())
    }

    /// Why the field's last edit was refused.
    pub fn error(&self, field: Field) -> Option<&FieldError> {
        self.refused.get(field).map(|r| &r.error)
    }

    pub fn refused(&self) -> impl Iterator<Item = &Refused> {
        self.refused.values()
    }

    /// Applies an edit, or keeps it beside the settings as refused, with why. After an edit
    /// applies, the refused ones are tried again: fixing the field one conflicted with lets
    /// it apply as the form shows it.
    pub fn edit(&mut self, field: Field, text: &str) {
        match apply(&self.settings, field, text) {
            Ok(settings) => {
                self.settings = settings;
                self.refused.remove(field);
                self.retry_refused();
            }
            Err(error) => {
                self.refused.insert(
                    field,
                    Refused {
                        text: text.to_string(),
                        error,
                    },
                );
            }
        }
    }

    /// Applies each refused edit the settings now allow, until none more apply.
    fn retry_refused(&mut self) {
        loop {
            let next = self.refused.iter().find_map(|(field, refused)| {
                apply(&self.settings, field, &refused.text)
                    .ok()
                    .map(|settings| (field, settings))
            });
            let Some((field, settings)) = next else {
                break;
            };
            self.settings = settings;
            self.refused.remove(field);
        }
    }

    /// Replaces every setting with the preset's; refused edits are dropped.
    pub fn choose(&mut self, preset: Preset) {
        *self = SettingsForm::new(preset.settings());
    }

    /// The preset the settings in force are, if any.
    pub fn preset(&self) -> Option<Preset> {
        Preset::matching(&self.settings)
    }

    /// The settings to run with, or why not: a run uses what the form shows, so while an
    /// edit is refused the learner fixes it (or picks a preset) first.
    pub fn runnable(&self) -> Result<&MachineSettings, String> {
        match self.refused.values().next() {
            None => Ok(&self.settings),
            Some(refused) => Err(format!(
                "A setting is not valid, so the program was not run: {} Fix it in the Settings tab, or choose a preset there.",
                ensure_period(&refused.error.message)
            )),
        }
    }
}

fn ensure_period(message: &str) -> String {
    if message.ends_with('.') {
        message.to_string()
    } else {
        format!("{message}.")
    }
}
