// exit status is taken modulo 256: exit(256 + 7) ends with 7, after printing.
#include <stdio.h>
#include <stdlib.h>

int main(void) {
    printf("status will wrap\n");
    exit(256 + 7);
}
