// string.h: strlen strcpy strncpy strcat strcmp strncmp strchr and the pointers they return.
#include <stdio.h>
#include <string.h>

int sign(int x) { return (x > 0) - (x < 0); }

int main(void) {
    char buf[32];
    char *r = strcpy(buf, "hello");
    printf("%s %d %zu\n", r, r == buf, strlen(buf));
    r = strcat(buf, ", world");
    printf("%s %d %zu\n", buf, r == buf, strlen(buf));
    printf("%d %d %d\n", sign(strcmp("abc", "abd")), sign(strcmp("abc", "abc")), sign(strcmp("b", "abc")));
    printf("%d %d\n", sign(strcmp("abc", "ab")), sign(strcmp("", "a")));
    printf("%d %d\n", sign(strncmp("abcdef", "abcxyz", 3)), sign(strncmp("abcdef", "abcxyz", 4)));
    printf("%d\n", strncmp("x", "y", 0));
    char *comma = strchr(buf, ',');
    printf("after comma: [%s] at %d\n", comma, (int)(comma - buf));
    printf("no q: %s\n", strchr(buf, 'q') == NULL ? "NULL" : "found");
    char *nul = strchr(buf, '\0');
    printf("nul at %d\n", (int)(nul - buf));
    char small[8];
    memset(small, 'X', sizeof small);
    strncpy(small, "abc", sizeof small);
    for (int i = 0; i < 8; i++)
        printf("%d ", small[i]);
    printf("\n");
    char exact[4];
    strncpy(exact, "abcdef", 4);
    printf("%c%c%c%c\n", exact[0], exact[1], exact[2], exact[3]);
    printf("%zu %zu\n", strlen(""), strlen("a\0b"));
    printf("%d\n", sign(strcmp("\xff", "a")));
    int count = 0;
    for (const char *p = "mississippi"; (p = strchr(p, 's')) != NULL; p++)
        count++;
    printf("s appears %d times\n", count);
    return 0;
}
