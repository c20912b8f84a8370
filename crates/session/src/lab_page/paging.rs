//! The paging lab: one reference string run under several replacement policies (OSTEP's
//! paging-policy.py rules, or memplay's own policies), a column each, a row per reference,
//! and Belady's curve of every policy (misses against frame counts).

use std::ops::RangeInclusive;

use memplay_paging::frames::Page;

use super::{MAX_ROWS, parse_in_range};
use crate::paging_lab::{
    AccessRecord, Addresses, OstepPolicy, OstepSettings, OstepStep, PolicyKind, RunSettings,
    SweepPolicies, SweepRun, parse_ostep_pages, parse_range, run_ostep_refs, run_ostep_sweep,
    run_refs, run_sweep,
};

/// Which rules the references run under.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PagingRules {
    /// OSTEP's paging-policy.py, quirks included.
    Ostep,
    /// memplay's replacement policies (the machine's), writes included.
    Memplay,
}

impl PagingRules {
    pub fn name(self) -> &'static str {
        match self {
            PagingRules::Ostep => "ostep",
            PagingRules::Memplay => "memplay",
        }
    }

    pub fn parse(text: &str) -> Option<PagingRules> {
        [PagingRules::Ostep, PagingRules::Memplay]
            .into_iter()
            .find(|r| r.name() == text.trim().to_ascii_lowercase())
    }
}

/// The most frame counts the page's Belady curve sweeps (the CLI takes more).
pub const MAX_SWEEP_COUNTS: u64 = 64;

/// The frame counts an automatic sweep covers at most.
const AUTO_SWEEP_COUNTS: u64 = 16;

/// The paging lab's inputs as the learner typed them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PagingLabForm {
    pub rules: PagingRules,
    /// Page numbers, `0,1,2,0,1,3` (paging-policy.py's `-a`); with memplay's rules `3w` is a
    /// write. Under OSTEP's rules, empty or `-1` draws `numaddrs` pages below `maxpage`.
    pub refs: String,
    /// Frames of physical memory (`-C`).
    pub frames: String,
    /// Compared under OSTEP's rules, in [`OstepPolicy::ALL`] order.
    pub ostep_policies: Vec<OstepPolicy>,
    /// Compared under memplay's rules, in [`PolicyKind::ALL`] order.
    pub policies: Vec<PolicyKind>,
    /// RAND's and CLOCK's seed (`-s`); memplay's random and nru.
    pub seed: String,
    /// CLOCK's counter cap (`-b`), OSTEP's rules only.
    pub clock_bits: String,
    /// Pages drawn when there is no list (`-n`).
    pub numaddrs: String,
    /// Drawn pages are below this (`-m`).
    pub maxpage: String,
    /// The frame counts of Belady's curve, `1..8`; empty for 1 to one more than the
    /// distinct pages.
    pub sweep: String,
}

impl Default for PagingLabForm {
    /// OSTEP's chapter 22 example with FIFO, LRU, OPT and CLOCK.
    fn default() -> PagingLabForm {
        let policies = [
            PolicyKind::Fifo,
            PolicyKind::Lru,
            PolicyKind::Opt,
            PolicyKind::Clock,
        ];
        PagingLabForm {
            rules: PagingRules::Ostep,
            refs: "0,1,2,0,1,3,0,3,1,2,1".into(),
            frames: "3".into(),
            ostep_policies: vec![
                OstepPolicy::Fifo,
                OstepPolicy::Lru,
                OstepPolicy::Opt,
                OstepPolicy::Clock,
            ],
            policies: policies.to_vec(),
            seed: "0".into(),
            clock_bits: "2".into(),
            numaddrs: "10".into(),
            maxpage: "10".into(),
            sweep: String::new(),
        }
    }
}

