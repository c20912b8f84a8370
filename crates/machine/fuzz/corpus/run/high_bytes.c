// Output of non-ASCII bytes: %c and putchar of negative chars and values over 255, strings with high bytes, and putchar's return value.
#include <stdio.h>

int main(void) {
    char neg = -1;
    printf("[%c]", neg);
    int r1 = putchar(256 + 'A');
    int r2 = putchar(-2);
    int r3 = putchar('\0');
    putchar('\n');
    printf("%d %d %d\n", r1, r2, r3);
    printf("caf\xc3\xa9 na\xefve \x80\xff\n");
    char bytes[5] = {(char)0xe2, (char)0x82, (char)0xac, '!', 0};
    printf("%s %d\n", bytes, bytes[0]);
    int n = printf("%c%c", 200, 300);
    printf("\n%d\n", n);
    puts("\t\x7f\x01");
    return 0;
}
