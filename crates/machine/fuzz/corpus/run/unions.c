// Unions: reading the bytes of an int through a char array member, tagged unions, sizeof and shared storage.
#include <stdio.h>

union word {
    unsigned int u;
    unsigned short half[2];
    unsigned char byte[4];
};

enum kind { INT, TEXT, PAIR };

struct value {
    enum kind kind;
    union {
        int i;
        const char *text;
        struct { short a, b; } pair;
    } as;
};

void print_value(struct value v) {
    switch (v.kind) {
    case INT:
        printf("int %d\n", v.as.i);
        break;
    case TEXT:
        printf("text %s\n", v.as.text);
        break;
    case PAIR:
        printf("pair %d %d\n", v.as.pair.a, v.as.pair.b);
        break;
    }
}

int main(void) {
    union word w;
    w.u = 0xa1b2c3d4;
    printf("%x %x\n", w.half[0], w.half[1]);
    printf("%x %x %x %x\n", w.byte[0], w.byte[1], w.byte[2], w.byte[3]);
    w.byte[3] = 0;
    printf("%#x\n", w.u);
    printf("sizeof word %zu value %zu\n", sizeof(union word), sizeof(struct value));
    struct value vs[3];
    vs[0].kind = INT;
    vs[0].as.i = -7;
    vs[1].kind = TEXT;
    vs[1].as.text = "union";
    vs[2].kind = PAIR;
    vs[2].as.pair.a = 3;
    vs[2].as.pair.b = -4;
    for (int i = 0; i < 3; i++)
        print_value(vs[i]);
    union word x = {0x01020304};
    printf("%u\n", x.byte[0] + x.byte[3]);
    union { int i; char c; } small;
    small.i = 0;
    small.c = 'A';
    printf("%d\n", small.i);
    return 0;
}
