/* vision_tool.c: the vision benchmark's helper (tests/bench/vision):
 *   pc_vision_tool thumb IN OUT      IN decoded to <= 384 px, written as
 *                                    "W H\n" and W*H*3 RGB bytes
 *   pc_vision_tool resize IN SIDE OUT.jpg
 *                                    IN decoded whole, shrunk to SIDE on
 *                                    its long side, JPEG quality 90
 * Uses the helper's own decoder (pc_vision_decode), and the tests' image
 * files and JPEG encoder (tests/vision/images.c). */
#include <stdio.h>
#include <stdlib.h>

#include "images.h"
#include "postcheck/vision.h"

/* Writes img to path as a JPEG (quality 90). Returns 0, or 1. */
static int write_jpeg(const pc_vision_image *img, const char *path)
{
    size_t n = 0;
    uint8_t *jpg = pc_test_jpeg(img->rgb, img->width, img->height, &n);
    int rc = !jpg || pc_test_write_bytes(path, jpg, n) != 0;

    free(jpg);
    return rc;
}

int main(int argc, char **argv)
{
    pc_vision_image img;
    pc_error err;
    size_t len = 0;
    uint8_t *data;
    FILE *f;

    if (argc < 4) {
        fprintf(stderr, "usage: pc_vision_tool thumb IN OUT | resize IN SIDE OUT\n");
        return 2;
    }
    data = pc_test_file_bytes(argv[2], &len);
    pc_error_clear(&err);
    if (!data || pc_vision_decode(data, len, argv[1][0] == 't' ? 384 : 0,
                                  &img, &err) != PC_OK) {
        fprintf(stderr, "%s: %s\n", argv[2], err.text);
        return 1;
    }
    free(data);
    if (argv[1][0] == 't') {
        f = fopen(argv[3], "wb");
        if (!f) {
            return 1;
        }
        fprintf(f, "%u %u\n", img.width, img.height);
        fwrite(img.rgb, 3, (size_t)img.width * img.height, f);
        fclose(f);
        pc_vision_image_free(&img);
        return 0;
    }
    if (argc < 5 || pc_vision_shrink(&img, (unsigned)atoi(argv[3])) != PC_OK ||
        write_jpeg(&img, argv[4]) != 0) {
        return 1;
    }
    pc_vision_image_free(&img);
    return 0;
}
