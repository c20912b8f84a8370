#include <stdio.h>
#include <stdlib.h>

struct point { int x, y; };

int add(int a, int b) { return a + b; }

int main(void) {
    struct point p = { 1, 2 };
    int *ip = p;
    int n = "text";
    char *s = 42;
    const int limit = 10;
    limit = 11;
    p.z = 3;
    ip->x = 1;
    n = add(1);
    n = add(1, 2, 3);
    n = *n;
    n = p + 1;
    int arr[3];
    arr = 0;
    5 = n;
    return cout;
}
