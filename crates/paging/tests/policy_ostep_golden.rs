//! The OSTEP engine against paging-policy.py itself. Each file in test_data/ostep/ is the
//! whole output of one run of the simulator with `-c` (test_data/ostep/generate.sh made
//! them with python3 3.11; the simulator's source is not kept here). The `ARG` lines it
//! echoes say how it was run; everything after `Solving...` must match byte for byte.
//!
//! The cases: OSTEP's chapter-22 string, Silberschatz's, Belady's and a looping string, with
//! memories of 1, 3 and 4 pages, under FIFO, LRU, MRU, OPT, UNOPT, RAND and CLOCK (seed 0);
//! RAND and CLOCK with other seeds (one above 2^32, a two-word Mersenne Twister key); CLOCK
//! with 0, 1 and 3 clock bits; and strings the simulator drew itself (`-n 40 -m 12`).

use std::path::PathBuf;

use memplay_paging::ostep::{Addresses, OstepSettings, run_ostep};

/// The simulator's settings from its `ARG name value` echo.
fn settings_of(output: &str) -> (OstepSettings, Addresses) {
    let arg = |name: &str| {
        output
            .lines()
            .find_map(|line| line.strip_prefix(&format!("ARG {name} ")))
            .unwrap_or_else(|| panic!("no ARG {name}"))
            .to_string()
    };
    let number = |name: &str| arg(name).parse::<u64>().unwrap();
    let mut settings = OstepSettings::new(arg("policy").parse().unwrap(), number("cachesize"));
    settings.seed = number("seed");
    settings.clock_bits = arg("clockbits").parse().unwrap();
    let addresses = match arg("addresses").as_str() {
        "-1" => Addresses::Random {
            count: number("numaddrs"),
            max_page: number("maxpage"),
        },
        list => Addresses::List(list.split(',').map(|p| p.parse().unwrap()).collect()),
    };
    (settings, addresses)
}

#[test]
fn every_golden_matches_paging_policy_py() {
    let folder = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("test_data/ostep");
    let mut checked = 0;
    for entry in std::fs::read_dir(&folder).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_none_or(|e| e != "txt") {
            continue;
        }
        let output = std::fs::read_to_string(&path).unwrap();
        let (settings, addresses) = settings_of(&output);
        let expected = output.split_once("Solving...\n\n").unwrap().1;
        let run = run_ostep(&settings, &addresses).unwrap();
        assert_eq!(run.python_trace(), expected, "{}", path.display());
        checked += 1;
    }
    assert!(checked >= 100, "only {checked} goldens found");
}
