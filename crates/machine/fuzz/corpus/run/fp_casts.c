// Function pointers through void-returning and generic types: casting back to the right type before calling, NULL tables, callbacks with context.
#include <stdio.h>

typedef void (*generic_fn)(void);
typedef int (*int_fn)(int);
typedef int (*pair_fn)(int, int);

int negate(int x) { return -x; }
int add(int a, int b) { return a + b; }

struct handler {
    const char *name;
    generic_fn fn;
    int arity;
};

int call(const struct handler *h, int a, int b) {
    if (h->fn == NULL)
        return 0;
    if (h->arity == 1)
        return ((int_fn)h->fn)(a);
    return ((pair_fn)h->fn)(a, b);
}

struct context { int total; };
void visit(void *ctx, int v) { ((struct context *)ctx)->total += v; }
void each(const int *v, int n, void (*cb)(void *, int), void *ctx) {
    for (int i = 0; i < n; i++)
        cb(ctx, v[i]);
}

int main(void) {
    struct handler handlers[] = {
        {"negate", (generic_fn)negate, 1},
        {"add", (generic_fn)add, 2},
        {"none", NULL, 0},
    };
    for (int i = 0; i < 3; i++)
        printf("%s -> %d\n", handlers[i].name, call(&handlers[i], 20, 22));
    struct context ctx = {0};
    int values[] = {5, 10, 20};
    each(values, 3, visit, &ctx);
    printf("total %d\n", ctx.total);
    int_fn f = (int_fn)(generic_fn)negate;
    printf("%d\n", f(9));
    return 0;
}
