/*
 * replay — runs a fuzz target's inputs once each, without libFuzzer: the seed corpus and every
 * input that ever crashed a target (kept under tests/fuzz/<target>/) go through `make check`, and
 * under `make check SANITIZE=1` through ASan and UBSan, on every build.
 *
 * Usage: replay_<target> FILE|DIR...   prints "N inputs" and exits 0, or dies on the first crash.
 */
#include <dirent.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "util.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerInitialize(int *argc, char ***argv);

static long replay_file(const char *path)
{
    FILE *fp = fopen(path, "rb");
    if (!fp) {
        perror(path);
        exit(2);
    }
    sbuf b = {0};
    char chunk[4096];
    size_t n;
    while ((n = fread(chunk, 1, sizeof chunk, fp)) > 0) sbuf_addn(&b, chunk, n);
    fclose(fp);
    LLVMFuzzerTestOneInput((const uint8_t *)(b.s ? b.s : ""), b.len);
    sbuf_free(&b);
    return 1;
}

static int by_name(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

static long replay(const char *path)
{
    struct stat sb;
    if (stat(path, &sb) < 0) {
        perror(path);
        exit(2);
    }
    if (!S_ISDIR(sb.st_mode)) return replay_file(path);
    DIR *d = opendir(path);
    if (!d) {
        perror(path);
        exit(2);
    }
    char **names = NULL;
    size_t n = 0;
    for (struct dirent *e; (e = readdir(d));) {
        if (e->d_name[0] == '.') continue;
        names = xrealloc(names, (n + 1) * sizeof *names);
        names[n++] = xasprintf("%s/%s", path, e->d_name);
    }
    closedir(d);
    qsort(names, n, sizeof *names, by_name);   /* the same order every run */
    long count = 0;
    for (size_t i = 0; i < n; i++) {
        count += replay(names[i]);
        free(names[i]);
    }
    free(names);
    return count;
}

int main(int argc, char **argv)
{
    if (argc < 2) {
        fprintf(stderr, "usage: %s FILE|DIR...\n", argv[0]);
        return 2;
    }
    LLVMFuzzerInitialize(&argc, &argv);
    long count = 0;
    for (int i = 1; i < argc; i++) count += replay(argv[i]);
    printf("%ld inputs\n", count);
    return 0;
}
