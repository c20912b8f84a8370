//! Embedding the playground in another page: the options of an embed URL, and the
//! postMessage API a host page drives it with (commands in, events out), as plain data.
//! Everything that arrives is checked here; a message of the wrong shape is refused with the
//! reason, never half-obeyed (the web app counts the refusals and reports them).
//! Documented in www/docs/embedding.md.

use serde::{Deserialize, Serialize};

use crate::link::MAX_DECODED_BYTES;
use crate::playback::Move;
use crate::scenario::Scenario;

/// The API's version, in every event and every command.
pub const API_VERSION: u32 = 1;

/// Messages longer than this (as JSON) are refused before they are parsed: a scenario is at
/// most 64 KiB, so more is a mistake or an attack.
pub const MAX_MESSAGE_BYTES: usize = MAX_DECODED_BYTES + 4096;

/// How the editor shows in an embed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum EditorShown {
    #[default]
    Editable,
    ReadOnly,
    Hidden,
}

/// An embed URL's options: `?embed`, then optionally `&editor=hidden` or `&editor=read-only`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct EmbedOptions {
    pub editor: EditorShown,
}

impl EmbedOptions {
    /// The options of a URL's query (with or without its `?`), or None without `embed`.
    /// Unknown parameters are left alone (the host page may add its own).
    pub fn from_query(query: &str) -> Option<EmbedOptions> {
        let query = query.strip_prefix('?').unwrap_or(query);
        let mut embed = false;
        let mut options = EmbedOptions::default();
        for pair in query.split('&') {
            let (key, value) = pair.split_once('=').unwrap_or((pair, ""));
            match (key, value) {
                ("embed", _) => embed = true,
                ("editor", "hidden") => options.editor = EditorShown::Hidden,
                ("editor", "read-only") => options.editor = EditorShown::ReadOnly,
                _ => {}
            }
        }
        embed.then_some(options)
    }

    /// The query that asks for these options.
    pub fn query(&self) -> &'static str {
        match self.editor {
            EditorShown::Editable => "?embed",
            EditorShown::ReadOnly => "?embed&editor=read-only",
            EditorShown::Hidden => "?embed&editor=hidden",
        }
    }
}

/// The `<iframe>` a course page pastes to embed `link` (a share link of this playground).
pub fn iframe_snippet(link: &str, options: EmbedOptions, title: &str) -> String {
    let (page, fragment) = link.split_once('#').unwrap_or((link, ""));
    let page = page.split_once('?').map_or(page, |(before, _)| before);
    let title = title
        .replace('&', "&amp;")
        .replace('"', "&quot;")
        .replace('<', "&lt;");
    format!(
        "<iframe src=\"{page}{}#{fragment}\" title=\"memplay: {title}\" width=\"100%\" height=\"600\" style=\"border: 1px solid #ccc; border-radius: 6px\" loading=\"lazy\"></iframe>",
        options.query()
    )
}

/// A command from the host page.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Command {
    /// Open this scenario (it replaces whatever the embed shows).
    Load(Box<Scenario>),
    /// Run the program shown.
    Run,
    /// Move through the run.
    Step(Move),
    /// Go to a step of the run.
    GoTo(u64),
}

/// A command as JSON has it: `{"memplay": 1, "command": "step", "move": "forward"}`.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct CommandFields {
    memplay: u32,
    command: String,
    #[serde(default)]
    scenario: Option<Scenario>,
    #[serde(default, rename = "move")]
    direction: Option<String>,
    #[serde(default)]
    step: Option<u64>,
}

/// The moves a `step` command may ask for.
const MOVES: [(&str, Move); 8] = [
    ("forward", Move::Forward),
    ("back", Move::Back),
    ("over", Move::StepOver),
    ("over-back", Move::StepOverBack),
    ("out", Move::StepOut),
    ("out-back", Move::StepOutBack),
    ("start", Move::ToStart),
    ("end", Move::ToEnd),
];

