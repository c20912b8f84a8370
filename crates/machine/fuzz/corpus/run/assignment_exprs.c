// Assignments as values: chained =, assignment in conditions, compound assignment results, nested member compound updates.
#include <stdio.h>

struct inner { int count; char tag; };
struct outer { struct inner in[2]; long total; };

int main(void) {
    int a, b, c;
    a = b = c = 7;
    printf("%d %d %d\n", a, b, c);
    int x = 1, y;
    y = x += 4;
    printf("%d %d\n", x, y);
    y = (x *= 3) - 1;
    printf("%d %d\n", x, y);
    const char *s = "copy me";
    char buf[16];
    char *d = buf;
    while ((*d++ = *s++) != '\0')
        ;
    printf("%s\n", buf);
    int n = 0, v;
    int data[] = {4, 8, 15, 16, 23, 42, -1};
    int i = 0;
    while ((v = data[i++]) >= 0)
        n += v;
    printf("%d\n", n);
    struct outer o = {{{1, 'a'}, {2, 'b'}}, 0};
    o.in[1].count += 10;
    o.in[0].count *= -3;
    o.in[1].tag += 1;
    o.total += o.in[0].count + o.in[1].count;
    printf("%d %d %c %ld\n", o.in[0].count, o.in[1].count, o.in[1].tag, o.total);
    struct outer *p = &o;
    p->in[0].count -= p->in[1].count;
    p->total <<= 2;
    printf("%d %ld\n", o.in[0].count, o.total);
    char ch;
    int letters = 0;
    const char *t = "a1b2c3";
    while ((ch = *t++))
        if (ch >= 'a')
            letters++;
    printf("%d\n", letters);
    unsigned u;
    printf("%u\n", (u = 5) - 6);
    return 0;
}
