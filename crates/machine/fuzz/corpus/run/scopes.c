// Block scoping and shadowing: inner variables hide outer ones and globals, for-loop declarations, a fresh local per iteration.
#include <stdio.h>

int x = 1;

int show(void) { return x; }

int main(void) {
    printf("global x %d\n", x);
    int x = 2;
    printf("local x %d, function sees %d\n", x, show());
    {
        int x = 3;
        printf("block x %d\n", x);
        {
            x++;
            int x = 40;
            printf("inner x %d\n", x);
        }
        printf("block x %d\n", x);
    }
    printf("local x %d\n", x);
    for (int x = 10; x < 12; x++)
        printf("loop x %d\n", x);
    printf("after loop x %d\n", x);
    int total = 0;
    for (int i = 0; i < 3; i++) {
        int fresh = 5;
        fresh += i;
        total += fresh;
    }
    printf("total %d\n", total);
    for (int i = 0; i < 2; i++)
        for (int i = 5; i < 7; i++)
            printf("inner i %d ", i);
    printf("\n");
    int y = x;
    {
        int y = 100;
        printf("y %d\n", y);
    }
    printf("y %d\n", y);
    return 0;
}
