// string.h memory functions: memset memcpy memmove (overlapping) memcmp and their return values.
#include <stdio.h>
#include <string.h>

void show(const char *label, const char *a, int n) {
    printf("%s: ", label);
    for (int i = 0; i < n; i++)
        putchar(a[i] ? a[i] : '.');
    putchar('\n');
}

int main(void) {
    char a[16];
    void *r = memset(a, 0, sizeof a);
    printf("memset returns dest: %d\n", r == a);
    memset(a, '*', 5);
    show("memset", a, 16);
    memcpy(a + 5, "abcdef", 6);
    show("memcpy", a, 16);
    memmove(a + 2, a, 8);
    show("memmove right", a, 16);
    memmove(a, a + 4, 8);
    show("memmove left", a, 16);
    int x[5] = {1, 2, 3, 4, 5};
    int y[5];
    memcpy(y, x, sizeof x);
    printf("memcmp equal: %d\n", memcmp(x, y, sizeof x));
    y[3] = 9;
    printf("memcmp less: %d\n", memcmp(x, y, sizeof x) < 0);
    printf("memcmp prefix: %d\n", memcmp(x, y, 3 * sizeof(int)));
    printf("memcmp bytes: %d\n", memcmp("\x01\x80", "\x01\x7f", 2) > 0);
    int zeros[8];
    memset(zeros, 0, sizeof zeros);
    int sum = 0;
    for (int i = 0; i < 8; i++)
        sum += zeros[i];
    printf("sum %d\n", sum);
    memset(zeros, 0xff, sizeof zeros);
    printf("%d %u\n", zeros[0], (unsigned)zeros[7]);
    memset(zeros, 1, sizeof zeros);
    printf("%d\n", zeros[2]);
    struct { int a; char b[3]; } s1 = {7, "hi"}, s2;
    memcpy(&s2, &s1, sizeof s1);
    printf("%d %s\n", s2.a, s2.b);
    return 0;
}
