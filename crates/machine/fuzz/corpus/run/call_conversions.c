// Conversions at calls and returns: int to char/short/unsigned parameters, narrow return types, many mixed arguments.
#include <stdio.h>

char to_char(int v) { return v; }
unsigned char to_uchar(int v) { return v; }
short to_short(long v) { return v; }
unsigned to_unsigned(int v) { return v; }
int widen(char c, unsigned char uc, short s, unsigned short us) { return c + uc + s + us; }

long ten(char a, short b, int c, long d, unsigned char e, unsigned short f, unsigned g, unsigned long h, signed char i, int j) {
    return a + b + c + d + e + f + (long)g + (long)h + i + j;
}

int bump(short s) {
    s += 1;
    return s;
}

int main(void) {
    printf("%d %d %d\n", to_char(300), to_char(-129), to_char('A'));
    printf("%d %d\n", to_uchar(-1), to_uchar(511));
    printf("%d %d\n", to_short(65535), to_short(-32769));
    printf("%u\n", to_unsigned(-2));
    printf("%d\n", widen(-1, -1, -1, -1));
    printf("%d\n", widen(200, 200, 40000, 40000));
    printf("%ld\n", ten(1, 2, 3, 4, 5, 6, 7, 8, 9, 10));
    printf("%ld\n", ten(-1, -2, -3, -4, -5, -6, 7, 8, -9, -10));
    printf("%d\n", bump(32767));
    int x = 1000;
    char c = x;
    printf("%d\n", widen(c, x, x, x));
    return 0;
}
