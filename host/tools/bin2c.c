/* bin2c.c: build-time tool that writes one file into a C file as a byte
 * array, for the face model embedded in postcheck-vision.
 *
 * Usage: pc_bin2c IN OUT.c NAME
 * Defines `const unsigned char NAME[]` and `const size_t NAME_len`. */
#include <stdio.h>

int main(int argc, char **argv)
{
    FILE *in, *out;
    long n = 0;
    int c;

    if (argc != 4) {
        fprintf(stderr, "usage: pc_bin2c IN OUT.c NAME\n");
        return 2;
    }
    in = fopen(argv[1], "rb");
    out = fopen(argv[2], "w");
    if (!in || !out) {
        perror(in ? argv[2] : argv[1]);
        return 1;
    }
    fprintf(out, "#include <stddef.h>\nextern const unsigned char %s[];\n"
            "extern const size_t %s_len;\nconst unsigned char %s[] = {",
            argv[3], argv[3], argv[3]);
    while ((c = fgetc(in)) != EOF) {
        fprintf(out, "%s%d,", (n % 24 == 0) ? "\n" : "", c);
        n++;
    }
    fprintf(out, "\n0};\nconst size_t %s_len = %ld;\n", argv[3], n);
    fclose(in);
    return fclose(out) == 0 ? 0 : 1;
}
