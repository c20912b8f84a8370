// A doubly linked list with a sentinel node: push both ends, pop, walk both directions, a queue and a stack.
#include <stdio.h>
#include <stdlib.h>

struct item {
    int key;
    struct item *prev, *next;
};

struct deque {
    struct item sentinel;
    int size;
};

void init(struct deque *d) {
    d->sentinel.prev = d->sentinel.next = &d->sentinel;
    d->size = 0;
}

void link_after(struct deque *d, struct item *at, int key) {
    struct item *n = malloc(sizeof *n);
    n->key = key;
    n->prev = at;
    n->next = at->next;
    at->next->prev = n;
    at->next = n;
    d->size++;
}

int unlink_item(struct deque *d, struct item *n) {
    int key = n->key;
    n->prev->next = n->next;
    n->next->prev = n->prev;
    free(n);
    d->size--;
    return key;
}

void push_front(struct deque *d, int key) { link_after(d, &d->sentinel, key); }
void push_back(struct deque *d, int key) { link_after(d, d->sentinel.prev, key); }
int pop_front(struct deque *d) { return unlink_item(d, d->sentinel.next); }
int pop_back(struct deque *d) { return unlink_item(d, d->sentinel.prev); }

void show(struct deque *d) {
    printf("(%d)", d->size);
    for (struct item *i = d->sentinel.next; i != &d->sentinel; i = i->next)
        printf(" %d", i->key);
    printf(" |");
    for (struct item *i = d->sentinel.prev; i != &d->sentinel; i = i->prev)
        printf(" %d", i->key);
    printf("\n");
}

int main(void) {
    struct deque d;
    init(&d);
    for (int i = 1; i <= 3; i++) {
        push_back(&d, i);
        push_front(&d, -i);
    }
    show(&d);
    printf("pop front %d, pop back %d\n", pop_front(&d), pop_back(&d));
    show(&d);
    while (d.size > 1)
        printf("%d ", pop_back(&d));
    printf("\n");
    show(&d);
    pop_front(&d);
    show(&d);
    printf("empty: %d\n", d.sentinel.next == &d.sentinel);
    return 0;
}
