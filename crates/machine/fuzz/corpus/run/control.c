// Control flow: for/while/do loops with break and continue, switch with fallthrough, && || and ?:.
#include <stdio.h>

const char *kind(int n) {
    switch (n % 4) {
    case 0:
        return "zero";
    case 1:
    case 2:
        return "small";
    default:
        return "big";
    }
}

int main(void) {
    int sum = 0;
    for (int i = 0; i < 10; i++) {
        if (i == 3)
            continue;
        if (i == 8)
            break;
        sum += i;
    }
    int n = 0;
    while (n < 100)
        n = n * 2 + 1;
    int d = 0;
    do {
        d++;
    } while (d < 5);
    printf("%d %d %d\n", sum, n, d);
    for (int i = 0; i < 6; i++)
        printf("%s ", kind(i));
    printf("\n");
    int count = 0;
    for (int i = 0; i < 5; i++) {
        switch (i) {
        case 1:
            count += 10;
        case 2:
            count += 100;
            break;
        case 4:
            continue;
        }
        count++;
    }
    printf("%d\n", count);
    int x = 5, y = 0;
    int z = (y != 0 && x / y > 1) || x > 3;
    printf("%d %d\n", z, x > 2 ? x : y);
    return 0;
}
