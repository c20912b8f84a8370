// switch: fallthrough, default in the middle, nested switches, switch on char and enum, case ranges by stacking.
#include <stdio.h>

int days_in(int month) {
    switch (month) {
    case 2:
        return 28;
    case 4: case 6: case 9: case 11:
        return 30;
    default:
        return 31;
    }
}

const char *classify(char c) {
    switch (c) {
    case 'a': case 'e': case 'i': case 'o': case 'u':
        return "vowel";
    case ' ':
        return "space";
    default:
        if (c >= '0' && c <= '9')
            return "digit";
        return "other";
    }
}

int duff(int count) {
    int n = (count + 3) / 4, steps = 0;
    switch (count % 4) {
    case 0: do { steps++;
    case 3: steps++;
    case 2: steps++;
    case 1: steps++;
            } while (--n > 0);
    }
    return steps;
}

int main(void) {
    for (int m = 1; m <= 12; m++)
        printf("%d ", days_in(m));
    printf("\n");
    const char *s = "hi 42";
    for (int i = 0; s[i]; i++)
        printf("%c:%s ", s[i], classify(s[i]));
    printf("\n");
    for (int i = 0; i < 6; i++) {
        int trace = 0;
        switch (i) {
        case 0:
            trace += 1;
        default:
            trace += 10;
        case 3:
            trace += 100;
            break;
        case 4:
            trace += 1000;
        }
        printf("%d:%d ", i, trace);
    }
    printf("\n");
    for (int a = 0; a < 2; a++)
        for (int b = 0; b < 2; b++)
            switch (a) {
            case 0:
                switch (b) {
                case 0: printf("00 "); break;
                default: printf("0%d ", b);
                }
                break;
            case 1:
                printf("1%d ", b);
            }
    printf("\n");
    for (int c = 1; c <= 9; c += 4)
        printf("duff(%d) = %d\n", c, duff(c));
    switch (5) {
    }
    int x = 2;
    switch (x) {
        int hidden;
    case 2:
        hidden = 7;
        printf("hidden %d\n", hidden);
    }
    return 0;
}
