//! Bitmaps by page number, in a two-level table as a page table is: a lookup indexes a
//! directory and then a leaf, with no hashing. The shadow and the heap's live bytes look
//! one up on every load and store, where a hash map's lookup was a tenth of the run time.
//! Leaves and bitmaps are shared between copies (checkpoints) until one of them writes.

use std::rc::Rc;

/// Bytes per page of bitmap (a bit per byte).
pub(crate) const PAGE: u32 = 4096;

/// A page's bits, a bit per byte.
pub(crate) type Bits = [u64; (PAGE / 64) as usize];

/// Page numbers per leaf: 256 pages, a MiB of memory. A program's pages cluster (the data
/// and heap low, the stacks high), so a few leaves hold them all, and the directory stays
/// small enough (12 KiB for the top of a 32-bit space) to copy at each checkpoint.
const LEAF_BITS: u32 = 8;
const LEAF: usize = 1 << LEAF_BITS;

type Leaf = [Option<Rc<Bits>>; LEAF];

#[derive(Debug, Clone, Default)]
pub(crate) struct PageMap {
    /// Leaf `i` holds the pages `i << LEAF_BITS ..`; the directory ends at the last leaf
    /// ever made.
    leaves: Vec<Option<Rc<Leaf>>>,
    len: usize,
}

impl PageMap {
    /// The bits of `page`, if it has an entry.
    #[inline(always)]
    pub fn get(&self, page: u32) -> Option<&Rc<Bits>> {
        let leaf = self.leaves.get((page >> LEAF_BITS) as usize)?.as_deref()?;
        leaf[page as usize & (LEAF - 1)].as_ref()
    }

    /// The bits of `page` to change, if it has an entry (its leaf made this copy's own).
    #[inline(always)]
    pub fn get_mut(&mut self, page: u32) -> Option<&mut Rc<Bits>> {
        let leaf = self
            .leaves
            .get_mut((page >> LEAF_BITS) as usize)?
            .as_mut()?;
        let slot = page as usize & (LEAF - 1);
        leaf[slot].as_ref()?;
        own(leaf)[slot].as_mut()
    }

    /// The bits of `page`, made as `make()` if it has no entry.
    pub fn get_or_insert_with(
        &mut self,
        page: u32,
        make: impl FnOnce() -> Rc<Bits>,
    ) -> &mut Rc<Bits> {
        let index = (page >> LEAF_BITS) as usize;
        if index >= self.leaves.len() {
            self.leaves.resize(index + 1, None);
        }
        let leaf = own(self.leaves[index].get_or_insert_with(|| Rc::new([const { None }; LEAF])));
        let slot = &mut leaf[page as usize & (LEAF - 1)];
        if slot.is_none() {
            self.len += 1;
        }
        slot.get_or_insert_with(make)
    }

    /// Drops `page`'s entry (and its leaf, once empty).
    pub fn remove(&mut self, page: u32) {
        let index = (page >> LEAF_BITS) as usize;
        let Some(Some(leaf)) = self.leaves.get_mut(index) else {
            return;
        };
        let slot = page as usize & (LEAF - 1);
        if leaf[slot].is_none() {
            return;
        }
        let leaf = own(leaf);
        leaf[slot] = None;
        self.len -= 1;
        if leaf.iter().all(Option::is_none) {
            self.leaves[index] = None;
        }
    }

    #[inline(always)]
    pub fn is_empty(&self) -> bool {
        self.len == 0
    }

    pub fn len(&self) -> usize {
        self.len
    }

    /// Every entry, in page order.
    #[cfg(test)]
    pub fn iter(&self) -> impl Iterator<Item = (u32, &Rc<Bits>)> {
        self.leaves.iter().enumerate().flat_map(|(index, leaf)| {
            leaf.iter().flat_map(move |leaf| {
                leaf.iter().enumerate().filter_map(move |(slot, bits)| {
                    Some((((index << LEAF_BITS) | slot) as u32, bits.as_ref()?))
                })
            })
        })
    }

