// Arrays of structs passed to functions by pointer and modified in place; struct arrays inside structs; searching and aggregating.
#include <stdio.h>
#include <string.h>

struct item { char name[10]; int qty; int price; };
struct inventory { struct item items[5]; int count; };

void add(struct inventory *inv, const char *name, int qty, int price) {
    struct item *it = &inv->items[inv->count++];
    strcpy(it->name, name);
    it->qty = qty;
    it->price = price;
}

struct item *find(struct inventory *inv, const char *name) {
    for (int i = 0; i < inv->count; i++)
        if (strcmp(inv->items[i].name, name) == 0)
            return &inv->items[i];
    return NULL;
}

long value(const struct item *items, int n) {
    long total = 0;
    for (int i = 0; i < n; i++)
        total += (long)items[i].qty * items[i].price;
    return total;
}

void restock(struct item items[], int n, int extra) {
    for (int i = 0; i < n; i++)
        if (items[i].qty < 5)
            items[i].qty += extra;
}

int main(void) {
    struct inventory inv;
    inv.count = 0;
    add(&inv, "bolt", 100, 3);
    add(&inv, "nut", 2, 2);
    add(&inv, "gear", 4, 150);
    add(&inv, "spring", 12, 7);
    printf("value %ld\n", value(inv.items, inv.count));
    restock(inv.items, inv.count, 10);
    struct item *g = find(&inv, "gear");
    printf("gear qty %d\n", g ? g->qty : -1);
    printf("missing %s\n", find(&inv, "cog") ? "found" : "not found");
    g->price -= 50;
    printf("value %ld\n", value(inv.items, inv.count));
    struct inventory copy = inv;
    copy.items[0].qty = 0;
    printf("%d %d\n", inv.items[0].qty, copy.items[0].qty);
    for (int i = 0; i < inv.count; i++)
        printf("%-7s%4d x %3d\n", inv.items[i].name, inv.items[i].qty, inv.items[i].price);
    return 0;
}
