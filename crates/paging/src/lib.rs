//! Virtual memory as a learner meets it: how a virtual address becomes a physical one
//! (page tables, TLB), what happens when it cannot (faults, victims chosen by a replacement
//! policy, pages swapped out and in), and what it costs.
//!
//! Pure and deterministic: no I/O, no clock; randomness only from a seed. The machine sends
//! every load and store through it; the paging lab and the CLI drive it with reference
//! strings and address lists.

pub mod address_space;
pub mod assoc;
pub mod belady;
pub mod cache;
pub mod cost;
pub mod frames;
pub mod geometry;
pub mod ostep;
pub mod page_table;
pub mod policy;
pub mod reference;
pub mod rng;
pub mod tlb;
pub mod translate;

use std::fmt;

/// A setting out of range, naming the setting.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SettingsError {
    pub setting: &'static str,
    pub message: String,
}

impl SettingsError {
    pub fn new(setting: &'static str, message: String) -> SettingsError {
        SettingsError { setting, message }
    }
}

impl fmt::Display for SettingsError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.setting, self.message)
    }
}

impl std::error::Error for SettingsError {}
