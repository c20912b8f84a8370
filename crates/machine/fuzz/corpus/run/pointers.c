// Pointers: globals and static storage, function pointers, pointer arithmetic and pointer-to-pointer.
#include <stdio.h>

static int counter;
int table[5] = { 5, 4, 3, 2, 1 };
const char *names[] = { "zero", "one", "two" };

int twice(int x) { return 2 * x; }
int square(int x) { return x * x; }

void apply(int (*f)(int), int *values, int n) {
    for (int i = 0; i < n; i++)
        values[i] = f(values[i]);
}

int next_id(void) {
    static int id = 100;
    counter++;
    return id++;
}

void swap(int *a, int *b) {
    int t = *a;
    *a = *b;
    *b = t;
}

int main(void) {
    int grid[2][3] = { { 1, 2, 3 }, { 4, 5, 6 } };
    int *flat = &grid[0][0];
    printf("%d %d %d\n", grid[1][2], flat[4], *(flat + 2));
    apply(twice, table, 5);
    apply(square, table, 2);
    printf("%d %d %d %d %d\n", table[0], table[1], table[2], table[3], table[4]);
    int (*ops[2])(int) = { twice, square };
    printf("%d %d\n", ops[0](7), ops[1](7));
    int id1 = next_id();
    int id2 = next_id();
    int id3 = next_id();
    printf("%d %d %d %d\n", id1, id2, id3, counter);
    int a = 1, b = 2;
    swap(&a, &b);
    printf("%d %d %s\n", a, b, names[2]);
    int *end = table + 5;
    printf("%d\n", (int)(end - table));
    int x = 5;
    int *px = &x;
    int **ppx = &px;
    **ppx += 10;
    printf("%d %d\n", x, px == &x);
    int i = 0;
    int arr[4] = { 0 };
    arr[i] = i + 7;
    i++;
    printf("%d %d\n", i, arr[0] + arr[1]);
    return 0;
}
