int f(int x) {
    if (x > 0)
        return 1;
}

void g(void) {
    return 3;
}

int main(void) {
    int x = 0;
    break;
    continue;
    switch (x) {
    case 1:
        break;
    case 1:
        break;
    default:
        break;
    default:
        break;
    }
    case 2: x = 1;
    if (x = 2)
        x++;
    int size = 10;
    int vla[size];
    int neg[-1];
    x;
    return f(x) + g();
}
