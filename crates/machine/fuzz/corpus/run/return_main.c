// main's return value is the exit status (computed, and truncated to 8 bits: 300 -> 44).
#include <stdio.h>

int checksum(const char *s) {
    int sum = 0;
    while (*s)
        sum += *s++;
    return sum;
}

int main(void) {
    int c = checksum("status");
    printf("checksum %d\n", c);
    return c - 376;
}
