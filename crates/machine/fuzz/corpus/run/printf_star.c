// printf * widths and precisions from arguments, including negative widths, and a right-aligned table.
#include <stdio.h>

int main(void) {
    for (int w = 0; w <= 6; w += 2)
        printf("[%*d]\n", w, 42);
    printf("[%*d]\n", -6, 42);
    printf("[%-*d]\n", 6, 42);
    printf("[%.*d]\n", 5, 42);
    printf("[%*.*d]\n", 8, 4, 42);
    printf("[%.*s]\n", 3, "abcdef");
    printf("[%*s]\n", 10, "right");
    printf("[%-*s]\n", 10, "left");
    printf("[%.*s]\n", -1, "negative precision ignored");
    const char *names[] = {"alice", "bob", "christina"};
    int scores[] = {93, 7, 100};
    int width = 0;
    for (int i = 0; i < 3; i++) {
        int len = 0;
        while (names[i][len])
            len++;
        if (len > width)
            width = len;
    }
    for (int i = 0; i < 3; i++)
        printf("%-*s|%*d|\n", width, names[i], 5, scores[i]);
    printf("[%0*d]\n", 7, -12);
    return 0;
}
