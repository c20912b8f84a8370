#include <stdio.h>
#include <pthread.h>

#define WORKERS 3
#define ROUNDS 1000

static long counter = 0;
static pthread_mutex_t lock;

void *work(void *arg) {
    int id = *(int *)arg;
    for (int i = 0; i < ROUNDS; i++) {
        pthread_mutex_lock(&lock);
        counter++;
        pthread_mutex_unlock(&lock);
    }
    printf("worker %d done (%lu)\n", id, (unsigned long)pthread_self() % 2);
    return NULL;
}

int main(void) {
    pthread_t threads[WORKERS];
    int ids[WORKERS];
    pthread_mutex_init(&lock, NULL);
    for (int i = 0; i < WORKERS; i++) {
        ids[i] = i;
        pthread_create(&threads[i], NULL, work, &ids[i]);
    }
    for (int i = 0; i < WORKERS; i++)
        pthread_join(threads[i], NULL);
    printf("counter = %ld (sizeof lock = %u)\n", counter, (unsigned)sizeof lock);
    return counter == WORKERS * ROUNDS ? 0 : 1;
}
