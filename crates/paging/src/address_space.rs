//! A process's virtual memory, byte for byte: the regions it may touch, a (multi-level)
//! page table, a TLB, physical frames holding the pages' bytes, swap on disk, a replacement
//! policy choosing victims, a data cache in front of the frames, and what every access
//! cost. The machine sends each load and store here; the page is found through the TLB or a
//! walk, brought in on a fault (zero-filled, from the program's image, or from swap), and
//! the bytes read or written are the frame's.
//!
//! Faults the operating system handles (minor and major) are events; faults the program
//! must die of (an unmapped address, a write to a read-only page, memory and swap both
//! full) are returned as [`Fault`] values.

use std::collections::BTreeMap;
use std::rc::Rc;

use serde::Serialize;

use crate::SettingsError;
use crate::cache::{Cache, CacheOutcome, CacheSettings};
use crate::cost::{Charge, Costs, Latencies};
use crate::frames::{FrameId, FrameTable, Time};
use crate::geometry::Geometry;
use crate::page_table::{Entry, PageTable, WalkRead};
use crate::policy::{Access, Policy, PolicyKind, PolicySettings, Replacement};

/// Not a page number: pages are virtual addresses shifted right by at least 10 bits.
const NO_PAGE: u32 = u32::MAX;
use crate::reference::next_uses;
use crate::tlb::{Tlb, TlbEntry, TlbSettings};

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Settings {
    pub geometry: Geometry,
    pub policy: PolicyKind,
    pub policy_settings: PolicySettings,
    pub tlb: TlbSettings,
    pub cache: CacheSettings,
    pub latencies: Latencies,
    /// Accesses between clock ticks (Aging, NRU, Working Set and WSClock use them).
    pub tick_interval: u64,
    /// Seeds the TLB's and the cache's random eviction.
    pub seed: u64,
}

impl Settings {
    /// A 32-bit x86-like process with `frames` frames of memory and an LRU policy.
    pub fn x86_32(frames: u32) -> Settings {
        Settings {
            geometry: Geometry::x86_32(frames),
            policy: PolicyKind::Lru,
            policy_settings: PolicySettings::default(),
            tlb: TlbSettings::default(),
            cache: CacheSettings::default(),
            latencies: Latencies::default(),
            tick_interval: 1000,
            seed: 0,
        }
    }

    pub fn validate(&self) -> Result<(), SettingsError> {
        self.geometry.validate()?;
        self.tlb.validate()?;
        self.cache.validate()?;
        self.policy_settings
            .validate()
            .map_err(|message| SettingsError::new("replacement policy", message))?;
        if self.tick_interval == 0 {
            return Err(SettingsError::new(
                "clock tick",
                "the tick interval must be at least 1 access".into(),
            ));
        }
        if u64::from(self.geometry.frames) * u64::from(self.geometry.page_size) > 1 << 30 {
            return Err(SettingsError::new(
                "physical frames",
                format!(
                    "{} frames of {} bytes is more than the 1 GiB a browser tab can hold",
                    self.geometry.frames, self.geometry.page_size
                ),
            ));
        }
        Ok(())
    }
}

/// What the program does to memory.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum AccessKind {
    Read,
    Write,
    /// An instruction fetch: a read that needs no write permission.
    Fetch,
}

/// A range of virtual addresses the program may use, like a line of /proc/PID/maps.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Region {
    pub name: String,
    pub start: u32,
    pub len: u32,
    pub writable: bool,
    /// The first bytes of the region as the program's image has them (text, rodata, data);
    /// the rest reads as zero.
    #[serde(skip)]
    pub image: Vec<u8>,
}

impl Region {
    pub fn end(&self) -> u64 {
        u64::from(self.start) + u64::from(self.len)
    }

    fn contains(&self, va: u32) -> bool {
        va >= self.start && u64::from(va) < self.end()
    }
}

/// A fault the program cannot continue past (the machine turns it into a signal).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Fault {
    /// No region maps the address: a segmentation fault.
    Invalid { va: u32 },
    /// A write to a read-only page (a string literal, the program's text).
    Protection { va: u32 },
    /// Every frame is taken and swap is full, so the page cannot be brought in.
    OutOfMemory { va: u32 },
}

/// Where a page's bytes came from when it was brought into a frame.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum LoadedFrom {
    /// First touch of an anonymous page (stack, heap, bss): a frame of zeros.
    Zero,
    /// First touch of a page of the program's image.
    Image,
    /// Read back from swap: a major fault.
    Swap,
}

/// One step of what an access did, for the UI to animate.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(tag = "event", rename_all = "snake_case")]
pub enum Event {
    TlbHit {
        page: u32,
        frame: u32,
    },
    TlbMiss {
        page: u32,
    },
    WalkRead(WalkRead),
    /// A page fault the kernel handles: minor (zero or image) or major (swap).
    PageFault {
        page: u32,
        major: bool,
    },
    /// A page-table page was made, in `frame` when tables live in frames.
    TableMade {
        level: usize,
        frame: Option<u32>,
    },
    /// The policy chose `page` in `frame` to make room.
    Evicted {
        page: u32,
        frame: u32,
        dirty: bool,
    },
    SwapOut {
        page: u32,
        slot: u32,
    },
    SwapIn {
        page: u32,
        slot: u32,
    },
    Loaded {
        page: u32,
        frame: u32,
        from: LoadedFrom,
    },
    Cache {
        pa: u32,
        hit: bool,
        written_back: Option<u32>,
    },
    Fault(Fault),
    /// What the step before it cost.
    Cost {
        charge: Charge,
        cycles: u64,
    },
}

