// Conway's Game of Life on a wrapping 10x10 grid: a glider and a blinker for several generations, with two grids swapped by pointer.
#include <stdio.h>
#include <string.h>

#define W 10
#define H 10

char a[H][W], b[H][W];

int neighbours(char (*g)[W], int r, int c) {
    int n = 0;
    for (int dr = -1; dr <= 1; dr++)
        for (int dc = -1; dc <= 1; dc++)
            if (dr || dc)
                n += g[(r + dr + H) % H][(c + dc + W) % W];
    return n;
}

void step(char (*from)[W], char (*to)[W]) {
    for (int r = 0; r < H; r++)
        for (int c = 0; c < W; c++) {
            int n = neighbours(from, r, c);
            to[r][c] = n == 3 || (n == 2 && from[r][c]);
        }
}

void show(char (*g)[W], int gen) {
    int alive = 0;
    printf("generation %d\n", gen);
    for (int r = 0; r < H; r++) {
        for (int c = 0; c < W; c++) {
            putchar(g[r][c] ? '#' : '.');
            alive += g[r][c];
        }
        putchar('\n');
    }
    printf("alive %d\n", alive);
}

int main(void) {
    memset(a, 0, sizeof a);
    a[0][1] = a[1][2] = a[2][0] = a[2][1] = a[2][2] = 1;
    a[6][6] = a[6][7] = a[6][8] = 1;
    char (*cur)[W] = a, (*next)[W] = b;
    for (int gen = 0; gen <= 8; gen++) {
        if (gen % 4 == 0)
            show(cur, gen);
        step(cur, next);
        char (*t)[W] = cur;
        cur = next;
        next = t;
    }
    return 0;
}
