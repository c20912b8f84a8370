// Designated initializers for arrays and structs, nested designators, partial initialization zero-fills.
#include <stdio.h>

struct config {
    const char *name;
    int width, height;
    int flags[4];
    struct { int r, g, b; } color;
};

int main(void) {
    int a[10] = {[2] = 5, [7] = 9, [0] = 1};
    for (int i = 0; i < 10; i++)
        printf("%d ", a[i]);
    printf("\n");
    int b[] = {[4] = 1, 2, 3};
    printf("b has %zu: ", sizeof b / sizeof b[0]);
    for (unsigned i = 0; i < sizeof b / sizeof b[0]; i++)
        printf("%d ", b[i]);
    printf("\n");
    struct config c = {.height = 480, .name = "vga", .color = {.g = 255}, .flags = {[3] = 1}};
    printf("%s %d %d [%d %d %d %d] (%d %d %d)\n", c.name, c.width, c.height, c.flags[0], c.flags[1], c.flags[2], c.flags[3], c.color.r, c.color.g, c.color.b);
    struct config d = {"svga", 800, 600, {1, 2}, {1, 2, 3}};
    printf("%s %dx%d %d %d %d\n", d.name, d.width, d.height, d.flags[1], d.flags[2], d.color.b);
    struct config e = {0};
    printf("%s %d %d\n", e.name == NULL ? "null" : e.name, e.width, e.color.b);
    struct point { int x, y; } pts[3] = {[1] = {.y = 4}, [2].x = 7};
    for (int i = 0; i < 3; i++)
        printf("(%d,%d)", pts[i].x, pts[i].y);
    printf("\n");
    char s[8] = {[1] = 'h', 'i'};
    printf("%d %s\n", s[0], s + 1);
    return 0;
}
