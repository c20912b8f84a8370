// printf corners: zero with precision 0, + and space on unsigned and zero, # with zero, %c of NUL counted in the return value.
#include <stdio.h>

int main(void) {
    printf("[%.0d][%+.0d][% .0d][%5.0d][%-5.0d]\n", 0, 0, 0, 0, 0);
    printf("[%.0u][%.0x][%#.0x][%#.0o][%#o][%#x][%#X]\n", 0u, 0u, 0u, 0u, 0u, 0u, 0u);
    printf("[%#5.3x][%-#8o][%#08X][%#-8x]\n", 10u, 10u, 10u, 10u);
    printf("[%+5d][%+05d][% 05d][%-+5d][%+-5d]\n", -3, 3, 3, 3, -3);
    printf("[%05.1d][%-05d][%5.5d][%.10d]\n", 42, 42, -42, -42);
    printf("[%hhu][%hu][%hhd][%hd]\n", -1, -1, -129, -32769);
    printf("[%lu][%ld][%lx]\n", 4294967295ul, -1l, 4294967295ul);
    printf("[%3c][%-3c][%03d]\n", 'k', 'k', 7);
    int n = printf("a%cb\n", 0);
    printf("returned %d\n", n);
    n = printf("[%10.4s][%-10.2s][%.0s]\n", "precision", "pr", "gone");
    printf("returned %d\n", n);
    printf("[%d%%][%%%d][%5d%%]\n", 50, 7, 100);
    printf("[%i][%5i][%-5i][%+i]\n", -12, -12, -12, 12);
    printf("[%x][%X][%o]\n", 2147483648u, 3735928559u, 4294967295u);
    return 0;
}
