// assert with conditions that hold: no output, no effect, and the program continues to its own status.
#include <assert.h>
#include <stdio.h>
#include <string.h>

int square(int x) { return x * x; }

int main(void) {
    int v[5] = {1, 2, 3, 4, 5};
    int sum = 0;
    for (int i = 0; i < 5; i++) {
        assert(i >= 0 && i < 5);
        sum += v[i];
    }
    assert(sum == 15);
    assert(square(9) == 81);
    assert(strlen("four") == 4);
    const char *p = strchr("assert", 't');
    assert(p != NULL);
    assert(*p == 't');
    printf("all %d assertions held, sum %d\n", 6, sum);
    return 5;
}
