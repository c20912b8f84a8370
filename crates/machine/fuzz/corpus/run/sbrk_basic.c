// sbrk: growing the break by hand hands out contiguous bytes right after the old break (all sbrk calls before stdio allocates).
#include <stdio.h>
#include <unistd.h>
#include <string.h>

int main(void) {
    char *before = sbrk(0);
    char *block = sbrk(64);
    char *after = sbrk(0);
    char *more = sbrk(32);
    int contiguous = more == block + 64;
    memset(block, 'x', 63);
    block[63] = '\0';
    strcpy(more, "bytes from sbrk");
    printf("block starts at old break: %d\n", block == before);
    printf("break moved by %d\n", (int)(after - before));
    printf("contiguous: %d\n", contiguous);
    printf("%zu %s\n", strlen(block), more);
    return 0;
}
