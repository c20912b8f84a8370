//! A (multi-level) page table: a tree of tables, each indexed by a slice of the virtual
//! page number, whose last level holds the page-table entries. Tables are made on demand
//! (the first touch of a page in a region), and kept sparse so that a linear table of a
//! 32-bit space costs only the entries in use.

use std::collections::BTreeMap;

use serde::Serialize;

use crate::geometry::Geometry;

/// A page-table entry, as the hardware and the kernel see it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize)]
pub struct Entry {
    /// The page is in a frame (`frame` is valid).
    pub present: bool,
    pub writable: bool,
    /// Set by the hardware on every access; cleared by replacement policies.
    pub accessed: bool,
    /// Set by the hardware on a write; a dirty victim is written to swap.
    pub dirty: bool,
    pub frame: u32,
    /// Where the page's contents are on disk while not present.
    pub swap_slot: Option<u32>,
}

/// One table of the tree.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Table {
    /// 0 for the top-level table (the page directory).
    pub level: usize,
    /// The frame holding this table, when tables live in physical memory.
    pub frame: Option<u32>,
    pub slots: BTreeMap<u32, Slot>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Slot {
    /// A directory entry: the index of the next-level table.
    Table { table: usize },
    /// A last-level entry.
    Page { entry: Entry },
}

/// One entry read during a walk.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct WalkRead {
    pub level: usize,
    pub index: u32,
    /// The physical address of the entry, when the table is in a frame.
    pub entry_addr: Option<u32>,
    /// Whether the entry was there (a directory entry pointing at a table, or a PTE).
    pub found: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PageTable {
    /// All tables; index 0 is the top level.
    tables: Vec<Table>,
    #[serde(skip)]
    geometry: Geometry,
}

impl PageTable {
    /// An empty table tree whose top-level table sits in `root_frame`, if tables are in
    /// frames.
    pub fn new(geometry: &Geometry, root_frame: Option<u32>) -> PageTable {
        PageTable {
            tables: vec![Table {
                level: 0,
                frame: root_frame,
                slots: BTreeMap::new(),
            }],
            geometry: geometry.clone(),
        }
    }

    pub fn tables(&self) -> &[Table] {
        &self.tables
    }

    fn entry_addr(&self, table: usize, index: u32) -> Option<u32> {
        let frame = self.tables[table].frame?;
        Some(frame * self.geometry.page_size + index * self.geometry.entry_size)
    }

    /// Walks the tree for `page` as the MMU does after a TLB miss: the entries read, and
    /// the page's entry if every level had one.
    pub fn walk(&self, page: u32) -> (Vec<WalkRead>, Option<Entry>) {
        let mut reads = Vec::with_capacity(self.geometry.levels.len());
        let mut table = 0;
        for (level, index) in self.geometry.indexes(page).into_iter().enumerate() {
            let slot = self.tables[table].slots.get(&index).copied();
            reads.push(WalkRead {
                level,
                index,
                entry_addr: self.entry_addr(table, index),
                found: slot.is_some(),
            });
            match slot {
                Some(Slot::Table { table: next }) => table = next,
                Some(Slot::Page { entry }) => return (reads, Some(entry)),
                None => return (reads, None),
            }
        }
        (reads, None)
    }

    /// The entry of `page`, if its tables exist.
    pub fn entry(&self, page: u32) -> Option<Entry> {
        let mut table = 0;
        for index in self.geometry.indexes(page) {
            match self.tables[table].slots.get(&index)? {
                Slot::Table { table: next } => table = *next,
                Slot::Page { entry } => return Some(*entry),
            }
        }
        None
    }

