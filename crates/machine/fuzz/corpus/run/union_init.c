// Union initializers: first member by default, designated members, unions inside structs and arrays, globals and locals.
#include <stdio.h>

union number {
    int i;
    unsigned char bytes[4];
    short halves[2];
};

struct token {
    char kind;
    union {
        int value;
        char op;
    } u;
};

union number global_first = {0x01020304};
union number global_bytes = {.bytes = {1, 2, 3, 4}};
struct token program[] = {{'n', {7}}, {'o', {.op = '+'}}, {'n', {.value = 35}}};

int main(void) {
    printf("%d %d %#x\n", global_first.bytes[0], global_first.bytes[3], global_bytes.i);
    union number local = {.halves = {-1, 1}};
    printf("%#x %d\n", local.i, local.halves[0]);
    union number zero = {0};
    printf("%d %d\n", zero.bytes[2], zero.i);
    int acc = 0;
    char pending = '+';
    for (int k = 0; k < 3; k++) {
        if (program[k].kind == 'o')
            pending = program[k].u.op;
        else
            acc = pending == '+' ? acc + program[k].u.value : acc - program[k].u.value;
    }
    printf("%d\n", acc);
    union number arr[2] = {{1}, {.bytes = {0, 1}}};
    printf("%d %d\n", arr[0].i, arr[1].i);
    printf("%zu %zu\n", sizeof(union number), sizeof(struct token));
    return 0;
}
