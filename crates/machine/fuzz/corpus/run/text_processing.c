// Text processing over char arrays: run-length encoding, Caesar cipher, word wrap at a width, and anagram checks with counts.
#include <stdio.h>
#include <string.h>

void rle(const char *s, char *out) {
    while (*s) {
        char c = *s;
        int n = 0;
        while (*s == c) {
            s++;
            n++;
        }
        if (n > 1) {
            if (n >= 10)
                *out++ = '0' + n / 10;
            *out++ = '0' + n % 10;
        }
        *out++ = c;
    }
    *out = '\0';
}

void caesar(char *s, int shift) {
    for (; *s; s++) {
        if (*s >= 'a' && *s <= 'z')
            *s = 'a' + (*s - 'a' + shift + 26) % 26;
        else if (*s >= 'A' && *s <= 'Z')
            *s = 'A' + (*s - 'A' + shift + 26) % 26;
    }
}

void wrap(const char *text, int width) {
    int col = 0;
    const char *p = text;
    while (*p) {
        while (*p == ' ')
            p++;
        const char *start = p;
        while (*p && *p != ' ')
            p++;
        int len = p - start;
        if (len == 0)
            break;
        if (col && col + 1 + len > width) {
            putchar('\n');
            col = 0;
        }
        if (col) {
            putchar(' ');
            col++;
        }
        printf("%.*s", len, start);
        col += len;
    }
    putchar('\n');
}

int anagrams(const char *a, const char *b) {
    int counts[26] = {0};
    for (; *a; a++)
        if (*a != ' ')
            counts[*a - 'a']++;
    for (; *b; b++)
        if (*b != ' ')
            counts[*b - 'a']--;
    for (int i = 0; i < 26; i++)
        if (counts[i])
            return 0;
    return 1;
}

int main(void) {
    char out[64];
    rle("aaabccddddddddddddx", out);
    printf("%s\n", out);
    rle("", out);
    printf("[%s]\n", out);
    char msg[] = "Hello, World! xyz";
    caesar(msg, 3);
    printf("%s\n", msg);
    caesar(msg, -3);
    printf("%s\n", msg);
    wrap("the quick brown fox jumps over the lazy dog and keeps on running far away", 20);
    wrap("  spaced   out   words  ", 8);
    printf("%d %d %d\n", anagrams("listen", "silent"), anagrams("dormitory", "dirty room"), anagrams("abc", "abd"));
    printf("%zu\n", strlen(out));
    return 0;
}