/// Counters since the address space was made.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize)]
pub struct Stats {
    pub accesses: u64,
    pub tlb_hits: u64,
    pub tlb_misses: u64,
    pub minor_faults: u64,
    pub major_faults: u64,
    pub evictions: u64,
    pub swap_ins: u64,
    pub swap_outs: u64,
    pub cache_hits: u64,
    pub cache_misses: u64,
    pub cache_write_backs: u64,
}

/// What a frame holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum FrameUse {
    Free,
    Page {
        page: u32,
    },
    /// A page of the page table itself (never a victim).
    Table {
        level: usize,
    },
}

/// The geometry as shifts and masks, worked out once: every access uses them.
#[derive(Debug, Clone, Copy)]
struct Shifts {
    /// log2 of the page size.
    page_bits: u32,
    /// The offset bits of an address.
    offset_mask: u32,
    /// The bits above the virtual address width: an address with any set is invalid.
    beyond_va: u32,
}

impl Shifts {
    fn new(geometry: &Geometry) -> Shifts {
        Shifts {
            page_bits: geometry.offset_bits(),
            offset_mask: geometry.page_size - 1,
            beyond_va: u32::MAX.checked_shl(geometry.va_bits).unwrap_or(0),
        }
    }
}

#[derive(Debug, Clone)]
pub struct AddressSpace {
    settings: Settings,
    shifts: Shifts,
    regions: Vec<Region>,
    table: PageTable,
    frames: FrameTable,
    /// What each frame holds (the frame table knows only pages).
    uses: Vec<FrameUse>,
    policy: Policy,
    /// Whether the policy does anything on a hit (most read only the frame table): if not,
    /// a hit skips the call.
    policy_hears_hits: bool,
    tlb: Tlb,
    cache: Cache,
    /// The frames' bytes, one shared buffer per frame: cloning the address space (a
    /// checkpoint for time travel) copies only the frames written after it.
    physical: Box<[Rc<Vec<u8>>]>,
    /// Pages on disk, by slot; a slot stays a page's until the page is unmapped, so a clean
    /// page evicted again needs no write.
    swap: BTreeMap<u32, Rc<Vec<u8>>>,
    free_slots: Vec<u32>,
    costs: Costs,
    stats: Stats,
    /// Accesses so far; the policies' clock.
    time: Time,
    /// The next positive multiple of the tick interval (or the last, until an access after
    /// it sets the next): the policies' clock ticks when `time` reaches it (a comparison,
    /// not a division per access).
    next_tick: Time,
    /// For OPT: when each access's page is next used, from a recorded run (shared by every
    /// copy of the space: it never changes once set).
    future: Rc<Vec<Option<Time>>>,
    /// The page of every access, while recording a reference string.
    references: Option<Vec<u32>>,
    /// Whether only changes of page are recorded (immediate repeats merged).
    merge_repeats: bool,
    /// The page last recorded when merging repeats; otherwise always [`NO_PAGE`], which
    /// no page number equals, so every access is recorded.
    last_referenced: u32,
    /// Events of the accesses since the last `take_events`, when recording.
    events: Vec<Event>,
    recording: bool,
}

impl AddressSpace {
    pub fn new(settings: Settings) -> Result<AddressSpace, SettingsError> {
        settings.validate()?;
        let geometry = &settings.geometry;
        let frame_count = geometry.frames as usize;
        let mut frames = FrameTable::new(u64::from(geometry.frames))
            .map_err(|e| SettingsError::new("physical frames", e.to_string()))?;
        let mut uses = vec![FrameUse::Free; frame_count];
        let root = if geometry.tables_in_frames {
            let frame = frames.take_free().ok_or_else(|| {
                SettingsError::new("physical frames", "no frame for the page directory".into())
            })?;
            uses[frame] = FrameUse::Table { level: 0 };
            Some(frame as u32)
        } else {
            None
        };
        let mut policy = Policy::new(settings.policy, &settings.policy_settings, frame_count)
            .map_err(|message| SettingsError::new("replacement policy", message))?;
        policy.note_uses();
        Ok(AddressSpace {
            table: PageTable::new(geometry, root),
            // Every frame starts as the one shared page of zeros; a write copies it.
            physical: {
                let zeros = Rc::new(vec![0; geometry.page_size as usize]);
                (0..frame_count).map(|_| Rc::clone(&zeros)).collect()
            },
            free_slots: (0..geometry.swap_pages).rev().collect(),
            tlb: Tlb::new(&settings.tlb, settings.seed),
            cache: Cache::new(&settings.cache, settings.seed ^ 0x5eed),
            regions: Vec::new(),
            frames,
            uses,
            policy_hears_hits: policy.hears_hits(),
            policy,
            swap: BTreeMap::new(),
            costs: Costs::default(),
            stats: Stats::default(),
            time: 0,
            next_tick: settings.tick_interval,
            future: Rc::default(),
            references: None,
            merge_repeats: false,
            last_referenced: NO_PAGE,
            events: Vec::new(),
            recording: false,
            shifts: Shifts::new(&settings.geometry),
            settings,
        })
    }

    pub fn settings(&self) -> &Settings {
        &self.settings
    }

    pub fn geometry(&self) -> &Geometry {
        &self.settings.geometry
    }

    // ----- regions -----

    /// Maps a region; it must fit the address space and not overlap another.
    pub fn map(&mut self, region: Region) -> Result<(), String> {
        let limit = 1u64 << self.geometry().va_bits;
        if region.len == 0 || region.end() > limit {
            return Err(format!(
                "region {}: 0x{:x} + {} bytes does not fit a {}-bit address space",
                region.name,
                region.start,
                region.len,
                self.geometry().va_bits
            ));
        }
        if let Some(other) = self
            .regions
            .iter()
            .find(|r| u64::from(region.start) < r.end() && u64::from(r.start) < region.end())
        {
            return Err(format!(
                "region {} overlaps region {}",
                region.name, other.name
            ));
        }
        let at = self.regions.partition_point(|r| r.start < region.start);
        self.regions.insert(at, region);
        Ok(())
    }

