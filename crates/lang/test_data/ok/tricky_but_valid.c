#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct node node;
struct node {
    int value;
    node *next;
};

typedef int (*binary)(int, int);

struct command {
    const char *name;
    binary run;
};

enum { SLOTS = 4 };

static int plus(int a, int b) { return a + b; }
static int minus(int a, int b) { return a - b; }

static const struct command commands[] = {
    { "plus", plus },
    { .name = "minus", .run = minus },
};

static int table[SLOTS];
static int (*row_of(int (*grid)[3], int i))[3] { return grid + i; }

struct pair { int a, b; };
struct pair swap(struct pair p) {
    struct pair q = { p.b, p.a };
    return q;
}

struct box { struct pair inner; int tag[2]; };

size_t count_chars(const char *s, char c) {
    size_t n = 0;
    while (*s)
        if (*s++ == c)
            n++;
    return n;
}

int main(int argc, char **argv) {
    int a, *b, c[3];
    int grid[2][3] = { { 1, 2, 3 }, { 4, 5, 6 } };
    int (*second)[3] = row_of(grid, 1);
    int (*whole)[2][3] = &grid;
    char buf[10] = { 0 };
    const char *greeting = "hel" "lo";
    unsigned char byte = 255;
    struct pair p = { 1, 2 };
    struct box box = { .inner.b = 7, .tag[1] = 3 };
    node last = { 3, NULL };
    node first = { 1, &last };
    node *walk;
    void (*callback)(void) = (void (*)(void))0;
    void *raw = malloc(8);
    int *ints = raw;
    typedef int T;
    a = c[0] = c[1] = c[2] = 0;
    b = &a;
    byte++;
    p = swap(p);
    {
        int T = 3;
        T++;
        a += T;
    }
    for (int i = 0, j = 10; i < j; i++, j--) {
        switch (i % 3) {
        case 0: {
            int y = i * 2;
            a += y;
            break;
        }
        case 1:
            a -= 1;
            /* fall through */
        default:
            continue;
        }
    }
    do {
        a++;
    } while (0);
    for (walk = &first; walk != NULL; walk = walk->next)
        a += walk->value;
    if (!callback && raw && argc > 0 && argv[0] != 0)
        ints[0] = (*second)[2] + (*whole)[0][1] + *&a;
    strcpy(buf, greeting);
    table[SLOTS - 1] = commands[1].run(5, 3) + (*commands[0].run)(1, 1);
    printf("%d %d %d %s %u %d %d %d %zu %d\n", a, *b, p.a, buf, byte, box.inner.b, box.tag[1],
           table[3], count_chars(greeting, 'l'), (int)(sizeof grid / sizeof grid[0]));
    free(raw);
    return p.a < p.b ? 0 : 1;
}
