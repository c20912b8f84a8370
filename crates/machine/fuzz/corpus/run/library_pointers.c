// Library functions used as values: pointers to strlen, puts, abs, atoi and strcmp, called indirectly and stored in tables.
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int apply_to_text(int (*f)(const char *), const char *text) { return f(text); }

int main(void) {
    size_t (*len)(const char *) = strlen;
    printf("%zu\n", len("indirect"));
    int (*say)(const char *) = puts;
    int r = say("said through a pointer");
    printf("%d\n", r > 0);
    int (*magnitude)(int) = abs;
    printf("%d\n", magnitude(-31));
    printf("%d\n", apply_to_text(atoi, "  77 apples"));
    int (*cmp)(const char *, const char *) = strcmp;
    printf("%d\n", cmp("same", "same"));
    int (*numeric[])(int) = {abs, abs};
    printf("%d\n", numeric[1](-4) + numeric[0](4));
    printf("same function: %d\n", magnitude == abs);
    char *(*copy)(char *, const char *) = strcpy;
    char buf[16];
    printf("%s\n", copy(buf, "copied"));
    return 0;
}
