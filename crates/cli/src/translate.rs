//! `memplay translate`: the answers to address-translation exercises in OSTEP's four schemes,
//! as a walk-through or as JSON. This file reads the arguments and the memory file; the
//! translation, its text and its JSON come from session.

use std::process::ExitCode;

use clap::{Args, Subcommand};
use memplay_session::translate_lab::{
    BaseBounds, Exercise, LinearPageTable, MultiLevelGeometry, PhysicalMemory, SegmentRegisters,
    Segmentation, TranslateError, TwoLevelPageTable, base_bounds, parse_page_table, parse_size,
    run_translate, segmentation,
};

/// Exit status for a bad argument (a setting, an address, a memory file).
const BAD_ARGUMENT: u8 = 2;

#[derive(Subcommand)]
pub enum TranslateCommand {
    /// One base and one limit register (OSTEP's vm-mechanism/relocation.py).
    ///
    /// `memplay translate base-bounds --base 12418 --limit 472 --va 430,523`
    BaseBounds(BaseBoundsArgs),
    /// Two segments: the lower half of the address space grows up from its base, the upper
    /// half down from its top (OSTEP's vm-segmentation/segmentation.py).
    ///
    /// `memplay translate segmentation --asize 1k --seg0 6890,472 --seg1 4692,450 --va 523,414`
    Segmentation(SegmentationArgs),
    /// A linear page table of 32-bit entries, 0x80000000|PFN when valid (OSTEP's
    /// vm-paging/paging-linear-translate.py).
    ///
    /// `memplay translate linear --asize 16k --page-size 4k --page-table
    /// 0x8000000c,0,0,0x80000006 --va 0x3229`
    Linear(LinearArgs),
    /// A two-level page table walked through a memory dump (OSTEP's
    /// vm-smalltables/paging-multilevel-translate.py).
    ///
    /// `memplay translate multilevel --page-size 32 --vbits 15 --phys-pages 128 --pdbr 108
    /// --memory memory.hex --va 0x611c`
    Multilevel(MultilevelArgs),
}

/// What every scheme takes: the addresses, and the output format.
#[derive(Args)]
pub struct Addresses {
    /// The virtual addresses, comma-separated, decimal or 0x hex: `430,0x20b`.
    #[arg(long, value_name = "LIST", allow_hyphen_values = true)]
    va: Option<String>,
    /// Print JSON ({"translations":[{"va":..,"valid":..,"pa":..},...]}) instead of text.
    #[arg(long)]
    json: bool,
}

#[derive(Args)]
pub struct BaseBoundsArgs {
    /// The base register: where the address space starts in physical memory.
    #[arg(long, allow_hyphen_values = true)]
    base: Option<String>,
    /// The limit (bounds) register: addresses from here up are violations.
    #[arg(long, allow_hyphen_values = true)]
    limit: Option<String>,
    /// Address-space size, e.g. 1k, 16384 or 0x4000 (relocation.py's -a; default 1k).
    #[arg(long, allow_hyphen_values = true)]
    asize: Option<String>,
    /// Physical memory size (relocation.py's -p; default 16k).
    #[arg(long, allow_hyphen_values = true)]
    phys_size: Option<String>,
    #[command(flatten)]
    addresses: Addresses,
}

#[derive(Args)]
pub struct SegmentationArgs {
    /// Segment 0 (grows up): BASE,LIMIT.
    #[arg(long, value_name = "BASE,LIMIT", allow_hyphen_values = true)]
    seg0: Option<String>,
    /// Segment 1 (grows down): TOP,LIMIT, TOP being segmentation.py's -B (one past the
    /// segment's highest byte).
    #[arg(long, value_name = "TOP,LIMIT", allow_hyphen_values = true)]
    seg1: Option<String>,
    /// Address-space size (segmentation.py's -a; default 1k).
    #[arg(long, allow_hyphen_values = true)]
    asize: Option<String>,
    /// Physical memory size (segmentation.py's -p; default 16k).
    #[arg(long, allow_hyphen_values = true)]
    phys_size: Option<String>,
    #[command(flatten)]
    addresses: Addresses,
}

#[derive(Args)]
pub struct LinearArgs {
    /// Address-space size, a power of two (default 16k).
    #[arg(long, allow_hyphen_values = true)]
    asize: Option<String>,
    /// Page size, a power of two (default 4k).
    #[arg(long, allow_hyphen_values = true)]
    page_size: Option<String>,
    /// The page table, one entry per virtual page from VPN 0: `0x8000000c,0,0,0x80000006`.
    #[arg(long, value_name = "ENTRIES", allow_hyphen_values = true)]
    page_table: Option<String>,
    #[command(flatten)]
    addresses: Addresses,
}

#[derive(Args)]
pub struct MultilevelArgs {
    /// Page size in bytes, a power of two (default 32).
    #[arg(long, allow_hyphen_values = true)]
    page_size: Option<String>,
    /// Bits in a virtual address (default 15).
    #[arg(long, allow_hyphen_values = true)]
    vbits: Option<String>,
    /// Pages of physical memory: the memory file's lines (default 128).
    #[arg(long, allow_hyphen_values = true)]
    phys_pages: Option<String>,
    /// The page-directory base register: the page holding the page directory.
    #[arg(long, allow_hyphen_values = true)]
    pdbr: Option<String>,
    /// The memory dump: one page per line as hex (the simulator's `page N:` labels are
    /// allowed).
    #[arg(long, value_name = "FILE")]
    memory: Option<std::path::PathBuf>,
    #[command(flatten)]
    addresses: Addresses,
}

