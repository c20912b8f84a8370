// Hand-written string routines over char arrays: reverse, palindrome, upper, word count, my_strlen by pointer difference.
#include <stdio.h>

int my_strlen(const char *s) {
    const char *p = s;
    while (*p)
        p++;
    return p - s;
}

void reverse(char *s) {
    int n = my_strlen(s);
    for (int i = 0, j = n - 1; i < j; i++, j--) {
        char t = s[i];
        s[i] = s[j];
        s[j] = t;
    }
}

int is_palindrome(const char *s) {
    int i = 0, j = my_strlen(s) - 1;
    while (i < j)
        if (s[i++] != s[j--])
            return 0;
    return 1;
}

void upper(char *s) {
    for (; *s; s++)
        if (*s >= 'a' && *s <= 'z')
            *s -= 'a' - 'A';
}

int words(const char *s) {
    int n = 0, in = 0;
    for (; *s; s++) {
        if (*s == ' ' || *s == '\t' || *s == '\n')
            in = 0;
        else if (!in) {
            in = 1;
            n++;
        }
    }
    return n;
}

void my_strcpy(char *d, const char *s) {
    while ((*d++ = *s++))
        ;
}

int main(void) {
    char s[] = "stressed";
    reverse(s);
    printf("%s\n", s);
    printf("%d %d %d\n", is_palindrome("racecar"), is_palindrome("abba"), is_palindrome("abc"));
    char t[] = "Hello, World 42!";
    upper(t);
    printf("%s\n", t);
    printf("%d words\n", words("  the quick\tbrown  fox\n jumps "));
    char copy[20];
    my_strcpy(copy, "copied");
    printf("%s %d\n", copy, my_strlen(copy));
    char counts[26] = {0};
    for (const char *p = "the quick brown fox jumps over the lazy dog"; *p; p++)
        if (*p != ' ')
            counts[*p - 'a']++;
    for (int i = 0; i < 26; i++)
        if (counts[i] > 1)
            printf("%c:%d ", 'a' + i, counts[i]);
    printf("\n");
    return 0;
}
