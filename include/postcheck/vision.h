/* vision.h: faces and logos found in an image's pixels, on-device.
 *
 * Two halves, in two binaries, so the host starts lean:
 *  - The helper side (postcheck-vision, host/vision/): image decoding with
 *    Debian's decoders (libturbojpeg, libspng, libwebp) and the C++ shim
 *    over OpenCV's dnn module (BlazeFace). Only the helper links OpenCV
 *    and the decoders; the shim is the only C++ in the project.
 *  - The host side (pc_core, host/vision.c, vision_helper.c): starts the
 *    helper on the first image (or a hello that says images may come), with
 *    resource limits, and talks to it over a socket, so
 *    a hostile image can take down only the helper. Results are cached by
 *    the image's dHash, so a re-check while typing costs nothing.
 * Images are 8-bit RGB, row-major, 3 bytes a pixel, no padding. */
#ifndef POSTCHECK_VISION_H
#define POSTCHECK_VISION_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

#include "postcheck/status.h"

/* Thumbnails (the protocol's "pixels") have no side longer than this. */
#define PC_VISION_MAX_THUMB 384
/* Image files over this many pixels are refused before decoding. */
#define PC_VISION_MAX_PIXELS 50000000u
/* Encoded image files longer than this are refused unread. */
#define PC_VISION_MAX_FILE (64u * 1024u * 1024u)
/* At most this many faces are reported for one image. */
#define PC_VISION_MAX_FACES 64
/* At most this many logos are looked for in one image (a pack's image
 * logos; a result keeps one bit a logo). */
#define PC_VISION_MAX_LOGOS 16
/* A logo's image file is at most this long (it is reduced to 256 px wide
 * for finding anyway); its pixels count against PC_VISION_MAX_PIXELS. */
#define PC_VISION_MAX_LOGO_FILE (2u * 1024u * 1024u)

/* One face: a box in the image's pixels and the detector's score. */
typedef struct pc_vision_box {
    float x, y, w, h;
    float score;
} pc_vision_box;

/* A logo to look for, as the host holds it: its image file's bytes
 * (JPEG, PNG or WebP, borrowed) and a key naming those bytes (equal keys:
 * the same logo; pc_vision_key). */
typedef struct pc_vision_logo_ref {
    uint64_t key;
    const uint8_t *data;
    size_t len;
} pc_vision_logo_ref;

/* What the helper found in one image. faces < 0: unknown (no helper, the
 * image could not be read). Bit k of logos: logo k of the request was
 * found; bit k of logos_known: logo k was looked for (a logo whose file
 * the helper could not read, or an image it could not read, is not). */
typedef struct pc_vision_result {
    int faces;
    uint32_t logos;
    uint32_t logos_known;
    unsigned width, height;   /* of the decoded image (0 when unknown) */
    int has_dhash;
    uint64_t dhash;           /* of the decoded image */
    pc_vision_box box[PC_VISION_MAX_FACES]; /* the first min(faces, MAX) */
} pc_vision_result;

/* ---- helper side (postcheck-vision) ---- */

/* A decoded image: owned RGB pixels, free with pc_vision_image_free. */
typedef struct pc_vision_image {
    uint8_t *rgb;
    unsigned width, height;
} pc_vision_image;

/* Decodes a JPEG, PNG or WebP file held in data[0..len) into RGB, reduced
 * (keeping its shape) so that no side is longer than max_side (0: full
 * size); JPEGs are decoded straight at a reduced scale. The header is
 * read first and an image over PC_VISION_MAX_PIXELS is refused before
 * any pixel is decoded. Transparent pixels are blended onto white, as
 * the extension's dHash does. Returns PC_OK and fills *out (free with
 * pc_vision_image_free), or PC_ERR_TOO_LARGE (too many pixels or bytes),
 * PC_ERR_REQUEST (not a JPEG, PNG or WebP, or corrupt), PC_ERR_NOMEM;
 * err (may be NULL) gets the reason. */