    /// The entry of `page` for updating, making the tables on the way (each new table
    /// asks `new_table_frame` for its frame; `None` from it means no frame is free, and
    /// nothing is made).
    pub fn entry_mut(
        &mut self,
        page: u32,
        mut new_table_frame: impl FnMut() -> Option<Option<u32>>,
    ) -> Option<&mut Entry> {
        let indexes = self.geometry.indexes(page);
        let last = indexes.len() - 1;
        let mut table = 0;
        for (level, &index) in indexes.iter().enumerate() {
            if level == last {
                let slot = self.tables[table].slots.entry(index).or_insert(Slot::Page {
                    entry: Entry::default(),
                });
                return match slot {
                    Slot::Page { entry } => Some(entry),
                    Slot::Table { .. } => None,
                };
            }
            table = match self.tables[table].slots.get(&index) {
                Some(Slot::Table { table: next }) => *next,
                Some(Slot::Page { .. }) => return None,
                None => {
                    let frame = new_table_frame()?;
                    self.tables.push(Table {
                        level: level + 1,
                        frame,
                        slots: BTreeMap::new(),
                    });
                    let next = self.tables.len() - 1;
                    self.tables[table]
                        .slots
                        .insert(index, Slot::Table { table: next });
                    next
                }
            };
        }
        None
    }

    /// Every page with an entry, and the entry, in page order.
    pub fn pages(&self) -> Vec<(u32, Entry)> {
        let mut pages = Vec::new();
        self.collect(0, 0, &mut pages);
        pages
    }

    fn collect(&self, table: usize, prefix: u32, pages: &mut Vec<(u32, Entry)>) {
        let level = self.tables[table].level;
        let bits = self.geometry.levels[level];
        for (&index, slot) in &self.tables[table].slots {
            let page = (prefix << bits) | index;
            match slot {
                Slot::Table { table: next } => self.collect(*next, page, pages),
                Slot::Page { entry } => pages.push((page, *entry)),
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_two_level_walk_reads_a_directory_entry_then_a_table_entry() {
        let geometry = Geometry::x86_32(64);
        let mut table = PageTable::new(&geometry, Some(0));
        let mut next_frame = 1;
        let mut frames = || {
            next_frame += 1;
            Some(Some(next_frame - 1))
        };
        let page = 0x0804b;
        let entry = table.entry_mut(page, &mut frames).unwrap();
        *entry = Entry {
            present: true,
            writable: true,
            frame: 7,
            ..Entry::default()
        };
        let (reads, found) = table.walk(page);
        assert_eq!(found.map(|e| e.frame), Some(7));
        // The directory (frame 0) entry 0x20, then the new table (frame 1) entry 0x4b.
        let addrs: Vec<Option<u32>> = reads.iter().map(|r| r.entry_addr).collect();
        assert_eq!(addrs, vec![Some(0x20 * 4), Some(4096 + 0x4b * 4)]);
        assert_eq!(table.tables().len(), 2);
        // A neighbour page shares the second-level table; a far page needs a new one.
        table.entry_mut(page + 1, &mut frames).unwrap();
        assert_eq!(table.tables().len(), 2);
        table.entry_mut(0xbffff, &mut frames).unwrap();
        assert_eq!(table.tables().len(), 3);
        let pages: Vec<u32> = table.pages().iter().map(|(p, _)| *p).collect();
        assert_eq!(pages, vec![page, page + 1, 0xbffff]);
    }

    #[test]
    fn a_walk_stops_at_the_first_missing_level() {
        let table = PageTable::new(&Geometry::x86_32(64), None);
        let (reads, found) = table.walk(0x12345);
        assert_eq!(found, None);
        assert_eq!(reads.len(), 1);
        assert!(!reads[0].found);
        assert_eq!(reads[0].entry_addr, None);
    }

    #[test]
    fn no_frame_for_a_table_means_no_entry() {
        let mut table = PageTable::new(&Geometry::x86_32(64), Some(0));
        assert!(table.entry_mut(0x400, || None).is_none());
        assert_eq!(table.tables().len(), 1);
    }

    #[test]
    fn a_linear_table_is_one_level() {
        let geometry = Geometry::teaching_linear();
        let mut table = PageTable::new(&geometry, None);
        table
            .entry_mut(0x12, || unreachable!("no tables below the top"))
            .unwrap();
        let (reads, found) = table.walk(0x12);
        assert_eq!(reads.len(), 1);
        assert!(found.is_some());
    }
}
