// An array stack (balanced brackets, postfix evaluation) and a circular queue with wrap-around indices.
#include <stdio.h>

#define CAP 16

char stack[CAP];
int top;

int balanced(const char *s) {
    top = 0;
    for (; *s; s++) {
        char c = *s;
        if (c == '(' || c == '[' || c == '{') {
            stack[top++] = c;
        } else if (c == ')' || c == ']' || c == '}') {
            if (top == 0)
                return 0;
            char open = stack[--top];
            if ((c == ')' && open != '(') || (c == ']' && open != '[') || (c == '}' && open != '{'))
                return 0;
        }
    }
    return top == 0;
}

int postfix(const char *s) {
    int values[CAP], n = 0;
    for (; *s; s++) {
        if (*s >= '0' && *s <= '9')
            values[n++] = *s - '0';
        else if (*s != ' ') {
            int b = values[--n], a = values[--n];
            switch (*s) {
            case '+': values[n++] = a + b; break;
            case '-': values[n++] = a - b; break;
            case '*': values[n++] = a * b; break;
            case '/': values[n++] = a / b; break;
            }
        }
    }
    return values[0];
}

struct queue {
    int items[4];
    int head, count;
};

int enqueue(struct queue *q, int v) {
    if (q->count == 4)
        return 0;
    q->items[(q->head + q->count++) % 4] = v;
    return 1;
}

int dequeue(struct queue *q) {
    int v = q->items[q->head];
    q->head = (q->head + 1) % 4;
    q->count--;
    return v;
}

int main(void) {
    const char *tests[] = {"([]{})", "([)]", "((", "", "{[()()]}", ")("};
    for (int i = 0; i < 6; i++)
        printf("'%s' %s\n", tests[i], balanced(tests[i]) ? "balanced" : "unbalanced");
    printf("%d %d\n", postfix("3 4 + 2 *"), postfix("9 5 3 - /"));
    struct queue q = {{0}, 0, 0};
    for (int i = 1; i <= 5; i++)
        printf("enqueue %d: %d\n", i, enqueue(&q, i));
    int front = dequeue(&q);
    int second = dequeue(&q);
    printf("%d %d\n", front, second);
    enqueue(&q, 6);
    enqueue(&q, 7);
    while (q.count)
        printf("%d ", dequeue(&q));
    printf("head %d\n", q.head);
    return 0;
}
