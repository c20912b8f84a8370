// Arbitrary-precision arithmetic with digit arrays: 50!, 2^100, and a 40-digit sum, printed digit by digit.
#include <stdio.h>
#include <string.h>

#define DIGITS 80

void multiply(unsigned char *d, int *len, int by) {
    int carry = 0;
    for (int i = 0; i < *len; i++) {
        int v = d[i] * by + carry;
        d[i] = v % 10;
        carry = v / 10;
    }
    while (carry) {
        d[(*len)++] = carry % 10;
        carry /= 10;
    }
}

void print(const unsigned char *d, int len) {
    for (int i = len - 1; i >= 0; i--)
        putchar('0' + d[i]);
    putchar('\n');
}

int main(void) {
    unsigned char d[DIGITS];
    memset(d, 0, sizeof d);
    d[0] = 1;
    int len = 1;
    for (int i = 2; i <= 50; i++)
        multiply(d, &len, i);
    print(d, len);
    printf("%d digits\n", len);
    memset(d, 0, sizeof d);
    d[0] = 1;
    len = 1;
    for (int i = 0; i < 100; i++)
        multiply(d, &len, 2);
    print(d, len);
    const char *a = "9999999999999999999999999999999999999999";
    const char *b = "1";
    char sum[DIGITS];
    int la = strlen(a), lb = strlen(b), carry = 0, n = 0;
    for (int i = 0; i < la || i < lb || carry; i++) {
        int v = carry;
        if (i < la)
            v += a[la - 1 - i] - '0';
        if (i < lb)
            v += b[lb - 1 - i] - '0';
        sum[n++] = '0' + v % 10;
        carry = v / 10;
    }
    for (int i = n - 1; i >= 0; i--)
        putchar(sum[i]);
    putchar('\n');
    return 0;
}
