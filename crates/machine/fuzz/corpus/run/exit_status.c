// exit() from a called function ends the program with its status after the output so far.
#include <stdio.h>
#include <stdlib.h>

void done(int code) {
    printf("leaving with %d\n", code);
    exit(code);
}

int main(void) {
    done(42);
    return 0;
}
