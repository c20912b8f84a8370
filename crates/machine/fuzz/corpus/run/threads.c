// Four threads add to a shared counter under a mutex; main joins them and reads results.
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>

pthread_mutex_t lock;
int counter;

void *work(void *arg) {
    int id = *(int *)arg;
    for (int i = 0; i < 1000; i++) {
        pthread_mutex_lock(&lock);
        counter++;
        pthread_mutex_unlock(&lock);
    }
    int *result = malloc(sizeof *result);
    *result = id * 10;
    return result;
}

int main(void) {
    pthread_t threads[4];
    int ids[4];
    pthread_mutex_init(&lock, NULL);
    for (int i = 0; i < 4; i++) {
        ids[i] = i + 1;
        pthread_create(&threads[i], NULL, work, &ids[i]);
    }
    int total = 0;
    for (int i = 0; i < 4; i++) {
        void *result;
        pthread_join(threads[i], &result);
        total += *(int *)result;
        free(result);
    }
    printf("counter %d total %d\n", counter, total);
    return 0;
}
