// Global initializers that are addresses: pointers into arrays and structs, string literal offsets, tables of pointers and functions.
#include <stdio.h>

int numbers[5] = {1, 2, 3, 4, 5};
int *third = &numbers[2];
int *past = numbers + 5;
const char *tail = "abcdef" + 3;
struct config { int id; const char *name; int *slot; } cfg = {7, "cfg", &numbers[4]};
int *field = &cfg.id;
int twice(int x) { return 2 * x; }
int thrice(int x) { return 3 * x; }
int (*ops[])(int) = {twice, thrice, twice};
struct config *cfg_ptr = &cfg;
const char *list[] = {"x", "yy", "zzz", 0};
char buffer[16] = "init";
char *cursor = buffer + 4;
int matrix[2][3] = {{1, 2, 3}, {4, 5, 6}};
int *row1 = matrix[1];
static int hidden = 11;
int *hidden_ptr = &hidden;

int main(void) {
    printf("%d %d %s\n", *third, (int)(past - numbers), tail);
    printf("%d %s %d\n", cfg.id, cfg.name, *cfg.slot);
    *field = 70;
    printf("%d %d\n", cfg.id, cfg_ptr->id);
    for (int i = 0; i < 3; i++)
        printf("%d ", ops[i](10));
    printf("\n");
    for (const char **s = list; *s; s++)
        printf("%s ", *s);
    printf("\n");
    *cursor++ = '!';
    *cursor = '\0';
    printf("%s\n", buffer);
    printf("%d %d\n", row1[2], *hidden_ptr);
    return 0;
}
