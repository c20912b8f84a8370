//! Fuzz target `embed_command`: any text as a host page's message to an embed. The parser
//! must refuse what is not a command with a reason, never panic.

#![no_main]

use libfuzzer_sys::fuzz_target;
use memplay_session::embed;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    if let Err(reason) = embed::parse_command(&text) {
        assert!(!reason.is_empty());
    }
});
