//! Invariants of the OSTEP engine over many random operation sequences (a small
//! deterministic generator, no proptest): it never panics; every heap byte is in exactly one
//! free chunk or live block; with ADDRSORT and coalescing, freeing everything (when no
//! allocation failed) leaves one chunk; searched counts stay within the list.

use memplay_heap::ostep::{FreeOutcome, ListOrder, Op, OpResult, OstepHeap, Policy, Settings};

struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        // xorshift64*
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }

    fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }
}

const POLICIES: [Policy; 3] = [Policy::First, Policy::Best, Policy::Worst];
const ORDERS: [ListOrder; 5] = [
    ListOrder::AddrSort,
    ListOrder::SizeSortAscending,
    ListOrder::SizeSortDescending,
    ListOrder::InsertFront,
    ListOrder::InsertBack,
];

fn check_cover(heap: &OstepHeap, base: u64, size: u64) {
    let mut pieces: Vec<(u64, u64)> = heap
        .free_list()
        .into_iter()
        .chain(heap.blocks())
        .map(|(a, s)| (u64::from(a), u64::from(s)))
        .collect();
    pieces.sort();
    let mut at = base;
    for (addr, len) in pieces {
        assert!(len > 0, "empty piece at {addr}");
        assert_eq!(addr, at, "gap or overlap at {at}: {:?}", heap.free_list());
        at = addr + len;
    }
    assert_eq!(at, base + size);
}

#[test]
fn random_sequences_keep_the_heap_whole() {
    let mut rng = Rng(0x9e37_79b9_7f4a_7c15);
    let mut emptied = 0;
    for round in 0..1500 {
        let size = 1 + rng.below(400) as i64;
        let header = rng.below(3) as i64 * 4;
        if header > size {
            continue;
        }
        let settings = Settings {
            size,
            base: rng.below(5000) as i64,
            header,
            align: [-1, 1, 4, 8][rng.below(4) as usize],
            policy: POLICIES[round % 3],
            order: ORDERS[(round / 3) % 5],
            coalesce: rng.below(2) == 1,
        };
        let (base, total) = (settings.base as u64, settings.size as u64);
        let mut heap = OstepHeap::new(settings.clone()).unwrap();
        let mut failed = false;
        for _ in 0..1 + rng.below(40) {
            let op = if rng.below(2) == 0 || heap.allocations() == 0 {
                Op::Alloc(1 + rng.below(24) as u32)
            } else {
                Op::Free(rng.below(heap.allocations() as u64 + 2) as usize)
            };
            let before = heap.free_list().len();
            match heap.apply(op) {
                OpResult::Alloc(r) => {
                    failed |= r.addr.is_none();
                    assert!(r.searched <= before, "{settings:?}");
                    if settings.policy != Policy::First || r.addr.is_none() {
                        assert_eq!(r.searched, before, "{settings:?}");
                    }
                }
                OpResult::Free(r) => {
                    if !r.ok() {
                        assert_eq!(heap.free_list().len(), before);
                    }
                }
            }
            check_cover(&heap, base, total);
        }
        // With a failed allocation, malloc.py skips frees of handles at or above the number
        // of successes, so not every block can be freed by handle.
        if settings.coalesce && settings.order == ListOrder::AddrSort && !failed {
            for ptr in 0..heap.allocations() {
                let _ = heap.free(ptr);
            }
            assert!(heap.blocks().is_empty());
            assert_eq!(heap.free_list(), vec![(base as u32, total as u32)]);
            emptied += 1;
        }
    }
    assert!(emptied >= 20, "only {emptied} heaps were emptied");
}

#[test]
fn hostile_values_are_errors_not_panics() {
    for size in [i64::MIN, -1, 0, 1, i64::from(u32::MAX), i64::MAX] {
        for header in [i64::MIN, -1, 0, 4, i64::MAX] {
            for align in [i64::MIN, -2, -1, 0, 1, 3, i64::MAX] {
                for base in [i64::MIN, 0, i64::from(u32::MAX) - 1, i64::MAX] {
                    let settings = Settings {
                        size,
                        base,
                        header,
                        align,
                        ..Settings::default()
                    };
                    if let Ok(mut heap) = OstepHeap::new(settings) {
                        for request in [1, 7, u32::MAX] {
                            heap.alloc(request);
                        }
                        for ptr in [0, 1, 2, 3, usize::MAX] {
                            let r = heap.free(ptr);
                            if ptr == usize::MAX {
                                assert_eq!(r.outcome, FreeOutcome::Skipped { issued: false });
                            }
                        }
                    }
                }
            }
        }
    }
}
