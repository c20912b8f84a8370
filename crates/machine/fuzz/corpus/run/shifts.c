// Shifts: left and right on signed and unsigned, promotion of the left operand, bit tricks.
#include <stdio.h>

unsigned popcount(unsigned x) {
    unsigned n = 0;
    while (x) {
        n += x & 1u;
        x >>= 1;
    }
    return n;
}

int main(void) {
    printf("%d %d %d\n", 1 << 0, 1 << 10, 1 << 30);
    printf("%u\n", 1u << 31);
    printf("%d %d\n", -8 >> 1, -1 >> 31);
    printf("%u\n", 0x80000000u >> 31);
    unsigned char uc = 0x81;
    printf("%d\n", uc << 1);
    printf("%d\n", (unsigned char)(uc << 1));
    char c = -128;
    printf("%d\n", c >> 2);
    unsigned short us = 0xffff;
    printf("%d\n", us << 8);
    printf("popcount %u %u %u\n", popcount(0), popcount(255), popcount(0xdeadbeef));
    unsigned v = 0x12345678;
    unsigned rot = (v << 8) | (v >> 24);
    printf("rot %08x\n", rot);
    unsigned flags = 0;
    flags |= 1u << 3;
    flags |= 1u << 5;
    flags &= ~(1u << 3);
    flags ^= 1u << 0;
    printf("flags %#x\n", flags);
    int n = 5;
    n <<= 2;
    n >>= 1;
    printf("n %d\n", n);
    printf("is power of two: %d %d\n", (64 & 63) == 0, (96 & 95) == 0);
    unsigned x = 0xf0f0;
    printf("low bit %u\n", x & -x);
    return 0;
}