pub fn run(command: &TranslateCommand) -> ExitCode {
    match report(command) {
        Ok(text) => {
            print!("{text}");
            ExitCode::SUCCESS
        }
        Err(message) => {
            eprintln!("memplay translate: {message}");
            ExitCode::from(BAD_ARGUMENT)
        }
    }
}

fn report(command: &TranslateCommand) -> Result<String, String> {
    let (exercise, addresses) = match command {
        TranslateCommand::BaseBounds(args) => (base_bounds_exercise(args)?, &args.addresses),
        TranslateCommand::Segmentation(args) => (segmentation_exercise(args)?, &args.addresses),
        TranslateCommand::Linear(args) => (linear_exercise(args)?, &args.addresses),
        TranslateCommand::Multilevel(args) => (multilevel_exercise(args)?, &args.addresses),
    };
    let vas = required("va", addresses.va.as_deref(), "--va 430,0x20b")?;
    let run = run_translate(exercise, vas).map_err(|e| e.to_string())?;
    Ok(if addresses.json {
        run.to_json()
    } else {
        run.to_text()
    })
}

fn base_bounds_exercise(args: &BaseBoundsArgs) -> Result<Exercise, String> {
    let base = size(
        "base",
        required("base", args.base.as_deref(), "--base 12418")?,
    )?;
    let limit = size(
        "limit",
        required("limit", args.limit.as_deref(), "--limit 472")?,
    )?;
    let asize = size_or(
        "asize",
        args.asize.as_deref(),
        base_bounds::DEFAULT_ADDRESS_SPACE,
    )?;
    let physical = size_or(
        "phys-size",
        args.phys_size.as_deref(),
        base_bounds::DEFAULT_PHYSICAL_MEMORY,
    )?;
    let registers = BaseBounds::new(base, limit, asize, physical).map_err(|e| e.to_string())?;
    Ok(Exercise::BaseBounds(registers))
}

fn segmentation_exercise(args: &SegmentationArgs) -> Result<Exercise, String> {
    let seg0 = segment(
        "seg0",
        required("seg0", args.seg0.as_deref(), "--seg0 6890,472")?,
    )?;
    let seg1 = segment(
        "seg1",
        required("seg1", args.seg1.as_deref(), "--seg1 4692,450")?,
    )?;
    let asize = size_or(
        "asize",
        args.asize.as_deref(),
        segmentation::DEFAULT_ADDRESS_SPACE,
    )?;
    let physical = size_or(
        "phys-size",
        args.phys_size.as_deref(),
        segmentation::DEFAULT_PHYSICAL_MEMORY,
    )?;
    let segments = Segmentation::new(seg0, seg1, asize, physical).map_err(|e| e.to_string())?;
    Ok(Exercise::Segmentation(segments))
}

fn linear_exercise(args: &LinearArgs) -> Result<Exercise, String> {
    let asize = size_or("asize", args.asize.as_deref(), 16 * 1024)?;
    let page_size = size_or("page-size", args.page_size.as_deref(), 4 * 1024)?;
    let example = "--page-table 0x8000000c,0,0,0x80000006";
    let entries = parse_page_table(required("page-table", args.page_table.as_deref(), example)?)
        .map_err(|e| e.to_string())?;
    let table = LinearPageTable::new(asize, page_size, entries).map_err(|e| e.to_string())?;
    Ok(Exercise::Linear(table))
}

fn multilevel_exercise(args: &MultilevelArgs) -> Result<Exercise, String> {
    let defaults = MultiLevelGeometry::ostep(0);
    let vbits = size_or("vbits", args.vbits.as_deref(), defaults.virtual_bits.into())?;
    let geometry = MultiLevelGeometry {
        page_size: size_or("page-size", args.page_size.as_deref(), defaults.page_size)?,
        virtual_bits: u32::try_from(vbits)
            .map_err(|_| format!("--vbits: {vbits} is far too many bits"))?,
        physical_pages: size_or(
            "phys-pages",
            args.phys_pages.as_deref(),
            defaults.physical_pages,
        )?,
        pdbr: size(
            "pdbr",
            required("pdbr", args.pdbr.as_deref(), "--pdbr 108")?,
        )?,
    };
    // Settings first, so a bad one is reported before the file is read.
    geometry.validate().map_err(|e| e.to_string())?;
    let path = args
        .memory
        .as_deref()
        .ok_or("--memory is required (a file with one page per line as hex)")?;
    let text = std::fs::read_to_string(path)
        .map_err(|e| format!("--memory: cannot read {}: {e}", path.display()))?;
    let memory = PhysicalMemory::from_hex(&text, geometry.page_size, geometry.physical_pages)
        .map_err(|e| format!("{} ({})", e, path.display()))?;
    let table = TwoLevelPageTable::new(geometry, memory).map_err(|e| e.to_string())?;
    Ok(Exercise::MultiLevel(table))
}

/// A flag's value, or an error saying it is required, with an example.
fn required<'a>(flag: &str, value: Option<&'a str>, example: &str) -> Result<&'a str, String> {
    value.ok_or_else(|| format!("--{flag} is required (e.g. {example})"))
}

fn size(flag: &str, text: &str) -> Result<u64, String> {
    parse_size(flag, text).map_err(|e: TranslateError| e.to_string())
}

fn size_or(flag: &str, text: Option<&str>, default: u64) -> Result<u64, String> {
    text.map_or(Ok(default), |text| size(flag, text))
}

/// `BASE,LIMIT` for a segment's registers.
fn segment(flag: &str, text: &str) -> Result<SegmentRegisters, String> {
    let (base, limit) = text
        .split_once(',')
        .ok_or_else(|| format!("--{flag}: expected BASE,LIMIT (e.g. 6890,472), not `{text}`"))?;
    Ok(SegmentRegisters {
        base: size(flag, base)?,
        limit: size(flag, limit)?,
    })
}
