// exit() from deep in the call stack with a computed status; output printed before it is kept.
#include <stdio.h>
#include <stdlib.h>

void check(int depth, int limit) {
    printf("depth %d\n", depth);
    if (depth == limit) {
        printf("exiting with %d\n", depth * 10 + 3);
        exit(depth * 10 + 3);
    }
    check(depth + 1, limit);
    printf("never printed\n");
}

int main(void) {
    check(0, 4);
    return 1;
}
