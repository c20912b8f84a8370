// _Bool as an operand and a target: ++ and -- on bool, compound assignment into bool, bool parameters and returns convert.
#include <stdio.h>
#include <stdbool.h>

bool truthy(int x) { return x; }
int as_int(bool b) { return b; }

int main(void) {
    bool b = false;
    b++;
    printf("false++ -> %d\n", b);
    b++;
    printf("true++ -> %d\n", b);
    b--;
    printf("true-- -> %d\n", b);
    b--;
    printf("false-- -> %d\n", b);
    bool c = true;
    bool old = c--;
    printf("c-- gave %d, c now %d\n", old, c);
    old = --c;
    printf("--c gave %d\n", old);
    bool d = true;
    d += 2;
    printf("true += 2 -> %d\n", d);
    d &= 2;
    printf("true &= 2 -> %d\n", d);
    d |= 4;
    printf("false |= 4 -> %d\n", d);
    d *= 0;
    printf("*= 0 -> %d\n", d);
    d = 1;
    d -= 1;
    printf("1 -= 1 -> %d\n", d);
    d = 0;
    d -= 1;
    printf("0 -= 1 -> %d\n", d);
    printf("truthy(256) = %d, truthy(-1) = %d, truthy(0) = %d\n", truthy(256), truthy(-1), truthy(0));
    printf("as_int(7) = %d, as_int(512) = %d\n", as_int(7), as_int(512));
    bool flags[3] = {5, 0, -5};
    printf("%d %d %d\n", flags[0], flags[1], flags[2]);
    bool *pb = &flags[1];
    *pb = 3;
    (*pb)++;
    printf("%d %d\n", flags[1], flags[0] + flags[1] + flags[2]);
    return 0;
}
