// Casts between pointer types: bytes of an int through char*, void* round trips, int* from void*.
#include <stdio.h>
#include <string.h>

int main(void) {
    unsigned int word = 0x11223344;
    unsigned char *bytes = (unsigned char *)&word;
    printf("%02x %02x %02x %02x\n", bytes[0], bytes[1], bytes[2], bytes[3]);
    void *v = &word;
    unsigned int *back = v;
    printf("%#x\n", *back);
    int values[4] = {1, -1, 256, 65536};
    char *raw = (char *)values;
    for (int i = 0; i < 16; i++)
        printf("%d ", raw[i]);
    printf("\n");
    short halves[2];
    memcpy(halves, &word, sizeof word);
    printf("%#x %#x\n", halves[0], halves[1]);
    unsigned short *sp = (unsigned short *)&word;
    sp[1] = 0xabcd;
    printf("%#x\n", word);
    int *ip = (int *)(void *)raw;
    printf("%d\n", ip[2]);
    char *end = (char *)(values + 4);
    printf("bytes between: %d\n", (int)(end - raw));
    const char *msg = "abc";
    const unsigned char *um = (const unsigned char *)msg;
    printf("%u\n", um[0] + um[1] + um[2]);
    int *null = (int *)0;
    printf("null is %s\n", null == NULL ? "NULL" : "set");
    void *nv = NULL;
    printf("%p\n", nv);
    return 0;
}
