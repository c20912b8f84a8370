//! Fuzz target `scenario`: any bytes as a scenario file. Besides "never panics", it asserts
//! that a scenario that loads is written by `to_json` into one that loads to the same.

#![no_main]

use libfuzzer_sys::fuzz_target;
use memplay_session::Scenario;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    if let Ok(scenario) = Scenario::from_json(&text) {
        let again = Scenario::from_json(&scenario.to_json()).expect("a written scenario loads");
        assert_eq!(again, scenario);
    }
});
