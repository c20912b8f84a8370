// Object-like #define constants: numbers, expressions, strings and characters used in sizes, loops, cases and initializers.
#include <stdio.h>

#define SIZE 8
#define DOUBLE_SIZE (SIZE * 2)
#define GREETING "hello from a macro"
#define SEPARATOR '-'
#define MASK 0xF0
#define NEGATIVE (-3)
#define LIMIT 100u

int table[DOUBLE_SIZE];

int main(void) {
    for (int i = 0; i < DOUBLE_SIZE; i++)
        table[i] = i * SIZE;
    printf("%d %d %zu\n", table[DOUBLE_SIZE - 1], DOUBLE_SIZE, sizeof table);
    printf("%s\n", GREETING);
    for (int i = 0; i < SIZE; i++)
        putchar(SEPARATOR);
    putchar('\n');
    printf("%#x %d\n", 0xAB & MASK, NEGATIVE * NEGATIVE);
    printf("%u\n", LIMIT - 101);
    char buf[sizeof(int) * 2 + 1];
    printf("%zu\n", sizeof buf);
    switch (SIZE) {
    case SIZE:
        printf("case SIZE\n");
        break;
    }
    return 0;
}