    /// Changes the length of the region starting at `start` (the heap's break moving); it
    /// may not grow into the next region or past the address space. A shrinking region
    /// gives back the pages it no longer covers.
    pub fn resize(&mut self, start: u32, len: u32) -> Result<(), String> {
        let at = self
            .regions
            .iter()
            .position(|r| r.start == start)
            .ok_or_else(|| format!("no region starts at 0x{start:08x}"))?;
        let end = u64::from(start) + u64::from(len);
        let limit = self
            .regions
            .get(at + 1)
            .map_or(1u64 << self.geometry().va_bits, |next| {
                u64::from(next.start)
            });
        if len == 0 || end > limit {
            return Err(format!(
                "region {} cannot grow to {len} bytes: it would reach 0x{limit:x}",
                self.regions[at].name
            ));
        }
        let old_end = self.regions[at].end();
        self.regions[at].len = len;
        if end < old_end {
            let page_size = u64::from(self.geometry().page_size);
            for page in end.div_ceil(page_size)..old_end.div_ceil(page_size) {
                self.drop_page(page as u32);
            }
        }
        Ok(())
    }

    /// Unmaps the region starting at `start` (a finished thread's stack): its resident
    /// pages free their frames and its swapped pages their slots.
    pub fn unmap(&mut self, start: u32) -> Option<Region> {
        let at = self.regions.iter().position(|r| r.start == start)?;
        let region = self.regions.remove(at);
        let page_size = u64::from(self.geometry().page_size);
        let first = u64::from(region.start) / page_size;
        let last = region.end().div_ceil(page_size);
        for page in first..last {
            let page = page as u32;
            if self.regions.iter().any(|r| self.region_has_page(r, page)) {
                continue; // shared with a neighbouring region
            }
            self.drop_page(page);
        }
        Some(region)
    }

    fn region_has_page(&self, region: &Region, page: u32) -> bool {
        let page_size = u64::from(self.geometry().page_size);
        let start = u64::from(page) * page_size;
        u64::from(region.start) < start + page_size && start < region.end()
    }

    fn drop_page(&mut self, page: u32) {
        let Some(entry) = self.table.entry(page) else {
            return;
        };
        if entry.present {
            let frame = entry.frame as FrameId;
            self.policy.on_evict(frame);
            self.frames.release(frame);
            self.uses[frame] = FrameUse::Free;
            self.tlb.invalidate(page);
            let start = entry.frame * self.geometry().page_size;
            self.cache.evict_range(start, self.geometry().page_size);
        }
        if let Some(slot) = entry.swap_slot {
            self.swap.remove(&slot);
            self.free_slots.push(slot);
            self.free_slots.sort_unstable_by(|a, b| b.cmp(a));
        }
        if let Some(entry) = self.table.entry_mut(page, || None) {
            *entry = Entry::default();
        }
    }

    pub fn regions(&self) -> &[Region] {
        &self.regions
    }

    pub fn region_of(&self, va: u32) -> Option<&Region> {
        let at = self.regions.partition_point(|r| r.start <= va);
        at.checked_sub(1)
            .map(|i| &self.regions[i])
            .filter(|r| r.contains(va))
    }

    // ----- the program's accesses -----

    /// Reads `buf.len()` bytes at `va`: one access per page touched, a cache access per
    /// line.
    #[inline]
    pub fn read(&mut self, va: u32, buf: &mut [u8], kind: AccessKind) -> Result<(), Fault> {
        if !self.within_one_page(va, buf.len()) {
            return self.read_pieces(va, buf, kind);
        }
        // Most loads are a scalar inside one page: one translation, no chunking.
        let pa = self.translate(va, kind)?;
        self.touch_cache(pa, buf.len() as u32, kind == AccessKind::Write);
        let (frame, at) = self.frame_and_offset(pa);
        copy_small(buf, &self.physical[frame][at..at + buf.len()]);
        Ok(())
    }

    /// Writes `bytes` at `va`.
    #[inline]
    pub fn write(&mut self, va: u32, bytes: &[u8]) -> Result<(), Fault> {
        if !self.within_one_page(va, bytes.len()) {
            return self.write_pieces(va, bytes);
        }
        let pa = self.translate(va, AccessKind::Write)?;
        self.touch_cache(pa, bytes.len() as u32, true);
        let (frame, at) = self.frame_and_offset(pa);
        copy_small(
            &mut self.physical_frame_mut(frame)[at..at + bytes.len()],
            bytes,
        );
        Ok(())
    }

    /// Reads the 1, 2 or 4 bytes of a scalar at `va` as a little-endian number: `read`
    /// without a buffer to slice (which the size-tuned web build does with calls), for the
    /// machine's loads.
    #[inline(always)]
    pub fn read_scalar(&mut self, va: u32, size: u32) -> Result<u32, Fault> {
        if !matches!(size, 1 | 2 | 4) || !self.within_one_page(va, size as usize) {
            return self.read_scalar_slowly(va, size);
        }
        let pa = self.translate(va, AccessKind::Read)?;
        self.touch_cache(pa, size, false);
        let (frame, at) = self.frame_and_offset(pa);
        let page: &[u8] = &self.physical[frame];
        // One bounds check per access: the bytes are sliced out first.
        Ok(match size {
            4 => {
                let word = &page[at..at + 4];
                u32::from_le_bytes([word[0], word[1], word[2], word[3]])
            }
            2 => {
                let half = &page[at..at + 2];
                u32::from(u16::from_le_bytes([half[0], half[1]]))
            }
            _ => u32::from(page[at]),
        })
    }

