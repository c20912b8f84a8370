//! One stable sort for the whole app. Rust's slice sort is generic, and every caller's
//! element and key type gets its own copy of it (about 5 KiB of WebAssembly each, a dozen
//! callers); this one sorts indices with a single copy of the algorithm and then moves the
//! elements into place, which is as good for the small lists the views and diagnostics sort.
//! The engine's hot paths keep the slice methods.

use std::cmp::Ordering;

/// Sorts `items` by `key`, keeping equal items in their order (as `sort_by_key` does).
pub fn sort_by_key<T, K: Ord>(items: &mut [T], key: impl Fn(&T) -> K) {
    sort_by(items, |a, b| key(a).cmp(&key(b)));
}

/// Sorts `items` by `compare`, keeping equal items in their order (as `sort_by` does).
pub fn sort_by<T>(items: &mut [T], compare: impl Fn(&T, &T) -> Ordering) {
    if items.len() < 2 {
        return;
    }
    let mut order: Vec<usize> = (0..items.len()).collect();
    sort_indices(&mut order, &|a, b| compare(&items[a], &items[b]));
    permute(items, &mut order);
}

#[inline(never)]
fn sort_indices(order: &mut [usize], compare: &dyn Fn(usize, usize) -> Ordering) {
    order.sort_by(|&a, &b| compare(a, b));
}

/// Moves the item at `order[i]` to `i` for every `i`, one cycle of the permutation at a
/// time (leaving `order` as the identity).
fn permute<T>(items: &mut [T], order: &mut [usize]) {
    for start in 0..order.len() {
        let mut at = start;
        while order[at] != start {
            let from = order[at];
            items.swap(at, from);
            order[at] = at;
            at = from;
        }
        order[at] = at;
    }
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::*;

    proptest! {
        /// Few distinct keys, so that stability is tested; each item's index says where it
        /// came from.
        #[test]
        fn sorts_as_the_standard_stable_sort_does(keys in prop::collection::vec(0u8..9, 0..300)) {
            let items: Vec<(u8, usize)> = keys.into_iter().enumerate().map(|(i, k)| (k, i)).collect();
            let mut ours = items.clone();
            sort_by_key(&mut ours, |&(key, _)| key);
            let mut theirs = items;
            theirs.sort_by_key(|&(key, _)| key);
            prop_assert_eq!(&ours, &theirs);
            sort_by(&mut ours, |a, b| b.0.cmp(&a.0));
            theirs.sort_by_key(|&(key, _)| std::cmp::Reverse(key));
            prop_assert_eq!(ours, theirs);
        }
    }
}
