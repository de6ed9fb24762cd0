// search: prints the lines that contain a pattern, like a small grep.
//   search [-i] [-c] PATTERN [FILE...]
// -i ignores case, -c prints only the number of matching lines. With several files each line
// is prefixed by its file name. Exit status: 0 if a line matched, 1 if none, 2 on an error.

#include <ctype.h>
#include <stdio.h>
#include <string.h>

static int ignore_case = 0;
static int count_only = 0;

static int contains(const char* line, const char* pattern) {
    size_t n = strlen(pattern);
    for (const char* at = line; *at; ++at) {
        size_t i = 0;
        while (i < n && at[i] &&
               (ignore_case ? tolower((unsigned char)at[i]) == tolower((unsigned char)pattern[i])
                            : at[i] == pattern[i]))
            ++i;
        if (i == n)
            return 1;
    }
    return n == 0;
}

static unsigned long search(FILE* input, const char* pattern, const char* name) {
    char line[4096];
    unsigned long number = 0, matches = 0;
    while (fgets(line, sizeof line, input)) {
        ++number;
        if (!contains(line, pattern))
            continue;
        ++matches;
        if (count_only)
            continue;
        if (name)
            printf("%s:", name);
        printf("%lu: %s", number, line);
        if (line[strlen(line) - 1] != '\n')
            putchar('\n');
    }
    if (count_only) {
        if (name)
            printf("%s:", name);
        printf("%lu\n", matches);
    }
    return matches;
}

int main(int argc, char** argv) {
    int i = 1;
    for (; i < argc && argv[i][0] == '-' && argv[i][1]; ++i) {
        if (strcmp(argv[i], "-i") == 0)
            ignore_case = 1;
        else if (strcmp(argv[i], "-c") == 0)
            count_only = 1;
        else {
            fprintf(stderr, "search: unknown option %s\n", argv[i]);
            return 2;
        }
    }
    if (i == argc) {
        fprintf(stderr, "usage: search [-i] [-c] PATTERN [FILE...]\n");
        return 2;
    }
    const char* pattern = argv[i++];
    unsigned long matches = 0;
    int status = 0;
    if (i == argc)
        matches = search(stdin, pattern, NULL);
    for (int first = i; i < argc; ++i) {
        FILE* input = fopen(argv[i], "r");
        if (!input) {
            fprintf(stderr, "search: %s: cannot open\n", argv[i]);
            status = 2;
            continue;
        }
        matches += search(input, pattern, argc - first > 1 ? argv[i] : NULL);
        fclose(input);
    }
    if (status)
        return status;
    return matches ? 0 : 1;
}
