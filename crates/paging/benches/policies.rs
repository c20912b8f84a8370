//! ns per reference of every replacement policy on a one-million-reference trace with
//! locality, at 4, 64 and 1024 frames (`cargo bench -p memplay-paging --bench policies`).
//! Criterion's estimate is for the whole trace, so ns per reference = the time / 1,000,000
//! (criterion also prints it as throughput). Groups: "paging", ids like "lru/1024".
//!
//! The trace is generated once from a fixed seed: half the references repeat one of the
//! last 8 pages (a loop's working pages), 40% fall in a hot window of 512 pages (skewed
//! towards its start) that slides by 64 pages every 10,000 references, and 10% are spread
//! over 65,536 pages. One in four references is a write. The clock
//! tick comes every 100 references and the working-set window is 1,000 references (the
//! defaults, 4 and 8, suit textbook strings, not a million references). Each policy's miss
//! count is printed once before it is timed.

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
    let mut recent = [0u64; 8];
    (0..REFERENCES)
        .map(|i| {
            let r = next();
            let window_start = (i as u64 / 10_000) * 64;
            let page = match r % 10 {
                0..=4 => recent[(r >> 40) as usize % 8],
                5..=8 => {
                    // Squaring a uniform fraction skews references towards the window's start.
                    let u = (r >> 8) & 0xffff;
                    window_start + ((u * u * 512) >> 32)
                }
                _ => (r >> 32) % 65_536,
            };
            recent[i % 8] = page;
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
            let mut settings = RunSettings::new(policy, frames);
            settings.tick = 100;
            settings.policy_settings.tau = 1_000;
            let misses = count(&refs, &settings).expect("valid settings").misses;
            eprintln!("paging/{}/{frames}: {misses} misses", policy.name());
            group.bench_function(format!("{}/{frames}", policy.name()), |b| {
                b.iter(|| count(&refs, &settings).expect("valid settings"))
            });
        }
    }
    group.finish();
}

criterion_group!(benches, policies);
criterion_main!(benches);
