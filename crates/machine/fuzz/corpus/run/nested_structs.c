// Nested structs and arrays inside structs, member access chains through . and ->, struct padding by layout.
#include <stdio.h>
#include <string.h>

struct date { short year; char month, day; };
struct address { char city[16]; int zip; };
struct person {
    char name[10];
    struct date born;
    struct address home;
    struct person *friend;
};

int main(void) {
    struct person ana = {"ana", {1990, 5, 17}, {"lisbon", 1100}, NULL};
    struct person ben;
    strcpy(ben.name, "ben");
    ben.born.year = 1985;
    ben.born.month = 12;
    ben.born.day = 1;
    strcpy(ben.home.city, "oslo");
    ben.home.zip = 150;
    ben.friend = &ana;
    ana.friend = &ben;
    printf("%s born %d-%02d-%02d in %s %04d\n", ana.name, ana.born.year, ana.born.month, ana.born.day, ana.home.city, ana.home.zip);
    printf("%s's friend %s lives in %s\n", ben.name, ben.friend->name, ben.friend->home.city);
    printf("round trip %s\n", ana.friend->friend->friend->name);
    ben.friend->born.day++;
    printf("ana day now %d\n", ana.born.day);
    struct person *p = &ben;
    printf("%c %d\n", p->friend->home.city[0], (*p).home.zip);
    printf("sizeof date %zu address %zu person %zu\n", sizeof(struct date), sizeof(struct address), sizeof(struct person));
    struct date dates[2] = {{2000, 1, 1}, {1999, 12, 31}};
    struct date later = dates[0].year > dates[1].year ? dates[0] : dates[1];
    printf("later %d\n", later.year);
    return 0;
}
