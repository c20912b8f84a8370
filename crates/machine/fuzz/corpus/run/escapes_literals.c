// Character and string escapes, octal and hex literals, integer suffixes, adjacent string literal concatenation.
#include <stdio.h>

int main(void) {
    printf("%d %d %d %d %d %d\n", '\n', '\t', '\0', '\\', '\'', '"');
    printf("%d %d %d %d %d\n", '\a', '\b', '\f', '\v', '\r');
    printf("%d %d %d %d\n", '\101', '\x41', '\177', '\x7f');
    printf("%d %d\n", '\377', '\xff');
    printf("%d %d %d\n", 010, 0x10, 0X1f);
    printf("%u %lu %ld %u\n", 10u, 10UL, 10L, 0xffffffffU);
    printf("%d\n", 0);
    printf("%o %x\n", 0777, 0xABCDEF);
    const char *joined = "con" "cat" "enated";
    printf("%s\n", joined);
    printf("bytes:");
    const char *raw = "\x01\x7f\200\033A\0hidden";
    for (int i = 0; i < 6; i++)
        printf(" %d", raw[i]);
    printf("\n");
    printf("%zu %zu\n", sizeof "a\0b", sizeof "\x41\x42");
    putchar('\x48');
    putchar('\151');
    putchar('\n');
    char esc[] = "a\tb\\c\"d";
    for (int i = 0; esc[i]; i++)
        printf("[%c]", esc[i]);
    printf("\n");
    printf("%d\n", 2147483647);
    printf("%u\n", 4294967295u);
    printf("%d\n", -2147483647 - 1);
    return 0;
}
