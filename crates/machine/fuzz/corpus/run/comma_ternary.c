// The comma operator, nested ?:, and ?: as an lvalue-free value in expressions.
#include <stdio.h>

int calls = 0;

int note(int v) {
    calls++;
    return v;
}

const char *sign(int x) { return x < 0 ? "negative" : x == 0 ? "zero" : "positive"; }

int main(void) {
    int a = (1, 2, 3);
    printf("a = %d\n", a);
    int i, j;
    for (i = 0, j = 10; i < j; i++, j--)
        ;
    printf("i = %d j = %d\n", i, j);
    int x = (note(1), note(2), note(3));
    printf("x = %d calls = %d\n", x, calls);
    printf("%s %s %s\n", sign(-4), sign(0), sign(9));
    int m = 5, n = 9;
    int max = m > n ? m : n;
    int min = m < n ? m : n;
    printf("max %d min %d\n", max, min);
    calls = 0;
    int r = 1 ? note(10) : note(20);
    printf("r = %d calls = %d\n", r, calls);
    unsigned u = 1;
    int neg = -1;
    printf("%u\n", 1 ? neg : u);
    int k = 0;
    k = (k += 3, k * 2);
    printf("k = %d\n", k);
    char grade;
    int score = 83;
    grade = score >= 90 ? 'A' : score >= 80 ? 'B' : score >= 70 ? 'C' : 'F';
    printf("grade %c\n", grade);
    int t = 0;
    while (t++, t < 5)
        ;
    printf("t = %d\n", t);
    return 0;
}
