// Mutual recursion: is_even/is_odd, a recursive-descent expression evaluator over a string, Hofstadter sequences.
#include <stdio.h>

int is_odd(unsigned n);
int is_even(unsigned n) { return n == 0 ? 1 : is_odd(n - 1); }
int is_odd(unsigned n) { return n == 0 ? 0 : is_even(n - 1); }

const char *pos;
int expr(void);

int number(void) {
    int v = 0;
    while (*pos >= '0' && *pos <= '9')
        v = v * 10 + (*pos++ - '0');
    return v;
}

int factor(void) {
    if (*pos == '(') {
        pos++;
        int v = expr();
        pos++;
        return v;
    }
    if (*pos == '-') {
        pos++;
        return -factor();
    }
    return number();
}

int term(void) {
    int v = factor();
    while (*pos == '*' || *pos == '/' || *pos == '%') {
        char op = *pos++;
        int r = factor();
        v = op == '*' ? v * r : op == '/' ? v / r : v % r;
    }
    return v;
}

int expr(void) {
    int v = term();
    while (*pos == '+' || *pos == '-') {
        char op = *pos++;
        int r = term();
        v = op == '+' ? v + r : v - r;
    }
    return v;
}

int eval(const char *s) {
    pos = s;
    return expr();
}

int hof_m(int n);
int hof_f(int n) { return n == 0 ? 1 : n - hof_m(hof_f(n - 1)); }
int hof_m(int n) { return n == 0 ? 0 : n - hof_f(hof_m(n - 1)); }

int main(void) {
    printf("%d %d %d %d\n", is_even(10), is_odd(10), is_even(7), is_odd(1001));
    const char *exprs[] = {"1+2*3", "(1+2)*3", "100/7%4", "-(4-10)*2", "2*(3+(4-1))*-1", "42"};
    for (int i = 0; i < 6; i++)
        printf("%s = %d\n", exprs[i], eval(exprs[i]));
    for (int n = 0; n < 15; n++)
        printf("%d ", hof_f(n));
    printf("\n");
    for (int n = 0; n < 15; n++)
        printf("%d ", hof_m(n));
    printf("\n");
    return 0;
}
