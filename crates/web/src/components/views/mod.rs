//! One component per view, each rendering a part of the shown step's plain data.

pub mod allocator_structures;
pub mod cache;
pub mod console;
pub mod heap;
pub mod line_chart;
pub mod memory_map;
pub mod page_table;
pub mod pager;
pub mod paging;
pub mod plots;
pub mod problems;
pub mod settings;
pub mod stack;

use crate::state::Shown;
use yew::Properties;

/// Every view takes the step to show.
#[derive(Properties, PartialEq)]
pub struct StepProps {
    pub step: Shown,
}

/// An address as the views write it.
pub fn hex(address: u32) -> String {
    format!("0x{address:08x}")
}

/// A byte count as a person reads it.
pub fn bytes(count: u64) -> String {
    match count {
        n if n >= 1 << 20 && n % (1 << 20) == 0 => format!("{} MiB", n >> 20),
        n if n >= 1 << 10 && n % (1 << 10) == 0 => format!("{} KiB", n >> 10),
        n => format!("{n} B"),
    }
}
