//! The machine's instruction loop on two small programs (`cargo bench -p memplay-machine
//! --bench interpreter`): an array loop, where the interpreter itself is most of the cost,
//! and a malloc'd linked list with a recursive fib, where the heap and calls are. Each
//! iteration loads the program and runs it to the end with the default settings, as
//! `memplay run` does. Wall time is noisy on shared machines: for a stable figure, count
//! instructions (`valgrind --tool=callgrind target/release/memplay run FILE.c`).

use criterion::{Criterion, criterion_group, criterion_main};
use memplay_machine::{Machine, Settings, Status};

const ARRAY_LOOP: &str = r#"#include <stdio.h>
int a[1000];
int main(void) {
    long sum = 0;
    for (int r = 0; r < 300; r++)
        for (int i = 0; i < 1000; i++) {
            a[i] = a[i] + i;
            sum += a[i];
        }
    printf("%ld\n", sum);
    return 0;
}
"#;

const LINKED_LISTS: &str = r#"#include <stdio.h>
#include <stdlib.h>
struct node { int value; struct node *next; };
int fib(int n) { return n < 2 ? n : fib(n - 1) + fib(n - 2); }
int main(void) {
    long total = 0;
    for (int round = 0; round < 40; round++) {
        struct node *list = NULL;
        for (int i = 0; i < 500; i++) {
            struct node *n = malloc(sizeof *n);
            n->value = i * round;
            n->next = list;
            list = n;
        }
        while (list) {
            struct node *next = list->next;
            total += list->value;
            free(list);
            list = next;
        }
    }
    printf("%ld %d\n", total, fib(20));
    return 0;
}
"#;

/// Loads `source` and runs it to its end; the output proves the run did the work.
fn run(source: &str) -> Vec<u8> {
    let checked = memplay_lang::check(source);
    let mut machine =
        Machine::new(&checked.program, source, "bench.c", Settings::default()).expect("loads");
    assert_eq!(machine.run(), &Status::Exited { code: 0 });
    machine.stdout()
}

fn interpreter(c: &mut Criterion) {
    let mut group = c.benchmark_group("interpreter");
    group.sample_size(10);
    for (name, source) in [("array_loop", ARRAY_LOOP), ("linked_lists", LINKED_LISTS)] {
        group.bench_function(name, |b| b.iter(|| run(source)));
    }
    group.finish();
}

criterion_group!(benches, interpreter);
criterion_main!(benches);
