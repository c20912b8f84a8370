#include <stdio.h>
int main(void) {
    long l = 5; char *s = "x"; int n = 3; unsigned u = 1; char c = 'a';
    printf("%d %s %ld %u %c %p %zu %x\n", l, n, n, u, c, s, sizeof n, u);
    printf("%d %d\n", n);
    printf("%d\n", n, n);
    printf("%f\n", n);
    int missing = undefined_name;
    printf("%*d %-5s %hhd %hd\n", n, n, s, c, c);
    return 0;
}
