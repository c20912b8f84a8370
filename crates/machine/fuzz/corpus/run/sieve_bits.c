// Sieve of Eratosthenes in a char array and in a packed unsigned bit array; counting and listing primes.
#include <stdio.h>
#include <string.h>

#define N 200

unsigned bits[(N + 31) / 32];

void set_bit(unsigned i) { bits[i / 32] |= 1u << (i % 32); }
int get_bit(unsigned i) { return (bits[i / 32] >> (i % 32)) & 1; }

int main(void) {
    char composite[N + 1];
    memset(composite, 0, sizeof composite);
    for (int i = 2; i * i <= N; i++)
        if (!composite[i])
            for (int j = i * i; j <= N; j += i)
                composite[j] = 1;
    int count = 0;
    for (int i = 2; i <= N; i++)
        if (!composite[i]) {
            count++;
            if (i > 150)
                printf("%d ", i);
        }
    printf("\n%d primes up to %d\n", count, N);
    set_bit(0);
    set_bit(1);
    for (unsigned i = 2; i * i <= N; i++)
        if (!get_bit(i))
            for (unsigned j = i * i; j <= N; j += i)
                set_bit(j);
    int same = 1;
    for (int i = 2; i <= N; i++)
        if (get_bit(i) != composite[i])
            same = 0;
    printf("bit sieve agrees: %d\n", same);
    for (int w = 0; w < (N + 31) / 32; w++)
        printf("%08x ", bits[w]);
    printf("\n");
    return 0;
}
