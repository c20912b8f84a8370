// rand/srand: glibc's sequence for several seeds, the default seed, reseeding repeats a sequence, dice and shuffles.
#include <stdio.h>
#include <stdlib.h>

int main(void) {
    int r1 = rand(), r2 = rand(), r3 = rand();
    printf("default: %d %d %d\n", r1, r2, r3);
    srand(1);
    r1 = rand();
    r2 = rand();
    r3 = rand();
    printf("seed 1: %d %d %d\n", r1, r2, r3);
    srand(0);
    r1 = rand();
    r2 = rand();
    printf("seed 0: %d %d\n", r1, r2);
    unsigned seeds[] = {2, 42, 12345, 4294967295u};
    for (int i = 0; i < 4; i++) {
        srand(seeds[i]);
        printf("seed %u:", seeds[i]);
        for (int j = 0; j < 4; j++)
            printf(" %d", rand());
        printf("\n");
    }
    srand(99);
    int first = rand();
    srand(99);
    printf("repeat: %d\n", first == rand());
    srand(6);
    int faces[7] = {0};
    for (int i = 0; i < 600; i++)
        faces[1 + rand() % 6]++;
    for (int f = 1; f <= 6; f++)
        printf("%d:%d ", f, faces[f]);
    printf("\n");
    int deck[10];
    for (int i = 0; i < 10; i++)
        deck[i] = i;
    srand(2024);
    for (int i = 9; i > 0; i--) {
        int j = rand() % (i + 1);
        int t = deck[i];
        deck[i] = deck[j];
        deck[j] = t;
    }
    for (int i = 0; i < 10; i++)
        printf("%d ", deck[i]);
    printf("\n");
    long long_sum = 0;
    for (int i = 0; i < 1000; i++)
        long_sum += rand() % 1000;
    printf("sum %ld\n", long_sum);
    return 0;
}
