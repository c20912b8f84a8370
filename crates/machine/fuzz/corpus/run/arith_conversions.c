// Usual arithmetic conversions on ILP32: long vs unsigned, ?: with mixed signedness, ~ and - on narrow and unsigned operands.
#include <stdio.h>

int main(void) {
    printf("-1L < 1u: %d\n", -1L < 1u);
    printf("-1 < 1ul: %d\n", -1 < 1ul);
    printf("sizeof(1L + 1u) %zu, value %lu\n", sizeof(1L + 1u), -1L + 1u);
    unsigned char uc = 0;
    printf("~uc = %d, ~(unsigned char)0 = %d\n", ~uc, ~(unsigned char)0);
    printf("~0u = %u, -1u = %u, -(unsigned short)1 = %d\n", ~0u, -1u, -(unsigned short)1);
    int c = 1;
    printf("c ? -1 : 1u = %u\n", c ? -1 : 1u);
    printf("(c ? -1 : 1u) > 0: %d\n", (c ? -1 : 1u) > 0);
    printf("c ? 'a' : 0 size %zu\n", sizeof(c ? 'a' : 0));
    unsigned char x = 200, y = 100;
    printf("x + y = %d, x * y = %d, y - x = %d\n", x + y, x * y, y - x);
    unsigned short us = 50000;
    printf("us * us = %u\n", (unsigned)us * us);
    printf("us + us = %d\n", us + us);
    signed char sc = -1;
    unsigned u = 1;
    printf("sc < u: %d, sc < (int)u: %d\n", sc < u, sc < (int)u);
    unsigned char big = 255;
    printf("big == -1: %d, (char)big == -1: %d\n", big == -1, (char)big == -1);
    long l = 1000000;
    printf("l * l truncated to unsigned: %u\n", (unsigned)l * (unsigned)l);
    unsigned v = 7;
    v /= -1;
    printf("7u / -1 = %u\n", v);
    v = 4000000000u;
    v %= 7;
    printf("4000000000 %% 7 = %u\n", v);
    signed char sc2 = 10;
    sc2 += 200u;
    printf("sc2 += 200u -> %d\n", sc2);
    int i = -5;
    i += 3u;
    printf("i += 3u -> %d\n", i);
    unsigned w = 10;
    w -= -5;
    printf("w -= -5 -> %u\n", w);
    printf("%d %d\n", 5 / 2 * 2, 5 % 2 - 5 % -2);
    printf("%d\n", 2 + 3 * 4 - 10 / 3 % 2 << 1 | 1 ^ 3 & 6);
    printf("%d %d %d\n", 1 < 2 < 3, 3 > 2 > 1, 1 == 1 == 1);
    return 0;
}
