// A singly linked list on the heap: append with a tail pointer, insert sorted, delete by value, reverse, free.
#include <stdio.h>
#include <stdlib.h>

struct node {
    int value;
    struct node *next;
};

struct node *new_node(int value) {
    struct node *n = malloc(sizeof(struct node));
    n->value = value;
    n->next = NULL;
    return n;
}

void insert_sorted(struct node **head, int value) {
    struct node **at = head;
    while (*at && (*at)->value < value)
        at = &(*at)->next;
    struct node *n = new_node(value);
    n->next = *at;
    *at = n;
}

int remove_value(struct node **head, int value) {
    for (struct node **at = head; *at; at = &(*at)->next) {
        if ((*at)->value == value) {
            struct node *dead = *at;
            *at = dead->next;
            free(dead);
            return 1;
        }
    }
    return 0;
}

struct node *reverse(struct node *head) {
    struct node *prev = NULL;
    while (head) {
        struct node *next = head->next;
        head->next = prev;
        prev = head;
        head = next;
    }
    return prev;
}

void print(const struct node *n) {
    printf("[");
    for (; n; n = n->next)
        printf("%d%s", n->value, n->next ? ", " : "");
    printf("]\n");
}

int length(const struct node *n) { return n ? 1 + length(n->next) : 0; }

void free_list(struct node *n) {
    while (n) {
        struct node *next = n->next;
        free(n);
        n = next;
    }
}

int main(void) {
    struct node *list = NULL;
    int values[] = {5, 1, 9, 3, 7, 3, 0};
    for (int i = 0; i < 7; i++)
        insert_sorted(&list, values[i]);
    print(list);
    printf("removed 3: %d, removed 4: %d\n", remove_value(&list, 3), remove_value(&list, 4));
    printf("removed 0: %d\n", remove_value(&list, 0));
    print(list);
    list = reverse(list);
    print(list);
    printf("length %d\n", length(list));
    struct node *head = NULL, *tail = NULL;
    for (int i = 1; i <= 4; i++) {
        struct node *n = new_node(i * 11);
        if (tail)
            tail->next = n;
        else
            head = n;
        tail = n;
    }
    print(head);
    free_list(head);
    free_list(list);
    return 0;
}
