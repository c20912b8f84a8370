// A ?: whose operands are both void calls, used as a statement (C11 6.5.15p3).
#include <stdio.h>
int hits;
void hit(void) { hits++; }
void miss(void) { hits += 100; }
int main(void) {
    int flag = 1;
    flag ? hit() : miss();
    !flag ? hit() : miss();
    printf("hits %d\n", hits);
    return 0;
}
