// Static local arrays and structs with initializers, static tables built once, and zero-initialised static buffers.
#include <stdio.h>
#include <string.h>

const char *roman(int n) {
    static const int values[] = {1000, 900, 500, 400, 100, 90, 50, 40, 10, 9, 5, 4, 1};
    static const char *const symbols[] = {"M", "CM", "D", "CD", "C", "XC", "L", "XL", "X", "IX", "V", "IV", "I"};
    static char out[32];
    out[0] = '\0';
    for (int i = 0; i < 13; i++)
        while (n >= values[i]) {
            strcat(out, symbols[i]);
            n -= values[i];
        }
    return out;
}

int squares(int i) {
    static int table[10];
    static int built;
    if (!built) {
        for (int k = 0; k < 10; k++)
            table[k] = k * k;
        built = 1;
        printf("(built) ");
    }
    return table[i];
}

struct stats { int calls; long sum; };

struct stats record(int v) {
    static struct stats s = {0, 100};
    s.calls++;
    s.sum += v;
    return s;
}

int main(void) {
    int years[] = {1987, 2024, 3999, 4, 14};
    for (int i = 0; i < 5; i++)
        printf("%d=%s ", years[i], roman(years[i]));
    printf("\n");
    for (int i = 0; i < 10; i += 3)
        printf("%d ", squares(i));
    printf("\n");
    record(5);
    record(6);
    struct stats s = record(7);
    printf("calls %d sum %ld\n", s.calls, s.sum);
    return 0;
}
