// A null pointer write: killed by SIGSEGV (139) after printing "before" (see README for the stdout).
#include <stdio.h>

int main(void) {
    int *p = NULL;
    printf("before\n");
    *p = 1;
    printf("after\n");
    return 0;
}