    /// `read_scalar` of bytes across pages, or of an odd size (at most 4 bytes are read).
    #[inline(never)]
    fn read_scalar_slowly(&mut self, va: u32, size: u32) -> Result<u32, Fault> {
        // `read_pieces`, not `read`: an access within one page is one piece, and this saves
        // the wasm a second copy of `read`'s straight path.
        let mut bytes = [0; 4];
        self.read_pieces(va, &mut bytes[..size.min(4) as usize], AccessKind::Read)?;
        Ok(u32::from_le_bytes(bytes))
    }

    /// Writes the low `size` bytes (1, 2 or 4) of `value` at `va`, little-endian: `write`
    /// without a buffer to slice, for the machine's stores.
    #[inline(always)]
    pub fn write_scalar(&mut self, va: u32, size: u32, value: u32) -> Result<(), Fault> {
        if !matches!(size, 1 | 2 | 4) || !self.within_one_page(va, size as usize) {
            return self.write_scalar_slowly(va, size, value);
        }
        let pa = self.translate(va, AccessKind::Write)?;
        self.touch_cache(pa, size, true);
        let (frame, at) = self.frame_and_offset(pa);
        let page = self.physical_frame_mut(frame);
        let bytes = value.to_le_bytes();
        match size {
            4 => page[at..at + 4].copy_from_slice(&bytes),
            2 => page[at..at + 2].copy_from_slice(&bytes[..2]),
            _ => page[at] = bytes[0],
        }
        Ok(())
    }

    /// `write_scalar` of bytes across pages, or of an odd size (at most 4 bytes).
    #[inline(never)]
    fn write_scalar_slowly(&mut self, va: u32, size: u32, value: u32) -> Result<(), Fault> {
        // As `read_scalar_slowly` does.
        self.write_pieces(va, &value.to_le_bytes()[..size.min(4) as usize])
    }

    /// `read` of bytes that cross pages (or none), a page at a time.
    #[inline(never)]
    fn read_pieces(&mut self, va: u32, buf: &mut [u8], kind: AccessKind) -> Result<(), Fault> {
        self.for_each_chunk(va, buf.len(), kind, |space, pa, offset, len| {
            let (frame, at) = space.frame_and_offset(pa);
            buf[offset..offset + len].copy_from_slice(&space.physical[frame][at..at + len]);
        })
    }

    /// `write` of bytes that cross pages (or none), a page at a time.
    #[inline(never)]
    fn write_pieces(&mut self, va: u32, bytes: &[u8]) -> Result<(), Fault> {
        self.for_each_chunk(
            va,
            bytes.len(),
            AccessKind::Write,
            |space, pa, offset, len| {
                let (frame, at) = space.frame_and_offset(pa);
                space.physical_frame_mut(frame)[at..at + len]
                    .copy_from_slice(&bytes[offset..offset + len]);
            },
        )
    }

    /// Whether `len` bytes at `va` are at least one byte and all in `va`'s page (the
    /// common case, which takes the straight path).
    #[inline]
    fn within_one_page(&self, va: u32, len: usize) -> bool {
        let offset = (va & self.shifts.offset_mask) as usize;
        len > 0 && offset + len <= self.shifts.offset_mask as usize + 1
    }

    /// A word read, as an allocator reads a header or a link.
    pub fn read_u32(&mut self, va: u32) -> Result<u32, Fault> {
        self.read_scalar(va, 4)
    }

    pub fn write_u32(&mut self, va: u32, value: u32) -> Result<(), Fault> {
        self.write_scalar(va, 4, value)
    }

    /// Splits `va..va + len` at page boundaries, translates each piece and hands its
    /// physical address to `each` with the piece's offset and length.
    fn for_each_chunk(
        &mut self,
        va: u32,
        len: usize,
        kind: AccessKind,
        mut each: impl FnMut(&mut AddressSpace, u32, usize, usize),
    ) -> Result<(), Fault> {
        let page_size = self.geometry().page_size as usize;
        let mut done = 0;
        while done < len {
            let at = va.checked_add(done as u32).ok_or(Fault::Invalid { va })?;
            let offset = (at & self.shifts.offset_mask) as usize;
            let piece = (page_size - offset).min(len - done);
            let pa = self.translate(at, kind)?;
            self.touch_cache(pa, piece as u32, kind == AccessKind::Write);
            each(self, pa, done, piece);
            done += piece;
        }
        Ok(())
    }

    /// The physical address of `va` for an access of `kind`, handling TLB misses and page
    /// faults as the MMU and the kernel would.
    #[inline(always)]
    pub fn translate(&mut self, va: u32, kind: AccessKind) -> Result<u32, Fault> {
        let result = self.translate_page(va, kind);
        if let Err(fault) = result {
            self.record_fault(fault);
        }
        result
    }

    #[inline(never)]
    fn record_fault(&mut self, fault: Fault) {
        self.record(Event::Fault(fault));
    }

    #[inline(always)]
    fn translate_page(&mut self, va: u32, kind: AccessKind) -> Result<u32, Fault> {
        let Shifts {
            page_bits,
            offset_mask,
            beyond_va,
        } = self.shifts;
        if va & beyond_va != 0 {
            return Err(Fault::Invalid { va });
        }
        let page = va >> page_bits;
        let offset = va & offset_mask;
        let write = kind == AccessKind::Write;
        if self.time >= self.next_tick {
            self.clock_due();
        }
        self.stats.accesses += 1;
        if self.references.is_some() && page != self.last_referenced {
            self.record_reference(page);
        }
        let frame = match self.tlb.lookup(page) {
            Some(entry) => {
                self.stats.tlb_hits += 1;
                self.record(Event::TlbHit {
                    page,
                    frame: entry.frame,
                });
                if write && !entry.writable {
                    return Err(Fault::Protection { va });
                }
                self.hit(page, entry.frame, write);
                entry.frame
            }
            None => self.after_tlb_miss(va, page, write)?,
        };
        self.time += 1;
        Ok((frame << page_bits) | offset)
    }

