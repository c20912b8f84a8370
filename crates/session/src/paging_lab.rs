//! The paging lab's runs in the shapes their readers need: a reference string run over some
//! frames with a replacement policy, the same under OSTEP's paging-policy.py rules, and a
//! sweep of misses against frame counts (Belady's curve); each as JSON and as a table (the
//! `memplay paging` command prints them).

use std::fmt::Write as _;
use std::ops::RangeInclusive;

use memplay_paging::frames::Page;
pub use memplay_paging::ostep::OstepStep;
pub use memplay_paging::ostep::{Addresses, OstepPolicy, OstepSettings};
use memplay_paging::ostep::{OstepRun, run_ostep};
pub use memplay_paging::policy::{PolicyKind, PolicySettings};
pub use memplay_paging::reference::AccessRecord;
pub use memplay_paging::reference::{MAX_SWEEP, RunSettings, Sweep};
use memplay_paging::reference::{Run, anomalies, parse_refs, run, sweep, sweep_frames};
use serde::Serialize;

/// A recorded run of a native policy.
pub struct PagingRun {
    run: Run,
}

/// Runs `refs` (`7,0w,1`: a `w` marks a write) under `settings`. Errors name the bad
/// setting or the bad item of the string.
pub fn run_refs(settings: &RunSettings, refs: &str) -> Result<PagingRun, String> {
    let refs = parse_refs(refs)?;
    Ok(PagingRun {
        run: run(&refs, settings)?,
    })
}

/// The JSON report: `{"policy":"lru","frames":3,"hits":2,"misses":6,"accesses":[...]}`,
/// with `write_backs` when the string has writes.
#[derive(Serialize)]
struct RunReport<'a> {
    policy: &'a str,
    frames: u64,
    hits: u64,
    misses: u64,
    #[serde(skip_serializing_if = "Option::is_none")]
    write_backs: Option<u64>,
    accesses: &'a [AccessRecord],
}

impl PagingRun {
    pub fn hits(&self) -> u64 {
        self.run.totals.hits
    }

    pub fn misses(&self) -> u64 {
        self.run.totals.misses
    }

    /// Each access: hit or miss, the victim, the pages resident after it.
    pub fn accesses(&self) -> &[AccessRecord] {
        &self.run.accesses
    }

    pub fn to_json(&self) -> String {
        let has_writes = self.run.accesses.iter().any(|a| a.write);
        to_json_line(&RunReport {
            policy: self.run.settings.policy.name(),
            frames: self.run.settings.frames,
            hits: self.run.totals.hits,
            misses: self.run.totals.misses,
            write_backs: has_writes.then_some(self.run.totals.write_backs),
            accesses: &self.run.accesses,
        })
    }

    /// A readable table: one line per access, then the totals.
    pub fn to_table(&self) -> String {
        let settings = &self.run.settings;
        let mut out = String::new();
        let _ = writeln!(
            out,
            "{} ({}), {} frames{}",
            settings.policy.name(),
            settings.policy.describe(),
            settings.frames,
            settings_note(settings)
        );
        let _ = writeln!(
            out,
            "{:>5}  {:<8} {:<5} {:<16} resident",
            "#", "page", "hit?", "evicted"
        );
        for (i, access) in self.run.accesses.iter().enumerate() {
            let page = format!("{}{}", access.page, if access.write { "w" } else { "" });
            let _ = writeln!(
                out,
                "{:>5}  {:<8} {:<5} {:<16} {}",
                i + 1,
                page,
                if access.hit { "hit" } else { "miss" },
                evicted_text(access),
                pages_text(&access.resident)
            );
        }
        let totals = &self.run.totals;
        let _ = writeln!(
            out,
            "hits {}, misses {}, hit rate {:.2}%{}",
            totals.hits,
            totals.misses,
            percent(totals.hits, totals.hits + totals.misses),
            if self.run.accesses.iter().any(|a| a.write) {
                format!(", write-backs {}", totals.write_backs)
            } else {
                String::new()
            }
        );
        out
    }
}

