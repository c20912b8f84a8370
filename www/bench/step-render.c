#include <stdlib.h>

struct node {
    struct node *next;
    int value;
};

struct node *head = 0;

int deep(int n) {
    if (n == 0) {
        int x = 0;
        x = x + 1;
        x = x + 2;
        x = x + 3;
        return x;
    }
    return deep(n - 1) + 1;
}

int main(void) {
    for (int i = 0; i < 1000; i++) {
        struct node *cell = malloc(sizeof(struct node));
        cell->value = i;
        cell->next = head;
        head = cell;
    }
    return deep(100) > 0 ? 0 : 1;
}
