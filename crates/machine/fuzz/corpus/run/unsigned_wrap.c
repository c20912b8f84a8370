// Unsigned wrap-around in every width, and conversions that truncate.
#include <stdio.h>

int main(void) {
    unsigned int u = 0;
    u--;
    printf("0u - 1 = %u (%x)\n", u, u);
    u += 2;
    printf("wrapped back = %u\n", u);
    unsigned int m = 4000000000u;
    printf("m * 2 = %u\n", m * 2u);
    printf("m + m = %u\n", m + m);
    unsigned short us = 0;
    us -= 1;
    printf("ushort 0-1 = %u\n", us);
    unsigned char uc = 10;
    uc -= 20;
    printf("uchar 10-20 = %u\n", uc);
    uc *= 3;
    printf("uchar * 3 = %u\n", uc);
    int x = 300;
    unsigned char t = x;
    printf("300 -> uchar = %u\n", t);
    signed char st = x;
    printf("300 -> schar = %d\n", st);
    short sh = 70000;
    printf("70000 -> short = %d\n", sh);
    unsigned short ush = -70000;
    printf("-70000 -> ushort = %u\n", ush);
    unsigned long h = 1;
    for (int i = 0; i < 40; i++)
        h = h * 31 + (unsigned long)i;
    printf("hash = %lu\n", h);
    unsigned int fnv = 2166136261u;
    const char *s = "memplay";
    while (*s) {
        fnv ^= (unsigned char)*s++;
        fnv *= 16777619u;
    }
    printf("fnv = %u %08x\n", fnv, fnv);
    unsigned int a = 5, b = 7;
    printf("a - b = %u, (int)(a - b) = %d\n", a - b, (int)(a - b));
    return 0;
}
