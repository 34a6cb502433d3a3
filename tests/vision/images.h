/* images.h: test images made on the fly with the same Debian libraries the
 * helper decodes with (libturbojpeg, libspng, libwebp), so no binary
 * fixture is committed; image files read and written. Shared by the
 * tests in tests/vision, the fuzz seeds and tests/bench/vision_tool.c. */
#ifndef POSTCHECK_TEST_IMAGES_H
#define POSTCHECK_TEST_IMAGES_H

#include <stddef.h>
#include <stdint.h>

/* A w x h RGB gradient: red grows left to right, green top to bottom,
 * blue constant. Owned, free with free(). */
uint8_t *pc_test_gradient(unsigned w, unsigned h);

/* Encodes rgb (w x h) as a JPEG (quality 90), PNG (RGB8) or lossless
 * WebP. Returns owned bytes (*len), free with free(), or NULL. */
uint8_t *pc_test_jpeg(const uint8_t *rgb, unsigned w, unsigned h,
                      size_t *len);
uint8_t *pc_test_png(const uint8_t *rgb, unsigned w, unsigned h,
                     size_t *len);
uint8_t *pc_test_webp(const uint8_t *rgb, unsigned w, unsigned h,
                      size_t *len);

/* Rewrites the image size a PNG's IHDR claims (and its CRC), or a
 * baseline JPEG's SOF0 size, leaving the pixels' data as it was: a
 * header that lies about its size. Returns 0, or -1 when not found. */
int pc_test_png_claim(uint8_t *png, size_t len, uint32_t w, uint32_t h);
int pc_test_jpeg_claim(uint8_t *jpg, size_t len, uint16_t w, uint16_t h);

/* A w x w flat test "logo" (nobody's): seeded random coloured blocks on
 * white. Owned, free with free(). */
uint8_t *pc_test_block_logo(unsigned w, unsigned seed);

/* Pastes logo (lw x lw) into img (w wide) at (ox, oy), scaled to side s
 * (nearest pixel). */
void pc_test_paste(uint8_t *img, unsigned w, const uint8_t *logo,
                   unsigned lw, unsigned ox, unsigned oy, unsigned s);

/* Standard base64 (padded) of p[0..n). Owned, free with free(). */
char *pc_test_b64(const uint8_t *p, size_t n);

/* The bytes of the file at path (owned, free with free(); *len set), or
 * NULL when it cannot be read. */
uint8_t *pc_test_file_bytes(const char *path, size_t *len);

/* Writes p[0..n) to the file at path. Returns 0 or -1. */
int pc_test_write_bytes(const char *path, const uint8_t *p, size_t n);

#endif
