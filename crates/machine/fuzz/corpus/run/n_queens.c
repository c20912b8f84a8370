// Backtracking: N-queens solution counts for N = 1..8 and the first 6-queens board; subset sums by recursion.
#include <stdio.h>
#include <stdbool.h>

int n;
int cols[8];
bool used_col[8], used_d1[15], used_d2[15];
int solutions;
bool printed;

void place(int row) {
    if (row == n) {
        if (solutions++ == 0 && n == 6 && !printed) {
            printed = true;
            for (int r = 0; r < n; r++) {
                for (int c = 0; c < n; c++)
                    putchar(cols[r] == c ? 'Q' : '.');
                putchar('\n');
            }
        }
        return;
    }
    for (int c = 0; c < n; c++) {
        if (used_col[c] || used_d1[row + c] || used_d2[row - c + n - 1])
            continue;
        used_col[c] = used_d1[row + c] = used_d2[row - c + n - 1] = true;
        cols[row] = c;
        place(row + 1);
        used_col[c] = used_d1[row + c] = used_d2[row - c + n - 1] = false;
    }
}

int subsets(const int *v, int len, int target) {
    if (target == 0)
        return 1;
    if (len == 0 || target < 0)
        return 0;
    return subsets(v + 1, len - 1, target - v[0]) + subsets(v + 1, len - 1, target);
}

int main(void) {
    for (n = 1; n <= 8; n++) {
        solutions = 0;
        place(0);
        printf("%d queens: %d\n", n, solutions);
    }
    int v[] = {3, 34, 4, 12, 5, 2};
    printf("subsets summing to 9: %d, to 30: %d\n", subsets(v, 6, 9), subsets(v, 6, 30));
    return 0;
}
