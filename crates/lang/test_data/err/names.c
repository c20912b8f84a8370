#include <stdio.h>

int counter;

int main(void) {
    int total = 0;
    totl = 1;
    countr++;
    printf("%d\n", total);
    undefined_function(3);
    return 0;
}
