// Classic recursion: factorial, fibonacci (naive and memoised), gcd, power, towers of Hanoi, permutations, binary strings.
#include <stdio.h>

unsigned long factorial(unsigned n) { return n <= 1 ? 1 : n * factorial(n - 1); }
int fib(int n) { return n < 2 ? n : fib(n - 1) + fib(n - 2); }

int memo[47];
int fib_memo(int n) {
    if (n < 2)
        return n;
    if (memo[n])
        return memo[n];
    return memo[n] = fib_memo(n - 1) + fib_memo(n - 2);
}

int gcd(int a, int b) { return b == 0 ? a : gcd(b, a % b); }
long power(long base, int exp) {
    if (exp == 0)
        return 1;
    long half = power(base, exp / 2);
    return exp % 2 ? half * half * base : half * half;
}

int moves;
void hanoi(int n, char from, char to, char via) {
    if (n == 0)
        return;
    hanoi(n - 1, from, via, to);
    moves++;
    if (n >= 3)
        printf("move %d %c->%c\n", n, from, to);
    hanoi(n - 1, via, to, from);
}

void permute(char *s, int k, int n) {
    if (k == n) {
        printf("%s ", s);
        return;
    }
    for (int i = k; i < n; i++) {
        char t = s[k]; s[k] = s[i]; s[i] = t;
        permute(s, k + 1, n);
        t = s[k]; s[k] = s[i]; s[i] = t;
    }
}

void binary(char *buf, int i, int n) {
    if (i == n) {
        buf[n] = '\0';
        printf("%s ", buf);
        return;
    }
    buf[i] = '0';
    binary(buf, i + 1, n);
    buf[i] = '1';
    binary(buf, i + 1, n);
}

int main(void) {
    for (unsigned i = 0; i <= 12; i += 3)
        printf("%u! = %lu\n", i, factorial(i));
    printf("fib(20) = %d, fib_memo(46) = %d\n", fib(20), fib_memo(46));
    printf("gcd %d %d %d\n", gcd(1071, 462), gcd(17, 5), gcd(0, 9));
    printf("power %ld %ld\n", power(3, 13), power(-2, 7));
    hanoi(4, 'A', 'C', 'B');
    printf("moves %d\n", moves);
    char s[] = "abc";
    permute(s, 0, 3);
    printf("\n");
    char buf[4];
    binary(buf, 0, 3);
    printf("\n");
    return 0;
}
