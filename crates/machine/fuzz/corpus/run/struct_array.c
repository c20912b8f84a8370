// Arrays of structs: initializer lists, sorting by a field, searching, and a struct containing an array.
#include <stdio.h>
#include <string.h>

struct student {
    char name[12];
    int grade;
    char initial;
};

struct stats {
    int count;
    int scores[5];
};

int main(void) {
    struct student class[] = {
        {"maria", 88, 'M'},
        {"li", 95, 'L'},
        {"ahmed", 72, 'A'},
        {"zoe", 95, 'Z'},
        {"pat", 60, 'P'},
    };
    int n = sizeof class / sizeof class[0];
    for (int i = 0; i < n - 1; i++)
        for (int j = 0; j < n - 1 - i; j++)
            if (class[j].grade < class[j + 1].grade ||
                (class[j].grade == class[j + 1].grade && strcmp(class[j].name, class[j + 1].name) > 0)) {
                struct student t = class[j];
                class[j] = class[j + 1];
                class[j + 1] = t;
            }
    for (int i = 0; i < n; i++)
        printf("%-6s %3d %c\n", class[i].name, class[i].grade, class[i].initial);
    struct student *best = &class[0];
    for (struct student *s = class; s < class + n; s++)
        if (s->grade > best->grade)
            best = s;
    printf("best %s\n", best->name);
    struct stats st = {3, {10, 20, 30}};
    int total = 0;
    for (int i = 0; i < st.count; i++)
        total += st.scores[i];
    printf("total %d last %d\n", total, st.scores[4]);
    struct stats copy = st;
    copy.scores[0] = 99;
    printf("%d %d\n", st.scores[0], copy.scores[0]);
    printf("sizeof student %zu stats %zu\n", sizeof(struct student), sizeof st);
    return 0;
}