    /// Bytes this copy holds that `base` (an earlier copy) does not share: the directory,
    /// the leaves and bitmaps written since.
    pub fn footprint_beyond(&self, base: &PageMap) -> usize {
        let mut bytes = self.leaves.capacity() * std::mem::size_of::<Option<Rc<Leaf>>>();
        for (index, leaf) in self.leaves.iter().enumerate() {
            let Some(leaf) = leaf else { continue };
            let base_leaf = base.leaves.get(index).and_then(Option::as_ref);
            if base_leaf.is_some_and(|b| Rc::ptr_eq(b, leaf)) {
                continue;
            }
            bytes += std::mem::size_of::<Leaf>();
            for (slot, bits) in leaf.iter().enumerate() {
                let Some(bits) = bits else { continue };
                let shared = base_leaf
                    .and_then(|b| b[slot].as_ref())
                    .is_some_and(|b| Rc::ptr_eq(b, bits));
                if !shared {
                    bytes += std::mem::size_of::<Bits>();
                }
            }
        }
        bytes
    }
}

/// A leaf made this copy's own, copied first if a checkpoint shares it.
#[inline(always)]
fn own(leaf: &mut Rc<Leaf>) -> &mut Leaf {
    Rc::make_mut(leaf)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;
    use std::collections::BTreeMap;

    #[derive(Debug, Clone)]
    enum Action {
        Insert(u32, u64),
        Change(u32, u64),
        Remove(u32),
        Checkpoint,
    }

    fn page() -> impl Strategy<Value = u32> {
        prop_oneof![0u32..600, 0xbfe00u32..0xc0000, 0u32..1 << 22]
    }

    fn action() -> impl Strategy<Value = Action> {
        prop_oneof![
            (page(), any::<u64>()).prop_map(|(p, w)| Action::Insert(p, w)),
            (page(), any::<u64>()).prop_map(|(p, w)| Action::Change(p, w)),
            page().prop_map(Action::Remove),
            Just(Action::Checkpoint),
        ]
    }

    fn contents(map: &PageMap) -> Vec<(u32, u64)> {
        map.iter().map(|(page, bits)| (page, bits[0])).collect()
    }

    proptest! {
        /// The map answers as an ordered map does, and a copy taken earlier never changes
        /// when the original is written.
        #[test]
        fn agrees_with_a_btree_map(actions in prop::collection::vec(action(), 1..200)) {
            let mut map = PageMap::default();
            let mut model: BTreeMap<u32, u64> = BTreeMap::new();
            let mut copies: Vec<(PageMap, Vec<(u32, u64)>)> = Vec::new();
            for action in actions {
                match action {
                    Action::Insert(page, word) => {
                        let bits = map.get_or_insert_with(page, || Rc::new([word; 64]));
                        let first = *model.entry(page).or_insert(word);
                        prop_assert_eq!(bits[0], first);
                    }
                    Action::Change(page, word) => {
                        if let Some(bits) = map.get_mut(page) {
                            Rc::make_mut(bits)[0] = word;
                        }
                        if let Some(old) = model.get_mut(&page) {
                            *old = word;
                        }
                    }
                    Action::Remove(page) => {
                        map.remove(page);
                        model.remove(&page);
                    }
                    Action::Checkpoint => {
                        let before = contents(&map);
                        copies.push((map.clone(), before));
                        prop_assert!(map.footprint_beyond(&copies.last().unwrap().0) <= map.leaves.capacity() * 8);
                    }
                }
                prop_assert_eq!(map.len(), model.len());
                prop_assert_eq!(map.is_empty(), model.is_empty());
                for (&page, &word) in &model {
                    prop_assert_eq!(map.get(page).map(|b| b[0]), Some(word));
                }
                prop_assert_eq!(contents(&map), model.iter().map(|(&p, &w)| (p, w)).collect::<Vec<_>>());
            }
            for (copy, then) in &copies {
                prop_assert_eq!(&contents(copy), then);
            }
        }
    }
}
