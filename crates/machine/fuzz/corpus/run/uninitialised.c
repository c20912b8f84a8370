// Uses uninitialised values: a branch on a local never set, and printf of a malloc'd int
// never written. Mere copies are not reported (memcheck does not report them either).
#include <stdio.h>
#include <stdlib.h>

int main(void) {
    int x;
    int *p = malloc(4 * sizeof(int));
    p[0] = 1;
    if (x > 0)
        printf("positive\n");
    printf("%d\n", p[1]);
    int y = x + 1;
    int copy = y;
    free(p);
    return 0;
}
