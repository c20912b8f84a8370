// Writes one int past a 4-int block: memcheck's "Invalid write of size 4 ... 0 bytes after
// a block of size 16".
#include <stdlib.h>

int main(void) {
    int *a = malloc(4 * sizeof(int));
    for (int i = 0; i <= 4; i++)
        a[i] = i;
    free(a);
    return 0;
}
