//! ns per reference of every replacement policy on a one-million-reference trace with
//! locality, at 4, 64 and 1024 frames (`cargo bench -p memplay-paging --bench policies`).
//! Criterion's estimate is for the whole trace, so ns per reference = the time / 1,000,000
//! (criterion also prints it as throughput). Groups: "paging", ids like "lru/1024".
//!
//! The trace is generated once from a fixed seed: 90% of references fall in a hot window of
//! 512 pages (skewed towards its start) that slides by 64 pages every 10,000 references;
//! the rest are spread over 65,536 pages. One in four references is a write.

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use memplay_paging::policy::PolicyKind;
use memplay_paging::reference::{Reference, RunSettings, count};

const REFERENCES: usize = 1_000_000;
const FRAME_COUNTS: [u64; 3] = [4, 64, 1024];

fn trace() -> Vec<Reference> {
    let mut state: u64 = 0x9e37_79b9_7f4a_7c15;
    let mut next = move || {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        state
    };
    (0..REFERENCES)
        .map(|i| {
            let r = next();
            let window_start = (i as u64 / 10_000) * 64;
            let page = if r % 10 < 9 {
                // Squaring a uniform fraction skews references towards the window's start.
                let u = ((r >> 8) & 0xffff) as u64;
                window_start + (u * u * 512 >> 32)
            } else {
                (r >> 32) % 65_536
            };
            Reference {
                page,
                write: (r >> 4) % 4 == 0,
            }
        })
        .collect()
}

fn policies(c: &mut Criterion) {
    let refs = trace();
    let mut group = c.benchmark_group("paging");
    group.sample_size(10);
    group.throughput(Throughput::Elements(REFERENCES as u64));
    for policy in PolicyKind::ALL {
        for frames in FRAME_COUNTS {
            let settings = RunSettings::new(policy, frames);
            group.bench_function(format!("{}/{frames}", policy.name()), |b| {
                b.iter(|| count(&refs, &settings).expect("valid settings"))
            });
        }
    }
    group.finish();
}

criterion_group!(benches, policies);
criterion_main!(benches);
