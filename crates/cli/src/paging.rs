//! `memplay paging`: a reference string run over some frames with a replacement policy
//! (`--policy lru --frames 3 --refs 7,0,1`), the same under OSTEP's paging-policy.py rules
//! (`--compat ostep`), or misses against frame counts for several policies (`--sweep 1..8
//! --policy fifo,lru,opt`). The runs, their JSON and their tables come from session.

use std::process::ExitCode;

use clap::Args;
use memplay_session::paging_lab::{
    Addresses, OstepPolicy, OstepSettings, PolicyKind, PolicySettings, RunSettings, SweepPolicies,
    parse_ostep_pages, parse_ostep_policies, parse_policies, parse_range, run_ostep_refs, run_refs,
    run_sweep,
};

/// Exit status for a bad argument.
const BAD_ARGUMENT: u8 = 2;

#[derive(Args)]
pub struct PagingArgs {
    /// The replacement policy: fifo, lru, mru, opt, random, clock, eclock, nru, lfu, aging,
    /// ws, wsclock (with --compat ostep: fifo, lru, mru, opt, unopt, rand, clock). With
    /// --sweep, a comma-separated list: fifo,lru,opt.
    #[arg(long, value_name = "NAME")]
    policy: Option<String>,
    /// Number of physical frames (paging-policy.py's -C).
    #[arg(long, value_name = "N", allow_negative_numbers = true)]
    frames: Option<String>,
    /// The reference string: page numbers separated by commas, `w` after a page for a
    /// write, e.g. `7,0w,1,2` (paging-policy.py's -a; no writes there).
    #[arg(long, value_name = "LIST", allow_hyphen_values = true)]
    refs: Option<String>,
    /// Misses for every frame count in a range, both ends included: `1..8` (or `8`).
    #[arg(long, value_name = "RANGE")]
    sweep: Option<String>,
    /// Reproduce another simulator exactly: `ostep` is OSTEP's paging-policy.py.
    #[arg(long, value_name = "SIMULATOR")]
    compat: Option<String>,
    /// Seed for random and nru (and paging-policy.py's -s). Default 0.
    #[arg(long, allow_negative_numbers = true)]
    seed: Option<String>,
    /// Aging's counter width in bits, 1 to 64. Default 8.
    #[arg(long, allow_negative_numbers = true)]
    aging_bits: Option<String>,
    /// Working-set window in references (ws, wsclock). Default 8.
    #[arg(long, allow_negative_numbers = true)]
    tau: Option<String>,
    /// A clock tick every this many references (aging, nru, ws, wsclock). Default 4.
    #[arg(long, allow_negative_numbers = true)]
    tick: Option<String>,
    /// paging-policy.py's -b: CLOCK's counter cap. Default 2.
    #[arg(long, allow_negative_numbers = true)]
    clock_bits: Option<String>,
    /// paging-policy.py's -n: with no --refs, draw this many pages. Default 10.
    #[arg(long, allow_negative_numbers = true)]
    numaddrs: Option<String>,
    /// paging-policy.py's -m: drawn pages are below this. Default 10.
    #[arg(long, allow_negative_numbers = true)]
    maxpage: Option<String>,
    /// Print JSON instead of a table.
    #[arg(long)]
    json: bool,
}

pub fn run(args: &PagingArgs) -> ExitCode {
    match report(args) {
        Ok(text) => {
            print!("{text}");
            ExitCode::SUCCESS
        }
        Err(message) => {
            eprintln!("memplay paging: {message}");
            ExitCode::from(BAD_ARGUMENT)
        }
    }
}

fn report(args: &PagingArgs) -> Result<String, String> {
    if args.sweep.is_some() && args.frames.is_some() {
        return Err("--frames and --sweep: give one (--sweep sets the frame counts)".into());
    }
    let policy = args
        .policy
        .as_deref()
        .ok_or("--policy is required (e.g. --policy lru, or --policy fifo,lru,opt with --sweep)")?;
    match args.compat.as_deref() {
        Some("ostep") => ostep_report(args, policy),
        Some(other) => Err(format!(
            "--compat: unknown simulator `{other}` (only `ostep` is supported)"
        )),
        None => native_report(args, policy),
    }
}

/// A whole number for a flag, with a message naming the flag.
fn number<T: std::str::FromStr>(
    flag: &str,
    value: Option<&String>,
    default: T,
) -> Result<T, String> {
    match value {
        None => Ok(default),
        Some(text) => text
            .trim()
            .parse()
            .map_err(|_| format!("{flag}: expected a whole number in range, not `{text}`")),
    }
}

/// Refuses a flag that the chosen rules or policies do not use.
fn refuse_unused(flags: &[(&str, bool)], why: &str) -> Result<(), String> {
    match flags.iter().find(|(_, given)| *given) {
        Some((flag, _)) => Err(format!("{flag} {why}")),
        None => Ok(()),
    }
}

