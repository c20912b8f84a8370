#include <stdlib.h>
int *make(int n) {
    return malloc(n * sizeof(int));
}
void drop(int *p) {
    free(p);
}
int main(void) {
    int *a = make(4);
    drop(a);
    a[2] = 1;
    int *lost = make(2);
    lost = 0;
    return 0;
}
