// switch on unsigned char, negative cases, char constant expressions, enums, long, and a value matching no case without default.
#include <stdio.h>

enum op { OP_NEG = -1, OP_NONE, OP_POS };

const char *byte_kind(unsigned char b) {
    switch (b) {
    case 0: return "nul";
    case 'a' + 1: return "b";
    case 200: return "two hundred";
    case 255: return "max";
    default: return "other";
    }
}

int main(void) {
    unsigned char bytes[] = {0, 'b', 200, 255, 7};
    for (int i = 0; i < 5; i++)
        printf("%s ", byte_kind(bytes[i]));
    printf("\n");
    for (int v = -2; v <= 2; v++) {
        switch (v) {
        case -2: printf("minus two "); break;
        case OP_NEG: printf("neg "); break;
        case OP_NONE: printf("none "); break;
        case OP_POS: printf("pos "); break;
        }
    }
    printf("\n");
    signed char sc = -56;
    switch (sc) {
    case 200: printf("200?\n"); break;
    case -56: printf("-56\n"); break;
    }
    long big = 2000000000L;
    switch (big) {
    case 2000000000L: printf("big\n"); break;
    default: printf("small\n");
    }
    unsigned u = 4000000000u;
    switch (u) {
    case 4000000000u: printf("unsigned big\n"); break;
    default: printf("no\n");
    }
    int matched = 0;
    switch (42) {
    case 1: matched = 1;
    }
    printf("matched %d\n", matched);
    char op = '*';
    int a = 6, b = 7;
    switch (op) {
    case '+': printf("%d\n", a + b); break;
    case '*': printf("%d\n", a * b); break;
    }
    return 0;
}
