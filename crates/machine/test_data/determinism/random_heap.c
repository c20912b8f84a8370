// A random workload of mallocs, reallocs and frees over sixteen slots, seeded with srand:
// the allocator's splitting, coalescing and growth decide every address it prints. Two
// blocks are left behind, one of them lost.
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct node {
    int value;
    struct node *next;
};

char *slots[16];
unsigned sizes[16];

int main(void) {
    srand(2024);
    unsigned checksum = 0;
    for (int round = 0; round < 90; round++) {
        int i = rand() % 16;
        int action = rand() % 4;
        if (slots[i] && action == 0) {
            free(slots[i]);
            slots[i] = NULL;
        } else if (slots[i] && action == 1) {
            unsigned size = 1 + rand() % 300;
            char *grown = realloc(slots[i], size);
            if (grown) {
                slots[i] = grown;
                sizes[i] = size;
            }
        } else if (!slots[i]) {
            sizes[i] = 1 + rand() % 500;
            slots[i] = malloc(sizes[i]);
            if (slots[i])
                memset(slots[i], round, sizes[i]);
        }
        if (slots[i])
            checksum = checksum * 31 + (unsigned)slots[i] + sizes[i];
    }
    printf("checksum %u\n", checksum);
    for (int i = 0; i < 16; i++) {
        if (i != 3) {
            free(slots[i]);
            slots[i] = NULL;
        }
    }
    struct node *lost = malloc(sizeof *lost);
    lost->next = malloc(sizeof *lost);
    lost->next->next = NULL;
    lost = NULL;
    return 0;
}
