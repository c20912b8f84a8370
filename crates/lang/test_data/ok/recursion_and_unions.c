#include <stdio.h>

enum shape_kind { CIRCLE, SQUARE, TRIANGLE };

union payload {
    int radius;
    int side;
    unsigned char bytes[4];
};

struct shape {
    enum shape_kind kind;
    union payload data;
    struct shape *next;
};

unsigned long factorial(unsigned n) {
    return n <= 1 ? 1 : n * factorial(n - 1);
}

int depth(const struct shape *s) {
    if (!s)
        return 0;
    return 1 + depth(s->next);
}

const char *kind_name(enum shape_kind kind) {
    switch (kind) {
    case CIRCLE:
        return "circle";
    case SQUARE:
        return "square";
    default:
        return "other";
    }
}

int main(void) {
    struct shape c = { CIRCLE, { 5 }, 0 };
    struct shape s = { .kind = SQUARE, .data.side = 3, .next = &c };
    struct shape *p = &s;
    struct shape **pp = &p;
    int grid[3][4];
    int (*row)[4] = grid;
    int *cell = &grid[1][2];
    unsigned short word = 0xBEEF;
    char letters[] = "abc";
    (*pp)->data.bytes[0] ^= 0xFF;
    row[1][2] = 7;
    *cell += 1;
    word >>= 4;
    letters[0] = letters[0] - 'a' + 'A';
    printf("%s %d %lu %d %x %s %d\n", kind_name((*pp)->kind), depth(p), factorial(10),
           grid[1][2], word, letters, (int)(cell - &grid[0][0]));
    return 0;
}
