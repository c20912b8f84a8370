//! Allocators over a simulated heap, and the OSTEP free-space simulator's rules.
//!
//! Pure and deterministic: no I/O, no clock; the machine drives it with malloc and free, the
//! allocator lab and the CLI with lists of operations.

pub mod ostep;
