// A chained hash table with strdup'd keys: insert or update, lookup, delete, counting words, and freeing everything.
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define BUCKETS 7

struct entry {
    char *key;
    int count;
    struct entry *next;
};

struct entry *table[BUCKETS];

unsigned hash(const char *s) {
    unsigned h = 5381;
    while (*s)
        h = h * 33 + (unsigned char)*s++;
    return h % BUCKETS;
}

void add(const char *key) {
    unsigned b = hash(key);
    for (struct entry *e = table[b]; e; e = e->next)
        if (strcmp(e->key, key) == 0) {
            e->count++;
            return;
        }
    struct entry *e = malloc(sizeof *e);
    e->key = strdup(key);
    e->count = 1;
    e->next = table[b];
    table[b] = e;
}

int lookup(const char *key) {
    for (struct entry *e = table[hash(key)]; e; e = e->next)
        if (!strcmp(e->key, key))
            return e->count;
    return 0;
}

int delete(const char *key) {
    struct entry **at = &table[hash(key)];
    for (; *at; at = &(*at)->next)
        if (strcmp((*at)->key, key) == 0) {
            struct entry *dead = *at;
            *at = dead->next;
            free(dead->key);
            free(dead);
            return 1;
        }
    return 0;
}

int main(void) {
    char text[] = "the cat and the dog and the bird saw a cat";
    char *word = text;
    for (char *p = text;; p++) {
        if (*p == ' ' || *p == '\0') {
            int last = *p == '\0';
            *p = '\0';
            if (*word)
                add(word);
            word = p + 1;
            if (last)
                break;
        }
    }
    const char *probe[] = {"the", "cat", "and", "bird", "fish"};
    for (int i = 0; i < 5; i++)
        printf("%s=%d ", probe[i], lookup(probe[i]));
    printf("\n");
    for (int b = 0; b < BUCKETS; b++) {
        printf("bucket %d:", b);
        for (struct entry *e = table[b]; e; e = e->next)
            printf(" %s(%d)", e->key, e->count);
        printf("\n");
    }
    int first = delete("the");
    int again = delete("the");
    printf("delete the: %d, again: %d, lookup: %d\n", first, again, lookup("the"));
    for (int b = 0; b < BUCKETS; b++)
        while (table[b]) {
            struct entry *next = table[b]->next;
            free(table[b]->key);
            free(table[b]);
            table[b] = next;
        }
    return 0;
}
