#include <iostream>
#include <stdio.h>
_Static_assert(sizeof(int) == 4, "ILP32");

int main(void) {
    std::cout << "hello";
    int n = 0;
    cout << n;
    return 0;
}