/// Reads a command from its JSON, or says why it is not one.
pub fn parse_command(json: &str) -> Result<Command, String> {
    if json.len() > MAX_MESSAGE_BYTES {
        return Err(format!(
            "{} bytes is over the limit of {MAX_MESSAGE_BYTES}",
            json.len()
        ));
    }
    let fields: CommandFields =
        serde_json::from_str(json).map_err(|e| format!("not a memplay command: {e}"))?;
    if fields.memplay != API_VERSION {
        return Err(format!(
            "this embed speaks version {API_VERSION} of the API, the message says {}",
            fields.memplay
        ));
    }
    let extra = |name: &str| format!("a `{}` command takes no `{name}`", fields.command);
    let has_scenario = fields.scenario.is_some();
    let command = match fields.command.as_str() {
        "load" => Command::Load(Box::new(
            fields
                .scenario
                .ok_or("a `load` command needs a `scenario`")?,
        )),
        "run" => Command::Run,
        "step" => {
            let name = fields.direction.as_deref().unwrap_or("forward");
            let found = MOVES.iter().find(|(n, _)| *n == name).ok_or_else(|| {
                let known: Vec<&str> = MOVES.iter().map(|(n, _)| *n).collect();
                format!("unknown move `{name}` (one of {})", known.join(", "))
            })?;
            Command::Step(found.1)
        }
        "goto" => Command::GoTo(fields.step.ok_or("a `goto` command needs a `step`")?),
        other => {
            return Err(format!(
                "unknown command `{other}` (one of load, run, step, goto)"
            ));
        }
    };
    // Fields that belong to another command are refused, not ignored.
    if !matches!(command, Command::Load(_)) && has_scenario {
        return Err(extra("scenario"));
    }
    if !matches!(command, Command::Step(_)) && fields.direction.is_some() {
        return Err(extra("move"));
    }
    if !matches!(command, Command::GoTo(_)) && fields.step.is_some() {
        return Err(extra("step"));
    }
    if let Command::Load(scenario) = &command {
        scenario
            .validate()
            .map_err(|e| format!("the scenario is not valid: {e}"))?;
    }
    Ok(command)
}

/// An event for the host page.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum EventKind {
    /// The embed is ready for commands.
    Ready,
    /// The step shown changed.
    Step,
    /// A run was recorded to its end (or as far as a budget let it).
    Finished,
    /// The page's height changed (for auto-resizing the iframe).
    Height,
    /// A message was refused.
    Ignored,
}

/// An event as JSON has it: `{"memplay": 1, "event": "step", "step": 3, "line": 7, ...}`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Event {
    pub memplay: u32,
    pub event: EventKind,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub step: Option<u64>,
    /// Steps recorded (with `step`), or in all (with `finished`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub steps: Option<u64>,
    /// The line the first thread stands at.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub line: Option<u32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub exit_status: Option<i32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub height: Option<u32>,
    /// Messages refused so far (with `ignored`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub ignored: Option<u64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
}

impl Event {
    pub fn new(event: EventKind) -> Event {
        Event {
            memplay: API_VERSION,
            event,
            step: None,
            steps: None,
            line: None,
            exit_status: None,
            height: None,
            ignored: None,
            reason: None,
        }
    }

