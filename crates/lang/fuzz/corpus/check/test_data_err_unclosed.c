int main(void) {
    char *s = "never closed;
    /* and a comment
