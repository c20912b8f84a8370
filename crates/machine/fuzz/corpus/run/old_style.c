// Empty parameter lists as students write them: int main(), void helper(), and a function declared before it is defined.
#include <stdio.h>

int total;
void helper();
int answer();

int main() {
    helper();
    helper();
    printf("%d %d\n", total, answer());
    return 0;
}

void helper() { total += 21; }
int answer() { return total * 2; }
