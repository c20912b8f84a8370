// Dereferences NULL: SIGSEGV.
#include <stdio.h>

int main(void) {
    int *p = NULL;
    return *p;
}