pc_status pc_vision_decode(const uint8_t *data, size_t len, unsigned max_side,
                           pc_vision_image *out, pc_error *err);

/* Frees img's pixels and zeroes it; NULL or empty does nothing. */
void pc_vision_image_free(pc_vision_image *img);

/* Reduces img in place (area average) so no side exceeds max_side.
 * Returns PC_OK or PC_ERR_NOMEM (img unchanged). */
pc_status pc_vision_shrink(pc_vision_image *img, unsigned max_side);

/* Loads the face model once (the C++ shim; model embedded at build
 * time). Returns PC_OK or PC_ERR_INTERNAL with err filled in. */
pc_status pc_vision_faces_init(pc_error *err);

/* Finds faces in rgb (w x h, any size: it is reduced to
 * PC_VISION_MAX_THUMB first, so a file and its thumbnail agree). Stores
 * up to max boxes in box and the count found in *n. Returns PC_OK, or
 * PC_ERR_INTERNAL (model not loaded, OpenCV failed) with err filled. */
pc_status pc_vision_faces(const uint8_t *rgb, unsigned w, unsigned h,
                          pc_vision_box *box, size_t max, size_t *n,
                          pc_error *err);

/* ---- logos (helper side, the C++ shim) ---- */

/* A logo prepared for finding: from its image (rgb, w x h). Free with
 * pc_vision_logo_free. NULL with err filled when OpenCV fails. */
typedef struct pc_vision_logo pc_vision_logo;
pc_vision_logo *pc_vision_logo_new(const uint8_t *rgb, unsigned w, unsigned h,
                                   pc_error *err);
void pc_vision_logo_free(pc_vision_logo *l);

/* A photo prepared for finding logos in (its keypoints taken once, for
 * every logo, on the photo enlarged 1.5 times: logos.cpp's KEY_UPSCALE). Free
 * with pc_vision_scene_free. */
typedef struct pc_vision_scene pc_vision_scene;
pc_vision_scene *pc_vision_scene_new(const uint8_t *rgb, unsigned w,
                                     unsigned h, pc_error *err);

/* The longest side an image file is decoded at for the keypoint vote when
 * logos are looked for (helper.c): a logo 8% of the width is then about
 * 60 px, where SIFT finds keypoints; at the 384-px thumbnail it is 30. */
#define PC_VISION_DETAIL_SIDE 768

/* As pc_vision_scene_new (rgb, w x h: the thumbnail the template vote
 * and the verifying check look at), with the same photo larger (detail,
 * dw x dh, e.g. a file decoded at PC_VISION_DETAIL_SIDE; NULL for none):
 * the keypoint vote then matches the logo against its keypoints instead
 * of the enlarged thumbnail's. */
pc_vision_scene *pc_vision_scene_new_detailed(const uint8_t *rgb, unsigned w,
                                              unsigned h,
                                              const uint8_t *detail,
                                              unsigned dw, unsigned dh,
                                              pc_error *err);
void pc_vision_scene_free(pc_vision_scene *s);

/* The three votes for one logo in one photo, and the verdict. */
typedef struct pc_vision_logo_vote {
    int found;              /* any vote passed its threshold */
    int inliers;            /* keypoint matches the homography keeps */
    float template_score;   /* the template vote's best verifying score
                               (>= 0 passes; -1 when it did not run) */
    int close_inliers;      /* the close-up vote's best inliers (0 when
                               it did not run: logos.cpp) */
} pc_vision_logo_vote;

/* Looks for logo l in scene s. Returns PC_OK and fills *vote, or
 * PC_ERR_INTERNAL with err filled. */
pc_status pc_vision_logo_find(const pc_vision_logo *l,
                              const pc_vision_scene *s,
                              pc_vision_logo_vote *vote, pc_error *err);

/* The verifying check's measures of one place (logo_verify.cpp), each compared
 * with the logo after ECC has aligned it to the photo. */
