//! Share links: a whole scenario (program, settings, step, views) in a URL fragment, as
//! `v1.` followed by the scenario's compact JSON, raw-deflated and base64url-encoded
//! (RFC 4648 §5, no padding). The prefix names the format, so links made by this version
//! keep opening in later ones, and a later format is refused with a message, not misread.
//!
//! Decoding is hostile-input safe: the text is bounded before it is decoded, inflation stops
//! at [`MAX_DECODED_BYTES`] (a decompression bomb is refused, not expanded), and the JSON
//! is validated as any scenario file is.

use std::fmt;

use crate::base64url;
use crate::scenario::{Scenario, ScenarioError};

/// The format this build writes; the prefix of every link it makes.
pub const LINK_PREFIX: &str = "v1.";

/// The most a link may inflate to: a scenario's JSON is far smaller (the program is at most
/// 64 KiB), so more is a damaged link or a decompression bomb.
pub const MAX_DECODED_BYTES: usize = 64 * 1024;

/// The most characters of fragment read at all: base64 of the most a deflated 64 KiB can
/// take (deflate never grows data by more than a few bytes per 16 KiB block), with room.
pub const MAX_LINK_CHARS: usize = 96 * 1024;

/// Why a link did not open, in words for the learner.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LinkError {
    /// No `vN.` prefix: not a link this app made.
    NotALink,
    /// A format this build does not know (a newer memplay made it).
    UnknownVersion(String),
    TooLong {
        chars: usize,
    },
    /// Not base64url: the link was cut or mangled (a character at this position).
    Damaged(String),
    /// The deflated data ends early or is corrupt.
    Truncated(String),
    /// More than [`MAX_DECODED_BYTES`] once inflated.
    TooBig,
    /// It decoded, but the scenario inside is not valid.
    Scenario(ScenarioError),
}

impl fmt::Display for LinkError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            LinkError::NotALink => write!(
                f,
                "this link does not hold a memplay scenario (it should start with #{LINK_PREFIX})"
            ),
            LinkError::UnknownVersion(prefix) => write!(
                f,
                "this link was made by a newer memplay (format {prefix}); this one reads {LINK_PREFIX}"
            ),
            LinkError::TooLong { chars } => write!(
                f,
                "this link is too long to be a scenario ({chars} characters; at most {MAX_LINK_CHARS})"
            ),
            LinkError::Damaged(why) => {
                write!(
                    f,
                    "this link is damaged (was it cut short or changed?): {why}"
                )
            }
            LinkError::Truncated(why) => write!(
                f,
                "this link is incomplete or corrupt (was it cut short when copied?): {why}"
            ),
            LinkError::TooBig => write!(
                f,
                "this link unpacks to more than {} KiB, more than any scenario: it was refused",
                MAX_DECODED_BYTES / 1024
            ),
            // Not "not a valid scenario" twice.
            LinkError::Scenario(ScenarioError::Malformed(why)) => {
                write!(f, "this link's scenario is not valid: {why}")
            }
            LinkError::Scenario(error) => write!(f, "this link's scenario is not valid: {error}"),
        }
    }
}

impl std::error::Error for LinkError {}

/// The fragment (without `#`) that opens `scenario`.
pub fn encode(scenario: &Scenario) -> String {
    let json = scenario.to_compact_json();
    pack(&miniz_oxide::deflate::compress_to_vec(json.as_bytes(), 10))
}

/// The fragment for a scenario's compact JSON already raw-deflated (by any compressor: the
/// web app uses the browser's own, which keeps a compressor out of its bundle).
pub fn pack(deflated: &[u8]) -> String {
    format!("{LINK_PREFIX}{}", base64url::encode(deflated))
}

/// `base` with the fragment that opens `scenario` (any fragment `base` had is replaced).
pub fn url(base: &str, scenario: &Scenario) -> String {
    with_fragment(base, &encode(scenario))
}

/// `base` with `fragment` in place of any fragment it had.
pub fn with_fragment(base: &str, fragment: &str) -> String {
    let base = base.split_once('#').map_or(base, |(before, _)| before);
    format!("{base}#{fragment}")
}

/// The scenario a fragment (with or without its `#`) holds.
pub fn decode(fragment: &str) -> Result<Scenario, LinkError> {
    open_inflated(inflate(&unpack(fragment)?)?)
}

/// A fragment's deflated bytes: its version prefix and length checked, its base64url
/// decoded. The web app inflates them with the browser's own decompressor (keeping one
/// out of its bundle) and hands the result to [`open_inflated`]; [`decode`] does it all.
pub fn unpack(fragment: &str) -> Result<Vec<u8>, LinkError> {
    let fragment = fragment.strip_prefix('#').unwrap_or(fragment).trim();
    if fragment.len() > MAX_LINK_CHARS {
        return Err(LinkError::TooLong {
            chars: fragment.chars().count(),
        });
    }
    let Some(data) = fragment.strip_prefix(LINK_PREFIX) else {
        return Err(match version_prefix(fragment) {
            Some(prefix) => LinkError::UnknownVersion(prefix.to_string()),
            None => LinkError::NotALink,
        });
    };
    base64url::decode(data.as_bytes()).map_err(|e| LinkError::Damaged(e.to_string()))
}

/// Why a link's compressed bytes did not inflate: one reason in words, the same natively
/// and from the browser's DecompressionStream (which says no more than that it failed).
pub const INFLATE_FAILED: &str = "the compressed data is corrupt or ends too early";

/// Raw-inflates a link's bytes, refusing more than [`MAX_DECODED_BYTES`] (a decompression
/// bomb stops there).
pub fn inflate(deflated: &[u8]) -> Result<Vec<u8>, LinkError> {
    miniz_oxide::inflate::decompress_to_vec_with_limit(deflated, MAX_DECODED_BYTES).map_err(|e| {
        match e.status {
            miniz_oxide::inflate::TINFLStatus::HasMoreOutput => LinkError::TooBig,
            _ => LinkError::Truncated(INFLATE_FAILED.to_string()),
        }
    })
}

/// The scenario in a link's inflated bytes.
pub fn open_inflated(json: Vec<u8>) -> Result<Scenario, LinkError> {
    let text = String::from_utf8(json)
        .map_err(|_| LinkError::Truncated("the scenario is not UTF-8 text".into()))?;
    Scenario::from_json(&text).map_err(LinkError::Scenario)
}

/// `vN.` at the start of a fragment: a version this build may not know.
fn version_prefix(fragment: &str) -> Option<&str> {
    let (head, _) = fragment.split_once('.')?;
    let digits = head.strip_prefix('v')?;
    (!digits.is_empty() && digits.len() <= 4 && digits.bytes().all(|b| b.is_ascii_digit()))
        .then(|| &fragment[..head.len() + 1])
}
