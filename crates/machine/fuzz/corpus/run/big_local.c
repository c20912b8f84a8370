// A 16 MiB local array does not fit the default 8 MiB stack.
int main(void) {
    char big[16 * 1024 * 1024];
    big[0] = 1;
    return big[0];
}
