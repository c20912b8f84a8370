// exit(-1) from inside a loop ends with status 255; atexit-free, so the output before it is all there is.
#include <stdio.h>
#include <stdlib.h>

int main(void) {
    for (int i = 0;; i++) {
        printf("tick %d\n", i);
        if (i == 2)
            exit(-1);
    }
}
