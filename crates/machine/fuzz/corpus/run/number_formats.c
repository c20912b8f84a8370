// Number conversions by hand: binary printing, base 2..16 conversion, prime factorisation, digit sums, and bit reversal.
#include <stdio.h>

void print_binary(unsigned v, int bits) {
    for (int i = bits - 1; i >= 0; i--) {
        putchar(v >> i & 1 ? '1' : '0');
        if (i % 4 == 0 && i)
            putchar('_');
    }
    putchar('\n');
}

void to_base(unsigned v, unsigned base, char *out) {
    const char *digits = "0123456789ABCDEF";
    char tmp[33];
    int n = 0;
    do {
        tmp[n++] = digits[v % base];
        v /= base;
    } while (v);
    for (int i = 0; i < n; i++)
        out[i] = tmp[n - 1 - i];
    out[n] = '\0';
}

void factor(int n) {
    printf("%d =", n);
    int first = 1;
    for (int p = 2; p * p <= n; p++)
        while (n % p == 0) {
            printf("%s%d", first ? " " : " * ", p);
            first = 0;
            n /= p;
        }
    if (n > 1)
        printf("%s%d", first ? " " : " * ", n);
    printf("\n");
}

unsigned reverse_bits(unsigned v) {
    unsigned r = 0;
    for (int i = 0; i < 32; i++) {
        r = (r << 1) | (v & 1);
        v >>= 1;
    }
    return r;
}

int main(void) {
    print_binary(5, 8);
    print_binary(0xa5a5, 16);
    print_binary(-1, 12);
    char buf[40];
    unsigned bases[] = {2, 3, 8, 10, 16};
    for (int i = 0; i < 5; i++) {
        to_base(2024, bases[i], buf);
        printf("2024 in base %u = %s\n", bases[i], buf);
    }
    to_base(4294967295u, 16, buf);
    printf("%s\n", buf);
    factor(360);
    factor(97);
    factor(1001);
    factor(65536);
    int n = 987654321, sum = 0;
    while (n) {
        sum += n % 10;
        n /= 10;
    }
    printf("digit sum %d\n", sum);
    printf("%08x %08x\n", reverse_bits(1), reverse_bits(0x12345678));
    return 0;
}
