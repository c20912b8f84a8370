// Structs holding function pointers (an object with methods), called as p->op(p, ...), and a dispatch table of shapes.
#include <stdio.h>

struct counter {
    int value;
    int step;
    void (*advance)(struct counter *);
    int (*read)(const struct counter *);
};

void add_step(struct counter *c) { c->value += c->step; }
void double_it(struct counter *c) { c->value *= 2; }
int read_value(const struct counter *c) { return c->value; }
int read_negated(const struct counter *c) { return -c->value; }

enum shape_kind { SQUARE, RECT, TRI };
struct shape {
    enum shape_kind kind;
    int w, h;
};

int area_square(struct shape s) { return s.w * s.w; }
int area_rect(struct shape s) { return s.w * s.h; }
int area_tri(struct shape s) { return s.w * s.h / 2; }

int (*const area_of[])(struct shape) = {area_square, area_rect, area_tri};
const char *const names[] = {"square", "rect", "tri"};

int main(void) {
    struct counter cs[3] = {
        {1, 3, add_step, read_value},
        {1, 0, double_it, read_value},
        {5, 5, add_step, read_negated},
    };
    for (int round = 0; round < 4; round++)
        for (int i = 0; i < 3; i++)
            cs[i].advance(&cs[i]);
    for (int i = 0; i < 3; i++)
        printf("counter %d reads %d\n", i, cs[i].read(&cs[i]));
    struct counter *p = &cs[1];
    p->advance = add_step;
    p->step = 100;
    p->advance(p);
    printf("%d\n", (*p->read)(p));
    struct shape shapes[] = {{SQUARE, 4, 0}, {RECT, 3, 5}, {TRI, 6, 3}, {RECT, 2, 2}};
    int total = 0;
    for (int i = 0; i < 4; i++) {
        int a = area_of[shapes[i].kind](shapes[i]);
        printf("%-6s %3d\n", names[shapes[i].kind], a);
        total += a;
    }
    printf("total %d\n", total);
    return 0;
}
