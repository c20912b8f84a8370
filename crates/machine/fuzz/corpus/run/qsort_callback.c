// A generic sort with a comparator callback over void*, memcpy-based swaps, sorting ints, strings and structs.
#include <stdio.h>
#include <string.h>

void swap_bytes(void *a, void *b, size_t size) {
    unsigned char tmp[32];
    memcpy(tmp, a, size);
    memcpy(a, b, size);
    memcpy(b, tmp, size);
}

void sort(void *base, size_t n, size_t size, int (*cmp)(const void *, const void *)) {
    char *bytes = base;
    for (size_t i = 0; i < n; i++)
        for (size_t j = i + 1; j < n; j++)
            if (cmp(bytes + i * size, bytes + j * size) > 0)
                swap_bytes(bytes + i * size, bytes + j * size, size);
}

int by_int(const void *a, const void *b) {
    int x = *(const int *)a, y = *(const int *)b;
    return (x > y) - (x < y);
}

int by_int_desc(const void *a, const void *b) { return by_int(b, a); }

int by_string(const void *a, const void *b) {
    return strcmp(*(const char *const *)a, *(const char *const *)b);
}

struct employee {
    char name[8];
    int age;
};

int by_age_then_name(const void *a, const void *b) {
    const struct employee *x = a, *y = b;
    if (x->age != y->age)
        return x->age - y->age;
    return strcmp(x->name, y->name);
}

int main(void) {
    int v[] = {42, -7, 19, 0, 3, 3, -100, 8};
    sort(v, 8, sizeof v[0], by_int);
    for (int i = 0; i < 8; i++)
        printf("%d ", v[i]);
    printf("\n");
    sort(v, 8, sizeof(int), by_int_desc);
    for (int i = 0; i < 8; i++)
        printf("%d ", v[i]);
    printf("\n");
    const char *words[] = {"kiwi", "apple", "mango", "banana", "apricot"};
    sort(words, 5, sizeof words[0], by_string);
    for (int i = 0; i < 5; i++)
        printf("%s ", words[i]);
    printf("\n");
    struct employee staff[] = {{"eve", 31}, {"bob", 25}, {"amy", 31}, {"dan", 19}};
    sort(staff, 4, sizeof staff[0], by_age_then_name);
    for (int i = 0; i < 4; i++)
        printf("%s:%d ", staff[i].name, staff[i].age);
    printf("\n");
    return 0;
}