enum {
    PC_LOGO_F_WHOLE,  /* colour NCC of the whole logo */
    PC_LOGO_F_CELL,   /* median colour NCC of its non-flat 4x4 cells */
    PC_LOGO_F_ECC,    /* ECC's own grey correlation at convergence */
    PC_LOGO_F_GRAD,   /* NCC of the grey gradients (Sobel x and y) */
    PC_LOGO_F_ORIENT, /* edge orientation agreement on the logo's edges */
    PC_LOGO_F_CELLQ,  /* lower-quartile cell NCC */
    PC_LOGO_F_BLUR,   /* colour NCC of both blurred (misalignment) */
    PC_LOGO_F_PROP,   /* the proposal's score (SDs above its map's mean) */
    PC_LOGO_F_COVER,  /* share of the logo's edge pixels with a photo edge
                         along them */
    PC_LOGO_F_FLAT,   /* share of the logo's non-flat cells where the
                         photo is flat (the detail is missing) */
    PC_LOGO_F_TINT,   /* NCC of the whole logo with one mean for its three
                         channels (its colours, not only its shapes) */
    PC_LOGO_F_INSIDE, /* colour NCC over the logo's inside only (its letters
                         and marks, away from its outline); 1 when the
                         logo is one flat colour there */
    PC_LOGO_F_COUNT
};

/* One place the template vote verified: its measures (all -1 when ECC
 * could not refine it to a sane shape), the verifying score combined from
 * them (logo_verify.cpp; a place passes at >= 0), and where it was proposed
 * (centre and width, in the photo's pixels). */
typedef struct pc_vision_logo_place {
    float f[PC_LOGO_F_COUNT];
    float score;
    float x, y, w;
} pc_vision_logo_place;

/* For fitting the verifying score (tests/bench/logo_bench.cpp --scores):
 * the keypoint vote's inliers in *inliers and the max best places the
 * template vote proposes (the finder verifies its first 8), each
 * verified, stored in place (the count in *n), none skipped, whatever
 * either vote says. Returns PC_OK or PC_ERR_INTERNAL. */
pc_status pc_vision_logo_places(const pc_vision_logo *l,
                                const pc_vision_scene *s,
                                pc_vision_logo_place *place, size_t max,
                                size_t *n, int *inliers, pc_error *err);

/* ---- shared (both sides) ---- */

/* The 64-bit dHash of rgb (w x h), as the extension computes it: 9x8
 * grey cells (area average, Rec. 601 weights), a bit set where a cell is
 * darker than its right neighbour, row-major, first cell the most
 * significant bit. */
uint64_t pc_vision_dhash(const uint8_t *rgb, unsigned w, unsigned h);

/* A key for data[0..len) (64-bit FNV-1a): what names a logo's bytes. */
uint64_t pc_vision_key(const uint8_t *data, size_t len);

/* ---- host side (pc_core) ---- */

/* Looks at a thumbnail (rgb, w x h, each side 1..PC_VISION_MAX_THUMB)
 * through the helper, for faces and for logos[0..n_logos) (at most
 * PC_VISION_MAX_LOGOS; borrowed for the call), or answers from the cache
 * when dhash (the image's key; has_dhash 0 to compute it from rgb) was
 * seen before with those logos. Fills *out; out->faces < 0 when the
 * helper is missing or failed (logged once). Returns PC_OK, or
 * PC_ERR_REQUEST for bad dimensions or too many logos. */
pc_status pc_vision_look_pixels(const uint8_t *rgb, unsigned w, unsigned h,
                                int has_dhash, uint64_t dhash,
                                const pc_vision_logo_ref *logos,
                                size_t n_logos, pc_vision_result *out);

/* As pc_vision_look_pixels, for a thumbnail sent as a JPEG
 * (jpeg[0..len), at most w * h * 3 bytes) whose size is w x h: the
 * helper decodes it. Without has_dhash the result is kept under the
 * dHash of the decoded pixels. Returns PC_OK (out->faces < 0 when the
 * helper is missing or failed), or PC_ERR_REQUEST: bad dimensions, too
 * many logos, not a JPEG, one the helper cannot decode, or one of
 * another size than w x h. */