/// The policy settings that matter for this policy, for the table's title.
fn settings_note(settings: &RunSettings) -> String {
    let p = &settings.policy_settings;
    match settings.policy {
        PolicyKind::Random => format!(", seed {}", p.seed),
        PolicyKind::Nru => format!(
            ", seed {}, R cleared every {} references",
            p.seed, settings.tick
        ),
        PolicyKind::Aging => format!(
            ", {}-bit counters, a tick every {} references",
            p.aging_bits, settings.tick
        ),
        PolicyKind::Ws | PolicyKind::Wsclock => {
            format!(", tau {}, a tick every {} references", p.tau, settings.tick)
        }
        _ => String::new(),
    }
}

fn evicted_text(access: &AccessRecord) -> String {
    let mut text = match access.evicted {
        Some(page) if access.written_back => format!("{page} (written)"),
        Some(page) => page.to_string(),
        None => "-".into(),
    };
    if !access.cleaned.is_empty() {
        let _ = write!(text, " +wrote {}", pages_text(&access.cleaned));
    }
    text
}

fn pages_text(pages: &[Page]) -> String {
    let words: Vec<String> = pages.iter().map(Page::to_string).collect();
    format!("[{}]", words.join(" "))
}

fn percent(part: u64, whole: u64) -> f64 {
    if whole == 0 {
        0.0
    } else {
        100.0 * part as f64 / whole as f64
    }
}

fn to_json_line(value: &impl Serialize) -> String {
    let mut text = serde_json::to_string(value).expect("plain data always serializes");
    text.push('\n');
    text
}

/// A run under paging-policy.py's rules.
pub struct OstepPagingRun {
    run: OstepRun,
}

/// Runs paging-policy.py's rules over a page list (`7,0,1`; no writes: the simulator has
/// none) or over pages it draws itself.
pub fn run_ostep_refs(
    settings: &OstepSettings,
    addresses: &Addresses,
) -> Result<OstepPagingRun, String> {
    Ok(OstepPagingRun {
        run: run_ostep(settings, addresses)?,
    })
}

/// Parses an OSTEP page list: plain page numbers (the simulator knows no writes).
pub fn parse_ostep_pages(text: &str) -> Result<Vec<Page>, String> {
    parse_refs(text)?
        .into_iter()
        .enumerate()
        .map(|(i, r)| {
            if r.write {
                Err(format!(
                    "refs: item {}: paging-policy.py has no writes; leave out the `w`",
                    i + 1
                ))
            } else {
                Ok(r.page)
            }
        })
        .collect()
}

#[derive(Serialize)]
struct OstepAccess<'a> {
    page: Page,
    hit: bool,
    evicted: Option<Page>,
    resident: &'a [Page],
}

#[derive(Serialize)]
struct OstepReport<'a> {
    policy: &'a str,
    frames: u64,
    hits: u64,
    misses: u64,
    accesses: Vec<OstepAccess<'a>>,
}

impl OstepPagingRun {
    /// Each access as the simulator prints it, memory in list order.
    pub fn steps(&self) -> &[OstepStep] {
        &self.run.steps
    }

    pub fn hits(&self) -> u64 {
        self.run.hits
    }

    pub fn misses(&self) -> u64 {
        self.run.misses
    }

    /// The same JSON shape as a native run; `resident` is the simulator's memory list.
    pub fn to_json(&self) -> String {
        let run = &self.run;
        to_json_line(&OstepReport {
            policy: run.settings.policy.name(),
            frames: run.settings.cache_size,
            hits: run.hits,
            misses: run.misses,
            accesses: run
                .steps
                .iter()
                .map(|s| OstepAccess {
                    page: s.page,
                    hit: s.hit,
                    evicted: s.victim,
                    resident: &s.memory,
                })
                .collect(),
        })
    }

    /// Exactly what `paging-policy.py -c` prints after `Solving...`, so the two can be
    /// compared with diff.
    pub fn to_table(&self) -> String {
        self.run.python_trace()
    }
}

/// Which rules a sweep runs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SweepPolicies {
    Native(Vec<PolicyKind>, RunSettings),
    Ostep(Vec<OstepPolicy>, OstepSettings),
}

/// Misses for every frame count, per policy.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SweepRun {
    pub frames: Vec<u64>,
    pub policies: Vec<SweepCurve>,
}

