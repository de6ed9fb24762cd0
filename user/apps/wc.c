// wc: counts lines, words and bytes of each file named, or of standard input, like POSIX wc.
//   wc [FILE...]      prints "lines words bytes [name]" per input, then a total for several

#include <ctype.h>
#include <stdio.h>

struct counts {
    unsigned long lines, words, bytes;
};

static void count(FILE* input, struct counts* out) {
    int in_word = 0;
    int c;
    while ((c = getc(input)) != EOF) {
        out->bytes++;
        if (c == '\n')
            out->lines++;
        if (isspace(c)) {
            in_word = 0;
        } else if (!in_word) {
            in_word = 1;
            out->words++;
        }
    }
}

static void print(const struct counts* c, const char* name) {
    printf("%7lu %7lu %7lu%s%s\n", c->lines, c->words, c->bytes, name ? " " : "",
           name ? name : "");
}

int main(int argc, char** argv) {
    if (argc < 2) {
        struct counts c = {0, 0, 0};
        count(stdin, &c);
        print(&c, NULL);
        return 0;
    }
    struct counts total = {0, 0, 0};
    int status = 0;
    for (int i = 1; i < argc; ++i) {
        FILE* input = fopen(argv[i], "r");
        if (!input) {
            fprintf(stderr, "wc: %s: cannot open\n", argv[i]);
            status = 1;
            continue;
        }
        struct counts c = {0, 0, 0};
        count(input, &c);
        fclose(input);
        print(&c, argv[i]);
        total.lines += c.lines;
        total.words += c.words;
        total.bytes += c.bytes;
    }
    if (argc > 2)
        print(&total, "total");
    return status;
}
