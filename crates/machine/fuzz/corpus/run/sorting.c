// Sorting algorithms on int arrays: insertion, selection, merge sort with a malloc'd buffer, quicksort, then binary search.
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define N 16

void print(const char *name, const int *a, int n) {
    printf("%-10s", name);
    for (int i = 0; i < n; i++)
        printf(" %d", a[i]);
    printf("\n");
}

void insertion(int *a, int n) {
    for (int i = 1; i < n; i++) {
        int key = a[i], j = i - 1;
        while (j >= 0 && a[j] > key) {
            a[j + 1] = a[j];
            j--;
        }
        a[j + 1] = key;
    }
}

void selection(int *a, int n) {
    for (int i = 0; i < n - 1; i++) {
        int min = i;
        for (int j = i + 1; j < n; j++)
            if (a[j] < a[min])
                min = j;
        int t = a[i];
        a[i] = a[min];
        a[min] = t;
    }
}

void merge_sort(int *a, int *tmp, int lo, int hi) {
    if (hi - lo < 2)
        return;
    int mid = (lo + hi) / 2;
    merge_sort(a, tmp, lo, mid);
    merge_sort(a, tmp, mid, hi);
    int i = lo, j = mid, k = lo;
    while (i < mid && j < hi)
        tmp[k++] = a[i] <= a[j] ? a[i++] : a[j++];
    while (i < mid)
        tmp[k++] = a[i++];
    while (j < hi)
        tmp[k++] = a[j++];
    memcpy(a + lo, tmp + lo, (hi - lo) * sizeof(int));
}

void quick(int *a, int lo, int hi) {
    if (lo >= hi)
        return;
    int pivot = a[(lo + hi) / 2], i = lo, j = hi;
    while (i <= j) {
        while (a[i] < pivot)
            i++;
        while (a[j] > pivot)
            j--;
        if (i <= j) {
            int t = a[i];
            a[i++] = a[j];
            a[j--] = t;
        }
    }
    quick(a, lo, j);
    quick(a, i, hi);
}

int search(const int *a, int n, int key) {
    int lo = 0, hi = n - 1;
    while (lo <= hi) {
        int mid = lo + (hi - lo) / 2;
        if (a[mid] == key)
            return mid;
        if (a[mid] < key)
            lo = mid + 1;
        else
            hi = mid - 1;
    }
    return -1;
}

int main(void) {
    int original[N];
    srand(3);
    for (int i = 0; i < N; i++)
        original[i] = rand() % 100 - 20;
    print("original", original, N);
    int a[N];
    memcpy(a, original, sizeof a);
    insertion(a, N);
    print("insertion", a, N);
    memcpy(a, original, sizeof a);
    selection(a, N);
    print("selection", a, N);
    memcpy(a, original, sizeof a);
    int *tmp = malloc(N * sizeof *tmp);
    merge_sort(a, tmp, 0, N);
    free(tmp);
    print("merge", a, N);
    memcpy(a, original, sizeof a);
    quick(a, 0, N - 1);
    print("quick", a, N);
    printf("find %d at %d, find 1000 at %d\n", a[5], search(a, N, a[5]), search(a, N, 1000));
    return 0;
}
