// main(int argc, char **argv): run without arguments, argc is 1 and argv[argc] is NULL.
#include <stdio.h>

int main(int argc, char **argv) {
    printf("argc %d\n", argc);
    printf("argv[argc] is %s\n", argv[argc] == NULL ? "NULL" : "set");
    printf("argv[0] is %s\n", argv[0] != NULL ? "set" : "NULL");
    return argc;
}
