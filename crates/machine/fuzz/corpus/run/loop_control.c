// continue in do-while jumps to the test, break out of switch inside loops, for(;;) with both, and nested loop counters.
#include <stdio.h>

int main(void) {
    int i = 0, odd = 0;
    do {
        i++;
        if (i % 2 == 0)
            continue;
        odd++;
    } while (i < 9);
    printf("i %d odd %d\n", i, odd);
    int steps = 0;
    for (;;) {
        steps++;
        if (steps < 5)
            continue;
        if (steps == 7)
            break;
    }
    printf("steps %d\n", steps);
    int tally = 0;
    for (int k = 0; k < 6; k++) {
        switch (k % 3) {
        case 0:
            continue;
        case 1:
            tally += 10;
            break;
        default:
            tally += 1;
        }
        tally += 100;
    }
    printf("tally %d\n", tally);
    int w = 0;
    while (w < 100) {
        w += 7;
        do {
            w++;
            if (w % 5 == 0)
                break;
        } while (w % 3);
    }
    printf("w %d\n", w);
    int grid = 0;
    for (int r = 0; r < 5; r++) {
        for (int c = 0; c < 5; c++) {
            if (c > r)
                break;
            if ((r + c) % 2)
                continue;
            grid++;
        }
    }
    printf("grid %d\n", grid);
    int calls = 0;
    for (int a = 0, b = 10; a < b; a += 2, b -= 1, calls++)
        ;
    printf("calls %d\n", calls);
    return 0;
}
