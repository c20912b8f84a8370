// Benchmark: recursion (naive Fibonacci, the towers of Hanoi, a recursive merge sort of a
// local array), ending in a checksum.
#include <stdio.h>

#define SORTED 2048

unsigned moves;
unsigned hanoi_checksum;

unsigned fib(unsigned n) {
    if (n < 2) {
        return n;
    }
    return fib(n - 1) + fib(n - 2);
}

void hanoi(int disks, int from, int to, int via) {
    if (disks == 0) {
        return;
    }
    hanoi(disks - 1, from, via, to);
    moves++;
    hanoi_checksum = hanoi_checksum * 3u + (unsigned)(from * 4 + to);
    hanoi(disks - 1, via, to, from);
}

void merge_sort(int *items, int *scratch, int count) {
    if (count < 2) {
        return;
    }
    int half = count / 2;
    merge_sort(items, scratch, half);
    merge_sort(items + half, scratch, count - half);
    int left = 0;
    int right = half;
    int out = 0;
    while (left < half && right < count) {
        if (items[left] <= items[right]) {
            scratch[out++] = items[left++];
        } else {
            scratch[out++] = items[right++];
        }
    }
    while (left < half) {
        scratch[out++] = items[left++];
    }
    while (right < count) {
        scratch[out++] = items[right++];
    }
    for (int i = 0; i < count; i++) {
        items[i] = scratch[i];
    }
}

int main(void) {
    int items[SORTED];
    int scratch[SORTED];
    unsigned seed = 12345u;
    for (int i = 0; i < SORTED; i++) {
        seed = seed * 1103515245u + 12345u;
        items[i] = (int)((seed >> 16) & 0x7fffu);
    }
    merge_sort(items, scratch, SORTED);
    unsigned sorted_checksum = 0;
    for (int i = 0; i < SORTED; i++) {
        sorted_checksum = sorted_checksum * 33u + (unsigned)items[i];
    }
    unsigned fibonacci = fib(22);
    hanoi(14, 1, 3, 2);
    printf("fib(22) = %u\n", fibonacci);
    printf("hanoi: %u moves\n", moves);
    printf("checksum: %u\n", sorted_checksum ^ hanoi_checksum ^ fibonacci);
    return 0;
}
