// printf length modifiers hh h l z on signed and unsigned conversions, with truncation of wider values.
#include <stdio.h>

int main(void) {
    int big = 0x12345678;
    printf("%hhd %hhu %hhx %hho\n", big, big, big, big);
    printf("%hd %hu %hx %ho\n", big, big, big, big);
    printf("%ld %lu %lx %lo\n", (long)big, (unsigned long)big, (unsigned long)big, (unsigned long)big);
    short s = -300;
    unsigned short us = 60000;
    printf("%hd %hu %d %u\n", s, us, s, us);
    signed char sc = -5;
    unsigned char uc = 251;
    printf("%hhd %hhu %d %u\n", sc, uc, sc, uc);
    printf("%hhd %hhd\n", 128, 255);
    printf("%hd\n", 40000);
    long l = -2147483647L - 1;
    printf("%ld %lu\n", l, (unsigned long)l);
    size_t z = sizeof(long) * 1000;
    printf("%zu %zx %5zu|%-5zu|\n", z, z, z, z);
    printf("%zu\n", (size_t)-1);
    printf("%zd\n", (size_t)5);
    printf("%li %lX\n", 12L, 0xabcL);
    return 0;
}
