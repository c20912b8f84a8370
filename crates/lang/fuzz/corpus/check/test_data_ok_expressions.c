int main(void) {
    int a = 1, b = 2, c = 3;
    int *p = &a;
    a = b = c;
    a += b * c - -a;
    a = a << 2 >> 1 & 0xff | 010 ^ 3;
    a = a < b == b > c;
    a = !a && b || c;
    a = a ? b : c ? 1 : 2;
    a = (a, b);
    a = *p++ + ++*p;
    a = sizeof a + sizeof(int) + sizeof(int *[3]);
    a = (int)'A' + (unsigned char)'\xff' + '\n';
    a = p[1] + 1[p];
    a = ~a % 7 / 2;
    a--, --a;
    p = (int *)0;
    a = _Alignof(long);
    return a != 0 ? 0 : 1;
}
