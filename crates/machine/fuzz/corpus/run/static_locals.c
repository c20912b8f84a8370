// Static locals keep their value between calls (.data and .bss), are per function, and can be returned by address.
#include <stdio.h>

int counter(void) {
    static int calls;
    return ++calls;
}

int other_counter(void) {
    static int calls = 100;
    calls += 10;
    return calls;
}

const char *label(int n) {
    static char buf[16];
    buf[0] = 'L';
    int i = 1;
    if (n >= 10)
        buf[i++] = '0' + n / 10 % 10;
    buf[i++] = '0' + n % 10;
    buf[i] = '\0';
    return buf;
}

int *next_id(void) {
    static int id = 41;
    id++;
    return &id;
}

int fib_next(void) {
    static int a = 0, b = 1;
    int r = a;
    int t = a + b;
    a = b;
    b = t;
    return r;
}

int main(void) {
    for (int i = 0; i < 3; i++)
        printf("%d %d\n", counter(), other_counter());
    printf("%s ", label(7));
    printf("%s\n", label(42));
    int *id = next_id();
    printf("%d\n", *id);
    next_id();
    printf("%d\n", *id);
    *id = 0;
    printf("%d\n", *next_id());
    for (int i = 0; i < 10; i++)
        printf("%d ", fib_next());
    printf("\n");
    return 0;
}
