// A binary min-heap in a growable heap-allocated array of structs: push, pop in order, heapsort of tasks by priority.
#include <stdio.h>
#include <stdlib.h>

struct task {
    int priority;
    char name[12];
};

struct pq {
    struct task *items;
    int size, cap;
};

void swap(struct task *a, struct task *b) {
    struct task t = *a;
    *a = *b;
    *b = t;
}

void push(struct pq *q, int priority, const char *name) {
    if (q->size == q->cap) {
        q->cap = q->cap ? q->cap * 2 : 2;
        q->items = realloc(q->items, q->cap * sizeof(struct task));
    }
    int i = q->size++;
    q->items[i].priority = priority;
    int k = 0;
    while (name[k] && k < 11) {
        q->items[i].name[k] = name[k];
        k++;
    }
    q->items[i].name[k] = '\0';
    while (i > 0 && q->items[(i - 1) / 2].priority > q->items[i].priority) {
        swap(&q->items[(i - 1) / 2], &q->items[i]);
        i = (i - 1) / 2;
    }
}

struct task pop(struct pq *q) {
    struct task top = q->items[0];
    q->items[0] = q->items[--q->size];
    int i = 0;
    for (;;) {
        int l = 2 * i + 1, r = l + 1, m = i;
        if (l < q->size && q->items[l].priority < q->items[m].priority)
            m = l;
        if (r < q->size && q->items[r].priority < q->items[m].priority)
            m = r;
        if (m == i)
            break;
        swap(&q->items[i], &q->items[m]);
        i = m;
    }
    return top;
}

int main(void) {
    struct pq q = {NULL, 0, 0};
    const char *names[] = {"write", "test", "deploy", "review", "plan", "fix", "celebrate"};
    int prios[] = {3, 4, 6, 5, 1, 2, 7};
    for (int i = 0; i < 7; i++)
        push(&q, prios[i], names[i]);
    printf("size %d cap %d root %s\n", q.size, q.cap, q.items[0].name);
    while (q.size > 0) {
        struct task t = pop(&q);
        printf("%d %s\n", t.priority, t.name);
    }
    free(q.items);
    return 0;
}
