#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <assert.h>
#include <unistd.h>
#include <pthread.h>

typedef struct node {
    int key;
    struct node *left, *right;
} node;

node *insert(node *root, int key) {
    if (!root) {
        node *n = calloc(1, sizeof *n);
        assert(n != NULL);
        n->key = key;
        return n;
    }
    if (key < root->key)
        root->left = insert(root->left, key);
    else
        root->right = insert(root->right, key);
    return root;
}

void release(node **slot) {
    if (*slot == NULL) return;
    release(&(*slot)->left);
    release(&(*slot)->right);
    free(*slot);
    *slot = NULL;
}

pthread_mutex_t lock;
int counter;

void *worker(void *arg) {
    int n = *(int *)arg;
    for (int i = 0; i < n; i++) {
        pthread_mutex_lock(&lock);
        counter++;
        pthread_mutex_unlock(&lock);
    }
    return NULL;
}

int main(void) {
    node *root = NULL;
    char *copy = strdup("hello");
    char buf[16];
    int n = 100;
    pthread_t t1, t2;
    size_t len = strlen(copy);
    for (int i = 0; i < 8; i++)
        root = insert(root, (i * 37) % 11);
    strncpy(buf, copy, sizeof buf - 1);
    buf[sizeof buf - 1] = '\0';
    copy = realloc(copy, len * 2 + 1);
    strcat(copy, buf);
    pthread_mutex_init(&lock, NULL);
    pthread_create(&t1, NULL, worker, &n);
    pthread_create(&t2, NULL, worker, &n);
    pthread_join(t1, NULL);
    pthread_join(t2, NULL);
    sbrk(4096);
    printf("%s %zu %d\n", copy, len, counter);
    release(&root);
    free(copy);
    return 0;
}
