// string.h corners: strncpy without room for the NUL, strncmp past the end, strchr of high bytes, memset with values over 255, free(NULL).
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int sign(int x) { return (x > 0) - (x < 0); }

int main(void) {
    char dst[5] = "....";
    strncpy(dst, "abcdefgh", 3);
    printf("%s\n", dst);
    char pad[8];
    memset(pad, 'z', sizeof pad);
    strncpy(pad, "", 4);
    printf("%d %d %d %d %c\n", pad[0], pad[1], pad[2], pad[3], pad[4]);
    printf("%d %d %d\n", sign(strncmp("abc", "abc", 100)), sign(strncmp("abc", "abd", 100)), sign(strncmp("ab", "abc", 100)));
    char accents[] = "caf\xe9!";
    char *e = strchr(accents, '\xe9');
    printf("found at %d, next %c\n", e ? (int)(e - accents) : -1, e ? e[1] : '?');
    char *e2 = strchr(accents, 0xe9);
    printf("int arg finds it too: %d\n", e2 == e);
    char m[4];
    memset(m, 256 + 'q', 3);
    m[3] = '\0';
    printf("%s\n", m);
    free(NULL);
    printf("free(NULL) is fine\n");
    char s[20] = "abc";
    printf("%s\n", strcat(strcat(s, "def"), "ghi"));
    printf("%zu\n", strlen(strcpy(s, "xy")));
    printf("%s\n", strchr(s, 'y'));
    printf("%d\n", sign(memcmp("abc", "abd", 2)));
    char copy[10];
    memcpy(copy, "hello", 6);
    memmove(copy + 1, copy, 6);
    printf("%s\n", copy);
    printf("%d\n", sign(strcmp("apple", "apples")));
    return 0;
}
