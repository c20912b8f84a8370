#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <assert.h>
#include <stdbool.h>
#include <unistd.h>

typedef struct {
    char name[16];
    int scores[3];
} student;

static int compare_count;

int by_name(const student *a, const student *b) {
    compare_count++;
    return strcmp(a->name, b->name);
}

int apply(int (*op)(int, int), int x, int y) {
    return op(x, y);
}

int max(int a, int b) { return a > b ? a : b; }

long sum_scores(const student *s) {
    long total = 0;
    for (size_t i = 0; i < sizeof s->scores / sizeof s->scores[0]; i++)
        total += s->scores[i];
    return total;
}

int main(void) {
    student *class = calloc(2, sizeof(student));
    assert(class != NULL);
    strcpy(class[0].name, "ada");
    strncpy(class[1].name, "babbage", sizeof class[1].name - 1);
    class[0].scores[0] = 90;
    class[1].scores[2] = -3;
    bool ordered = by_name(&class[0], &class[1]) < 0;
    char *copy = strdup(class[1].name);
    size_t length = strlen(copy);
    char *found = strchr(copy, 'b');
    memset(class[1].scores, 0, sizeof class[1].scores);
    memcpy(&class[0], &class[1], sizeof(student));
    memmove(copy, copy + 1, length);
    int same = memcmp(&class[0], &class[1], sizeof(student)) == 0;
    static int calls;
    calls++;
    void *top = sbrk(0);
    srand(42u);
    int r = rand() % 6 + abs(-1) + atoi("2");
    printf("%s %zu %d %d %ld %p %c %d %d\n", copy, length, ordered, same,
           sum_scores(&class[0]), top, found ? *found : '-', apply(max, r, 3), calls);
    putchar('\n');
    puts("done");
    free(copy);
    class = realloc(class, 3 * sizeof *class);
    free(class);
    if (compare_count > 5)
        abort();
    exit(EXIT_SUCCESS);
}
