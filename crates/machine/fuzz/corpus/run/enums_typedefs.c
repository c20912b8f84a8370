// Enums with explicit and implicit values, enum in switch, typedef of structs, pointers and function types.
#include <stdio.h>

enum weekday { MON = 1, TUE, WED, THU, FRI, SAT = 10, SUN };
enum { ZERO, ONE, TWO, LIMIT = TWO * 5 };
typedef enum { LOW = -1, MID, HIGH } level;
typedef unsigned int uint;
typedef struct node { int v; struct node *next; } node_t;
typedef node_t *link;
typedef int (*binop)(int, int);
typedef char name_t[8];

int add(int a, int b) { return a + b; }
int mul(int a, int b) { return a * b; }

const char *day_kind(enum weekday d) {
    switch (d) {
    case SAT:
    case SUN:
        return "weekend";
    default:
        return "weekday";
    }
}

int main(void) {
    printf("%d %d %d %d %d %d %d\n", MON, TUE, WED, THU, FRI, SAT, SUN);
    printf("%d %d %d %d\n", ZERO, ONE, TWO, LIMIT);
    level l = HIGH;
    printf("%d %d %d\n", LOW, MID, l);
    for (enum weekday d = FRI; d <= SUN; d++)
        if (d == FRI || d >= SAT)
            printf("%d:%s ", d, day_kind(d));
    printf("\n");
    uint u = 3000000000u;
    printf("%u\n", u);
    node_t b = {2, NULL};
    node_t a = {1, &b};
    link p = &a;
    int sum = 0;
    for (; p; p = p->next)
        sum += p->v;
    printf("sum %d\n", sum);
    binop ops[] = {add, mul};
    printf("%d %d\n", ops[0](6, 7), ops[1](6, 7));
    name_t n = "typed";
    printf("%s %zu\n", n, sizeof(name_t));
    enum weekday today = WED;
    today++;
    printf("today %d sizeof %zu\n", today, sizeof today);
    int arr[LIMIT];
    printf("arr has %zu\n", sizeof arr / sizeof arr[0]);
    return 0;
}
