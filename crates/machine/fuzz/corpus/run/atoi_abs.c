// atoi on signs, spaces, trailing junk and big values; abs; a hand-written itoa checked against printf.
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void itoa10(int v, char *out) {
    char tmp[12];
    int i = 0;
    unsigned u = v < 0 ? 0u - (unsigned)v : (unsigned)v;
    do {
        tmp[i++] = '0' + u % 10;
        u /= 10;
    } while (u);
    if (v < 0)
        tmp[i++] = '-';
    int j = 0;
    while (i)
        out[j++] = tmp[--i];
    out[j] = '\0';
}

int main(void) {
    const char *inputs[] = {"42", "-17", "  +8", "\t\n 99", "12abc", "abc", "", "-0", "2147483647", "-2147483648", "007", "3 4"};
    for (int i = 0; i < 12; i++)
        printf("atoi(\"%s\") = %d\n", inputs[i], atoi(inputs[i]));
    printf("abs: %d %d %d\n", abs(-5), abs(5), abs(0));
    int values[] = {0, 7, -7, 123456, -2147483647 - 1, 2147483647};
    for (int i = 0; i < 6; i++) {
        char mine[16];
        itoa10(values[i], mine);
        printf("%s %s\n", mine, atoi(mine) == values[i] ? "round-trips" : "differs");
    }
    int total = 0;
    const char *csv = "10,20,-5,7";
    const char *p = csv;
    while (p) {
        total += atoi(p);
        p = strchr(p, ',');
        if (p)
            p++;
    }
    printf("csv total %d\n", total);
    return 0;
}
