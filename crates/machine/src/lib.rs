//! The machine: runs a checked C program (`memplay_lang::hir`) on a simulated 32-bit
//! process. Its memory is real bytes in the paging engine's frames (every load and store is
//! translated, may fault, may miss the cache); malloc and free are served by an allocator
//! of the heap engine writing its metadata into those bytes; the stack holds real frames
//! with return addresses and saved frame pointers.
//!
//! Pure and deterministic: no clock, no I/O; the program's output is captured.

mod checker;
pub mod code;
pub mod compile;
mod events;
mod fuse;
pub mod layout;
mod library;
mod machine;
mod operands;
mod output;
mod page_map;
mod printf;
mod references;
mod series;
mod shadow;
mod snapshot;
mod threads;
mod timeline;
pub mod trace;

pub use checker::{CallSite, CallStack, LeakCategory, LeakCount, LeakReport, LeakedBlock};
pub use code::{Point, PointKind};
pub use events::{EventKind, EventMarks, StepEvents};
pub use machine::{
    BlockRef, ErrorKind, Granularity, Machine, Position, RuntimeError, Settings, SettingsError,
    SetupError, Status,
};
pub use references::{MAX_REFERENCES, ReferenceString};
pub use series::{SERIES_POINTS, Sample, Series};
pub use snapshot::{
    FrameDetail, FrameView, HeapView, PageView, PagingView, PhysicalFrameView, Place, RegionView,
    SlotKind, SlotView, Snapshot, ThreadView,
};
pub use timeline::Timeline;
