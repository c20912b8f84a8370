// Benchmark: matrix multiply of two global int matrices (the textbook triple loop), ending in
// a checksum of the product.
#include <stdio.h>

#define N 56

int a[N][N];
int b[N][N];
unsigned product[N][N];

int main(void) {
    for (int i = 0; i < N; i++) {
        for (int j = 0; j < N; j++) {
            a[i][j] = (i * 7 + j * 3) % 31 - 15;
            b[i][j] = (i * 5 + j * 11) % 29 - 14;
        }
    }
    for (int i = 0; i < N; i++) {
        for (int j = 0; j < N; j++) {
            unsigned sum = 0;
            for (int k = 0; k < N; k++) {
                sum += (unsigned)(a[i][k] * b[k][j]);
            }
            product[i][j] = sum;
        }
    }
    unsigned checksum = 0;
    for (int i = 0; i < N; i++) {
        for (int j = 0; j < N; j++) {
            checksum = checksum * 31u + product[i][j];
        }
    }
    printf("product[%d][%d] = %d\n", N - 1, N - 1, (int)product[N - 1][N - 1]);
    printf("checksum: %u\n", checksum);
    return 0;
}
