// Structs by value, nested structs, a union over an int, enums and designated initializers.
#include <stdio.h>

struct point {
    int x, y;
};

struct rect {
    struct point min, max;
    char label[8];
};

union word {
    unsigned value;
    unsigned char bytes[4];
};

enum colour { RED, GREEN = 5, BLUE };

struct point add(struct point a, struct point b) {
    struct point sum = { a.x + b.x, a.y + b.y };
    return sum;
}

int area(const struct rect *r) {
    return (r->max.x - r->min.x) * (r->max.y - r->min.y);
}

int main(void) {
    struct point p = { 1, 2 }, q = { .y = 10, .x = 20 };
    struct point s = add(p, q);
    printf("%d %d\n", s.x, s.y);
    struct rect r = { { 0, 0 }, { 4, 5 }, "box" };
    struct rect copy = r;
    copy.max.x = 10;
    printf("%d %d %s\n", area(&r), area(&copy), copy.label);
    union word w;
    w.value = 0x11223344;
    printf("%x %x %u\n", w.bytes[0], w.bytes[3], (unsigned)sizeof(union word));
    enum colour c = BLUE;
    printf("%d %d %d\n", RED, GREEN, c);
    struct point pts[3] = { { 1, 1 }, { 2, 4 }, { 3, 9 } };
    int total = 0;
    for (int i = 0; i < 3; i++)
        total += pts[i].y;
    printf("%d %u %u\n", total, (unsigned)sizeof pts, (unsigned)sizeof(struct rect));
    return 0;
}
