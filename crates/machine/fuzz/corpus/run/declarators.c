// Declarator corners: int *a, b; pointers to arrays and &array, *& and &*, unary plus, void casts and literals indexed.
#include <stdio.h>

int hits;
void hit(void) { hits++; }
void miss(void) { hits += 100; }

int main(void) {
    int *a, b = 2, c[3] = {1, 2, 3};
    a = &b;
    printf("%d %zu %zu\n", *a, sizeof b, sizeof c);
    int (*whole)[3] = &c;
    printf("%d %d %zu %zu\n", (*whole)[2], whole[0][1], sizeof *whole, sizeof whole);
    printf("%d %d\n", *&b, &*a == a);
    char ch = 'x';
    printf("%zu %zu %d\n", sizeof ch, sizeof(+ch), +ch);
    (void)b;
    (void)hit;
    int flag = 1;
    if (flag)
        hit();
    else
        miss();
    printf("hits %d\n", hits);
    printf("%c %c %zu\n", "abc"[1], *"xyz", sizeof("abc"));
    int rows[2][2] = {{1, 2}, {3, 4}};
    int (*rp)[2] = rows;
    rp++;
    printf("%d\n", (*rp)[1]);
    const char *const *names;
    const char *list[] = {"p", "q"};
    names = list;
    printf("%s%s\n", names[0], names[1]);
    int *ptrs[2][2] = {{&b, &c[0]}, {&c[1], &c[2]}};
    printf("%d\n", *ptrs[1][1] + *ptrs[0][0]);
    int x = 3;
    {
        ;
        {
        }
    }
    int late = x * 2;
    printf("%d\n", late);
    return 0;
}
