// Multi-dimensional arrays: matrix multiply, transpose, row pointers, passing int (*)[N], 3-D indexing.
#include <stdio.h>

#define N 3

void multiply(int a[N][N], int b[N][N], int c[N][N]) {
    for (int i = 0; i < N; i++)
        for (int j = 0; j < N; j++) {
            c[i][j] = 0;
            for (int k = 0; k < N; k++)
                c[i][j] += a[i][k] * b[k][j];
        }
}

void print(int (*m)[N], int rows) {
    for (int i = 0; i < rows; i++) {
        for (int j = 0; j < N; j++)
            printf("%4d", m[i][j]);
        printf("\n");
    }
}

int main(void) {
    int a[N][N] = {{1, 2, 3}, {4, 5, 6}, {7, 8, 9}};
    int b[N][N] = {{9, 8, 7}, {6, 5, 4}, {3, 2, 1}};
    int c[N][N];
    multiply(a, b, c);
    print(c, N);
    int t[N][N];
    for (int i = 0; i < N; i++)
        for (int j = 0; j < N; j++)
            t[j][i] = a[i][j];
    print(t, N);
    int partial[2][4] = {{1}, {2, 3}};
    for (int i = 0; i < 2; i++)
        for (int j = 0; j < 4; j++)
            printf("%d%c", partial[i][j], j == 3 ? '\n' : ' ');
    int cube[2][3][4];
    for (int i = 0; i < 2; i++)
        for (int j = 0; j < 3; j++)
            for (int k = 0; k < 4; k++)
                cube[i][j][k] = i * 100 + j * 10 + k;
    printf("%d %d %d\n", cube[1][2][3], cube[0][1][2], *(*(*(cube + 1) + 1) + 1));
    int *flat = &cube[0][0][0];
    printf("flat[23] = %d\n", flat[23]);
    int (*row)[4] = cube[1];
    printf("row[2][0] = %d\n", row[2][0]);
    char names[3][8] = {"ann", "bo", "cyd"};
    for (int i = 0; i < 3; i++)
        printf("%s(%zu) ", names[i], sizeof names[i]);
    printf("\n");
    int sum = 0;
    for (int i = 0; i < 3; i++)
        sum += a[i][i] + a[i][2 - i];
    printf("diagonals %d\n", sum);
    return 0;
}
