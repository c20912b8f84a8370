// Frees the same block twice: glibc aborts.
#include <stdlib.h>

int main(void) {
    char *s = malloc(10);
    free(s);
    free(s);
    return 0;
}