/// The comparison: a column per policy, a row per reference, and Belady's curve.
#[derive(Debug, Clone, PartialEq)]
pub struct PagingComparison {
    /// The settings in force, in a sentence (the table's caption).
    pub caption: String,
    pub columns: Vec<PolicyColumn>,
    pub rows: Vec<RefRow>,
    /// Misses against frame counts for every policy, or why there is no curve (a bad range
    /// does not hide the table).
    pub sweep: Result<SweepRun, String>,
}

/// A policy's column, with its totals.
#[derive(Debug, Clone, PartialEq)]
pub struct PolicyColumn {
    /// `FIFO`, `LRU`... (paging-policy.py's spelling under its rules).
    pub name: String,
    pub hits: u64,
    pub misses: u64,
    /// Hits over references in percent (0 for an empty string).
    pub hit_rate: f64,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RefRow {
    /// The reference: `3`, or `3w` for a write.
    pub page: String,
    pub cells: Vec<RefCell>,
}

/// What one reference did under one policy.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RefCell {
    pub hit: bool,
    /// The page it replaced.
    pub evicted: Option<Page>,
    /// The pages in memory after it: `[0 1 3]`, in the simulator's list order under OSTEP's
    /// rules, by frame otherwise.
    pub resident: String,
}

/// Runs the form's references under every chosen policy. Errors name the field.
pub fn compare_paging(form: &PagingLabForm) -> Result<PagingComparison, String> {
    let frames: u64 = parse_in_range("frames", &form.frames, "1 or more")?;
    let seed: u64 = parse_in_range("seed", &form.seed, "0 or more")?;
    match form.rules {
        PagingRules::Ostep => ostep_comparison(form, frames, seed),
        PagingRules::Memplay => memplay_comparison(form, frames, seed),
    }
}

fn ostep_addresses(form: &PagingLabForm) -> Result<(Addresses, String), String> {
    let refs = form.refs.trim();
    if refs.is_empty() || refs == "-1" {
        let count: u64 = parse_in_range("numaddrs", &form.numaddrs, "0 or more")?;
        let max_page: u64 = parse_in_range("maxpage", &form.maxpage, "0 or more")?;
        if count > MAX_ROWS as u64 {
            return Err(format!(
                "numaddrs: the lab page compares at most {MAX_ROWS} references"
            ));
        }
        let what = format!("{count} pages drawn below {max_page}");
        return Ok((Addresses::Random { count, max_page }, what));
    }
    let pages = parse_ostep_pages(refs)?;
    check_length(pages.len())?;
    Ok((Addresses::List(pages), "the pages given".into()))
}

fn check_length(count: usize) -> Result<(), String> {
    if count > MAX_ROWS {
        Err(format!(
            "refs: {count} references; the lab page compares at most {MAX_ROWS} (the memplay \
             paging command takes longer strings)"
        ))
    } else {
        Ok(())
    }
}

fn ostep_comparison(
    form: &PagingLabForm,
    frames: u64,
    seed: u64,
) -> Result<PagingComparison, String> {
    let clock_bits = super::parse_number("clockbits", &form.clock_bits)?;
    let (addresses, what) = ostep_addresses(form)?;
    if form.ostep_policies.is_empty() {
        return Err("policies: choose at least one policy to compare".into());
    }
    let base = OstepSettings {
        seed,
        clock_bits,
        ..OstepSettings::new(OstepPolicy::Fifo, frames)
    };
    let runs = form
        .ostep_policies
        .iter()
        .map(|&policy| {
            let settings = OstepSettings {
                policy,
                ..base.clone()
            };
            run_ostep_refs(&settings, &addresses)
        })
        .collect::<Result<Vec<_>, String>>()?;
    let steps: Vec<&[OstepStep]> = runs.iter().map(|r| r.steps()).collect();
    let rows = (0..steps[0].len())
        .map(|i| RefRow {
            page: steps[0][i].page.to_string(),
            cells: steps
                .iter()
                .map(|s| RefCell {
                    hit: s[i].hit,
                    evicted: s[i].victim,
                    resident: pages_text(&s[i].memory),
                })
                .collect(),
        })
        .collect();
    let columns = form
        .ostep_policies
        .iter()
        .zip(&runs)
        .map(|(policy, run)| column(policy.python_name(), run.hits(), run.misses()))
        .collect();
    let distinct = distinct(steps[0].iter().map(|s| s.page));
    let sweep = sweep_range(&form.sweep, frames, distinct).and_then(|range| {
        run_ostep_sweep(&addresses, &form.ostep_policies, &base, range).map(|mut sweep| {
            for (curve, policy) in sweep.policies.iter_mut().zip(&form.ostep_policies) {
                curve.policy = policy.python_name().into();
            }
            sweep
        })
    });
    Ok(PagingComparison {
        caption: format!(
            "OSTEP paging-policy.py rules: {what}, {frames} frames, seed {seed}, CLOCK's \
             counters capped at {clock_bits}"
        ),
        columns,
        rows,
        sweep,
    })
}

