#include <stdio.h>

struct point { int x, y; };
struct line { struct point from, to; char name[8]; };

int squares[] = { 0, 1, 4, 9, 16 };
char greeting[] = "hello";
char exact[5] = "hello";
struct line diagonal = { { 0, 0 }, { 3, 3 }, "diag" };
struct line flat = { 1, 2, 3, 4 };
struct point corners[2][2] = { [1][0] = { .y = 5 }, [0] = { { 1, 2 }, { 3, 4 } } };
int *first = &squares[1];
char *message = "rodata";
const char *names[] = { "ann", "bob", 0 };
int (*op)(int, int) = 0;

int main(void) {
    struct point origin = { 0 };
    struct point copy = origin;
    int grid[2][3] = { 1, 2, 3, 4, 5, 6 };
    char local[] = { 'h', 'i', '\0' };
    int scalar = { 7 };
    printf("%d %d %s %s %d %d %s %d\n", copy.x, grid[1][2], local, greeting, scalar,
           squares[4], names[1], (int)sizeof squares);
    return exact[0] == 'h' ? 0 : 1;
}
