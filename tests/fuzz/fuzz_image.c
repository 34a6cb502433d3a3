/* fuzz_image.c: libFuzzer target for the image decoding wrapper
 * (pc_vision_decode, host/vision/decode.c) over libturbojpeg, libspng
 * and libwebp, as the postcheck-vision helper calls it.
 *
 * The input is a file's bytes. Checked: a decode either fails with a
 * status (and no pixels) or gives pixels no larger than asked
 * (PC_VISION_MAX_THUMB on the long side), never over
 * PC_VISION_MAX_PIXELS before shrinking; the dHash of what it gave can
 * be taken (all bytes readable, ASan watching). */
#include <stdint.h>
#include <string.h>

#include "fuzz_common.h"
#include "postcheck/vision.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    pc_vision_image img;
    pc_status st = pc_vision_decode(data, size, PC_VISION_MAX_THUMB, &img,
                                    NULL);

    if (st != PC_OK) {
        FUZZ_CHECK(img.rgb == NULL && img.width == 0 && img.height == 0);
        FUZZ_CHECK(st == PC_ERR_REQUEST || st == PC_ERR_TOO_LARGE ||
                   st == PC_ERR_NOMEM);
        return 0;
    }
    FUZZ_CHECK(img.rgb != NULL && img.width >= 1 && img.height >= 1);
    FUZZ_CHECK(img.width <= PC_VISION_MAX_THUMB &&
               img.height <= PC_VISION_MAX_THUMB);
    (void)pc_vision_dhash(img.rgb, img.width, img.height);
    pc_vision_image_free(&img);
    return 0;
}
