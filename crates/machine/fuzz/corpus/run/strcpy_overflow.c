// strcpy writes the terminating NUL one byte past a 5-byte block.
#include <stdlib.h>
#include <string.h>

int main(void) {
    char *s = malloc(5);
    strcpy(s, "hello");
    free(s);
    return 0;
}
