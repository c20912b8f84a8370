// Structs returned through recursion (fast fibonacci pairs, min/max of a range), a 400-byte struct by value, and bool members.
#include <stdio.h>
#include <stdbool.h>

struct pair { unsigned long a, b; };
struct range { int min, max; bool empty; };
struct big { int values[100]; };

struct pair fib_pair(int n) {
    if (n == 0) {
        struct pair base = {0, 1};
        return base;
    }
    struct pair half = fib_pair(n / 2);
    unsigned long c = half.a * (2 * half.b - half.a);
    unsigned long d = half.a * half.a + half.b * half.b;
    struct pair r;
    if (n % 2) {
        r.a = d;
        r.b = c + d;
    } else {
        r.a = c;
        r.b = d;
    }
    return r;
}

struct range span(const int *v, int n) {
    if (n == 0) {
        struct range none = {0, 0, true};
        return none;
    }
    struct range rest = span(v + 1, n - 1);
    if (rest.empty) {
        struct range one = {v[0], v[0], false};
        return one;
    }
    if (v[0] < rest.min)
        rest.min = v[0];
    if (v[0] > rest.max)
        rest.max = v[0];
    return rest;
}

struct big scaled(struct big b, int k) {
    for (int i = 0; i < 100; i++)
        b.values[i] *= k;
    return b;
}

int main(void) {
    for (int n = 10; n <= 40; n += 10)
        printf("fib(%d) = %lu\n", n, fib_pair(n).a);
    int v[] = {4, -9, 17, 0, 3, 17, -2};
    struct range r = span(v, 7);
    printf("min %d max %d empty %d\n", r.min, r.max, r.empty);
    printf("empty %d\n", span(v, 0).empty);
    struct big b;
    for (int i = 0; i < 100; i++)
        b.values[i] = i;
    struct big c = scaled(scaled(b, 2), 3);
    long sum = 0;
    for (int i = 0; i < 100; i++)
        sum += c.values[i] - b.values[i];
    printf("%ld %d %d %zu\n", sum, b.values[99], c.values[99], sizeof(struct big));
    return 0;
}
