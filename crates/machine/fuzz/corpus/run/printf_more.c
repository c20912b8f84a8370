// printf: + and space ignored on unsigned conversions, # with precision on o and x, precision with zero padding on negatives.
#include <stdio.h>

int main(void) {
    printf("[%+u][% u][%+x][% X][%+o]\n", 5u, 5u, 255u, 255u, 8u);
    printf("[%#.3o][%#.5o][%#.5x][%#08.3x][%#3o]\n", 8u, 8u, 255u, 255u, 8u);
    printf("[%08.3d][%-8.3d][%+08d][% 8.3d]\n", -5, -5, -5, 5);
    printf("[%.1x][%.8X][%8.8o]\n", 0u, 48879u, 8u);
    printf("[%-3c|%3c]\n", '<', '>');
    printf("[%5.1s][%-5.1s]\n", "xyz", "xyz");
    printf("[%u][%d]\n", 0u, -0);
    printf("[%hd][%hhd][%hu][%hhu]\n", (short)-32768, (signed char)-128, (unsigned short)65535, (unsigned char)255);
    printf("[%lu][%zu][%zx]\n", 0ul, (size_t)0, (size_t)4096);
    return 0;
}
