// Walks a 24 KiB global table in strides and at random: with a few small frames the pages
// are evicted, dirty ones written to swap, and read back in with major faults.
#include <stdio.h>
#include <stdlib.h>

int table[6144];

int main(void) {
    for (int i = 0; i < 6144; i += 64)
        table[i] = i;
    srand(11);
    int sum = 0;
    for (int k = 0; k < 120; k++) {
        int i = (rand() % 96) * 64;
        sum += table[i];
        if (k % 3 == 0)
            table[i] += k;
    }
    for (int i = 6144 - 64; i >= 0; i -= 256)
        sum += table[i];
    printf("sum %d\n", sum);
    return 0;
}