/// One policy's line of a sweep.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SweepCurve {
    pub policy: String,
    pub misses: Vec<u64>,
    /// Frame counts that miss more than one frame fewer (Belady's anomaly).
    pub anomalies: Vec<u64>,
}

/// Parses a sweep range: `1..8` or `1-8` (both ends included), or `8` for `1..8`.
pub fn parse_range(text: &str) -> Result<RangeInclusive<u64>, String> {
    let number = |part: &str| {
        part.trim()
            .parse::<u64>()
            .map_err(|_| format!("sweep: `{text}` is not a range of frame counts such as 1..8"))
    };
    let (low, high) = match text
        .split_once("..=")
        .or_else(|| text.split_once(".."))
        .or_else(|| text.split_once('-'))
    {
        Some((low, high)) => (number(low)?, number(high)?),
        None => (1, number(text)?),
    };
    Ok(low..=high)
}

/// Parses `fifo,lru,opt`.
pub fn parse_policies(text: &str) -> Result<Vec<PolicyKind>, String> {
    text.split(',')
        .map(|name| name.parse::<PolicyKind>().map_err(|e| e.to_string()))
        .collect()
}

/// Parses `fifo,lru,opt` as paging-policy.py's policies.
pub fn parse_ostep_policies(text: &str) -> Result<Vec<OstepPolicy>, String> {
    text.split(',').map(str::parse).collect()
}

/// Runs a sweep of `refs` over `frames`.
pub fn run_sweep(
    refs: &str,
    policies: &SweepPolicies,
    frames: RangeInclusive<u64>,
) -> Result<SweepRun, String> {
    match policies {
        SweepPolicies::Native(kinds, base) => {
            let refs = parse_refs(refs)?;
            let result: Sweep = sweep(&refs, kinds, frames, base)?;
            Ok(SweepRun {
                frames: result.frames,
                policies: result
                    .curves
                    .into_iter()
                    .map(|c| SweepCurve {
                        policy: c.policy.name().into(),
                        misses: c.misses,
                        anomalies: c.anomalies,
                    })
                    .collect(),
            })
        }
        SweepPolicies::Ostep(kinds, base) => ostep_sweep(refs, kinds, base, frames),
    }
}

fn ostep_sweep(
    refs: &str,
    kinds: &[OstepPolicy],
    base: &OstepSettings,
    frames: RangeInclusive<u64>,
) -> Result<SweepRun, String> {
    let pages = Addresses::List(parse_ostep_pages(refs)?);
    run_ostep_sweep(&pages, kinds, base, frames)
}

/// A sweep under paging-policy.py's rules over a page list or pages the simulator draws
/// (drawn from the seed afresh for every run, as the simulator would).
pub fn run_ostep_sweep(
    pages: &Addresses,
    kinds: &[OstepPolicy],
    base: &OstepSettings,
    frames: RangeInclusive<u64>,
) -> Result<SweepRun, String> {
    let frames = sweep_frames(frames)?;
    let policies = kinds
        .iter()
        .map(|&policy| {
            let misses = frames
                .iter()
                .map(|&n| {
                    let settings = OstepSettings {
                        policy,
                        cache_size: n,
                        ..base.clone()
                    };
                    run_ostep(&settings, pages).map(|run| run.misses)
                })
                .collect::<Result<Vec<u64>, String>>()?;
            Ok(SweepCurve {
                policy: policy.name().into(),
                anomalies: anomalies(&frames, &misses),
                misses,
            })
        })
        .collect::<Result<Vec<_>, String>>()?;
    Ok(SweepRun { frames, policies })
}

impl SweepRun {
    pub fn to_json(&self) -> String {
        to_json_line(self)
    }

