#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct pair { int a; char tag; struct pair *next; };
union word { unsigned int u; unsigned char b[4]; };
enum level { LOW = -1, MID, HIGH = 0x10 };
typedef int (*op_t)(int, int);

int add(int x, int y) { return x + y; }
int sub(int x, int y) { return x - y; }

int main(void) {
    int a = 7, b = 3, c;
    unsigned u = 0xFFFFFFFFu;
    long l = 017L;
    unsigned long ul = 42UL;
    char ch = '\n', esc = '\x41', oct = '\101', q = '\'';
    const char *s = "tab\there" " and \"more\"\\";
    int arr[5] = {1, 2, 3};
    int grid[2][2] = {{1, 2}, [1] = {3, 4}};
    struct pair p = {.a = 1, .tag = 'p', .next = NULL};
    struct pair *pp = &p;
    union word w;
    op_t ops[2] = {add, sub};
    int *ip = arr;
    void *vp = malloc(sizeof(struct pair) * 2);

    c = a + b - a * b / b % a;
    c = a << 2 | b >> 1 & 0xf ^ ~a;
    c = a < b || a > b && a <= b || a >= b == (a != b);
    c = !a ? -b : +b;
    c += 1; c -= 1; c *= 2; c /= 2; c %= 5;
    c <<= 1; c >>= 1; c &= 7; c |= 8; c ^= 3;
    c = (a++, ++a, b--, --b);
    c = *ip + ip[1] + *(ip + 2) + 2[arr];
    ip = &arr[4] - 1;
    c = (int)(ip - arr);
    c = pp->a + p.tag + (*pp).a + pp->next->a;
    w.u = u;
    c = w.b[0];
    c = ops[a > b](a, b);
    c = (*ops[0])(1, 2);
    c = sizeof a + sizeof(int[3]) + sizeof *pp + sizeof(struct pair *);
    c = _Alignof(union word);
    c = (unsigned char)ch + (short)l + (long)ul + (char)esc + oct + q;
    c = MID + HIGH + LOW;
    c = grid[1][0] + s[0];
    memcpy(vp, &p, sizeof p);
    free(vp);
    printf("%d %s %c %x %p\n", c, s, ch, u, (void *)ip);
    return c == 0;
}
