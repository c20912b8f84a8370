// printf %x %X %o with # flag, zero padding, precision and zero values; %c and %% in tables.
#include <stdio.h>

int main(void) {
    unsigned vals[] = {0, 1, 8, 255, 4096, 0xdeadbeef, 0xffffffff};
    for (int i = 0; i < 7; i++) {
        unsigned v = vals[i];
        printf("[%x][%X][%#x][%#X][%o][%#o][%08x][%#010x][%-#10x][%.4x][%#.4o]\n", v, v, v, v, v, v, v, v, v, v, v);
    }
    printf("[%#.0x][%.0x][%#.0o][%.0o]\n", 0u, 0u, 0u, 0u);
    printf("[%x] [%X]\n", -1, -255);
    for (int c = 'A'; c < 'A' + 5; c++)
        printf("%c=%d=%#x=%#o ", c, c, c, c);
    printf("\n");
    printf("100%% done, [%5c] [%-5c] [%c]\n", 'x', 'y', 65);
    printf("%%d is literal, %%%% is two\n");
    return 0;
}
