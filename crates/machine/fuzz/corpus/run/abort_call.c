// abort() ends the program with SIGABRT (status 134) after its earlier, line-buffered output (see README for the stdout).
#include <stdio.h>
#include <stdlib.h>

int checked_div(int a, int b) {
    if (b == 0) {
        printf("refusing to divide %d by zero\n", a);
        abort();
    }
    return a / b;
}

int main(void) {
    printf("%d\n", checked_div(84, 2));
    printf("%d\n", checked_div(1, 0));
    printf("not reached\n");
    return 0;
}
