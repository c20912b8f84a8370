// Benchmark: malloc-heavy (pseudo-random mallocs, frees and reallocs of 1 to 256 bytes over
// a table of live blocks, each block written and read back), ending in a checksum.
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define SLOTS 256
#define OPERATIONS 40000

int main(void) {
    char *blocks[SLOTS];
    unsigned sizes[SLOTS];
    for (int i = 0; i < SLOTS; i++) {
        blocks[i] = NULL;
        sizes[i] = 0;
    }
    unsigned seed = 7u;
    unsigned checksum = 0;
    unsigned mallocs = 0;
    for (int op = 0; op < OPERATIONS; op++) {
        seed = seed * 1103515245u + 12345u;
        unsigned slot = (seed >> 8) % SLOTS;
        unsigned size = ((seed >> 20) % 256u) + 1u;
        if (blocks[slot] == NULL) {
            blocks[slot] = malloc(size);
            if (blocks[slot] == NULL) {
                return 1;
            }
            mallocs++;
            sizes[slot] = size;
            blocks[slot][0] = (char)(op & 0x7f);
            blocks[slot][size - 1] = (char)(slot & 0x7f);
        } else if ((seed & 7u) == 0) {
            char *grown = realloc(blocks[slot], size);
            if (grown == NULL) {
                return 1;
            }
            unsigned kept = sizes[slot] < size ? sizes[slot] : size;
            checksum = checksum * 7u + (unsigned)grown[0] + kept;
            grown[0] = (char)(op & 0x7f);
            grown[size - 1] = (char)(slot & 0x7f);
            blocks[slot] = grown;
            sizes[slot] = size;
        } else {
            char *block = blocks[slot];
            checksum = checksum * 31u + (unsigned)block[0] + (unsigned)block[sizes[slot] - 1];
            free(block);
            blocks[slot] = NULL;
        }
    }
    for (int i = 0; i < SLOTS; i++) {
        if (blocks[i] != NULL) {
            checksum += sizes[i];
            free(blocks[i]);
        }
    }
    printf("mallocs: %u\n", mallocs);
    printf("checksum: %u\n", checksum);
    return 0;
}
