// static functions and globals, a static local with the same name in two functions, and a global shadowed by a static local.
#include <stdio.h>

static int shared = 5;
int value = 1;

static int next_a(void) {
    static int n;
    return ++n;
}

static int next_b(void) {
    static int n = 10;
    return n += 10;
}

int read_value(void) {
    static int value = 100;
    return value++;
}

int main(void) {
    for (int i = 0; i < 3; i++)
        printf("%d %d ", next_a(), next_b());
    printf("\n");
    int first = read_value();
    int second = read_value();
    printf("%d %d %d\n", first, second, value);
    shared *= 2;
    printf("%d\n", shared);
    return 0;
}
