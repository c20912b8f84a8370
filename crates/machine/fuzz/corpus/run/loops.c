// Loops: nested break/continue, labelled-exit via flags, while with complex conditions, do-while running once, countdown with unsigned.
#include <stdio.h>
#include <stdbool.h>

int main(void) {
    for (int i = 1; i <= 20; i++) {
        if (i % 3 == 0)
            continue;
        if (i > 14)
            break;
        printf("%d ", i);
    }
    printf("\n");
    int found_i = -1, found_j = -1;
    bool done = false;
    for (int i = 0; i < 10 && !done; i++)
        for (int j = 0; j < 10; j++)
            if (i * j == 42) {
                found_i = i;
                found_j = j;
                done = true;
                break;
            }
    printf("found %d*%d\n", found_i, found_j);
    int n = 0;
    do
        n++;
    while (0);
    printf("do-while ran %d\n", n);
    for (unsigned u = 5; u-- > 0;)
        printf("%u ", u);
    printf("\n");
    int i = 0, evens = 0;
    while (1) {
        if (++i > 50)
            break;
        if (i & 1)
            continue;
        evens++;
    }
    printf("evens %d\n", evens);
    int collatz = 27, steps = 0;
    while (collatz != 1) {
        collatz = collatz % 2 ? 3 * collatz + 1 : collatz / 2;
        steps++;
    }
    printf("collatz steps %d\n", steps);
    for (int row = 1; row <= 4; row++) {
        for (int sp = 0; sp < 4 - row; sp++)
            putchar(' ');
        for (int st = 0; st < 2 * row - 1; st++)
            putchar('*');
        putchar('\n');
    }
    int k;
    for (k = 0; k < 100; k += 7)
        ;
    printf("k %d\n", k);
    int outer = 0;
    for (int a = 0; a < 5; a++) {
        int b = 0;
        while (b < a) {
            b++;
            if (b == 3)
                continue;
            outer++;
        }
    }
    printf("outer %d\n", outer);
    return 0;
}
