// Pointer differences and offsets with odd-sized elements: negative differences, subtraction of an index, comparisons across a struct array.
#include <stdio.h>

struct odd { char c[3]; };
struct twelve { int a; short b; char c; };

struct twelve make(int a) {
    struct twelve t = {a, (short)(a * 2), 'm'};
    return t;
}

int main(void) {
    struct odd o[10];
    struct odd *first = &o[0], *last = &o[9];
    printf("%d %d %zu\n", (int)(last - first), (int)(first - last), sizeof o);
    struct twelve t[6];
    struct twelve *p = t + 5;
    printf("%d %d\n", (int)(p - t), (int)(t - p));
    p = p - 3;
    printf("%d\n", (int)(p - t));
    int k = -2;
    p += k;
    printf("%d %d\n", (int)(p - t), p == &t[1]);
    struct twelve *q = &t[4];
    printf("%d %d %d\n", q > p, q - 4 == t, (int)((char *)q - (char *)p));
    make(5);
    (void)make(6);
    t[0] = make(7);
    t[0] = t[0];
    printf("%d %d %c\n", t[0].a, t[0].b, t[0].c);
    short s[5];
    short *sp = &s[4];
    printf("%d\n", (int)(s - sp));
    return 0;
}
