// A lost list (one block definitely lost, two indirectly) and a block a global keeps.
#include <stdlib.h>

struct node {
    int value;
    struct node *next;
};

struct node *kept;

int main(void) {
    struct node *head = malloc(sizeof *head);
    head->next = malloc(sizeof *head);
    head->next->next = malloc(sizeof *head);
    head->next->next->next = NULL;
    kept = malloc(sizeof *kept);
    kept->next = NULL;
    head = NULL;
    return 0;
}
