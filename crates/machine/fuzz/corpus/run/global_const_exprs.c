// Global initializers that are constant expressions with conversions: bool from ints, truncating casts, sizeof, enum and char arithmetic.
#include <stdio.h>
#include <stdbool.h>

struct s { char c; int i; };
enum { A = 3, B };

bool yes = 5;
bool no = 0;
bool from_neg = -1;
char wrapped = 300;
unsigned char uwrapped = -1;
short narrow = 70000;
unsigned u = -1;
int from_char = (char)200;
int from_uchar = (unsigned char)-56;
int shifted = 1 << 4 | 3;
int sized = sizeof(struct s) * 2;
int enum_math = B * 10 + A;
char letter = 'a' + 2;
long neg = -5L * 3;
unsigned long big = 4000000000u;
int folded = (int)(unsigned short)-1;
int ternary = sizeof(int) == 4 ? 1 : 2;
bool flags[3] = {2, 0, 9};
struct s rec = {(char)0x141, (short)0x12345};

int main(void) {
    printf("%d %d %d\n", yes, no, from_neg);
    printf("%d %d %d %u\n", wrapped, uwrapped, narrow, u);
    printf("%d %d\n", from_char, from_uchar);
    printf("%d %d %d %c\n", shifted, sized, enum_math, letter);
    printf("%ld %lu %d %d\n", neg, big, folded, ternary);
    printf("%d %d %d\n", flags[0], flags[1], flags[2]);
    printf("%c %d\n", rec.c, rec.i);
    return 0;
}
