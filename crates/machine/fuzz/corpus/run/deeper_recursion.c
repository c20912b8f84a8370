// 100000-deep recursion with small frames and a mutually recursive 60000-deep chain, inside the default 8 MiB stack.
#include <stdio.h>

int down(int n) { return n == 0 ? 0 : 1 + down(n - 1); }

int pong(int n);
int ping(int n) { return n <= 0 ? 0 : 1 + pong(n - 1); }
int pong(int n) { return n <= 0 ? 0 : 2 + ping(n - 1); }

int main(void) {
    printf("%d\n", down(100000));
    printf("%d\n", ping(60000));
    return 0;
}
