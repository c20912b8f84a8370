// Globals in .data and .bss: zero-initialised arrays and structs, initialised tables, pointers to globals, const tables.
#include <stdio.h>

int zeroed[8];
int initialised[4] = {10, 20, 30};
char message[] = "global text";
const char *const colors[] = {"red", "green", "blue"};
struct point { int x, y; } origin, unit = {1, 1};
int *where = &initialised[2];
const int primes[] = {2, 3, 5, 7, 11, 13};
static long total;
char grid[3][3];
int count = sizeof primes / sizeof primes[0];

void accumulate(int v) { total += v; }

int main(void) {
    int sum = 0;
    for (int i = 0; i < 8; i++)
        sum += zeroed[i];
    printf("zeroed sum %d\n", sum);
    printf("%d %d %d %d\n", initialised[0], initialised[1], initialised[2], initialised[3]);
    printf("%s %zu\n", message, sizeof message);
    message[0] = 'G';
    printf("%s\n", message);
    for (int i = 0; i < 3; i++)
        printf("%s ", colors[i]);
    printf("\n");
    printf("origin (%d,%d) unit (%d,%d)\n", origin.x, origin.y, unit.x, unit.y);
    *where = 33;
    printf("initialised[2] = %d\n", initialised[2]);
    for (int i = 0; i < count; i++)
        accumulate(primes[i]);
    printf("total %ld\n", total);
    for (int i = 0; i < 3; i++)
        grid[i][i] = 'x';
    for (int i = 0; i < 3; i++) {
        for (int j = 0; j < 3; j++)
            putchar(grid[i][j] ? grid[i][j] : '.');
        putchar('\n');
    }
    origin = unit;
    origin.x += 5;
    printf("origin (%d,%d)\n", origin.x, origin.y);
    return 0;
}