    /// Kept out of the hot path: most accesses hit in the TLB.
    #[inline(never)]
    fn after_tlb_miss(&mut self, va: u32, page: u32, write: bool) -> Result<u32, Fault> {
        self.stats.tlb_misses += 1;
        self.record(Event::TlbMiss { page });
        self.walk_or_fault(va, page, write)
    }

    #[inline(never)]
    fn record_reference(&mut self, page: u32) {
        if let Some(references) = &mut self.references {
            if self.merge_repeats {
                self.last_referenced = page;
            }
            references.push(page);
        }
    }

    /// After a TLB miss: the walk, and a fault if the page is not present.
    fn walk_or_fault(&mut self, va: u32, page: u32, write: bool) -> Result<u32, Fault> {
        let (reads, entry) = self.table.walk(page);
        for read in reads {
            self.charge(Charge::WalkRead);
            self.record(Event::WalkRead(read));
        }
        if let Some(entry) = entry.filter(|e| e.present) {
            if write && !entry.writable {
                return Err(Fault::Protection { va });
            }
            self.tlb.fill(
                page,
                TlbEntry {
                    frame: entry.frame,
                    writable: entry.writable,
                },
            );
            self.hit(page, entry.frame, write);
            return Ok(entry.frame);
        }
        let region = self.region_of(va).ok_or(Fault::Invalid { va })?;
        let writable = region.writable;
        if write && !writable {
            return Err(Fault::Protection { va });
        }
        self.fault_in(va, page, write, writable)
    }

    /// A page present in `frame` was used.
    #[inline(always)]
    fn hit(&mut self, page: u32, frame: u32, write: bool) {
        let frame = frame as FrameId;
        self.frames.touch(frame, write, self.time);
        if self.policy_hears_hits {
            let access = self.access(page, write);
            self.policy.on_hit(&self.frames, frame, &access);
        }
    }

    #[inline(always)]
    fn access(&self, page: u32, write: bool) -> Access {
        Access {
            page: u64::from(page),
            write,
            time: self.time,
            next_use: self.future.get(self.time as usize).copied().flatten(),
        }
    }

    /// At an access when `time` has reached `next_tick` (a positive multiple of the tick
    /// interval): the clock interrupt. It comes again at each access until one succeeds and
    /// the time passes it; the next access then sets the next tick. (Set here, not after
    /// each access, so the hot path compares once.)
    #[inline(never)]
    fn clock_due(&mut self) {
        if self.time > self.next_tick {
            self.next_tick = self.next_tick.saturating_add(self.settings.tick_interval);
        }
        if self.time == self.next_tick {
            self.policy.tick(&mut self.frames, self.time);
        }
    }

    /// The kernel's page-fault handler: a frame (free or a victim's), the page's bytes
    /// (zeros, the image, or swap), the page-table entry, and the TLB.
    fn fault_in(&mut self, va: u32, page: u32, write: bool, writable: bool) -> Result<u32, Fault> {
        let slot = self.table.entry(page).and_then(|e| e.swap_slot);
        let major = slot.is_some();
        self.record(Event::PageFault { page, major });
        if major {
            self.stats.major_faults += 1;
            self.charge(Charge::MajorFault);
        } else {
            self.stats.minor_faults += 1;
            self.charge(Charge::MinorFault);
        }
        let table_frames = self.frames_for_tables(va, page)?;
        let frame = self.take_frame(va)?;
        let from = self.fill_frame(frame, page, slot);
        let mut table_frames = table_frames.into_iter();
        let entry = self
            .table
            .entry_mut(page, || table_frames.next())
            .ok_or(Fault::OutOfMemory { va })?;
        *entry = Entry {
            present: true,
            writable,
            accessed: true,
            dirty: write,
            frame: frame as u32,
            swap_slot: slot,
        };
        self.uses[frame] = FrameUse::Page { page };
        self.frames.load(frame, u64::from(page), write, self.time);
        let access = self.access(page, write);
        self.policy.on_load(&self.frames, frame, &access);
        self.record(Event::Loaded {
            page,
            frame: frame as u32,
            from,
        });
        self.tlb.fill(
            page,
            TlbEntry {
                frame: frame as u32,
                writable,
            },
        );
        Ok(frame as u32)
    }

    /// Frames for the page-table pages `page` still needs (none when tables are not in
    /// frames): `Some(frame)` each, in level order.
    fn frames_for_tables(&mut self, va: u32, page: u32) -> Result<Vec<Option<u32>>, Fault> {
        let (reads, _) = self.table.walk(page);
        let existing = reads.iter().filter(|r| r.found).count();
        let levels = self.geometry().levels.len();
        let missing = (levels - 1).saturating_sub(existing);
        let mut frames = Vec::with_capacity(missing);
        for level in existing + 1..existing + 1 + missing {
            let frame = if self.geometry().tables_in_frames {
                let frame = self.take_frame(va)?;
                self.uses[frame] = FrameUse::Table { level };
                self.physical_frame_mut(frame).fill(0);
                Some(frame as u32)
            } else {
                None
            };
            self.record(Event::TableMade { level, frame });
            frames.push(frame);
        }
        Ok(frames)
    }

