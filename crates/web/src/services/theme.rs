//! The colour theme: the learner's choice (light, dark, or the system's), remembered in
//! localStorage, applied as `data-theme` on the page's root element for the stylesheet.

const THEME_STORAGE_KEY: &str = "memplay.theme.v1";

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ThemeChoice {
    System,
    Light,
    Dark,
}

impl ThemeChoice {
    pub const ALL: [ThemeChoice; 3] = [ThemeChoice::System, ThemeChoice::Light, ThemeChoice::Dark];

    pub fn id(self) -> &'static str {
        match self {
            ThemeChoice::System => "system",
            ThemeChoice::Light => "light",
            ThemeChoice::Dark => "dark",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            ThemeChoice::System => "System theme",
            ThemeChoice::Light => "Light theme",
            ThemeChoice::Dark => "Dark theme",
        }
    }

    pub fn from_id(id: &str) -> Option<ThemeChoice> {
        ThemeChoice::ALL
            .into_iter()
            .find(|choice| choice.id() == id)
    }
}

/// The stored choice; anything unreadable is the system's theme.
pub fn load() -> ThemeChoice {
    web_sys::window()
        .and_then(|window| window.local_storage().ok().flatten())
        .and_then(|storage| storage.get_item(THEME_STORAGE_KEY).ok().flatten())
        .and_then(|id| ThemeChoice::from_id(&id))
        .unwrap_or(ThemeChoice::System)
}

/// Applies `choice` to the page and remembers it (best effort: a theme is not worth a
/// message when storage is refused).
pub fn apply(choice: ThemeChoice) {
    let Some(window) = web_sys::window() else {
        return;
    };
    let dark = match choice {
        ThemeChoice::Dark => true,
        ThemeChoice::Light => false,
        ThemeChoice::System => window
            .match_media("(prefers-color-scheme: dark)")
            .ok()
            .flatten()
            .is_some_and(|query| query.matches()),
    };
    if let Some(root) = window.document().and_then(|d| d.document_element()) {
        let _ = root.set_attribute("data-theme", if dark { "dark" } else { "light" });
    }
    if let Ok(Some(storage)) = window.local_storage() {
        let _ = storage.set_item(THEME_STORAGE_KEY, choice.id());
    }
}
