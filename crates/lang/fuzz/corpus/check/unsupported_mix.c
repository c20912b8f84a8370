#include "mine.h"
#include <math.h>
#ifdef DEBUG
#define LOG(x) printf("%d", x)
#endif
#pragma once
#undef X
#bogus
volatile int v;
register int r;
inline int f(void) { return 0; }
_Noreturn void die(void);
_Thread_local int tl;
_Alignas(8) int al;
unsigned long long ull = 5ULL;
double d = 1.5e3;
float g = .5;
struct bits { int flag : 1; };
int main(void) {
    int x = (int){ 3 };
    int y = _Generic(x, int: 1, default: 0);
    _Static_assert(sizeof(int) == 4, "int");
    char *w = L"wide";
    switch (x) { case 1 ... 3: break; }
    std::cout;
    label:
    goto label;
    int z = 08 + 0x + 12abc + 99999999999999999999;
    char e = '';
    char m = 'abcde';
    const char *bad = "\x \q";
    @ ` $ “curly” ‘single’
    int nested(void) { return 1; }
    return;
}
int sum(int n, ...);
