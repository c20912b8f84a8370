// Case labels inside if blocks and loops of a switch body, continue through a switch in a do-while, and a declaration before the first case.
#include <stdio.h>

int classify(int x, int flag) {
    int r = 0, i = 0;
    switch (x) {
    case 1:
        r += 1;
        if (flag) {
    case 2:
            r += 10;
        } else {
    case 3:
            r += 100;
        }
        break;
    default:
        for (; i < 2; i++) {
            r += 1000;
    case 4:
            r += 10000;
        }
    }
    return r;
}

int main(void) {
    for (int x = 1; x <= 5; x++)
        printf("%d:%d/%d ", x, classify(x, 1), classify(x, 0));
    printf("\n");
    int n = 0, odd = 0;
    do {
        switch (n % 2) {
        case 0:
            n++;
            continue;
        case 1:
            odd++;
        }
        n++;
    } while (n < 10);
    printf("n %d odd %d\n", n, odd);
    return 0;
}