fn memplay_comparison(
    form: &PagingLabForm,
    frames: u64,
    seed: u64,
) -> Result<PagingComparison, String> {
    if form.refs.trim().is_empty() {
        return Err("refs: enter a reference string such as 0,1,2,0,1,3".into());
    }
    if form.policies.is_empty() {
        return Err("policies: choose at least one policy to compare".into());
    }
    check_length(
        form.refs
            .split(|c: char| c == ',' || c.is_whitespace())
            .filter(|s| !s.is_empty())
            .count(),
    )?;
    let mut base = RunSettings::new(form.policies[0], frames);
    base.policy_settings.seed = seed;
    let runs = form
        .policies
        .iter()
        .map(|&policy| run_refs(&RunSettings { policy, ..base }, &form.refs))
        .collect::<Result<Vec<_>, String>>()?;
    let accesses: Vec<&[AccessRecord]> = runs.iter().map(|r| r.accesses()).collect();
    let rows = (0..accesses[0].len())
        .map(|i| {
            let first = &accesses[0][i];
            RefRow {
                page: format!("{}{}", first.page, if first.write { "w" } else { "" }),
                cells: accesses
                    .iter()
                    .map(|a| RefCell {
                        hit: a[i].hit,
                        evicted: a[i].evicted,
                        resident: pages_text(&a[i].resident),
                    })
                    .collect(),
            }
        })
        .collect();
    let columns = form
        .policies
        .iter()
        .zip(&runs)
        .map(|(policy, run)| column(&policy.name().to_uppercase(), run.hits(), run.misses()))
        .collect();
    let distinct = distinct(accesses[0].iter().map(|a| a.page));
    let sweep = sweep_range(&form.sweep, frames, distinct).and_then(|range| {
        let policies = SweepPolicies::Native(form.policies.clone(), base);
        run_sweep(&form.refs, &policies, range).map(|mut sweep| {
            for curve in &mut sweep.policies {
                curve.policy = curve.policy.to_uppercase();
            }
            sweep
        })
    });
    Ok(PagingComparison {
        caption: format!(
            "memplay's replacement policies: {} references, {frames} frames, seed {seed} \
             (random and nru); aging, nru, ws and wsclock with the CLI's defaults",
            accesses[0].len()
        ),
        columns,
        rows,
        sweep,
    })
}

fn column(name: &str, hits: u64, misses: u64) -> PolicyColumn {
    let total = hits + misses;
    PolicyColumn {
        name: name.into(),
        hits,
        misses,
        hit_rate: if total == 0 {
            0.0
        } else {
            100.0 * hits as f64 / total as f64
        },
    }
}

fn distinct(pages: impl Iterator<Item = Page>) -> u64 {
    let mut seen: Vec<Page> = pages.collect();
    seen.sort_unstable();
    seen.dedup();
    seen.len() as u64
}