pc_status pc_vision_look_jpeg(const uint8_t *jpeg, size_t len, unsigned w,
                              unsigned h, int has_dhash, uint64_t dhash,
                              const pc_vision_logo_ref *logos,
                              size_t n_logos, pc_vision_result *out);

/* Looks up a dHash in the cache of earlier results: fills *out with the
 * faces and, for logos[0..n_logos), those found and those looked for
 * when the image was seen. Returns 1 when found, else 0. */
int pc_vision_cached(uint64_t dhash, const pc_vision_logo_ref *logos,
                     size_t n_logos, pc_vision_result *out);

/* Decodes and looks at an image file's bytes (data[0..len)) in the
 * helper, for faces and logos[0..n_logos) (as pc_vision_look_pixels).
 * Returns PC_OK and fills *out (with the decoded size and dHash),
 * PC_ERR_TOO_LARGE (over PC_VISION_MAX_FILE bytes or
 * PC_VISION_MAX_PIXELS pixels), PC_ERR_REQUEST (not an image we read, or
 * too many logos), or PC_ERR_INTERNAL (no helper, it died or timed out);
 * err gets the reason. A failed helper is started again on the next
 * call. */
pc_status pc_vision_look_file(const uint8_t *data, size_t len,
                              const pc_vision_logo_ref *logos,
                              size_t n_logos, pc_vision_result *out,
                              pc_error *err);

/* Has the helper read a logo's image file (data[0..len)), as it will
 * when asked to find it: PC_OK, or PC_ERR_TOO_LARGE / PC_ERR_REQUEST
 * (not an image it reads, over PC_VISION_MAX_PIXELS) /
 * PC_ERR_INTERNAL (no helper) with err filled. For `policy lint`. */
pc_status pc_vision_logo_check(const uint8_t *data, size_t len,
                               pc_error *err);

/* Starts the helper now, if it is not running, so that its start (it
 * loads OpenCV and the face model) overlaps the host's other work before
 * the first look, and hands it logos[0..n_logos) (borrowed for the call)
 * that it does not hold, without waiting for it to read them: it reads
 * them as soon as it has started (what its socket does not take at once
 * goes as it takes it, pc_vision_wait), and the next look or logo check
 * reads its replies first. The protocol calls it at each image
 * attachment, and at a hello that says images may come
 * (protocol_pixels.c). Returns at once; starts nothing when vision is
 * off or the helper is missing (looked for once), and starts a helper
 * that was stopped (it failed or timed out) again. */
void pc_vision_start(const pc_vision_logo_ref *logos, size_t n_logos);

/* As pc_vision_start, long before a first image may come (a hello that
 * says images may come): then also has the helper look once at a
 * made-up thumbnail, for faces and those logos, and drops the answer,
 * so that the first photo's look costs no more than the next. Returns
 * at once. */
void pc_vision_prepare(const pc_vision_logo_ref *logos, size_t n_logos);

/* Is some of the requests pc_vision_start and pc_vision_prepare handed
 * ahead still waiting for the helper's socket to take it (a logo file
 * larger than the socket holds, or the socket full while the helper
 * starts)? */
int pc_vision_sending(void);

/* Waits for input on in_fd (the host's requests) for up to timeout_ms
 * (0: only looks), and meanwhile sends the helper what its socket takes
 * of the requests handed ahead, as it takes them, so the helper reads
 * them while the host has nothing to do rather than at the next request.
 * timeout_ms -1: waits until in_fd has input or nothing is left to send.
 * Returns 1 when in_fd has input (or is closed, or polling it failed), 0
 * when it has none (the time passed, or with -1 all was sent). Without
 * anything to send, one poll of in_fd. */
int pc_vision_wait(int in_fd, int timeout_ms);

/* Stops the helper, if started, and empties the cache. */
void pc_vision_shutdown(void);

#ifdef __cplusplus
}
#endif
#endif
