// Benchmark: loops over arrays (a sieve of Eratosthenes over a global char array, prefix sums
// over a global unsigned array, reversals of a local int array), ending in a checksum.
#include <stdio.h>

#define N 20000
#define ROUNDS 20

char composite[N];
unsigned prefix[N];

int main(void) {
    int local[256];
    unsigned checksum = 0;
    unsigned primes = 0;
    for (int i = 2; i < N; i++) {
        if (!composite[i]) {
            primes++;
            for (int j = i + i; j < N; j += i) {
                composite[j] = 1;
            }
        }
    }
    prefix[0] = 0;
    for (int round = 0; round < ROUNDS; round++) {
        for (int i = 1; i < N; i++) {
            unsigned bonus = composite[i] ? 0u : 7u;
            prefix[i] = prefix[i - 1] + (unsigned)i * (unsigned)(round + 1) + bonus;
        }
        checksum = checksum * 31u + prefix[N - 1];
    }
    for (int i = 0; i < 256; i++) {
        local[i] = i * 3;
    }
    for (int round = 0; round < 400; round++) {
        for (int i = 0, j = 255; i < j; i++, j--) {
            int swap = local[i];
            local[i] = local[j];
            local[j] = swap;
        }
        checksum += (unsigned)local[round % 256];
    }
    printf("primes below %d: %u\n", N, primes);
    printf("checksum: %u\n", checksum);
    return 0;
}