fn native_report(args: &PagingArgs, policy: &str) -> Result<String, String> {
    refuse_unused(
        &[
            ("--clock-bits", args.clock_bits.is_some()),
            ("--numaddrs", args.numaddrs.is_some()),
            ("--maxpage", args.maxpage.is_some()),
        ],
        "is a setting of OSTEP's simulator: add --compat ostep",
    )?;
    let refs = args
        .refs
        .as_deref()
        .ok_or("--refs is required (e.g. --refs 7,0,1,2,0,3,0,4)")?;
    let policies = parse_policies(policy)?;
    let defaults = PolicySettings::default();
    let uses = |wanted: &[PolicyKind]| policies.iter().any(|p| wanted.contains(p));
    refuse_for(
        args.seed.is_some() && !uses(&[PolicyKind::Random, PolicyKind::Nru]),
        "--seed",
        "random and nru",
    )?;
    refuse_for(
        args.aging_bits.is_some() && !uses(&[PolicyKind::Aging]),
        "--aging-bits",
        "aging",
    )?;
    refuse_for(
        args.tau.is_some() && !uses(&[PolicyKind::Ws, PolicyKind::Wsclock]),
        "--tau",
        "ws and wsclock",
    )?;
    refuse_for(
        args.tick.is_some() && !policies.iter().any(|p| p.uses_tick()),
        "--tick",
        "aging, nru, ws and wsclock",
    )?;
    let mut settings = RunSettings::new(policies[0], 1);
    settings.tick = number("--tick", args.tick.as_ref(), settings.tick)?;
    settings.policy_settings = PolicySettings {
        seed: number("--seed", args.seed.as_ref(), defaults.seed)?,
        aging_bits: number(
            "--aging-bits",
            args.aging_bits.as_ref(),
            defaults.aging_bits,
        )?,
        tau: number("--tau", args.tau.as_ref(), defaults.tau)?,
    };
    if let Some(range) = &args.sweep {
        let sweep = run_sweep(
            refs,
            &SweepPolicies::Native(policies, settings),
            parse_range(range)?,
        )?;
        return Ok(if args.json {
            sweep.to_json()
        } else {
            sweep.to_table()
        });
    }
    if policies.len() > 1 {
        return Err("--policy: name one policy, or add --sweep to compare several".into());
    }
    settings.frames = frames(args)?;
    let run = run_refs(&settings, refs)?;
    Ok(if args.json {
        run.to_json()
    } else {
        run.to_table()
    })
}

fn refuse_for(unused: bool, flag: &str, users: &str) -> Result<(), String> {
    if unused {
        Err(format!(
            "{flag} is a setting of {users}, not of the policy chosen"
        ))
    } else {
        Ok(())
    }
}

fn frames(args: &PagingArgs) -> Result<u64, String> {
    let text = args
        .frames
        .as_ref()
        .ok_or("--frames is required (e.g. --frames 3), or --sweep 1..8")?;
    number("--frames", Some(text), 0)
}

fn ostep_report(args: &PagingArgs, policy: &str) -> Result<String, String> {
    refuse_unused(
        &[
            ("--aging-bits", args.aging_bits.is_some()),
            ("--tau", args.tau.is_some()),
            ("--tick", args.tick.is_some()),
        ],
        "is not a setting of OSTEP's simulator: leave it out with --compat ostep",
    )?;
    let base = OstepSettings {
        seed: number("--seed", args.seed.as_ref(), 0)?,
        clock_bits: number("--clock-bits", args.clock_bits.as_ref(), 2)?,
        ..OstepSettings::new(OstepPolicy::Fifo, 1)
    };
    if let Some(range) = &args.sweep {
        let refs = args.refs.as_deref().ok_or("--sweep needs --refs")?;
        let policies = SweepPolicies::Ostep(parse_ostep_policies(policy)?, base);
        let sweep = run_sweep(refs, &policies, parse_range(range)?)?;
        return Ok(if args.json {
            sweep.to_json()
        } else {
            sweep.to_table()
        });
    }
    let settings = OstepSettings {
        policy: policy.parse()?,
        cache_size: frames(args)?,
        ..base
    };
    let addresses = match &args.refs {
        Some(refs) => {
            refuse_unused(
                &[
                    ("--numaddrs", args.numaddrs.is_some()),
                    ("--maxpage", args.maxpage.is_some()),
                ],
                "draws pages only when there is no --refs",
            )?;
            Addresses::List(parse_ostep_pages(refs)?)
        }
        None => Addresses::Random {
            count: number("--numaddrs", args.numaddrs.as_ref(), 10)?,
            max_page: number("--maxpage", args.maxpage.as_ref(), 10)?,
        },
    };
    let run = run_ostep_refs(&settings, &addresses)?;
    Ok(if args.json {
        run.to_json()
    } else {
        run.to_table()
    })
}
