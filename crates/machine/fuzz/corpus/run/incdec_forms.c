// ++ and -- in every position: on struct members through pointers, array elements with side-effect indices, pointers to pointers, chars.
#include <stdio.h>

struct counter { int hits; short small; char letter; struct counter *next; };

int main(void) {
    struct counter a = {0, 32767, 'a', NULL}, b = {10, -32768, 'y', &a};
    struct counter *p = &b;
    p->hits++;
    ++p->hits;
    p->next->hits--;
    --p->next->hits;
    printf("%d %d\n", b.hits, a.hits);
    a.small++;
    b.small--;
    printf("%d %d\n", a.small, b.small);
    p->letter++;
    p->letter++;
    printf("%c %d\n", b.letter, b.letter);
    int v[5] = {0, 0, 0, 0, 0};
    int i = 0;
    v[i++]++;
    v[i++] += 5;
    ++v[++i];
    printf("%d %d %d %d i=%d\n", v[0], v[1], v[2], v[3], i);
    int *q = v;
    *q++ = 7;
    *q++ += 1;
    printf("%d %d %d\n", v[0], v[1], (int)(q - v));
    int x = 10;
    int y = x++ + 1;
    int z = --x - 1;
    printf("%d %d %d\n", x, y, z);
    const char *words[] = {"ab", "cd"};
    const char **w = words;
    printf("%c", **w);
    printf("%c", *++*w);
    w++;
    printf("%c\n", **w);
    unsigned u = 0;
    unsigned was = u--;
    printf("%u %u\n", was, u);
    long l = 2147483646L;
    l++;
    printf("%ld\n", l);
    char s[] = "zzz";
    for (char *c = s; *c; c++)
        (*c)--;
    printf("%s\n", s);
    return 0;
}