    /// A free frame, or a victim's frame after its page is written out.
    fn take_frame(&mut self, va: u32) -> Result<FrameId, Fault> {
        if let Some(frame) = self.frames.take_free() {
            return Ok(frame);
        }
        let victim = self
            .policy
            .choose_victim(&mut self.frames, self.time)
            .ok_or(Fault::OutOfMemory { va })?;
        self.write_back_cleaned();
        let (page, dirty) = match self.frames.frame(victim).page {
            Some(page) => (page as u32, self.frames.frame(victim).modified),
            None => return Err(Fault::OutOfMemory { va }),
        };
        let entry = self.table.entry(page).unwrap_or_default();
        // Only a dirty page is written out. A clean page is either already in its swap slot
        // or still what its first touch made (zeros or the image), so it can be dropped and
        // made again.
        if dirty {
            let slot = match entry.swap_slot {
                Some(slot) => slot,
                None => self.free_slots.pop().ok_or(Fault::OutOfMemory { va })?,
            };
            self.swap_out(victim, page, slot);
        }
        self.policy.on_evict(victim);
        self.frames.evict(victim);
        self.stats.evictions += 1;
        self.record(Event::Evicted {
            page,
            frame: victim as u32,
            dirty,
        });
        self.tlb.invalidate(page);
        let start = victim as u32 * self.geometry().page_size;
        self.cache.evict_range(start, self.geometry().page_size);
        self.uses[victim] = FrameUse::Free;
        if let Some(entry) = self.table.entry_mut(page, || None) {
            entry.present = false;
            entry.accessed = false;
            entry.dirty = false;
        }
        Ok(victim)
    }

    /// Writes the page in `frame` to swap `slot`.
    fn swap_out(&mut self, frame: FrameId, page: u32, slot: u32) {
        // The slot shares the frame's buffer until either is written.
        let bytes = Rc::clone(&self.physical[frame]);
        self.swap.insert(slot, bytes);
        if let Some(entry) = self.table.entry_mut(page, || None) {
            entry.swap_slot = Some(slot);
        }
        self.stats.swap_outs += 1;
        self.charge(Charge::SwapWrite);
        self.record(Event::SwapOut { page, slot });
    }

    /// Pages the policy cleaned ahead of eviction (WSClock) go to swap now.
    fn write_back_cleaned(&mut self) {
        for page in self.frames.take_cleaned() {
            let page = page as u32;
            let Some(entry) = self.table.entry(page).filter(|e| e.present) else {
                continue;
            };
            let slot = match entry.swap_slot {
                Some(slot) => slot,
                None => match self.free_slots.pop() {
                    Some(slot) => slot,
                    None => continue,
                },
            };
            self.swap_out(entry.frame as FrameId, page, slot);
        }
    }

    /// Puts `page`'s bytes into `frame`: from swap, from the image, or zeros.
    fn fill_frame(&mut self, frame: FrameId, page: u32, slot: Option<u32>) -> LoadedFrom {
        if let Some(slot) = slot {
            let page_size = self.geometry().page_size as usize;
            self.physical[frame] = self
                .swap
                .get(&slot)
                .cloned()
                .unwrap_or_else(|| Rc::new(vec![0; page_size]));
            self.stats.swap_ins += 1;
            self.record(Event::SwapIn { page, slot });
            return LoadedFrom::Swap;
        }
        let bytes = self.image_bytes(page);
        let from = if bytes.iter().any(|&b| b != 0) {
            LoadedFrom::Image
        } else {
            LoadedFrom::Zero
        };
        self.physical_frame_mut(frame).copy_from_slice(&bytes);
        from
    }

    /// A page's bytes as the program's image has them (zeros where no image covers it).
    fn image_bytes(&self, page: u32) -> Vec<u8> {
        let page_size = self.geometry().page_size;
        let start = u64::from(page) * u64::from(page_size);
        let mut bytes = vec![0; page_size as usize];
        for region in &self.regions {
            let image_end = u64::from(region.start) + region.image.len() as u64;
            let from = start.max(u64::from(region.start));
            let to = (start + u64::from(page_size)).min(image_end);
            if from < to {
                let src = (from - u64::from(region.start)) as usize;
                let dst = (from - start) as usize;
                let len = (to - from) as usize;
                bytes[dst..dst + len].copy_from_slice(&region.image[src..src + len]);
            }
        }
        bytes
    }

    fn physical_frame(&self, frame: FrameId) -> &[u8] {
        &self.physical[frame]
    }

    #[inline(always)]
    fn physical_frame_mut(&mut self, frame: FrameId) -> &mut [u8] {
        // A frame written since the last checkpoint is already this space's own.
        if Rc::get_mut(&mut self.physical[frame]).is_none() {
            self.own_frame(frame);
        }
        Rc::get_mut(&mut self.physical[frame]).map_or(&mut [], Vec::as_mut_slice)
    }

    /// Copies a frame's bytes shared with a checkpoint (or swap) so they can be written.
    #[inline(never)]
    fn own_frame(&mut self, frame: FrameId) {
        Rc::make_mut(&mut self.physical[frame]);
    }

    /// The frame and the offset in it of a physical address.
    #[inline]
    fn frame_and_offset(&self, pa: u32) -> (usize, usize) {
        (
            (pa >> self.shifts.page_bits) as usize,
            (pa & self.shifts.offset_mask) as usize,
        )
    }

    /// The data cache for `len` bytes at physical `pa`, one access per line, and the cost.
    #[inline(always)]
    fn touch_cache(&mut self, pa: u32, len: u32, write: bool) {
        if !self.cache.enabled() {
            self.charge(Charge::Ram);
            return;
        }
        let line_bits = self.cache.line_bits();
        let first = pa >> line_bits;
        let last = (pa + len.max(1) - 1) >> line_bits;
        self.touch_line(pa, write);
        if last > first {
            self.touch_more_lines(first + 1, last, write);
        }
    }

    /// The lines after the first of an access that spans several.
    #[inline(never)]
    fn touch_more_lines(&mut self, first: u32, last: u32, write: bool) {
        let line_bits = self.cache.line_bits();
        for line_number in first..=last {
            self.touch_line(line_number << line_bits, write);
        }
    }

