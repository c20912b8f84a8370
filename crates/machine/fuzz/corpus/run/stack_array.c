// Reads one element past a local array: memcheck cannot see it (the stack is addressable),
// memplay must.
#include <stdio.h>

int main(void) {
    int a[4] = { 1, 2, 3, 4 };
    int total = 0;
    for (int i = 0; i <= 4; i++)
        total += a[i] > 0;
    printf("%d\n", total > 3);
    return 0;
}
