// Arrays of pointers: string tables, jagged arrays on the heap, sorting pointers, pointer-to-pointer parameters.
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void sort_strings(const char **v, int n) {
    for (int i = 1; i < n; i++) {
        const char *key = v[i];
        int j = i - 1;
        while (j >= 0 && strcmp(v[j], key) > 0) {
            v[j + 1] = v[j];
            j--;
        }
        v[j + 1] = key;
    }
}

void set_to_new(int **out, int value) {
    *out = malloc(sizeof **out);
    **out = value;
}

int main(void) {
    const char *fruits[] = {"pear", "apple", "fig", "banana", "cherry"};
    int n = sizeof fruits / sizeof fruits[0];
    sort_strings(fruits, n);
    for (int i = 0; i < n; i++)
        printf("%s%s", fruits[i], i + 1 < n ? " " : "\n");
    int *rows[4];
    for (int i = 0; i < 4; i++) {
        rows[i] = malloc((i + 1) * sizeof(int));
        for (int j = 0; j <= i; j++)
            rows[i][j] = (j == 0 || j == i) ? 1 : rows[i - 1][j - 1] + rows[i - 1][j];
    }
    for (int i = 0; i < 4; i++) {
        for (int j = 0; j <= i; j++)
            printf("%d ", rows[i][j]);
        printf("\n");
        free(rows[i]);
    }
    int *p = NULL;
    set_to_new(&p, 99);
    printf("%d\n", *p);
    free(p);
    int a = 1, b = 2, c = 3;
    int *ptrs[] = {&c, &a, &b};
    int **pp = ptrs;
    printf("%d %d %d\n", **pp, *pp[1], **(pp + 2));
    *ptrs[0] = 30;
    printf("c = %d\n", c);
    char **lines = malloc(3 * sizeof(char *));
    for (int i = 0; i < 3; i++) {
        lines[i] = malloc(8);
        strcpy(lines[i], "line");
        lines[i][4] = '0' + i;
        lines[i][5] = '\0';
    }
    for (int i = 0; i < 3; i++) {
        puts(lines[i]);
        free(lines[i]);
    }
    free(lines);
    return 0;
}
