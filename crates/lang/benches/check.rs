//! How long `memplay_lang::check` takes on realistic programs of 1,000 and 10,000 lines.
//!
//! `cargo bench -p memplay-lang` (add `-- --quick` for a rough figure). The programs are
//! generated here, deterministically: units of structs, linked lists, sorting, a state
//! machine, unions and function-pointer tables, each unit different in its names and
//! constants, then a `main` that calls them all. They are valid C11 (gcc -m32 -std=c11
//! -Wall accepts them; see `program`), and the bench refuses to measure one with errors, so
//! it measures the front end's normal path rather than its error recovery.
//!
//! Target (not asserted): under 50 ms for 10,000 lines natively. A scenario's program is
//! capped at 64 KiB, about 2,500 lines of this kind, so 10,000 lines is four times the
//! largest program a learner can submit.

use std::fmt::Write;
use std::hint::black_box;

use criterion::{BenchmarkId, Criterion, Throughput, criterion_group, criterion_main};

/// A tiny deterministic generator (64-bit LCG, Knuth's constants), so every run measures
/// the same text.
struct Lcg(u64);

impl Lcg {
    fn next(&mut self) -> u32 {
        self.0 = self
            .0
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        (self.0 >> 33) as u32
    }

    fn below(&mut self, n: u32) -> u32 {
        self.next() % n
    }
}

const PRELUDE: &str = r#"#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <stdbool.h>

#define TABLE_SIZE 16
#define NAME_LEN 12
#define SCALE 3

typedef int (*step_fn)(int, int);

static int add_step(int a, int b) { return a + b; }
static int sub_step(int a, int b) { return a - b; }
static int mul_step(int a, int b) { return a * b; }
static int xor_step(int a, int b) { return a ^ b; }

static step_fn steps[4] = { add_step, sub_step, mul_step, xor_step };
"#;

/// A linked list of structs: allocation, string copy, traversal with a switch, insertion
/// sort over an array initialised from a table, cleanup.
const LIST_UNIT: &str = r#"
/* unit $K: a list of records */
struct item_$K {
    int id;
    char name[NAME_LEN];
    unsigned short flags;
    struct item_$K *next;
};

static int table_$K[TABLE_SIZE] = { $T };
static const char *label_$K = "list unit $K";

static struct item_$K *item_$K_new(int id, const char *name) {
    struct item_$K *it = malloc(sizeof *it);
    if (it == NULL) {
        return NULL;
    }
    it->id = id;
    strncpy(it->name, name, sizeof it->name - 1);
    it->name[sizeof it->name - 1] = '\0';
    it->flags = (unsigned short)(id & 0x$H);
    it->next = NULL;
    return it;
}

static int item_$K_sum(const struct item_$K *head) {
    int total = 0;
    for (const struct item_$K *p = head; p != NULL; p = p->next) {
        switch (p->id % 4) {
        case 0:
            total += p->id * SCALE;
            break;
        case 1:
            total -= p->id;
            break;
        case 2:
            total ^= p->flags << 2;
            break;
        default:
            total += table_$K[p->id % TABLE_SIZE];
            break;
        }
    }
    return total;
}

static void sort_$K(int *values, int n) {
    for (int i = 1; i < n; i++) {
        int key = values[i];
        int j = i - 1;
        while (j >= 0 && values[j] > key) {
            values[j + 1] = values[j];
            j--;
        }
        values[j + 1] = key;
    }
}

int unit_$K(void) {
    struct item_$K *head = NULL;
    int values[TABLE_SIZE];
    memcpy(values, table_$K, sizeof values);
    sort_$K(values, TABLE_SIZE);
    for (int i = 0; i < $N; i++) {
        struct item_$K *it = item_$K_new(values[i] + i, label_$K);
        if (it == NULL) {
            break;
        }
        it->next = head;
        head = it;
    }
    int result = item_$K_sum(head);
    while (head != NULL) {
        struct item_$K *next = head->next;
        free(head);
        head = next;
    }
    printf("%s: %d (%x)\n", label_$K, result, (unsigned)result);
    return result;
}
"#;

/// A state machine over a string, with an enum, a do-while, ternaries and char arithmetic.
const SCAN_UNIT: &str = r#"
/* unit $K: a scanner */
enum state_$K { START_$K, IN_WORD_$K, IN_NUMBER_$K, DONE_$K };

