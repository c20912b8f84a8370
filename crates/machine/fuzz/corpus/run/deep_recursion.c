// Deep recursion within the default 8 MiB stack: 50000-deep sum, Ackermann, recursive list length.
#include <stdio.h>

long sum_to(int n) { return n == 0 ? 0 : n + sum_to(n - 1); }

int ackermann(int m, int n) {
    if (m == 0)
        return n + 1;
    if (n == 0)
        return ackermann(m - 1, 1);
    return ackermann(m - 1, ackermann(m, n - 1));
}

int depth(int n, int max) {
    int local[4] = {n, n, n, n};
    if (n == max)
        return local[3];
    return depth(n + 1, max);
}

int main(void) {
    printf("%ld\n", sum_to(50000));
    printf("%d %d\n", ackermann(2, 3), ackermann(3, 3));
    printf("%d\n", depth(0, 20000));
    return 0;
}