    /// One cache access at physical `addr`, its counters and its cost.
    #[inline(always)]
    fn touch_line(&mut self, addr: u32, write: bool) {
        let outcome = self.cache.access(addr, write);
        if outcome.hit && !outcome.wrote_through && !self.recording {
            // The common case, a hit that costs only the hit: what `account_line` does for
            // it, without the branches for everything else.
            self.stats.cache_hits += 1;
            self.costs
                .charge(&self.settings.latencies, Charge::CacheHit, 1);
            return;
        }
        self.account_line(addr, outcome);
    }

    /// The counters, costs and events of one cache access.
    #[inline(never)]
    fn account_line(&mut self, addr: u32, outcome: CacheOutcome) {
        if outcome.hit {
            self.stats.cache_hits += 1;
            self.charge(Charge::CacheHit);
        } else {
            self.stats.cache_misses += 1;
            self.charge(Charge::Ram);
        }
        if outcome.written_back.is_some() {
            self.stats.cache_write_backs += 1;
            self.charge(Charge::Ram);
        }
        if outcome.wrote_through && outcome.hit {
            self.charge(Charge::Ram);
        }
        self.record(Event::Cache {
            pa: addr,
            hit: outcome.hit,
            written_back: outcome.written_back,
        });
    }

    /// Charges one event of `charge` to the cost model, and says so.
    #[inline(always)]
    fn charge(&mut self, charge: Charge) {
        let cycles = self.costs.charge(&self.settings.latencies, charge, 1);
        self.record(Event::Cost { charge, cycles });
    }

    // ----- the future, for OPT -----

    /// Tells OPT the pages a recorded first run touched, access by access; this run must
    /// make the same accesses (the machine is deterministic, so a replay does).
    pub fn set_future(&mut self, pages: &[u32]) {
        self.future = Rc::new(next_uses(pages.iter().map(|&p| u64::from(p))));
    }

    /// Starts (or stops) recording the page of every access: the program's reference
    /// string, for OPT's future and for sweeps of other policies over it.
    pub fn record_references(&mut self, on: bool) {
        self.references = on.then(Vec::new);
        self.merge_repeats = false;
        self.last_referenced = NO_PAGE;
    }

    /// Starts (or stops) recording the page of an access only when it differs from the
    /// page of the access before: the reference string with immediate repeats merged, as
    /// Belady's curve takes it, at the cost of a comparison for most accesses.
    pub fn record_page_changes(&mut self, on: bool) {
        self.references = on.then(Vec::new);
        self.merge_repeats = on;
        self.last_referenced = NO_PAGE;
    }

    /// The pages recorded since recording started, leaving recording on.
    pub fn take_references(&mut self) -> Vec<u32> {
        self.references
            .as_mut()
            .map(std::mem::take)
            .unwrap_or_default()
    }

    /// Whether the page of every access is being recorded.
    pub fn records_references(&self) -> bool {
        self.references.is_some()
    }

    /// Hands each page recorded since the last call to `each`, oldest first, and forgets
    /// them, keeping recording on and the buffer's room (so draining after every step of
    /// a long run allocates nothing), up to a limit: a step that made millions of accesses
    /// (a calloc zeroing megabytes) does not keep their room.
    pub fn drain_references(&mut self, each: impl FnMut(u32)) {
        const KEPT_ROOM: usize = 1 << 16;
        if let Some(references) = &mut self.references {
            references.drain(..).for_each(each);
            if references.capacity() > KEPT_ROOM {
                references.shrink_to(KEPT_ROOM);
            }
        }
    }

    // ----- events and views -----

    /// Turns event recording on or off (a long run records only the steps it shows).
    pub fn record_events(&mut self, on: bool) {
        self.recording = on;
    }

    #[inline(always)]
    fn record(&mut self, event: Event) {
        if self.recording {
            self.push_event(event);
        }
    }

    /// Kept out of line: the hot path only tests `recording`.
    #[inline(never)]
    fn push_event(&mut self, event: Event) {
        self.events.push(event);
    }

    pub fn take_events(&mut self) -> Vec<Event> {
        std::mem::take(&mut self.events)
    }

    pub fn stats(&self) -> Stats {
        self.stats
    }

    /// Roughly the bytes this address space holds that `base` (an earlier copy of it, a
    /// checkpoint) does not share: its tables and bookkeeping, and the frames and swap
    /// slots written since the copy (pages are shared until written). Time travel sums
    /// these to keep its history within a memory budget.
    pub fn footprint_beyond(&self, base: &AddressSpace) -> usize {
        let page = self.settings.geometry.page_size as usize;
        let own_frames = self
            .physical
            .iter()
            .enumerate()
            .filter(|(i, bytes)| base.physical.get(*i).is_none_or(|b| !Rc::ptr_eq(b, bytes)))
            .count();
        let own_swap = self
            .swap
            .iter()
            .filter(|(slot, bytes)| base.swap.get(slot).is_none_or(|b| !Rc::ptr_eq(b, bytes)))
            .count();
        // A page-table slot or swap entry in a B-tree costs about its size plus a pointer
        // or two of node overhead; per-frame bookkeeping is a few words per frame.
        let table_slots: usize = self.table.tables().iter().map(|t| t.slots.len()).sum();
        // The policies keep a few words per frame (queues, counters, bits), and each
        // structure copied costs allocator overhead: 72 bytes a frame, measured against
        // the process's memory for a cloned 4096-frame space.
        let bookkeeping = self.physical.len() * std::mem::size_of::<Rc<Vec<u8>>>()
            + self.uses.capacity() * std::mem::size_of::<FrameUse>()
            + self.frames.footprint()
            + self.physical.len() * 72
            + table_slots * 48
            + self.swap.len() * 32
            + self
                .regions
                .iter()
                .map(|r| r.image.len() + 64)
                .sum::<usize>()
            + self.tlb.footprint()
            + self.cache.footprint()
            + if Rc::ptr_eq(&self.future, &base.future) {
                0
            } else {
                self.future.len() * std::mem::size_of::<Option<Time>>()
            }
            + self.references.as_ref().map_or(0, |r| r.capacity() * 4)
            + self.events.capacity() * std::mem::size_of::<Event>();
        bookkeeping + (own_frames + own_swap) * page
    }

