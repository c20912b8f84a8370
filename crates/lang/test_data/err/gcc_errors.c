struct s { int a; } v;
void nothing(void);

int main(void) {
    int x = "a" * 2;
    v();
    int arr[2];
    arr++;
    int *p = 0;
    p = p * 2;
    char c = 'a';
    c->a = 1;
    const char *s = "x";
    s[0] = 'y';
    &3;
    switch (p) { default: break; }
    switch (x) { case x: break; }
    int missing[];
    int y = nothing();
    return v;
}
