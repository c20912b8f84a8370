// Struct values in expressions: ?: between structs, chained assignment, members of returned and assigned structs, struct args through function pointers.
#include <stdio.h>

struct pair { int a, b; };
struct triple { char tag; struct pair p; short s; };

struct pair make(int a, int b) {
    struct pair r;
    r.a = a;
    r.b = b;
    return r;
}

struct pair swap(struct pair p) {
    struct pair r = {p.b, p.a};
    return r;
}

struct triple wrap(char tag, struct pair p) {
    struct triple t = {tag, p, (short)(p.a - p.b)};
    return t;
}

struct pair fold(struct pair (*f)(struct pair), struct pair p, int times) {
    while (times-- > 0)
        p = f(p);
    return p;
}

int main(void) {
    struct pair x = make(1, 2), y = make(3, 4), z;
    int pick = 0;
    z = pick ? x : y;
    printf("%d %d\n", z.a, z.b);
    printf("%d\n", (pick ? x : y).b);
    struct pair a, b, c;
    a = b = c = make(9, 8);
    printf("%d %d %d\n", a.a, b.b, c.a);
    printf("%d\n", (a = swap(a)).a);
    printf("%d %c %d\n", wrap('q', make(5, 2)).p.b, wrap('w', x).tag, wrap('e', make(10, 4)).s);
    struct pair (*f)(struct pair) = swap;
    struct pair r = f(make(6, 7));
    printf("%d %d\n", r.a, r.b);
    r = fold(swap, make(1, 2), 3);
    printf("%d %d\n", r.a, r.b);
    struct triple t = wrap('t', swap(make(20, 30)));
    printf("%c %d %d %d\n", t.tag, t.p.a, t.p.b, t.s);
    struct triple arr[2] = {wrap('a', x), wrap('b', y)};
    printf("%c%d %c%d\n", arr[0].tag, arr[0].p.a, arr[1].tag, arr[1].p.b);
    struct pair m = swap(swap(swap(make(-1, -2))));
    printf("%d %d\n", m.a, m.b);
    return 0;
}
