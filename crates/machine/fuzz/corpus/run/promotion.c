// Integer promotion and the usual arithmetic conversions: char/short to int, signed vs unsigned comparisons.
#include <stdio.h>

int main(void) {
    char c = 100;
    char d = 100;
    int sum = c + d;
    printf("char+char = %d\n", sum);
    unsigned char uc = 200;
    unsigned char ud = 100;
    printf("uchar+uchar = %d\n", uc + ud);
    printf("sizeof(c+d) = %zu sizeof(uc) = %zu\n", sizeof(c + d), sizeof(uc));
    short s = 30000;
    printf("short*2 = %d\n", s * 2);
    int neg = -1;
    unsigned int one = 1;
    printf("-1 < 1u: %d\n", neg < one);
    printf("-1 < 1: %d\n", neg < 1);
    printf("(unsigned)-1 = %u\n", (unsigned)neg);
    unsigned short us = 65535;
    printf("us + 1 = %d\n", us + 1);
    unsigned short us2 = us + 1;
    printf("stored back = %u\n", us2);
    long l = -5;
    unsigned long ul = 3;
    printf("l / ul = %lu\n", l / ul);
    printf("-7 / 2 = %d, -7 %% 2 = %d\n", -7 / 2, -7 % 2);
    printf("7 / -2 = %d, 7 %% -2 = %d\n", 7 / -2, 7 % -2);
    unsigned char small = 255;
    small++;
    printf("uchar 255+1 = %d\n", small);
    signed char sc = 127;
    sc = sc + 1;
    printf("schar 127+1 stored = %d\n", sc);
    printf("'a' * 2 = %d\n", 'a' * 2);
    printf("sizeof('a') = %zu\n", sizeof('a'));
    int big = 0x7fffffff;
    unsigned ubig = (unsigned)big + 1u;
    printf("%u %d\n", ubig, (int)(ubig - 1u));
    return 0;
}
