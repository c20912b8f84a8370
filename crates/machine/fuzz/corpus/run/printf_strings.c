// printf %s with widths and precisions, %c, %p of NULL, putchar and puts return values, printf's return value.
#include <stdio.h>

int main(void) {
    const char *s = "conformance";
    printf("[%s]\n[%15s]\n[%-15s]\n[%.4s]\n[%15.4s]\n[%-15.4s]\n[%.0s]\n", s, s, s, s, s, s, s);
    printf("[%s][%5s][%.20s]\n", "", "", "short");
    printf("[%p] [%10p] [%-10p]\n", (void *)0, (void *)0, (void *)0);
    int n = printf("hello %d\n", 12345);
    printf("printf returned %d\n", n);
    n = printf("%s", "");
    printf("empty printf returned %d\n", n);
    int r = putchar('Z');
    putchar('\n');
    printf("putchar returned %d\n", r);
    r = puts("a line from puts");
    printf("puts returned %s\n", r >= 0 ? "non-negative" : "EOF");
    char word[6] = {'h', 'e', 'l', 'l', 'o', 'x'};
    printf("[%.5s]\n", word);
    printf("tab\there, quote \" backslash \\ apostrophe \'\n");
    printf("octal \101\102\103 hex \x44\x45\n");
    char buf[4] = "ab";
    printf("[%c][%c][%d]\n", buf[0], buf[1], buf[2]);
    return 0;
}