    pub fn costs(&self) -> Costs {
        self.costs
    }

    /// Reads bytes without an access: no fault, no TLB, no cache, no change (for views and
    /// the leak scan). Unmapped bytes read as `None`.
    pub fn peek(&self, va: u32, len: u32) -> Option<Vec<u8>> {
        let mut out = vec![0; len as usize];
        let filled = self.peek_into(va, &mut out)?;
        out.truncate(filled);
        Some(out)
    }

    /// Fills `out` with the bytes from `va` on, as `peek` reads them, and says how many it
    /// filled (fewer when the read runs past the top of the address space); `None` when
    /// any of them is unmapped. Reads each page where it is, copying only what is asked.
    fn peek_into(&self, va: u32, out: &mut [u8]) -> Option<usize> {
        let page_size = self.geometry().page_size;
        let mut at = va;
        let mut filled = 0;
        while filled < out.len() {
            self.region_of(at)?;
            let page = self.geometry().page_of(at);
            let offset = self.geometry().offset_of(at);
            let piece = ((page_size - offset) as usize).min(out.len() - filled);
            let start = offset as usize;
            self.with_page_bytes(page, |bytes| {
                out[filled..filled + piece].copy_from_slice(&bytes[start..start + piece]);
            });
            filled += piece;
            at = at.wrapping_add(piece as u32);
            if at == 0 {
                break;
            }
        }
        Some(filled)
    }

    /// The word at `va` read as `peek` reads (little-endian); `None` when unmapped.
    pub fn peek_u32(&self, va: u32) -> Option<u32> {
        let mut bytes = [0; 4];
        self.peek_into(va, &mut bytes)?;
        Some(u32::from_le_bytes(bytes))
    }

    /// Calls `visit` with each aligned 32-bit word from `start` up to `end`, page by page
    /// where each page is, without copying (a leak scan reads megabytes of stack this way);
    /// unmapped pages are skipped.
    pub fn for_each_word(&self, start: u32, end: u32, mut visit: impl FnMut(u32)) {
        let page_size = self.geometry().page_size;
        let mut at = u64::from(start.div_ceil(4) * 4);
        let end = u64::from(end);
        while at + 4 <= end {
            let va = at as u32;
            let page_end = (u64::from(self.geometry().page_of(va)) + 1) * u64::from(page_size);
            let stop = page_end.min(end - (end - at) % 4);
            if self.region_of(va).is_some() {
                let offset = self.geometry().offset_of(va) as usize;
                let len = (stop - at) as usize;
                self.with_page_bytes(self.geometry().page_of(va), |bytes| {
                    for word in bytes[offset..offset + len].chunks_exact(4) {
                        visit(u32::from_le_bytes([word[0], word[1], word[2], word[3]]));
                    }
                });
            }
            at = stop;
        }
    }

    /// Runs `read` on a page's current bytes wherever they are: its frame, swap, or the
    /// image (a view reads a word of a page without copying the page).
    fn with_page_bytes<T>(&self, page: u32, read: impl FnOnce(&[u8]) -> T) -> T {
        match self.table.entry(page) {
            Some(entry) if entry.present => read(self.physical_frame(entry.frame as FrameId)),
            Some(Entry {
                swap_slot: Some(slot),
                ..
            }) => match self.swap.get(&slot) {
                Some(bytes) => read(bytes),
                None => read(&self.image_bytes(page)),
            },
            _ => read(&self.image_bytes(page)),
        }
    }

    /// Every mapped page's entry, with R and M as the frame table has them now.
    pub fn page_entries(&self) -> Vec<(u32, Entry)> {
        self.table
            .pages()
            .into_iter()
            .map(|(page, mut entry)| {
                if entry.present {
                    let frame = self.frames.frame(entry.frame as FrameId);
                    entry.accessed = frame.referenced;
                    entry.dirty = frame.modified;
                }
                (page, entry)
            })
            .collect()
    }

    pub fn page_table(&self) -> &PageTable {
        &self.table
    }

    pub fn frame_uses(&self) -> &[FrameUse] {
        &self.uses
    }

    pub fn frame_table(&self) -> &FrameTable {
        &self.frames
    }

    /// The resident pages in the policy's own order.
    pub fn resident(&self) -> Vec<u32> {
        self.policy
            .resident(&self.frames)
            .into_iter()
            .map(|p| p as u32)
            .collect()
    }

    pub fn tlb(&self) -> &Tlb {
        &self.tlb
    }

    pub fn cache(&self) -> &Cache {
        &self.cache
    }

    /// Swap slots in use, and the page each holds a copy of.
    pub fn swap_slots(&self) -> Vec<(u32, u32)> {
        let mut slots: Vec<(u32, u32)> = self
            .table
            .pages()
            .into_iter()
            .filter_map(|(page, e)| e.swap_slot.map(|slot| (slot, page)))
            .collect();
        slots.sort_unstable();
        slots
    }

    pub fn time(&self) -> Time {
        self.time
    }
}

/// Copies `src` into `dst` (of the same length), with a fixed-size copy for the sizes of
/// scalars instead of a call to `memcpy`.
#[inline(always)]
fn copy_small(dst: &mut [u8], src: &[u8]) {
    if let (Ok(dst), Ok(src)) = (
        <&mut [u8; 4]>::try_from(&mut *dst),
        <&[u8; 4]>::try_from(src),
    ) {
        *dst = *src;
    } else if let ([to], [from]) = (&mut *dst, src) {
        *to = *from;
    } else {
        dst.copy_from_slice(src);
    }
}

#[cfg(test)]
mod tests;
#[cfg(test)]
mod trace_golden;
