// Explicit casts between integer types: truncation, sign extension, unsigned to signed, casts in expressions, to and from bool.
#include <stdio.h>
#include <stdbool.h>

int main(void) {
    int big = 0x12345678;
    printf("%d %d %d\n", (char)big, (short)big, (int)(unsigned char)big);
    printf("%d %u\n", (signed char)0x80, (unsigned char)-1);
    printf("%d %u\n", (short)0x8000, (unsigned short)-1);
    printf("%d\n", (short)(unsigned short)40000);
    printf("%u\n", (unsigned)(short)-2);
    printf("%ld %lu\n", (long)-1, (unsigned long)-1);
    printf("%d\n", (int)3000000000u);
    printf("%d %d\n", (bool)0 == 0 ? 1 : 0, (int)(bool)42);
    unsigned char uc = 250;
    printf("%d\n", (char)(uc + 10));
    printf("%d\n", (unsigned char)(uc + 10));
    int neg = -7;
    printf("%u %d\n", (unsigned)neg / 2, neg / 2);
    printf("%d\n", (int)((unsigned)neg >> 28));
    printf("%d\n", neg >> 28);
    short s = -1;
    unsigned short us = s;
    int widened = us;
    printf("%d %d\n", s, widened);
    char c = 'z';
    printf("%d %c\n", (int)c, (char)(c - 25));
    long l = (long)(short)70000;
    printf("%ld\n", l);
    printf("%d\n", (int)sizeof(char) * -1);
    printf("%u\n", (unsigned)sizeof(int) * -1);
    return 0;
}
