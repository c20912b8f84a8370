// Arithmetic on every integer type, unsigned wrap, shifts and a first tour of printf conversions.
#include <stdio.h>

int main(void) {
    int a = 7, b = -3;
    unsigned u = 4000000000u;
    char c = 'A';
    short s = -2;
    printf("%d %d %d %d %d\n", a + b, a - b, a * b, a / b, a % b);
    printf("%u %u %d\n", u, u / 3, (int)u);
    printf("%d %d %d\n", a << 3, -16 >> 2, a & b);
    printf("%x %o %X %#x\n", 255u, 8u, 48879u, 4096u);
    printf("[%5d] [%-5d] [%05d] [%+d] [% d]\n", 42, 42, 42, 42, 42);
    printf("%c%c %d %hd\n", c, c + 1, c, s);
    printf("%d %d %d\n", a > b, a == 7, !a);
    unsigned char uc = 250;
    uc += 10;
    printf("%d %u\n", uc, (unsigned)(signed char)200);
    printf("%s|%10s|%-6s|%.3s\n", "abc", "right", "left", "truncate");
    long l = 2147483647;
    printf("%ld %lu %zu\n", l, (unsigned long)l + 1, sizeof(long));
    return 0;
}