    pub fn to_json(&self) -> String {
        serde_json::to_string(self).expect("an event always serializes")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn embed_options_come_from_the_query() {
        assert_eq!(EmbedOptions::from_query(""), None);
        assert_eq!(EmbedOptions::from_query("?lang=en"), None);
        assert_eq!(
            EmbedOptions::from_query("?embed"),
            Some(EmbedOptions::default())
        );
        assert_eq!(
            EmbedOptions::from_query("?x=1&embed=1&editor=hidden").map(|o| o.editor),
            Some(EditorShown::Hidden)
        );
        assert_eq!(
            EmbedOptions::from_query("embed&editor=read-only").map(|o| o.editor),
            Some(EditorShown::ReadOnly)
        );
        for options in [
            EditorShown::Editable,
            EditorShown::ReadOnly,
            EditorShown::Hidden,
        ] {
            let options = EmbedOptions { editor: options };
            assert_eq!(EmbedOptions::from_query(options.query()), Some(options));
        }
    }

    #[test]
    fn the_snippet_embeds_the_link_and_escapes_the_title() {
        let snippet = iframe_snippet(
            "https://example.edu/os/memplay/index.html?x#v1.abc",
            EmbedOptions {
                editor: EditorShown::Hidden,
            },
            "a <b> & \"c\"",
        );
        assert!(
            snippet.starts_with(
                "<iframe src=\"https://example.edu/os/memplay/index.html?embed&editor=hidden#v1.abc\""
            ),
            "{snippet}"
        );
        assert!(snippet.contains("title=\"memplay: a &lt;b> &amp; &quot;c&quot;\""));
    }

    #[test]
    fn commands_are_read_and_bad_ones_refused_with_the_reason() {
        assert_eq!(
            parse_command(r#"{"memplay":1,"command":"run"}"#),
            Ok(Command::Run)
        );
        assert_eq!(
            parse_command(r#"{"memplay":1,"command":"step","move":"over-back"}"#),
            Ok(Command::Step(Move::StepOverBack))
        );
        assert_eq!(
            parse_command(r#"{"memplay":1,"command":"step"}"#),
            Ok(Command::Step(Move::Forward))
        );
        assert_eq!(
            parse_command(r#"{"memplay":1,"command":"goto","step":12}"#),
            Ok(Command::GoTo(12))
        );
        let load = format!(
            r#"{{"memplay":1,"command":"load","scenario":{}}}"#,
            Scenario::default().to_compact_json()
        );
        assert_eq!(parse_command(&load), Ok(Command::Load(Box::default())));
        let refused = [
            ("", "not a memplay command"),
            ("null", "not a memplay command"),
            ("[1,2]", "not a memplay command"),
            ("\"run\"", "not a memplay command"),
            (r#"{"command":"run"}"#, "missing field `memplay`"),
            (
                r#"{"memplay":2,"command":"run"}"#,
                "version 1 of the API, the message says 2",
            ),
            (
                r#"{"memplay":1,"command":"rm -rf"}"#,
                "unknown command `rm -rf`",
            ),
            (
                r#"{"memplay":1,"command":"run","extra":1}"#,
                "unknown field `extra`",
            ),
            (
                r#"{"memplay":1,"command":"step","move":"sideways"}"#,
                "unknown move `sideways`",
            ),
            (r#"{"memplay":1,"command":"goto"}"#, "needs a `step`"),
            (
                r#"{"memplay":1,"command":"goto","step":-1}"#,
                "invalid value",
            ),
            (
                r#"{"memplay":1,"command":"run","step":3}"#,
                "a `run` command takes no `step`",
            ),
            (
                r#"{"memplay":1,"command":"goto","step":3,"move":"back"}"#,
                "takes no `move`",
            ),
            (
                r#"{"memplay":1,"command":"run","scenario":{"version":1,"title":"t","program":""}}"#,
                "a `run` command takes no `scenario`",
            ),
            (r#"{"memplay":1,"command":"load"}"#, "needs a `scenario`"),
            (
                r#"{"memplay":1,"command":"load","scenario":{"version":1,"title":"t"}}"#,
                "missing field `program`",
            ),
            (
                r#"{"memplay":1,"command":"load","scenario":{"version":1,"title":"t","program":"","breakpoints":[5]}}"#,
                "field `breakpoints`",
            ),
        ];
        for (json, reason) in refused {
            let error = parse_command(json).unwrap_err();
            assert!(error.contains(reason), "{json}: {error}");
        }
        let huge = format!(
            r#"{{"memplay":1,"command":"run","pad":"{}"}}"#,
            "x".repeat(MAX_MESSAGE_BYTES)
        );
        assert!(parse_command(&huge).unwrap_err().contains("over the limit"));
    }

    #[test]
    fn events_are_small_json_objects() {
        let mut event = Event::new(EventKind::Step);
        event.step = Some(3);
        event.steps = Some(10);
        event.line = Some(7);
        assert_eq!(
            event.to_json(),
            r#"{"memplay":1,"event":"step","step":3,"steps":10,"line":7}"#
        );
        assert_eq!(
            Event::new(EventKind::Ready).to_json(),
            r#"{"memplay":1,"event":"ready"}"#
        );
    }
}
