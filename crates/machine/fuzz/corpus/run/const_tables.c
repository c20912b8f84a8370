// const data: lookup tables in rodata, pointers to const, const pointers, string literal tables and a const struct table.
#include <stdio.h>

static const int days[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
static const char hex_digits[] = "0123456789abcdef";
static const char *const month_names[] = {"jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"};

struct unit {
    const char *name;
    int factor;
};

static const struct unit units[] = {{"mm", 1}, {"cm", 10}, {"m", 1000}, {"km", 1000000}};

int day_of_year(int month, int day) {
    int n = day;
    for (int m = 0; m < month - 1; m++)
        n += days[m];
    return n;
}

void to_hex(unsigned v, char *out) {
    for (int i = 7; i >= 0; i--) {
        out[i] = hex_digits[v & 15];
        v >>= 4;
    }
    out[8] = '\0';
}

int main(void) {
    printf("%d %d %d\n", day_of_year(1, 1), day_of_year(3, 1), day_of_year(12, 31));
    char buf[9];
    to_hex(0xc0ffee, buf);
    printf("%s\n", buf);
    for (int m = 0; m < 12; m += 5)
        printf("%s has %d days\n", month_names[m], days[m]);
    int mm = 2500000;
    for (int i = 3; i >= 0; i--)
        if (mm >= units[i].factor) {
            printf("%d mm = %d %s\n", mm, mm / units[i].factor, units[i].name);
            break;
        }
    const int *cp = days;
    cp++;
    printf("%d\n", *cp);
    int value = 5;
    int *const fixed = &value;
    *fixed = 6;
    printf("%d\n", value);
    const char *literal = "rodata";
    printf("%c%c %zu\n", literal[0], *(literal + 5), sizeof units / sizeof units[0]);
    return 0;
}