struct counts_$K {
    int words;
    int numbers;
    long digits_sum;
};

static const char text_$K[] = "alpha 12 beta 345 gamma $N delta";

static int digits_$K(unsigned long n) {
    int count = 0;
    do {
        n /= 10;
        count++;
    } while (n != 0);
    return count;
}

static struct counts_$K scan_$K(const char *s) {
    struct counts_$K c = { 0, 0, 0 };
    enum state_$K state = START_$K;
    for (const char *p = s; state != DONE_$K; p++) {
        char ch = *p;
        bool is_digit = ch >= '0' && ch <= '9';
        bool is_alpha = (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z');
        switch (state) {
        case START_$K:
            if (ch == '\0') {
                state = DONE_$K;
            } else if (is_digit) {
                c.numbers++;
                c.digits_sum += ch - '0';
                state = IN_NUMBER_$K;
            } else if (is_alpha) {
                c.words++;
                state = IN_WORD_$K;
            }
            break;
        case IN_WORD_$K:
            state = ch == '\0' ? DONE_$K : is_alpha ? IN_WORD_$K : START_$K;
            break;
        case IN_NUMBER_$K:
            if (is_digit) {
                c.digits_sum += ch - '0';
            } else {
                state = ch == '\0' ? DONE_$K : START_$K;
            }
            break;
        default:
            state = DONE_$K;
            break;
        }
    }
    return c;
}

int unit_$K(void) {
    struct counts_$K c = scan_$K(text_$K);
    int width = digits_$K((unsigned long)c.digits_sum * $M);
    printf("scan $K: %d words, %d numbers, digits %ld (%d wide)\n",
           c.words, c.numbers, c.digits_sum, width);
    return c.words * 100 + c.numbers * 10 + width;
}
"#;

/// Pointer code: a union for bytes of a word, a matrix, pointer arithmetic, casts, sizeof,
/// function pointers, designated initialisers, a heap buffer.
const POINTER_UNIT: &str = r#"
/* unit $K: pointers and layout */
union word_$K {
    unsigned int value;
    unsigned char bytes[4];
};

struct point_$K {
    short x;
    short y;
};

static struct point_$K corners_$K[4] = {
    [0] = { .x = 0, .y = 0 },
    [1] = { .x = $N, .y = 0 },
    [2] = { .x = $N, .y = $M },
    [3] = { .x = 0, .y = $M },
};

static int grid_$K[3][4] = { { 1, 2, 3, 4 }, { 5, 6, 7, 8 }, { 9, 10, 11, 12 } };

static int byte_sum_$K(unsigned int v) {
    union word_$K w;
    int sum = 0;
    w.value = v;
    for (size_t i = 0; i < sizeof w.bytes; i++) {
        sum += w.bytes[i];
    }
    return sum;
}

static int walk_grid_$K(int (*g)[4], int rows) {
    int acc = 0;
    for (int r = 0; r < rows; r++) {
        int *cell = g[r];
        int *end = cell + 4;
        while (cell < end) {
            acc = steps[(r + *cell) & 3](acc, *cell);
            ++cell;
        }
    }
    return acc;
}

int unit_$K(void) {
    int area = 0;
    char *buffer = calloc($N + 1, sizeof(char));
    if (!buffer) {
        return -1;
    }
    for (int i = 0; i < 4; i++) {
        const struct point_$K *a = &corners_$K[i];
        const struct point_$K *b = &corners_$K[(i + 1) % 4];
        area += a->x * b->y - b->x * a->y;
    }
    memset(buffer, 'a' + $K % 26, $N);
    buffer[$N] = '\0';
    int total = byte_sum_$K(0x$H$H) + walk_grid_$K(grid_$K, 3) + (int)strlen(buffer);
    printf("pointers $K: area %d, total %d, %zu bytes per point, %s\n",
           area / 2, total, sizeof(struct point_$K), buffer);
    free(buffer);
    return total + (area < 0 ? -area : area);
}
"#;

/// Arithmetic: bit manipulation, a sieve over a local array, integer conversions.
const MATH_UNIT: &str = r#"
/* unit $K: integers */
static unsigned int rotate_$K(unsigned int v, int n) {
    n &= 31;
    return n == 0 ? v : (v << n) | (v >> (32 - n));
}

static int popcount_$K(unsigned int v) {
    int count = 0;
    while (v) {
        v &= v - 1;
        count++;
    }
    return count;
}

static int primes_below_$K(int limit) {
    char composite[$P];
    int count = 0;
    memset(composite, 0, sizeof composite);
    for (int i = 2; i < limit && i < (int)sizeof composite; i++) {
        if (composite[i]) {
            continue;
        }
        count++;
        for (int j = i * i; j < (int)sizeof composite; j += i) {
            composite[j] = 1;
        }
    }
    return count;
}

int unit_$K(void) {
    unsigned int seed = $Su;
    int bits = 0;
    long mixed = 0;
    for (int round = 0; round < $N; round++) {
        seed = seed * 1103515245u + 12345u;
        seed = rotate_$K(seed, round);
        bits += popcount_$K(seed);
        mixed += (signed char)(seed >> 24);
        if (bits > 1000) {
            bits -= 1000;
        } else if (bits < 0) {
            bits = 0;
        }
    }
    int primes = primes_below_$K($P);
    unsigned char low = (unsigned char)seed;
    short half = (short)(seed >> 16);
    printf("math $K: %d bits, %ld mixed, %d primes, %u low, %d half\n",
           bits, mixed, primes, low, half);
    return bits + primes + low + half;
}
"#;

const UNITS: [&str; 4] = [LIST_UNIT, SCAN_UNIT, POINTER_UNIT, MATH_UNIT];

fn unit(rng: &mut Lcg, k: usize) -> String {
    let template = UNITS[rng.below(UNITS.len() as u32) as usize];
    let table = (0..16)
        .map(|_| rng.below(100).to_string())
        .collect::<Vec<_>>()
        .join(", ");
    template
        .replace("$K", &k.to_string())
        .replace("$T", &table)
        .replace("$H", &format!("{:x}", 0x10 + rng.below(0xef)))
        .replace("$N", &(3 + rng.below(10)).to_string())
        .replace("$M", &(2 + rng.below(50)).to_string())
        .replace("$P", &(32 + rng.below(200)).to_string())
        .replace("$S", &rng.next().to_string())
}

fn line_count(text: &str) -> usize {
    text.lines().count()
}

/// A valid program of exactly `lines` lines: the prelude, units until the next would not
/// fit, `main` calling every unit, then global counters to make the count exact.
fn program(lines: usize) -> String {
    let mut rng = Lcg(0x006d_656d_706c_6179);
    let mut body = String::from(PRELUDE);
    let mut units = 0;
    let main_lines = |units: usize| units + 6;
    loop {
        let next = unit(&mut rng, units);
        if line_count(&body) + line_count(&next) + main_lines(units + 1) > lines {
            break;
        }
        body.push_str(&next);
        units += 1;
    }
    let mut main = String::from("\nint main(void) {\n    long total = 0;\n");
    for k in 0..units {
        let _ = writeln!(main, "    total += unit_{k}();");
    }
    main.push_str("    printf(\"total %ld\\n\", total);\n    return 0;\n}\n");
    let padding = lines - line_count(&body) - line_count(&main);
    for i in 0..padding {
        let _ = writeln!(body, "int counter_{i} = {i};");
    }
    body.push_str(&main);
    body
}

fn bench_check(c: &mut Criterion) {
    let mut group = c.benchmark_group("check");
    group.sample_size(20);
    for lines in [1_000, 10_000] {
        let source = program(lines);
        assert_eq!(line_count(&source), lines);
        if let Ok(path) = std::env::var("MEMPLAY_BENCH_DUMP") {
            std::fs::write(format!("{path}/bench_{lines}.c"), &source).expect("dump written");
        }
        let checked = memplay_lang::check(&source);
        assert!(
            !checked.has_errors(),
            "the generated program must be valid:\n{}",
            memplay_lang::render::render("bench.c", &source, &checked.diagnostics)
        );
        group.throughput(Throughput::Bytes(source.len() as u64));
        group.bench_with_input(
            BenchmarkId::from_parameter(format!("{lines} lines")),
            &source,
            |b, source| b.iter(|| memplay_lang::check(black_box(source))),
        );
    }
    group.finish();
}

criterion_group!(benches, bench_check);
criterion_main!(benches);
