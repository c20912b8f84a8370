// Local initializers: brace elision, strings filling arrays exactly, runtime expressions, struct from struct, partial zero-fill.
#include <stdio.h>

struct inner { int a[2]; int b; };
struct outer { char tag[4]; struct inner in; short s; };

int next(void) {
    static int n = 100;
    return n++;
}

int main(void) {
    int m[2][3] = {1, 2, 3, 4, 5};
    for (int i = 0; i < 2; i++)
        for (int j = 0; j < 3; j++)
            printf("%d ", m[i][j]);
    printf("\n");
    struct inner in = {1, 2, 3};
    printf("%d %d %d\n", in.a[0], in.a[1], in.b);
    struct outer o = {"abc", {{7}, 9}, -1};
    printf("%s %d %d %d %d\n", o.tag, o.in.a[0], o.in.a[1], o.in.b, o.s);
    char exact[4] = "abcd";
    printf("%c%c%c%c\n", exact[0], exact[1], exact[2], exact[3]);
    char roomy[10] = "hi";
    int zeros = 0;
    for (int i = 2; i < 10; i++)
        zeros += roomy[i] == 0;
    printf("%s %d\n", roomy, zeros);
    int x = 5;
    int runtime[4] = {x, x * 2, next(), next()};
    printf("%d %d %d %d\n", runtime[0], runtime[1], runtime[2], runtime[3]);
    struct inner copy = in;
    copy.b = 30;
    printf("%d %d\n", in.b, copy.b);
    struct outer arr[2] = {{"x", {{1, 2}, 3}, 4}};
    printf("%s %d [%s] %d %d\n", arr[0].tag, arr[0].in.b, arr[1].tag, arr[1].in.a[1], arr[1].s);
    char words[][6] = {"one", "three", "five"};
    printf("%zu %s %s\n", sizeof words, words[1], words[2]);
    int counts[5] = {0};
    counts[4]++;
    printf("%d %d\n", counts[0], counts[4]);
    struct { int a; char b; } anon = {.b = 'z'};
    printf("%d %c\n", anon.a, anon.b);
    for (int i = 0; i < 3; i++) {
        int fresh[3] = {i};
        printf("%d%d%d ", fresh[0], fresh[1], fresh[2]);
        fresh[2] = 9;
    }
    printf("\n");
    return 0;
}