    /// One row per policy, one column per frame count; anomalies noted at the end.
    pub fn to_table(&self) -> String {
        let width = self
            .policies
            .iter()
            .flat_map(|p| p.misses.iter())
            .chain(self.frames.iter())
            .map(|n| n.to_string().len())
            .max()
            .unwrap_or(1)
            .max(3);
        let mut out = String::from("misses by number of frames\n");
        let _ = write!(out, "{:<8}", "frames");
        for n in &self.frames {
            let _ = write!(out, " {n:>width$}");
        }
        out.push('\n');
        for curve in &self.policies {
            let _ = write!(out, "{:<8}", curve.policy);
            for m in &curve.misses {
                let _ = write!(out, " {m:>width$}");
            }
            if !curve.anomalies.is_empty() {
                let counts: Vec<String> = curve.anomalies.iter().map(u64::to_string).collect();
                let _ = write!(out, "   Belady's anomaly at {} frames", counts.join(", "));
            }
            out.push('\n');
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_issue_command_as_json() {
        let run = run_refs(&RunSettings::new(PolicyKind::Lru, 3), "7,0,1,2,0,3,0,4").unwrap();
        let json = run.to_json();
        assert!(
            json.starts_with(
                r#"{"policy":"lru","frames":3,"hits":2,"misses":6,"accesses":[{"page":7,"hit":false,"evicted":null,"resident":[7]},"#
            ),
            "{json}"
        );
        assert!(
            json.trim_end()
                .ends_with(r#"{"page":4,"hit":false,"evicted":2,"resident":[3,0,4]}]}"#),
            "{json}"
        );
    }

    #[test]
    fn writes_show_in_json_and_table() {
        let run = run_refs(&RunSettings::new(PolicyKind::Fifo, 1), "1w,2").unwrap();
        let json = run.to_json();
        assert!(json.contains(r#""write_backs":1"#), "{json}");
        assert!(
            json.contains(
                r#"{"page":2,"hit":false,"evicted":1,"written_back":true,"resident":[2]}"#
            ),
            "{json}"
        );
        let table = run.to_table();
        assert!(table.contains("1 (written)"), "{table}");
        assert!(
            table.ends_with("hits 0, misses 2, hit rate 0.00%, write-backs 1\n"),
            "{table}"
        );
    }

    #[test]
    fn ostep_table_is_the_simulators_trace() {
        let settings = OstepSettings::new(OstepPolicy::Fifo, 3);
        let pages = Addresses::List(parse_ostep_pages("0,1,2,0,1,3,0,3,1,2,1").unwrap());
        let run = run_ostep_refs(&settings, &pages).unwrap();
        let table = run.to_table();
        assert!(
            table.starts_with(
                "Access: 0  MISS FirstIn ->          [0] <- Lastin  Replaced:- [Hits:0 Misses:1]\n"
            ),
            "{table}"
        );
        assert!(
            table.ends_with("\nFINALSTATS hits 4   misses 7   hitrate 36.36\n\n"),
            "{table}"
        );
        assert!(parse_ostep_pages("1w").unwrap_err().contains("no writes"));
    }

    #[test]
    fn sweeps_show_beladys_anomaly_natively_and_under_ostep_rules() {
        let refs = "1,2,3,4,1,2,5,1,2,3,4,5";
        let base = RunSettings::new(PolicyKind::Fifo, 1);
        let native = SweepPolicies::Native(parse_policies("fifo,lru").unwrap(), base);
        let sweep = run_sweep(refs, &native, parse_range("1..5").unwrap()).unwrap();
        assert_eq!(sweep.policies[0].misses, vec![12, 12, 9, 10, 5]);
        let table = sweep.to_table();
        assert!(
            table.contains("fifo      12  12   9  10   5   Belady's anomaly at 4 frames"),
            "{table}"
        );
        let ostep = SweepPolicies::Ostep(
            parse_ostep_policies("fifo").unwrap(),
            OstepSettings::new(OstepPolicy::Fifo, 1),
        );
        let sweep = run_sweep(refs, &ostep, parse_range("3-4").unwrap()).unwrap();
        assert_eq!(sweep.policies[0].misses, vec![9, 10]);
        assert_eq!(sweep.policies[0].anomalies, vec![4]);
        assert_eq!(parse_range("4"), Ok(1..=4));
        assert!(parse_range("a..b").unwrap_err().starts_with("sweep:"));
        assert!(
            run_sweep(refs, &native, 0..=3)
                .unwrap_err()
                .starts_with("sweep:")
        );
    }
}
