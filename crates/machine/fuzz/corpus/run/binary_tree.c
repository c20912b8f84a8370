// A binary search tree: insert, in-order, pre-order, height, count, min/max, find, and freeing recursively.
#include <stdio.h>
#include <stdlib.h>

typedef struct tree {
    int key;
    int count;
    struct tree *left, *right;
} tree;

tree *insert(tree *t, int key) {
    if (!t) {
        t = calloc(1, sizeof *t);
        t->key = key;
        t->count = 1;
    } else if (key < t->key)
        t->left = insert(t->left, key);
    else if (key > t->key)
        t->right = insert(t->right, key);
    else
        t->count++;
    return t;
}

void inorder(const tree *t) {
    if (!t)
        return;
    inorder(t->left);
    printf("%d", t->key);
    if (t->count > 1)
        printf("x%d", t->count);
    printf(" ");
    inorder(t->right);
}

void preorder(const tree *t) {
    if (!t) {
        printf(". ");
        return;
    }
    printf("%d ", t->key);
    preorder(t->left);
    preorder(t->right);
}

int height(const tree *t) {
    if (!t)
        return 0;
    int l = height(t->left), r = height(t->right);
    return 1 + (l > r ? l : r);
}

int size(const tree *t) { return t ? size(t->left) + 1 + size(t->right) : 0; }

const tree *find(const tree *t, int key) {
    while (t && t->key != key)
        t = key < t->key ? t->left : t->right;
    return t;
}

void destroy(tree *t) {
    if (!t)
        return;
    destroy(t->left);
    destroy(t->right);
    free(t);
}

int main(void) {
    tree *root = NULL;
    int keys[] = {50, 30, 70, 20, 40, 60, 80, 30, 65, 20, 20, 10};
    for (int i = 0; i < 12; i++)
        root = insert(root, keys[i]);
    inorder(root);
    printf("\n");
    preorder(root);
    printf("\n");
    printf("height %d size %d\n", height(root), size(root));
    const tree *lo = root, *hi = root;
    while (lo->left)
        lo = lo->left;
    while (hi->right)
        hi = hi->right;
    printf("min %d max %d\n", lo->key, hi->key);
    int probes[] = {65, 66, 10};
    for (int i = 0; i < 3; i++) {
        const tree *f = find(root, probes[i]);
        printf("find %d: %s\n", probes[i], f ? "yes" : "no");
    }
    destroy(root);
    return 0;
}
