struct node;
struct node n;
int twice;
int twice = 1;
int twice = 2;
char twice_c;
float nope;
int f(int);
int f(char *);
struct s { int a; int a; };
struct empty { };
enum color { RED, GREEN };
enum color { BLUE };
int g(void);
int main(void) {
    int x = 1;
    int x = 2;
    unsigned u = 1;
    if (x < u) x = 0;
    return g();
}
extern int never_defined;
int use_it(void) { return never_defined; }
