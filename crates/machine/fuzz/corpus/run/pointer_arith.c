// Pointer arithmetic: scaling by element size, differences, comparisons, i[a], *p++ vs (*p)++ vs ++*p, walking structs.
#include <stdio.h>

struct rec { short id; int value; };

int main(void) {
    int a[6] = {10, 20, 30, 40, 50, 60};
    int *p = a;
    int *end = a + 6;
    printf("%d %d %d %d\n", *p, *(p + 2), p[5], 3[a]);
    printf("end - p = %d\n", (int)(end - p));
    int *mid = &a[3];
    printf("mid[-1] = %d, mid[1] = %d, mid - a = %d\n", mid[-1], mid[1], (int)(mid - a));
    printf("p < mid %d, end > mid %d, p == a %d\n", p < mid, end > mid, p == a);
    int v = *p++;
    printf("*p++ gave %d, now *p = %d\n", v, *p);
    v = (*p)++;
    printf("(*p)++ gave %d, a[1] = %d\n", v, a[1]);
    v = ++*p;
    printf("++*p gave %d\n", v);
    v = *++p;
    printf("*++p gave %d\n", v);
    char s[] = "pointer";
    char *c = s + 7;
    while (c > s)
        putchar(*--c);
    putchar('\n');
    struct rec recs[3] = {{1, 100}, {2, 200}, {3, 300}};
    struct rec *r = recs;
    r++;
    printf("id %d value %d\n", r->id, r->value);
    printf("records apart: %d, bytes apart: %d\n", (int)(&recs[2] - &recs[0]), (int)((char *)&recs[2] - (char *)&recs[0]));
    int sum = 0;
    for (struct rec *it = recs; it != recs + 3; ++it)
        sum += it->value;
    printf("sum %d\n", sum);
    short sh[4] = {1, 2, 3, 4};
    short *sp = sh + 3;
    printf("%d %d\n", *sp, (int)(sp - sh));
    int **pp = &p;
    (*pp)++;
    printf("%d\n", **pp);
    const char *words = "one\0two\0three";
    const char *w = words;
    for (int i = 0; i < 3; i++) {
        printf("%s ", w);
        while (*w++)
            ;
    }
    printf("\n");
    return 0;
}
