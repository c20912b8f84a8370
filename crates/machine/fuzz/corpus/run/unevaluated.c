// Operands that are never evaluated: sizeof of calls and increments, the untaken side of ?:, and short-circuited && and || operands.
#include <stdio.h>

int calls;
int side(void) {
    calls++;
    return 1;
}

int main(void) {
    int i = 0;
    int a[4] = {1, 2, 3, 4};
    size_t s1 = sizeof(side());
    size_t s2 = sizeof a[i++];
    size_t s3 = sizeof(i = 42);
    printf("%zu %zu %zu i=%d calls=%d\n", s1, s2, s3, i, calls);
    int x = 0 ? side() : 5;
    int y = 1 ? 6 : side();
    printf("%d %d calls=%d\n", x, y, calls);
    int z = (0 && side()) + (1 || side());
    printf("%d calls=%d\n", z, calls);
    const char *p = NULL;
    const char *shown = p ? p : "default";
    printf("%s\n", shown);
    printf("%d\n", a[1, 2]);
    for (int k = 0; k < 10 && side(); k += 4)
        ;
    printf("calls=%d\n", calls);
    return 0;
}
