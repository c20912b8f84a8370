//! Scenario files and share links, data-driven: every file in test_data/scenarios/ok loads
//! and survives a link round trip; every file in test_data/scenarios/err is refused with the
//! message in its `.expect` file; the v1 links in test_data/links (made by an earlier build)
//! still open to the same scenario. `UPDATE_EXPECT=1` writes links for new ok files.

use std::path::{Path, PathBuf};

use memplay_session::Scenario;
use memplay_session::link::{self, MAX_DECODED_BYTES};

fn data(dir: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("test_data")
        .join(dir)
}

fn files(dir: &str, extension: &str) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(data(dir))
        .unwrap()
        .map(|entry| entry.unwrap().path())
        .filter(|path| path.extension().is_some_and(|e| e == extension))
        .collect();
    files.sort();
    assert!(!files.is_empty(), "no .{extension} files in {dir}");
    files
}

fn read(path: &Path) -> String {
    std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

#[test]
fn good_scenarios_load_and_round_trip_through_json_and_links() {
    for path in files("scenarios/ok", "json") {
        let scenario =
            Scenario::from_json(&read(&path)).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        assert_eq!(
            Scenario::from_json(&scenario.to_json()).as_ref(),
            Ok(&scenario),
            "{}",
            path.display()
        );
        let fragment = link::encode(&scenario);
        assert!(fragment.starts_with("v1."), "{fragment}");
        assert!(
            fragment[3..]
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_'),
            "base64url only: {fragment}"
        );
        assert_eq!(link::decode(&format!("#{fragment}")), Ok(scenario));
    }
}

#[test]
fn bad_scenarios_are_refused_naming_the_field_and_the_reason() {
    let mut count = 0;
    for path in files("scenarios/err", "json") {
        let expect = read(&path.with_extension("expect"));
        let expect = expect.trim();
        let error = Scenario::from_json(&read(&path))
            .err()
            .unwrap_or_else(|| panic!("{} loaded", path.display()))
            .to_string();
        assert!(
            error.contains(expect),
            "{}:\n  got      {error}\n  expected {expect}",
            path.display()
        );
        count += 1;
    }
    assert!(count >= 20, "{count} bad scenarios");
}

#[test]
fn the_settings_of_a_scenario_start_from_its_preset() {
    let path = data("scenarios/ok").join("tiny_machine_lesson.json");
    let scenario = Scenario::from_json(&read(&path)).unwrap();
    let settings = scenario.machine_settings().unwrap();
    assert_eq!(
        (settings.address_bits, settings.page_size, settings.frames),
        (16, 256, 24)
    );
    assert!(settings.heap.thread_cache);
    // Kept as the fields that differ from 32-bit Linux, the same machine comes back.
    let mut kept = scenario.clone();
    kept.set_machine_settings(&settings);
    assert!(!kept.settings.contains("preset"));
    assert_eq!(kept.machine_settings(), Ok(settings));
}

/// Links made by this format's first release: they must keep opening, to the same
/// scenario, in every later build.
#[test]
fn v1_links_from_earlier_builds_still_open() {
    let update = std::env::var_os("UPDATE_EXPECT").is_some();
    for path in files("scenarios/ok", "json") {
        let scenario = Scenario::from_json(&read(&path)).unwrap();
        let stem = path.file_stem().unwrap().to_string_lossy().into_owned();
        let fixture = data("links").join(format!("{stem}.link"));
        if update && !fixture.exists() {
            std::fs::write(&fixture, link::encode(&scenario) + "\n").unwrap();
        }
        let fragment = read(&fixture);
        assert_eq!(
            link::decode(fragment.trim()),
            Ok(scenario),
            "{} no longer opens as {}",
            fixture.display(),
            path.display()
        );
    }
}

#[test]
fn a_one_kilobyte_program_makes_a_link_under_1200_characters() {
    let corpus = Path::new(env!("CARGO_MANIFEST_DIR")).join("../machine/test_data/programs");
    let mut measured = 0;
    for entry in std::fs::read_dir(corpus).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_none_or(|e| e != "c") {
            continue;
        }
        let program = read(&path);
        if !(900..=1100).contains(&program.len()) {
            continue;
        }
        let mut scenario = Scenario::of_program("A program of about 1 KB", &program);
        scenario.step = Some(120);
        scenario.breakpoints = vec![3];
        let url = link::url("https://example.edu/courses/os/memplay/", &scenario);
        assert!(
            url.len() < 1200,
            "{}: {} characters",
            path.display(),
            url.len()
        );
        measured += 1;
    }
    assert!(measured >= 3, "only {measured} programs of about 1 KB");
}

