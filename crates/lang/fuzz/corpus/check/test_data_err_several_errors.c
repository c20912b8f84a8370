int main(void) {
    int a = (1 + ;
    int b = 2;
    strin s;
    b = b +* 3;
    return b
}

int ok(void) { return 1; }
