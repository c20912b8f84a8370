// char is signed: high bytes read back negative; unsigned char and explicit casts do not.
#include <stdio.h>

int main(void) {
    char c = '\xff';
    printf("char 0xff = %d\n", c);
    unsigned char uc = '\xff';
    printf("uchar 0xff = %d\n", uc);
    char bytes[] = "\x80\x7f\xfe";
    for (int i = 0; i < 3; i++)
        printf("%d %u %d\n", bytes[i], (unsigned char)bytes[i], bytes[i] & 0xff);
    char x = 200;
    printf("x = %d, x == 200: %d, x == -56: %d\n", x, x == 200, x == -56);
    int count = 0;
    for (char ch = 'a'; ch <= 'z'; ch++)
        count++;
    printf("letters %d\n", count);
    printf("%c%c%c\n", 'A' + 2, 'a' - 32 + 1, '0' + 7);
    char digit = '7';
    printf("digit value %d\n", digit - '0');
    signed char sc = -128;
    printf("-sc = %d\n", -sc);
    printf("(char)-sc = %d\n", (char)-sc);
    printf("%hhd %hhu %hhx\n", 511, 511, 511);
    return 0;
}
