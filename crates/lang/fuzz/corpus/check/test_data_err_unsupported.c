#include <math.h>
#define SQUARE(x) ((x) * (x))
float f;
long long big;
int main(void) {
    double d = 1.5;
    goto end;
end:
    return 0;
}
int sum(int n, ...);