/// The sweep's frame counts: as typed (`1..8`, `8`), or from 1 to one more than the
/// distinct pages (so the curve reaches its floor) and at least the frames compared.
fn sweep_range(text: &str, frames: u64, distinct: u64) -> Result<RangeInclusive<u64>, String> {
    if text.trim().is_empty() {
        let high = (distinct + 1).max(frames).clamp(1, AUTO_SWEEP_COUNTS);
        return Ok(1..=high);
    }
    let range = parse_range(text.trim())?;
    if range.end().saturating_sub(*range.start()) >= MAX_SWEEP_COUNTS {
        return Err(format!(
            "sweep: the lab page draws at most {MAX_SWEEP_COUNTS} frame counts (the memplay \
             paging command's --sweep takes more)"
        ));
    }
    Ok(range)
}

/// `[0 1 3]`
fn pages_text(pages: &[Page]) -> String {
    let words: Vec<String> = pages.iter().map(Page::to_string).collect();
    format!("[{}]", words.join(" "))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn form(refs: &str, frames: &str) -> PagingLabForm {
        PagingLabForm {
            refs: refs.into(),
            frames: frames.into(),
            ..PagingLabForm::default()
        }
    }

    fn totals(comparison: &PagingComparison) -> Vec<(&str, u64, u64)> {
        comparison
            .columns
            .iter()
            .map(|c| (c.name.as_str(), c.hits, c.misses))
            .collect()
    }

    #[test]
    fn ostep_chapter_22s_example_side_by_side() {
        let mut form = form("0,1,2,0,1,3,0,3,1,2,1", "3");
        form.ostep_policies = vec![OstepPolicy::Fifo, OstepPolicy::Lru, OstepPolicy::Opt];
        let comparison = compare_paging(&form).unwrap();
        // OSTEP, figures 22.1 (OPT), 22.2 (FIFO) and 22.5 (LRU).
        assert_eq!(
            totals(&comparison),
            [("FIFO", 4, 7), ("LRU", 6, 5), ("OPT", 6, 5)]
        );
        assert_eq!(comparison.rows.len(), 11);
        // The 6th reference, page 3: OPT evicts 2, FIFO the first in (0), LRU 2.
        let row = &comparison.rows[5];
        assert_eq!(row.page, "3");
        assert_eq!(
            row.cells.iter().map(|c| c.evicted).collect::<Vec<_>>(),
            [Some(0), Some(2), Some(2)]
        );
        assert_eq!(row.cells[0].resident, "[1 2 3]");
        assert!(!row.cells[0].hit && comparison.rows[3].cells[0].hit);
        assert!((comparison.columns[0].hit_rate - 36.363636).abs() < 1e-3);
        let sweep = comparison.sweep.unwrap();
        assert_eq!(sweep.frames, [1, 2, 3, 4, 5]);
        assert_eq!(sweep.policies[0].policy, "FIFO");
        assert_eq!(sweep.policies[0].misses[2], 7);
    }

    #[test]
    fn beladys_anomaly_in_the_sweep_under_both_rules() {
        let mut ostep = form("1,2,3,4,1,2,5,1,2,3,4,5", "3");
        ostep.ostep_policies = vec![OstepPolicy::Fifo];
        let sweep = compare_paging(&ostep).unwrap().sweep.unwrap();
        assert_eq!(sweep.frames, [1, 2, 3, 4, 5, 6]);
        assert_eq!(sweep.policies[0].misses, [12, 12, 9, 10, 5, 5]);
        assert_eq!(sweep.policies[0].anomalies, [4]);
        let native = PagingLabForm {
            rules: PagingRules::Memplay,
            policies: vec![PolicyKind::Fifo, PolicyKind::Lru],
            sweep: "3..4".into(),
            ..ostep
        };
        let comparison = compare_paging(&native).unwrap();
        assert_eq!(totals(&comparison), [("FIFO", 3, 9), ("LRU", 2, 10)]);
        let sweep = comparison.sweep.unwrap();
        assert_eq!(sweep.frames, [3, 4]);
        assert_eq!(sweep.policies[0].misses, [9, 10]);
    }

    #[test]
    fn columns_match_the_single_runs() {
        let form = form("7,0,1,2,0,3,0,4,2,3,0,3,2", "3");
        let comparison = compare_paging(&form).unwrap();
        for (column, &policy) in form.ostep_policies.iter().enumerate() {
            let settings = OstepSettings::new(policy, 3);
            let pages = Addresses::List(parse_ostep_pages(&form.refs).unwrap());
            let single = run_ostep_refs(&settings, &pages).unwrap();
            for (row, step) in comparison.rows.iter().zip(single.steps()) {
                assert_eq!(row.cells[column].hit, step.hit);
                assert_eq!(row.cells[column].evicted, step.victim);
                assert_eq!(row.cells[column].resident, pages_text(&step.memory));
            }
            assert_eq!(comparison.columns[column].misses, single.misses());
        }
    }

    #[test]
    fn no_list_draws_pages_from_the_seed_as_the_simulator_does() {
        let mut drawn = form("-1", "3");
        drawn.ostep_policies = vec![OstepPolicy::Rand];
        drawn.seed = "5".into();
        let comparison = compare_paging(&drawn).unwrap();
        assert_eq!(comparison.rows.len(), 10);
        let settings = OstepSettings {
            seed: 5,
            ..OstepSettings::new(OstepPolicy::Rand, 3)
        };
        let addresses = Addresses::Random {
            count: 10,
            max_page: 10,
        };
        let single = run_ostep_refs(&settings, &addresses).unwrap();
        assert_eq!(comparison.columns[0].misses, single.misses());
        let pages: Vec<String> = single.steps().iter().map(|s| s.page.to_string()).collect();
        let rows: Vec<&str> = comparison.rows.iter().map(|r| r.page.as_str()).collect();
        assert_eq!(rows, pages);
        assert!(comparison.caption.contains("10 pages drawn below 10"));
        // The sweep at 3 frames is the run itself.
        let sweep = comparison.sweep.unwrap();
        assert_eq!(sweep.policies[0].misses[2], single.misses());
    }

    #[test]
    fn writes_show_under_memplays_rules_and_are_refused_under_ostep() {
        let mut native = form("1w,2,1", "1");
        native.rules = PagingRules::Memplay;
        native.policies = vec![PolicyKind::Fifo];
        let comparison = compare_paging(&native).unwrap();
        assert_eq!(comparison.rows[0].page, "1w");
        assert_eq!(comparison.rows[1].cells[0].evicted, Some(1));
        let error = compare_paging(&form("1w,2", "1")).unwrap_err();
        assert!(error.contains("no writes"), "{error}");
    }

    #[test]
    fn bad_input_is_a_message_naming_the_field() {
        let error = |f: &PagingLabForm| compare_paging(f).unwrap_err();
        assert!(error(&form("1,x,3", "3")).starts_with("refs: item 2 `x`"));
        assert!(error(&form("1,2", "three")).starts_with("frames: `three`"));
        assert!(error(&form("1,2", "0")).starts_with("frames:"));
        assert!(error(&form("1,2", "-2")).starts_with("frames: -2 is out of range"));
        let mut none = form("1,2", "3");
        none.ostep_policies.clear();
        assert!(error(&none).starts_with("policies:"));
        let long = vec!["1"; MAX_ROWS + 1].join(",");
        assert!(error(&form(&long, "3")).contains("at most"));
        let mut bad_sweep = form("1,2", "3");
        bad_sweep.sweep = "0..3".into();
        let comparison = compare_paging(&bad_sweep).unwrap();
        assert!(comparison.sweep.unwrap_err().starts_with("sweep:"));
        bad_sweep.sweep = "1..500".into();
        let comparison = compare_paging(&bad_sweep).unwrap();
        assert!(comparison.sweep.unwrap_err().contains("at most 64"));
        let mut memplay_empty = form("", "3");
        memplay_empty.rules = PagingRules::Memplay;
        assert!(error(&memplay_empty).starts_with("refs:"));
        assert_eq!(PagingRules::parse("OSTEP"), Some(PagingRules::Ostep));
    }
}
