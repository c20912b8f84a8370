// sizeof of every type, of expressions (unevaluated), arrays, structs with padding, unions and pointers.
#include <stdio.h>
#include <stdbool.h>

struct a { char c; int i; };
struct b { char c; short s; char d; };
struct c { int i; char c; };
struct d { char x[5]; short s; };
struct e { char c; struct a inner; char tail; };
union u { char c; int i; short s[3]; };
enum color { RED, GREEN, BLUE };
typedef struct a pair_t;

int main(void) {
    printf("char %zu short %zu int %zu long %zu\n", sizeof(char), sizeof(short), sizeof(int), sizeof(long));
    printf("unsigned: %zu %zu %zu %zu\n", sizeof(unsigned char), sizeof(unsigned short), sizeof(unsigned), sizeof(unsigned long));
    printf("bool %zu pointer %zu void* %zu char** %zu\n", sizeof(bool), sizeof(int *), sizeof(void *), sizeof(char **));
    printf("struct a %zu b %zu c %zu d %zu e %zu\n", sizeof(struct a), sizeof(struct b), sizeof(struct c), sizeof(struct d), sizeof(struct e));
    printf("union %zu enum %zu typedef %zu\n", sizeof(union u), sizeof(enum color), sizeof(pair_t));
    int arr[10];
    char text[] = "hello";
    int grid[3][4];
    printf("arr %zu elems %zu text %zu grid %zu row %zu\n", sizeof arr, sizeof arr / sizeof arr[0], sizeof text, sizeof grid, sizeof grid[0]);
    int *p = arr;
    printf("p %zu *p %zu\n", sizeof p, sizeof *p);
    int n = 0;
    size_t s = sizeof(n++);
    printf("s %zu n %d\n", s, n);
    char ch = 'x';
    printf("ch %zu ch+1 %zu\n", sizeof ch, sizeof(ch + 1));
    printf("literal %zu\n", sizeof "abc");
    struct a arr_s[3];
    printf("arr_s %zu\n", sizeof arr_s);
    int (*fp)(void) = 0;
    printf("fp %zu\n", sizeof fp);
    printf("1L %zu 1u %zu\n", sizeof 1L, sizeof 1u);
    return 0;
}
