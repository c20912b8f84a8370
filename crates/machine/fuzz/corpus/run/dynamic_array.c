// A growable int vector on the heap: realloc doubling, push/pop, insert/remove with memmove, shrink to fit.
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct {
    int *data;
    size_t len, cap;
} vec;

void push(vec *v, int x) {
    if (v->len == v->cap) {
        v->cap = v->cap ? v->cap * 2 : 1;
        v->data = realloc(v->data, v->cap * sizeof *v->data);
        printf("grow to %zu\n", v->cap);
    }
    v->data[v->len++] = x;
}

int pop(vec *v) { return v->data[--v->len]; }

void insert(vec *v, size_t at, int x) {
    push(v, 0);
    memmove(v->data + at + 1, v->data + at, (v->len - 1 - at) * sizeof(int));
    v->data[at] = x;
}

void remove_at(vec *v, size_t at) {
    memmove(v->data + at, v->data + at + 1, (v->len - at - 1) * sizeof(int));
    v->len--;
}

void print(const vec *v) {
    printf("len %zu cap %zu:", v->len, v->cap);
    for (size_t i = 0; i < v->len; i++)
        printf(" %d", v->data[i]);
    printf("\n");
}

int main(void) {
    vec v = {NULL, 0, 0};
    for (int i = 0; i < 10; i++)
        push(&v, i * i);
    print(&v);
    int last = pop(&v);
    int before = pop(&v);
    printf("pop %d %d\n", last, before);
    insert(&v, 0, -1);
    insert(&v, 4, -4);
    print(&v);
    remove_at(&v, 1);
    remove_at(&v, v.len - 1);
    print(&v);
    v.cap = v.len;
    v.data = realloc(v.data, v.cap * sizeof(int));
    print(&v);
    long sum = 0;
    for (size_t i = 0; i < v.len; i++)
        sum += v.data[i];
    printf("sum %ld\n", sum);
    free(v.data);
    int *p = realloc(NULL, 4 * sizeof(int));
    for (int i = 0; i < 4; i++)
        p[i] = i + 1;
    p = realloc(p, 1000 * sizeof(int));
    printf("kept %d %d %d %d\n", p[0], p[1], p[2], p[3]);
    p = realloc(p, 2 * sizeof(int));
    printf("shrunk %d %d\n", p[0], p[1]);
    free(p);
    return 0;
}
