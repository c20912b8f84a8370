#include <stdio.h>
int main(void) {
    char buf[16] = {0};
    int *p = (int *)(buf + 1);
    *p = 0x01020304;
    short *q = (short *)(buf + 7);
    (*q)++;
    printf("%d %d\n", buf[1], *p);
    return 0;
}
