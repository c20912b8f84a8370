// malloc/free of a linked list, realloc doubling of an array, calloc zeroing, and rand after srand.
#include <stdio.h>
#include <stdlib.h>

struct node {
    int value;
    struct node *next;
};

struct node *push(struct node *head, int value) {
    struct node *n = malloc(sizeof *n);
    n->value = value;
    n->next = head;
    return n;
}

int main(void) {
    struct node *list = NULL;
    for (int i = 1; i <= 5; i++)
        list = push(list, i * i);
    int sum = 0;
    for (struct node *n = list; n; n = n->next)
        sum += n->value;
    printf("sum %d\n", sum);
    while (list) {
        struct node *next = list->next;
        free(list);
        list = next;
    }
    int *v = NULL;
    int cap = 0;
    for (int i = 0; i < 100; i++) {
        if (i == cap) {
            cap = cap ? cap * 2 : 4;
            v = realloc(v, cap * sizeof *v);
        }
        v[i] = i;
    }
    long total = 0;
    for (int i = 0; i < 100; i++)
        total += v[i];
    printf("cap %d total %ld\n", cap, total);
    free(v);
    int *zeros = calloc(10, sizeof(int));
    printf("%d\n", zeros[9]);
    free(zeros);
    srand(7);
    int a = rand() % 100, b = rand() % 100;
    printf("%d %d\n", a, b);
    return 0;
}
