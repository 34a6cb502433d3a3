/* images.h: test images made on the fly with the same Debian libraries the
 * helper decodes with (libturbojpeg, libspng, libwebp), so no binary
 * fixture is committed. Shared by test_vision.c and the fuzz seeds. */
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

#endif
