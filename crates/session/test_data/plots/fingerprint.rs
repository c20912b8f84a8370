//! A fingerprint of what the Plots view draws for a run: every point of the time series
//! and every fault count of Belady's curve, hashed. Shared, by `#[path]`, between the
//! native test (crates/session/tests/plots_determinism.rs) and the WebAssembly one
//! (crates/web/tests/plots_determinism.rs): both must give the lines of hashes.txt for
//! the machine's determinism cases.

use memplay_machine::Settings;
use memplay_machine::trace::Fnv64;
use memplay_session::playback::Playback;

/// The golden lines, one `name points references hash` per case.
pub const PLOTS_GOLDEN: &str = include_str!("hashes.txt");

/// A case's line: its name, the series' points, the curve's references, and the hash.
pub fn plots_line(name: &str, source: &str, settings: Settings) -> String {
    let mut playback = match Playback::start("program.c", source, settings) {
        Ok(playback) => playback,
        Err(failure) => return format!("{name} does not run: {failure:?}"),
    };
    while !playback.record(500) {}
    let series = playback.time_series();
    let mut job = match playback.belady_job() {
        Ok(job) => job,
        Err(why) => return format!("{name}: no curve: {why}"),
    };
    while !job.advance(10_000) {}
    let Some(curve) = job.result() else {
        return format!("{name}: the curve did not finish");
    };
    let mut hash = Fnv64::new();
    hash.u64(series.spacing);
    for point in &series.points {
        hash.u64(point.step);
        hash.u32(point.heap_bytes);
        hash.u64(point.live_bytes);
        hash.u64(point.external_fragmentation.map_or(u64::MAX, f64::to_bits));
        hash.u32(point.stack_frames);
        hash.u32(point.deepest_frames);
    }
    hash.usize(curve.references);
    hash.u64(curve.accesses);
    hash.u64(curve.distinct_pages);
    hash.u8(u8::from(curve.capped));
    for &frames in &curve.frames {
        hash.u64(frames);
    }
    for policy in &curve.curves {
        hash.str(&policy.policy);
        for &faults in &policy.faults {
            hash.u64(faults);
        }
    }
    format!(
        "{name} {} {} {:016x}",
        series.points.len(),
        curve.references,
        hash.finish()
    )
}

/// The golden line stored for `name`, if there is one.
pub fn plots_golden_for<'a>(golden: &'a str, name: &str) -> Option<&'a str> {
    golden
        .lines()
        .find(|line| line.split_whitespace().next() == Some(name))
}
