// String building on the heap: strdup, malloc + strcpy + strcat, growing with realloc, and freeing it all.
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

char *join(const char **parts, int n, const char *sep) {
    size_t len = 1;
    for (int i = 0; i < n; i++)
        len += strlen(parts[i]) + (i ? strlen(sep) : 0);
    char *out = malloc(len);
    out[0] = '\0';
    for (int i = 0; i < n; i++) {
        if (i)
            strcat(out, sep);
        strcat(out, parts[i]);
    }
    return out;
}

char *repeat(const char *s, int times) {
    size_t cap = 1;
    char *out = malloc(cap);
    out[0] = '\0';
    size_t len = 0;
    for (int i = 0; i < times; i++) {
        size_t add = strlen(s);
        if (len + add + 1 > cap) {
            while (len + add + 1 > cap)
                cap *= 2;
            out = realloc(out, cap);
        }
        strcpy(out + len, s);
        len += add;
    }
    return out;
}

int main(void) {
    char *copy = strdup("duplicate me");
    copy[0] = 'D';
    printf("%s (%zu)\n", copy, strlen(copy));
    const char *words[] = {"alpha", "beta", "gamma", "delta"};
    char *joined = join(words, 4, ", ");
    printf("%s\n", joined);
    char *rep = repeat("ab", 10);
    printf("%s %zu\n", rep, strlen(rep));
    char *copies[3];
    for (int i = 0; i < 3; i++)
        copies[i] = strdup(words[i]);
    for (int i = 2; i >= 0; i--) {
        printf("%s ", copies[i]);
        free(copies[i]);
    }
    printf("\n");
    char *empty = strdup("");
    printf("[%s] %zu\n", empty, strlen(empty));
    free(empty);
    free(rep);
    free(joined);
    free(copy);
    return 0;
}
