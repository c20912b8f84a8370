//! Virtual memory as a learner meets it: how a virtual address becomes a physical one
//! (page tables, TLB), what happens when it cannot (faults, victims chosen by a replacement
//! policy, pages swapped out and in), and what it costs.
//!
//! Pure and deterministic: no I/O, no clock; randomness only from a seed. The machine sends
//! every load and store through it; the paging lab and the CLI drive it with reference
//! strings and address lists.

pub mod frames;
pub mod ostep;
pub mod policy;
pub mod reference;
