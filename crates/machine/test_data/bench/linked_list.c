// Benchmark: linked lists on the heap (sorted insertion of pseudo-random keys, traversals,
// in-place reversal, freeing every node), ending in a checksum.
#include <stdio.h>
#include <stdlib.h>

#define NODES 3000

struct node {
    unsigned key;
    struct node *next;
};

struct node *insert_sorted(struct node *head, struct node *fresh) {
    if (head == NULL || fresh->key < head->key) {
        fresh->next = head;
        return fresh;
    }
    struct node *at = head;
    while (at->next != NULL && at->next->key <= fresh->key) {
        at = at->next;
    }
    fresh->next = at->next;
    at->next = fresh;
    return head;
}

struct node *reverse(struct node *head) {
    struct node *done = NULL;
    while (head != NULL) {
        struct node *next = head->next;
        head->next = done;
        done = head;
        head = next;
    }
    return done;
}

int main(void) {
    struct node *head = NULL;
    unsigned seed = 2024u;
    for (int i = 0; i < NODES; i++) {
        struct node *fresh = malloc(sizeof *fresh);
        if (fresh == NULL) {
            return 1;
        }
        seed = seed * 1664525u + 1013904223u;
        fresh->key = seed >> 12;
        fresh->next = NULL;
        head = insert_sorted(head, fresh);
    }
    unsigned checksum = 0;
    for (int pass = 0; pass < 20; pass++) {
        head = reverse(head);
        unsigned position = 0;
        for (struct node *at = head; at != NULL; at = at->next) {
            checksum = checksum * 17u + at->key + position;
            position++;
        }
    }
    unsigned freed = 0;
    while (head != NULL) {
        struct node *next = head->next;
        free(head);
        freed++;
        head = next;
    }
    printf("nodes freed: %u\n", freed);
    printf("checksum: %u\n", checksum);
    return 0;
}
