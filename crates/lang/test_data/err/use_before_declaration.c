#include <stdio.h>

int main(void) {
    printf("%d\n", square(4));
    return 0;
}

int square(int x) {
    return x * x;
}
