// Recursion: factorial, naive fibonacci, and 50000 frames deep under the default stack; main returns 3.
#include <stdio.h>

int factorial(int n) {
    if (n <= 1)
        return 1;
    return n * factorial(n - 1);
}

int fib(int n) {
    return n < 2 ? n : fib(n - 1) + fib(n - 2);
}

int depth(int n) {
    if (n == 0)
        return 0;
    return 1 + depth(n - 1);
}

int main(void) {
    for (int i = 0; i <= 10; i++)
        printf("%d! = %d\n", i, factorial(i));
    printf("fib(20) = %d\n", fib(20));
    printf("depth = %d\n", depth(50000));
    return 3;
}
