// exit(EXIT_FAILURE)-style status 1 after an error path, via a function returning to main first.
#include <stdio.h>
#include <stdlib.h>

int parse(const char *s, int *out) {
    if (*s < '0' || *s > '9')
        return 0;
    *out = atoi(s);
    return 1;
}

int main(void) {
    const char *args[] = {"12", "7", "x9"};
    int sum = 0;
    for (int i = 0; i < 3; i++) {
        int v;
        if (!parse(args[i], &v)) {
            printf("bad number '%s', sum so far %d\n", args[i], sum);
            exit(1);
        }
        sum += v;
    }
    printf("sum %d\n", sum);
    return 0;
}
