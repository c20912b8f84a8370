// printf flags, widths and precisions on d i u: - 0 + space, combinations, and precision overriding 0.
#include <stdio.h>

int main(void) {
    int values[] = {0, 1, -1, 42, -42, 12345, -2147483647 - 1, 2147483647};
    for (int i = 0; i < 8; i++) {
        int v = values[i];
        printf("[%d][%6d][%-6d][%06d][%+d][% d][%+6d][%-+6d][% 06d]\n", v, v, v, v, v, v, v, v, v);
        printf("[%.3d][%8.3d][%-8.3d][%08.3d][%.0d][%+.2d][%i]\n", v, v, v, v, v, v, v);
    }
    printf("[%u][%10u][%-10u][%010u][%.12u]\n", 3000000000u, 3000000000u, 3000000000u, 3000000000u, 3000000000u);
    printf("[%- 5d][%0-5d][%+ d]\n", 7, 7, 7);
    printf("[%1d][%2d][%0d]\n", 123, 123, 123);
    return 0;
}
