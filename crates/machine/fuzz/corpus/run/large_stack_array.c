// A large local array (400 KB) on the default 8 MiB stack, filled and summed, plus a prefix-sum pass and a histogram.
#include <stdio.h>

int main(void) {
    int values[100000];
    for (int i = 0; i < 100000; i++)
        values[i] = (i * 7919) % 1000;
    long sum = 0;
    for (int i = 0; i < 100000; i++)
        sum += values[i];
    printf("sum %ld\n", sum);
    for (int i = 1; i < 100000; i++)
        values[i] += values[i - 1] % 1000;
    printf("last %d\n", values[99999]);
    int histogram[10] = {0};
    for (int i = 0; i < 100000; i += 10)
        histogram[values[i] % 10]++;
    for (int i = 0; i < 10; i++)
        printf("%d ", histogram[i]);
    printf("\n");
    return 0;
}
