// Frees a pointer into the middle of a block.
#include <stdlib.h>

int main(void) {
    char *s = malloc(10);
    free(s + 4);
    return 0;
}
