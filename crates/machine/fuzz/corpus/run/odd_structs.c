// Structs whose size is not a multiple of 4 (3, 6, 10 bytes) passed and returned by value among other arguments.
#include <stdio.h>

struct rgb { unsigned char r, g, b; };
struct s6 { short a, b, c; };
struct s10 { char name[10]; };

struct rgb mix(struct rgb x, char weight, struct rgb y) {
    struct rgb m;
    m.r = (x.r * weight + y.r * (4 - weight)) / 4;
    m.g = (x.g * weight + y.g * (4 - weight)) / 4;
    m.b = (x.b * weight + y.b * (4 - weight)) / 4;
    return m;
}

struct s6 rotate(struct s6 v, short extra) {
    struct s6 r = {v.b, v.c, (short)(v.a + extra)};
    return r;
}

struct s10 label(char c, struct s10 base, int n) {
    base.name[0] = c;
    base.name[1] = '0' + n;
    return base;
}

int main(void) {
    struct rgb red = {255, 0, 0}, blue = {0, 0, 255};
    for (char w = 0; w <= 4; w += 2) {
        struct rgb m = mix(red, w, blue);
        printf("#%02x%02x%02x\n", m.r, m.g, m.b);
    }
    struct s6 v = {1, 2, 3};
    for (int i = 0; i < 3; i++) {
        v = rotate(v, 10);
        printf("%d %d %d\n", v.a, v.b, v.c);
    }
    struct s10 base = {"__tail"};
    struct s10 l = label('x', base, 7);
    printf("%s %s %zu %zu %zu\n", l.name, base.name, sizeof(struct rgb), sizeof(struct s6), sizeof(struct s10));
    struct rgb arr[3] = {{1, 2, 3}, {4, 5, 6}, {7, 8, 9}};
    int sum = 0;
    for (int i = 0; i < 3; i++)
        sum += arr[i].r + arr[i].g + arr[i].b;
    printf("sum %d, bytes %zu\n", sum, sizeof arr);
    return 0;
}
