// _Bool and stdbool: conversions to 0/1, short-circuit evaluation with side effects, !! and logical results as ints.
#include <stdio.h>
#include <stdbool.h>

int calls;
bool touch(bool v) {
    calls++;
    return v;
}

int main(void) {
    bool a = 5, b = 0, c = -1;
    printf("%d %d %d\n", a, b, c);
    int x = 256;
    bool d = x;
    unsigned char truncated = x;
    printf("bool %d uchar %d\n", d, truncated);
    int *p = &x, *q = NULL;
    bool hp = p, hq = q;
    printf("%d %d\n", hp, hq);
    printf("!!7 = %d, !0 = %d, !-3 = %d\n", !!7, !0, !-3);
    calls = 0;
    if (touch(false) && touch(true))
        printf("unreachable\n");
    printf("and calls %d\n", calls);
    calls = 0;
    if (touch(true) || touch(false))
        printf("or short-circuited, calls %d\n", calls);
    calls = 0;
    bool r = touch(true) && touch(true) && touch(false) && touch(true);
    printf("r %d calls %d\n", r, calls);
    int i = 0;
    int ok = (i++ > 0) || (i++ > 0) || (i++ > 0);
    printf("ok %d i %d\n", ok, i);
    bool flag = true;
    flag = !flag;
    flag += 1;
    flag += 1;
    printf("flag %d sizeof %zu\n", flag, sizeof flag);
    int count = (3 > 2) + (2 > 3) + (1 == 1) + (1 != 1);
    printf("count %d\n", count);
    printf("%d %d\n", 5 && 3, 0 || -2);
    bool arr[4] = {1, 0, 2, 0};
    int trues = 0;
    for (int k = 0; k < 4; k++)
        trues += arr[k];
    printf("trues %d\n", trues);
    return 0;
}
