// Writes to a string literal, which lives in read-only memory.
int main(void) {
    char *s = "read only";
    s[0] = 'R';
    return 0;
}
