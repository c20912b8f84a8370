// calloc zero-fills: a heap matrix as one block and as row pointers, identity, transpose, and a calloc'd counting table.
#include <stdio.h>
#include <stdlib.h>

int **make_matrix(int rows, int cols) {
    int **m = calloc(rows, sizeof *m);
    for (int i = 0; i < rows; i++)
        m[i] = calloc(cols, sizeof **m);
    return m;
}

void free_matrix(int **m, int rows) {
    for (int i = 0; i < rows; i++)
        free(m[i]);
    free(m);
}

int main(void) {
    int rows = 3, cols = 4;
    int **m = make_matrix(rows, cols);
    int zeros = 0;
    for (int i = 0; i < rows; i++)
        for (int j = 0; j < cols; j++)
            zeros += m[i][j] == 0;
    printf("zeros %d\n", zeros);
    for (int i = 0; i < rows; i++)
        for (int j = 0; j < cols; j++)
            m[i][j] = i * cols + j;
    int *flat = calloc(rows * cols, sizeof(int));
    for (int i = 0; i < rows; i++)
        for (int j = 0; j < cols; j++)
            flat[j * rows + i] = m[i][j];
    for (int j = 0; j < cols; j++) {
        for (int i = 0; i < rows; i++)
            printf("%3d", flat[j * rows + i]);
        printf("\n");
    }
    free(flat);
    free_matrix(m, rows);
    int *counts = calloc(10, sizeof(int));
    const char *digits = "31415926535897932384626433";
    for (const char *p = digits; *p; p++)
        counts[*p - '0']++;
    for (int d = 0; d < 10; d++)
        printf("%d:%d ", d, counts[d]);
    printf("\n");
    free(counts);
    char *text = calloc(5, 1);
    printf("[%s] %d\n", text, text[4]);
    free(text);
    return 0;
}
