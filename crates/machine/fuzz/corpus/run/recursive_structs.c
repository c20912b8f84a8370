// Recursion with structs: an expression tree built on the heap and evaluated, printed and freed recursively.
#include <stdio.h>
#include <stdlib.h>

struct expr {
    char op;
    int value;
    struct expr *left, *right;
};

struct expr *num(int v) {
    struct expr *e = malloc(sizeof *e);
    e->op = 0;
    e->value = v;
    e->left = e->right = NULL;
    return e;
}

struct expr *node(char op, struct expr *l, struct expr *r) {
    struct expr *e = malloc(sizeof *e);
    e->op = op;
    e->value = 0;
    e->left = l;
    e->right = r;
    return e;
}

int eval(const struct expr *e) {
    switch (e->op) {
    case '+': return eval(e->left) + eval(e->right);
    case '-': return eval(e->left) - eval(e->right);
    case '*': return eval(e->left) * eval(e->right);
    case '/': return eval(e->left) / eval(e->right);
    default: return e->value;
    }
}

void print(const struct expr *e) {
    if (!e->op) {
        printf("%d", e->value);
        return;
    }
    printf("(");
    print(e->left);
    printf(" %c ", e->op);
    print(e->right);
    printf(")");
}

int count(const struct expr *e) { return e ? 1 + count(e->left) + count(e->right) : 0; }

void destroy(struct expr *e) {
    if (e) {
        destroy(e->left);
        destroy(e->right);
        free(e);
    }
}

int main(void) {
    struct expr *e = node('*', node('+', num(2), num(3)), node('-', num(10), node('/', num(9), num(3))));
    print(e);
    printf(" = %d (%d nodes)\n", eval(e), count(e));
    struct expr *sum = num(0);
    for (int i = 1; i <= 5; i++)
        sum = node('+', sum, num(i * i));
    print(sum);
    printf(" = %d\n", eval(sum));
    destroy(e);
    destroy(sum);
    return 0;
}
