/* replay.c: a main() for the fuzz targets when libFuzzer is not there
 * (gcc builds, the sanitizer stage): runs LLVMFuzzerTestOneInput once on
 * every file named on the command line, descending into folders, so seed
 * corpora and crash regressions replay under ASan and UBSan. Prints how
 * many inputs ran; an invariant failure aborts as it does when fuzzing. */
#include <dirent.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerInitialize(int *argc, char ***argv) __attribute__((weak));

static long ran;

static void run_file(const char *path)
{
    FILE *f = fopen(path, "rb");
    uint8_t *buf = NULL;
    long size;

    if (!f || fseek(f, 0, SEEK_END) != 0 || (size = ftell(f)) < 0 ||
        fseek(f, 0, SEEK_SET) != 0) {
        fprintf(stderr, "replay: cannot read %s\n", path);
        exit(2);
    }
    buf = malloc((size_t)size + 1);
    if (!buf || fread(buf, 1, (size_t)size, f) != (size_t)size) {
        fprintf(stderr, "replay: cannot read %s\n", path);
        exit(2);
    }
    fclose(f);
    LLVMFuzzerTestOneInput(buf, (size_t)size);
    free(buf);
    ran++;
}

static void run_path(const char *path)
{
    struct stat st;
    struct dirent *e;
    char child[4096];
    DIR *d;

    if (stat(path, &st) != 0) {
        fprintf(stderr, "replay: no such file %s\n", path);
        exit(2);
    }
    if (!S_ISDIR(st.st_mode)) {
        run_file(path);
        return;
    }
    d = opendir(path);
    if (!d) {
        fprintf(stderr, "replay: cannot open %s\n", path);
        exit(2);
    }
    while ((e = readdir(d)) != NULL) {
        if (e->d_name[0] == '.') {
            continue;
        }
        snprintf(child, sizeof child, "%s/%s", path, e->d_name);
        run_path(child);
    }
    closedir(d);
}

int main(int argc, char **argv)
{
    int i;

    if (LLVMFuzzerInitialize) {
        LLVMFuzzerInitialize(&argc, &argv);
    }
    for (i = 1; i < argc; i++) {
        run_path(argv[i]);
    }
    printf("%s: %ld inputs ran\n", argv[0], ran);
    return 0;
}
