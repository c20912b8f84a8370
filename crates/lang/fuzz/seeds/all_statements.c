#include <stdio.h>
#include <stdbool.h>
#define LIMIT 10
#define STEP (LIMIT / 5)

static int total;

int walk(int n) {
    int i = 0, acc = 0;
    ;
    {
        int inner = n;
        acc += inner;
    }
    if (n < 0)
        return -1;
    else if (n == 0) {
        return 0;
    } else
        acc++;
    while (i < n) {
        if (i % 3 == 0) { i++; continue; }
        acc += i;
        i += STEP;
    }
    do {
        acc--;
    } while (acc > LIMIT);
    for (int k = 0, m = 1; k < n; k++, m <<= 1)
        acc ^= m;
    for (i = 0; i < 2; i++) { }
    for (;;) break;
    switch (acc & 3) {
    case 0:
        acc = 1;
        break;
    case 1:
    case 2: {
        int t = acc;
        acc = t * 2;
        break;
    }
    case 'x':
        acc = 'x';
    default:
        acc = 0;
    }
    switch (n) default: n++;
    total += acc;
    return acc;
}

void nothing(void) { return; }

int main(void) {
    bool done = false;
    static int calls = 0;
    while (!done) {
        calls++;
        done = walk(calls) > 3 || calls > LIMIT;
    }
    nothing();
    printf("%d %d\n", calls, total);
    return 0;
}
