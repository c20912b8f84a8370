//! Fuzz target `link`: any text as a share link's fragment. Besides "never panics, never
//! hangs, never inflates past the limit", it asserts that a link that opens is made again
//! by `encode` into one that opens to the same scenario.

#![no_main]

use libfuzzer_sys::fuzz_target;
use memplay_session::link;

fuzz_target!(|data: &[u8]| {
    let fragment = String::from_utf8_lossy(data);
    if let Ok(deflated) = link::unpack(&fragment)
        && let Ok(json) = link::inflate(&deflated)
    {
        assert!(json.len() <= link::MAX_DECODED_BYTES);
    }
    if let Ok(scenario) = link::decode(&fragment) {
        let again = link::decode(&link::encode(&scenario)).expect("a re-made link opens");
        assert_eq!(again, scenario);
    }
});
