// Many heap operations: thousands of mallocs and frees of varying sizes, interleaved lifetimes, and a 1 MB realloc-grown array.
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int main(void) {
    void *slots[64] = {0};
    srand(11);
    long allocated = 0;
    int live = 0;
    for (int round = 0; round < 4000; round++) {
        int i = rand() % 64;
        if (slots[i]) {
            free(slots[i]);
            slots[i] = NULL;
            live--;
        } else {
            size_t size = 1 + rand() % 200;
            slots[i] = malloc(size);
            memset(slots[i], i, size);
            allocated += size;
            live++;
        }
    }
    int good = 1;
    for (int i = 0; i < 64; i++)
        if (slots[i] && ((unsigned char *)slots[i])[0] != i)
            good = 0;
    printf("allocated %ld bytes, %d live, contents intact %d\n", allocated, live, good);
    for (int i = 0; i < 64; i++)
        free(slots[i]);
    int *big = NULL;
    size_t cap = 0, len = 0;
    for (int i = 0; i < 262144; i++) {
        if (len == cap) {
            cap = cap ? cap * 2 : 16;
            big = realloc(big, cap * sizeof *big);
        }
        big[len++] = i;
    }
    long sum = 0;
    for (size_t i = 0; i < len; i += 1024)
        sum += big[i];
    printf("len %zu cap %zu sum %ld last %d\n", len, cap, sum, big[len - 1]);
    free(big);
    return 0;
}
