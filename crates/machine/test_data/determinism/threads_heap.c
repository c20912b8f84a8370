// Three workers share a counter under a mutex and each churns its own heap blocks of
// rand-chosen sizes; a short quantum interleaves them, so the scheduler's order decides
// which thread's cache or list serves each malloc.
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>

pthread_mutex_t lock;
int counter;
int sizes[24];

void *work(void *arg) {
    int id = *(int *)arg;
    char *kept[4] = {0};
    for (int i = 0; i < 24; i++) {
        int slot = (i + id) % 4;
        free(kept[slot]);
        kept[slot] = malloc(sizes[(i * id) % 24]);
        kept[slot][0] = (char)id;
        pthread_mutex_lock(&lock);
        counter += id;
        pthread_mutex_unlock(&lock);
    }
    int sum = 0;
    for (int slot = 0; slot < 4; slot++) {
        sum += kept[slot][0];
        free(kept[slot]);
    }
    int *result = malloc(sizeof *result);
    *result = sum * 100 + id;
    return result;
}

int main(void) {
    srand(7);
    for (int i = 0; i < 24; i++)
        sizes[i] = 1 + rand() % 200;
    pthread_t threads[3];
    int ids[3];
    pthread_mutex_init(&lock, NULL);
    for (int i = 0; i < 3; i++) {
        ids[i] = i + 1;
        pthread_create(&threads[i], NULL, work, &ids[i]);
    }
    for (int i = 0; i < 3; i++) {
        void *result;
        pthread_join(threads[i], &result);
        printf("thread %d: %d\n", i + 1, *(int *)result);
        free(result);
    }
    printf("counter %d\n", counter);
    return 0;
}
