// string.h and stdlib.h basics: strcpy strcat strcmp strchr strdup memset memmove atoi abs strncpy.
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int main(void) {
    char buf[32];
    strcpy(buf, "hello");
    strcat(buf, ", world");
    printf("%s (%u)\n", buf, (unsigned)strlen(buf));
    printf("%d %d %d\n", strcmp("abc", "abd") < 0, strcmp("b", "a") > 0, strncmp("abcx", "abcy", 3));
    char *comma = strchr(buf, ',');
    printf("%s|%d\n", comma, (int)(comma - buf));
    char *copy = strdup(buf);
    copy[0] = 'J';
    printf("%s %s\n", copy, buf);
    free(copy);
    char block[8];
    memset(block, 'x', sizeof block - 1);
    block[7] = '\0';
    puts(block);
    char tmp[16];
    memcpy(tmp, "abcdef", 7);
    memmove(tmp + 1, tmp, 5);
    printf("%s %d\n", tmp, memcmp("ab", "ac", 2) < 0);
    printf("%d %d %d\n", atoi("  123xyz"), atoi("-45"), abs(-9));
    char name[6];
    strncpy(name, "toolongname", 5);
    name[5] = 0;
    printf("%s\n", name);
    for (const char *p = "walk"; *p; p++)
        putchar(*p);
    putchar('\n');
    return 0;
}
