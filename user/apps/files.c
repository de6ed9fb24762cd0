// files: exercises a preopened directory. In DIR it creates a directory `notes`, writes a file
// into it, appends to it, reads it back, renames it, lists both directories (sorted, with sizes),
// then removes what it made, printing each step. Exit status 0 when every step worked.
//   files DIR

#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static int failures;

static void check(int ok, const char* step) {
    printf("%-28s %s\n", step, ok ? "ok" : strerror(errno));
    if (!ok)
        ++failures;
}

static int compare(const void* a, const void* b) {
    return strcmp(*(char* const*)a, *(char* const*)b);
}

static void list(const char* path) {
    DIR* directory = opendir(path);
    check(directory != NULL, "opendir");
    if (!directory)
        return;
    char* names[64];
    int count = 0;
    struct dirent* entry;
    while ((entry = readdir(directory)) && count < 64) {
        if (strcmp(entry->d_name, ".") && strcmp(entry->d_name, ".."))
            names[count++] = strdup(entry->d_name);
    }
    closedir(directory);
    qsort(names, (size_t)count, sizeof names[0], compare);
    printf("%s:\n", path);
    for (int i = 0; i < count; ++i) {
        char full[512];
        struct stat info;
        snprintf(full, sizeof full, "%s/%s", path, names[i]);
        if (stat(full, &info) == 0)
            printf("  %-16s %s %lld\n", names[i], S_ISDIR(info.st_mode) ? "dir " : "file",
                   S_ISDIR(info.st_mode) ? 0LL : (long long)info.st_size);
        else
            printf("  %-16s ?\n", names[i]);
        free(names[i]);
    }
}

int main(int argc, char** argv) {
    if (argc != 2) {
        fprintf(stderr, "usage: files DIR\n");
        return 2;
    }
    char notes[256], first[300], second[300];
    snprintf(notes, sizeof notes, "%s/notes", argv[1]);
    snprintf(first, sizeof first, "%s/draft.txt", notes);
    snprintf(second, sizeof second, "%s/final.txt", notes);

    check(mkdir(notes, 0755) == 0, "mkdir notes");
    FILE* file = fopen(first, "w");
    check(file != NULL, "create draft.txt");
    if (file) {
        fputs("first line\n", file);
        check(fclose(file) == 0, "close draft.txt");
    }
    file = fopen(first, "a");
    check(file != NULL, "append to draft.txt");
    if (file) {
        fputs("second line\n", file);
        fclose(file);
    }
    file = fopen(first, "r");
    check(file != NULL, "read draft.txt");
    if (file) {
        char line[128];
        while (fgets(line, sizeof line, file))
            printf("  | %s", line);
        fseek(file, 6, SEEK_SET);
        printf("  at 6: %c%c%c%c\n", fgetc(file), fgetc(file), fgetc(file), fgetc(file));
        fclose(file);
    }
    check(rename(first, second) == 0, "rename to final.txt");
    check(access(first, F_OK) != 0 && errno == ENOENT, "draft.txt is gone");
    list(argv[1]);
    list(notes);
    char escape[300];
    snprintf(escape, sizeof escape, "%s/../outside.txt", argv[1]);
    check(fopen(escape, "w") == NULL, "cannot escape the preopen");
    check(unlink(second) == 0, "unlink final.txt");
    check(rmdir(notes) == 0, "rmdir notes");
    list(argv[1]);
    return failures;
}