/// Every link in test_data/links/err (damaged, cut, oversized, a decompression bomb, and
/// crafted ones carrying markup and script where a field name or value should be) is
/// refused with the message in its `.expect` file; `UPDATE_EXPECT=1` writes the messages.
/// The browser test (www/e2e/hostile.test.mjs) opens the same files and checks that the
/// message is shown as text and nothing runs.
#[test]
fn bad_links_are_refused_with_their_reason() {
    let update = std::env::var_os("UPDATE_EXPECT").is_some();
    let mut count = 0;
    for path in files("links/err", "link") {
        let error = link::decode(&read(&path))
            .err()
            .unwrap_or_else(|| panic!("{} opened", path.display()))
            .to_string();
        let expect_path = path.with_extension("expect");
        if update {
            std::fs::write(&expect_path, format!("{error}\n")).unwrap();
        }
        let expect = read(&expect_path);
        assert_eq!(error, expect.trim_end(), "{}", path.display());
        count += 1;
    }
    assert!(count >= 20, "{count} bad links");
    // Just under the limit is fine: the limit is on what a scenario can be, not less.
    let mut big = Scenario::of_program("big", &"/* padding */\n".repeat(4000));
    big.program.truncate(MAX_DECODED_BYTES - 200);
    assert!(link::decode(&link::encode(&big)).is_ok());
}

#[test]
fn the_url_replaces_any_fragment_of_the_base() {
    let scenario = Scenario::default();
    let url = link::url("http://localhost:8080/memplay/index.html#v1.old", &scenario);
    assert!(url.starts_with("http://localhost:8080/memplay/index.html#v1."));
    assert_eq!(url.matches('#').count(), 1);
}

/// The JSON Schema in www/docs names exactly what this build reads: every setting id, every
/// preset, every view and every kind of answer.
#[test]
fn the_documented_schema_matches_the_format() {
    use memplay_session::ViewKind;
    use memplay_session::settings_form::{Field, Preset};
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../www/docs/scenario.schema.json");
    let schema: serde_json::Value = serde_json::from_str(&read(&path)).unwrap();
    let strings = |value: &serde_json::Value| -> Vec<String> {
        value
            .as_array()
            .unwrap()
            .iter()
            .map(|v| v.as_str().unwrap().to_string())
            .collect()
    };
    let settings = schema["properties"]["settings"]["properties"]
        .as_object()
        .unwrap();
    let mut documented: Vec<&str> = settings.keys().map(String::as_str).collect();
    documented.sort_unstable();
    let mut known: Vec<&str> = Field::ALL
        .iter()
        .map(|f| f.id())
        .chain(["preset"])
        .collect();
    known.sort_unstable();
    assert_eq!(documented, known, "settings");
    assert_eq!(
        strings(&settings["preset"]["enum"]),
        Preset::ALL
            .iter()
            .map(|p| p.id().to_string())
            .collect::<Vec<_>>()
    );
    assert_eq!(
        strings(&schema["$defs"]["view"]["enum"]),
        ViewKind::ALL
            .iter()
            .map(|v| v.id().to_string())
            .collect::<Vec<_>>()
    );
    // Each documented answer, as the schema shows it, is read by this build.
    for answer in schema["$defs"]["answer"]["oneOf"].as_array().unwrap() {
        let properties = answer["properties"].as_object().unwrap();
        let kind = properties["kind"]["const"].as_str().unwrap();
        let counters = properties
            .get("counter")
            .map(|c| strings(&c["enum"]))
            .unwrap_or_else(|| vec![String::new()]);
        for counter in counters {
            let mut example = serde_json::json!({ "kind": kind });
            if properties.contains_key("line") {
                example["line"] = 1.into();
            }
            if !counter.is_empty() {
                example["counter"] = counter.into();
            }
            let parsed: Result<memplay_session::lesson::Answer, _> =
                serde_json::from_value(example.clone());
            assert!(parsed.is_ok(), "{example}: {parsed:?}");
        }
    }
    let top: Vec<&str> = schema["properties"]
        .as_object()
        .unwrap()
        .keys()
        .map(String::as_str)
        .collect();
    let written = serde_json::to_value(Scenario {
        step: Some(1),
        breakpoints: vec![1],
        views: vec![ViewKind::Stack],
        view: Some(ViewKind::Stack),
        read_only: true,
        description: "d".into(),
        lesson: Some(memplay_session::lesson::Lesson {
            text: "t".into(),
            questions: vec![],
        }),
        ..Scenario::of_program("t", "int main(void) { return 0; }")
    })
    .unwrap();
    let mut written: Vec<&str> = written
        .as_object()
        .unwrap()
        .keys()
        .map(String::as_str)
        .collect();
    written.push("settings");
    written.sort_unstable();
    let mut top = top;
    top.sort_unstable();
    assert_eq!(top, written, "top-level fields");
}
