#include <stdio.h>
#include <stdlib.h>
int main(void) {
    int *a = malloc(4 * sizeof(int));
    int *b = malloc(4 * sizeof(int));
    b[0] = 5;
    a[6] = 7;
    printf("%d\n", b[0]);
    free(a);
    free(b);
    return 0;
}
