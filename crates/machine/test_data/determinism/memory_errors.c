// Errors memcheck reports and the program survives (a write past a block, a read after
// free, a branch on an uninitialised value), leaks, then a double free that glibc aborts on.
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int main(void) {
    char *text = malloc(10);
    for (int i = 0; i <= 10; i++)
        text[i] = 'a' + i;
    int *gone = malloc(sizeof *gone);
    *gone = 42;
    free(gone);
    printf("after free: %d\n", *gone);
    int *fresh = malloc(sizeof *fresh);
    if (*fresh > 0)
        printf("positive\n");
    char *lost = malloc(32);
    strcpy(lost, "never freed");
    lost = NULL;
    char *name = malloc(8);
    free(name);
    free(name);
    printf("not reached\n");
    return 0;
}
