// Structs passed and returned by value: copies are independent, nested returns, assignment from calls.
#include <stdio.h>

struct point { int x, y; };
struct rect { struct point min, max; };
struct big { int a[8]; char tag; };

struct point make(int x, int y) {
    struct point p = {x, y};
    return p;
}

struct point add(struct point a, struct point b) {
    a.x += b.x;
    a.y += b.y;
    return a;
}

int area(struct rect r) { return (r.max.x - r.min.x) * (r.max.y - r.min.y); }

struct rect grow(struct rect r, int by) {
    r.min.x -= by;
    r.min.y -= by;
    r.max.x += by;
    r.max.y += by;
    return r;
}

struct big fill(char tag) {
    struct big b;
    for (int i = 0; i < 8; i++)
        b.a[i] = i * i;
    b.tag = tag;
    return b;
}

void modify(struct big b) {
    b.a[0] = 1000;
    b.tag = '!';
}

int main(void) {
    struct point p = make(1, 2);
    struct point q = add(p, make(10, 20));
    printf("p=(%d,%d) q=(%d,%d)\n", p.x, p.y, q.x, q.y);
    struct rect r = {{0, 0}, {3, 4}};
    printf("area %d\n", area(r));
    struct rect g = grow(r, 1);
    printf("grown (%d,%d)-(%d,%d) area %d, original area %d\n", g.min.x, g.min.y, g.max.x, g.max.y, area(g), area(r));
    printf("chained %d\n", add(add(p, p), add(q, q)).x);
    printf("field of call %d\n", make(7, 8).y);
    struct big b = fill('b');
    modify(b);
    printf("%d %d %c\n", b.a[0], b.a[7], b.tag);
    struct big c;
    c = b;
    c.a[7] = -1;
    printf("%d %d\n", b.a[7], c.a[7]);
    struct point pts[3];
    for (int i = 0; i < 3; i++)
        pts[i] = make(i, -i);
    struct point sum = {0, 0};
    for (int i = 0; i < 3; i++)
        sum = add(sum, pts[i]);
    printf("sum (%d,%d)\n", sum.x, sum.y);
    return 0;
}
