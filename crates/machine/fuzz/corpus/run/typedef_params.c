// typedef'd arrays as parameters (they decay), enums as parameters and results, and a function returning a function pointer by typedef.
#include <stdio.h>

typedef int vec3[3];
typedef enum { NORTH, EAST, SOUTH, WEST } heading;
typedef int (*step_fn)(int);

int dot(const vec3 a, const vec3 b) { return a[0] * b[0] + a[1] * b[1] + a[2] * b[2]; }
void scale(vec3 v, int k) {
    for (int i = 0; i < 3; i++)
        v[i] *= k;
}

heading turn(heading h, int right) { return (heading)((h + (right ? 1 : 3)) % 4); }
const char *name(heading h) {
    static const char *const names[] = {"north", "east", "south", "west"};
    return names[h];
}

int inc(int x) { return x + 1; }
int dec(int x) { return x - 1; }
step_fn choose(heading h) { return h == NORTH || h == EAST ? inc : dec; }

int main(void) {
    vec3 a = {1, 2, 3}, b = {4, -5, 6};
    printf("%d\n", dot(a, b));
    scale(a, 10);
    printf("%d %d %d %zu\n", a[0], a[1], a[2], sizeof(vec3));
    heading h = NORTH;
    int pos = 0;
    const char *moves = "RRLRRRL";
    for (const char *m = moves; *m; m++) {
        h = turn(h, *m == 'R');
        pos = choose(h)(pos);
        printf("%s %d\n", name(h), pos);
    }
    return 0;
}
