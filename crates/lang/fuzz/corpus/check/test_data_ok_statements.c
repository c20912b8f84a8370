#include <stdio.h>
#include <stdbool.h>

int classify(int n) {
    switch (n) {
    case 0:
        return 0;
    case 1:
    case 2:
        break;
    default:
        n = -1;
    }
    return n;
}

int main(void) {
    int i = 0;
    bool done = false;
    do {
        i++;
        if (i % 2 == 0)
            continue;
        else if (i > 7)
            break;
    } while (!done);
    for (;;) {
        break;
    }
    for (i = 0; i < 3; i++) {
        int shadow = i;
        {
            int shadow = 2;
            (void)shadow;
        }
    }
    ;
    return classify(i);
}
