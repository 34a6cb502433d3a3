/* vision_tool.c: the vision benchmark's helper (tests/bench/vision):
 *   pc_vision_tool thumb IN OUT      IN decoded to <= 384 px, written as
 *                                    "W H\n" and W*H*3 RGB bytes
 *   pc_vision_tool resize IN SIDE OUT.jpg
 *                                    IN decoded whole, shrunk to SIDE on
 *                                    its long side, JPEG quality 90
 * Uses the helper's own decoder (pc_vision_decode) and libturbojpeg. */
#include <stdio.h>
#include <stdlib.h>

#include <turbojpeg.h>

#include "postcheck/vision.h"

static uint8_t *slurp(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    uint8_t *buf = NULL;
    long n;

    if (!f) {
        return NULL;
    }
    fseek(f, 0, SEEK_END);
    n = ftell(f);
    fseek(f, 0, SEEK_SET);
    buf = malloc((size_t)n);
    if (buf && fread(buf, 1, (size_t)n, f) != (size_t)n) {
        free(buf);
        buf = NULL;
    }
    fclose(f);
    *len = (size_t)n;
    return buf;
}

static int write_jpeg(const pc_vision_image *img, const char *path)
{
    tjhandle tj = tjInitCompress();
    unsigned char *buf = NULL;
    unsigned long n = 0;
    FILE *f;
    int rc = 1;

    if (tj && tjCompress2(tj, img->rgb, (int)img->width, 0, (int)img->height,
                          TJPF_RGB, &buf, &n, TJSAMP_420, 90, 0) == 0) {
        f = fopen(path, "wb");
        rc = !f || fwrite(buf, 1, n, f) != n || fclose(f) != 0;
    }
    tjFree(buf);
    tjDestroy(tj);
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
    data = slurp(argv[2], &len);
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
