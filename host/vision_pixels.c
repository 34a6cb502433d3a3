/* vision_pixels.c: pixel arithmetic shared by the host and the helper:
 * the dHash (as the extension computes it) and an area-average shrink.
 * No I/O, no decoders, no OpenCV. */
#include <stdlib.h>
#include <string.h>

#include "postcheck/vision.h"

/* How much of source pixel i (of n) falls in cell c (of m): cell c spans
 * [c*n/m, (c+1)*n/m) in source pixels. */
static double cover(unsigned c, unsigned i, unsigned n, unsigned m)
{
    double a = (double)c * n / m, b = (double)(c + 1) * n / m;
    double lo = a > i ? a : i, hi = b < i + 1.0 ? b : i + 1.0;
    return hi > lo ? hi - lo : 0.0;
}

/* Area average of grey (w x h) into 9x8 cells. */
static void cells9x8(const uint8_t *rgb, unsigned w, unsigned h,
                     double cell[8][9])
{
    double sum[8][9] = {{0}}, tot[8][9] = {{0}};

    for (unsigned y = 0; y < h; y++) {
        unsigned r = (unsigned)((unsigned long long)y * 8 / h);
        for (unsigned x = 0; x < w; x++) {
            const uint8_t *p = rgb + ((size_t)y * w + x) * 3;
            double g = 0.299 * p[0] + 0.587 * p[1] + 0.114 * p[2];
            unsigned c = (unsigned)((unsigned long long)x * 9 / w);
            /* A pixel adds to each cell it overlaps, by the overlap. */
            for (unsigned rr = r; rr < 8 && cover(rr, y, h, 8) > 0; rr++) {
                double wy = cover(rr, y, h, 8);
                for (unsigned cc = c; cc < 9 && cover(cc, x, w, 9) > 0;
                     cc++) {
                    double wgt = wy * cover(cc, x, w, 9);
                    sum[rr][cc] += g * wgt;
                    tot[rr][cc] += wgt;
                }
            }
        }
    }
    for (int r = 0; r < 8; r++) {
        for (int c = 0; c < 9; c++) {
            cell[r][c] = tot[r][c] > 0 ? sum[r][c] / tot[r][c] : 0;
        }
    }
}

uint64_t pc_vision_dhash(const uint8_t *rgb, unsigned w, unsigned h)
{
    double cell[8][9];
    uint64_t hash = 0;

    cells9x8(rgb, w, h, cell);
    for (int r = 0; r < 8; r++) {
        for (int c = 0; c < 8; c++) {
            hash = (hash << 1) | (cell[r][c] < cell[r][c + 1] ? 1u : 0u);
        }
    }
    return hash;
}

pc_status pc_vision_shrink(pc_vision_image *img, unsigned max_side)
{
    unsigned w = img->width, h = img->height, long_side = w > h ? w : h;
    unsigned nw, nh;
    uint8_t *out;

    if (!max_side || long_side <= max_side) {
        return PC_OK;
    }
    nw = (unsigned)((unsigned long long)w * max_side / long_side);
    nh = (unsigned)((unsigned long long)h * max_side / long_side);
    nw = nw ? nw : 1;
    nh = nh ? nh : 1;
    out = malloc((size_t)nw * nh * 3);
    if (!out) {
        return PC_ERR_NOMEM;
    }
    /* Each target pixel averages the source block it covers (nearest
     * whole pixels): a box filter, enough for a detector's input. */
    for (unsigned y = 0; y < nh; y++) {
        unsigned y0 = (unsigned)((unsigned long long)y * h / nh);
        unsigned y1 = (unsigned)((unsigned long long)(y + 1) * h / nh);
        y1 = y1 > y0 ? y1 : y0 + 1;
        for (unsigned x = 0; x < nw; x++) {
            unsigned x0 = (unsigned)((unsigned long long)x * w / nw);
            unsigned x1 = (unsigned)((unsigned long long)(x + 1) * w / nw);
            unsigned long sum[3] = {0, 0, 0}, n = 0;
            x1 = x1 > x0 ? x1 : x0 + 1;
            for (unsigned yy = y0; yy < y1; yy++) {
                const uint8_t *p = img->rgb + ((size_t)yy * w + x0) * 3;
                for (unsigned xx = x0; xx < x1; xx++, p += 3, n++) {
                    sum[0] += p[0];
                    sum[1] += p[1];
                    sum[2] += p[2];
                }
            }
            for (int c = 0; c < 3; c++) {
                out[((size_t)y * nw + x) * 3 + c] =
                    (uint8_t)((sum[c] + n / 2) / n);
            }
        }
    }
    free(img->rgb);
    img->rgb = out;
    img->width = nw;
    img->height = nh;
    return PC_OK;
}

uint64_t pc_vision_key(const uint8_t *data, size_t len)
{
    uint64_t h = 0xcbf29ce484222325ull;

    for (size_t i = 0; i < len; i++) {
        h = (h ^ data[i]) * 0x100000001b3ull;
    }
    return h;
}
