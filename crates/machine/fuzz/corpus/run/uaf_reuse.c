#include <stdio.h>
#include <stdlib.h>
int main(void) {
    int *p = malloc(4 * sizeof(int));
    free(p);
    int *q = malloc(4 * sizeof(int));
    p[1] = 7;
    q[1] = 5;
    printf("%d\n", q[1]);
    free(q);
    return 0;
}
