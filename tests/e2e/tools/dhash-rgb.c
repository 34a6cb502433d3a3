/* dhash-rgb.c: prints the host's dHash (pc_vision_dhash, host/vision_pixels.c)
 * of raw RGB pixels, for tests/e2e/dhash.mjs, which compares it with the
 * extension's. Usage: dhash-rgb WIDTH HEIGHT < pixels (WIDTH*HEIGHT*3 bytes,
 * row-major). Built by the test from the host's own source file. */
#include <stdio.h>
#include <stdlib.h>

#include "postcheck/vision.h"

int main(int argc, char **argv)
{
    unsigned long w, h;
    size_t n;
    uint8_t *rgb;

    if (argc != 3 || (w = strtoul(argv[1], NULL, 10)) == 0 ||
        (h = strtoul(argv[2], NULL, 10)) == 0 || w > 65535 || h > 65535) {
        fprintf(stderr, "usage: dhash-rgb WIDTH HEIGHT < rgb\n");
        return 2;
    }
    n = (size_t)w * h * 3;
    rgb = malloc(n);
    if (!rgb || fread(rgb, 1, n, stdin) != n) {
        fprintf(stderr, "dhash-rgb: expected %zu bytes of RGB\n", n);
        free(rgb);
        return 2;
    }
    printf("%016llx\n",
           (unsigned long long)pc_vision_dhash(rgb, (unsigned)w, (unsigned)h));
    free(rgb);
    return 0;
}
