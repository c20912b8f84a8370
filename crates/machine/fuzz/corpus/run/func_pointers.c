// Function pointers: tables of operations, callbacks, returning function pointers, comparing and calling through (*f)().
#include <stdio.h>

int add(int a, int b) { return a + b; }
int sub(int a, int b) { return a - b; }
int mul(int a, int b) { return a * b; }
int divide(int a, int b) { return b ? a / b : 0; }

struct op {
    char symbol;
    int (*apply)(int, int);
};

int (*lookup(char c))(int, int) {
    switch (c) {
    case '+': return add;
    case '-': return sub;
    case '*': return mul;
    default: return divide;
    }
}

void for_each(int *v, int n, void (*visit)(int *)) {
    for (int i = 0; i < n; i++)
        visit(&v[i]);
}

void twice(int *x) { *x *= 2; }
void show(int *x) { printf("%d ", *x); }

int fold(const int *v, int n, int start, int (*f)(int, int)) {
    int acc = start;
    for (int i = 0; i < n; i++)
        acc = f(acc, v[i]);
    return acc;
}

int main(void) {
    struct op ops[] = {{'+', add}, {'-', sub}, {'*', mul}, {'/', divide}};
    for (int i = 0; i < 4; i++)
        printf("17 %c 5 = %d\n", ops[i].symbol, ops[i].apply(17, 5));
    printf("%d %d\n", lookup('*')(6, 7), (*lookup('-'))(6, 7));
    int (*f)(int, int) = add;
    printf("f == add: %d, f == sub: %d\n", f == add, f == sub);
    f = &mul;
    printf("%d\n", (*f)(3, 4));
    int v[] = {1, 2, 3, 4, 5};
    for_each(v, 5, twice);
    for_each(v, 5, show);
    printf("\n");
    printf("sum %d product %d\n", fold(v, 5, 0, add), fold(v, 5, 1, mul));
    int (*table[2][2])(int, int) = {{add, sub}, {mul, divide}};
    printf("%d\n", table[1][1](100, 7));
    void (*nothing)(int *) = NULL;
    printf("null fp: %d\n", nothing == NULL);
    return 0;
}
