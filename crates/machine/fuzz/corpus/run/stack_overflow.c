// Unbounded recursion: the stack runs into its guard page.
int down(int n) {
    int pad[16];
    pad[0] = n;
    return down(n + 1) + pad[0];
}

int main(void) {
    return down(0);
}
