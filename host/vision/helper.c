/* helper.c: main of postcheck-vision, the process the host starts on its
 * first image (host/vision.c). It reads requests on stdin and answers on
 * stdout until end of input; it holds the decoders and OpenCV, which the
 * host never loads.
 *
 * Request: six native-order uint32 (vision_wire.h: magic PC_VISION_MAGIC,
 * op, width, height, payload length, logo slots) and the payload:
 *   op 1 (file)    payload: a JPEG, PNG or WebP file; width, height 0
 *                  (decoded at 384 px, and at up to 768 for the keypoint
 *                  vote when logos are asked for)
 *   op 2 (pixels)  payload: width*height*3 RGB bytes, sides <= 384
 *   op 3 (logo)    payload: a logo's JPEG, PNG or WebP file, kept in slot
 *                  `width` (< PC_VISION_SLOTS) until replaced
 * Reply: a native-order uint32 length, then text lines: to a look (ops 1
 *   and 2), "ok WIDTH HEIGHT DHASH FACES\n", one "face X Y W H SCORE\n" a
 *   face (at most PC_VISION_MAX_FACES) and one "logo SLOT FOUND INLIERS
 *   SCORE\n" for each slot asked for (bit s of the logo field) that
 *   holds a logo; to op 3, "ok WIDTH HEIGHT\n"; or "err STATUS
 *   MESSAGE\n".
 * A request it cannot frame (bad magic, payload over the limit) ends the
 * process with status 2: the host starts a new one. With
 * POSTCHECK_VISION_EXIT_MS set (the host sets it), it exits (status 0)
 * after that long with nothing to read, giving its memory back; the host
 * counts it stopped before then (host/vision_helper.c). */
#include <errno.h>
#include <limits.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "postcheck/frame.h"
#include "postcheck/vision.h"
#include "vision_wire.h"

/* Logos are reduced to this side when read: the finder works at 256 px. */
#define LOGO_SIDE 512

static pc_vision_logo *slots[PC_VISION_SLOTS];

static int reply(const char *text, size_t n)
{
    uint32_t len = (uint32_t)n;
    if (pc_frame_write_all(1, &len, sizeof len, NULL) != PC_OK) {
        return -1;
    }
    return pc_frame_write_all(1, text, n, NULL) == PC_OK ? 0 : -1;
}

static int reply_error(const pc_error *e)
{
    char line[PC_ERROR_TEXT + 32];
    int n = snprintf(line, sizeof line, "err %d %s\n", (int)e->code,
                     e->text[0] ? e->text : pc_strerror(e->code));
    return reply(line, (size_t)n < sizeof line ? (size_t)n : sizeof line - 1);
}

/* Appends a "logo" line to out for each slot in mask that holds a logo,
 * found in img (detail: the same photo larger, for the keypoint vote, or
 * NULL). Returns the new length, or -1 with err set. */
static int find_logos(const pc_vision_image *img,
                      const pc_vision_image *detail, uint32_t mask,
                      char *out, int len, size_t cap, pc_error *err)
{
    pc_vision_scene *scene;

    if (!mask) {
        return len;
    }
    scene = pc_vision_scene_new_detailed(
        img->rgb, img->width, img->height, detail ? detail->rgb : NULL,
        detail ? detail->width : 0, detail ? detail->height : 0, err);
    if (!scene) {
        return -1;
    }
    for (unsigned s = 0; s < PC_VISION_SLOTS; s++) {
        pc_vision_logo_vote v;
        if (!(mask & (1u << s)) || !slots[s]) {
            continue;
        }
        if (pc_vision_logo_find(slots[s], scene, &v, err) != PC_OK) {
            pc_vision_scene_free(scene);
            return -1;
        }
        len += snprintf(out + len, cap - (size_t)len, "logo %u %d %d %.3f\n",
                        s, v.found, v.inliers, v.template_score);
    }
    pc_vision_scene_free(scene);
    return len;
}

/* Looks at img and answers: its size, dHash, faces and the logos in
 * slots mask found (detail as find_logos). */
static int answer(const pc_vision_image *img, const pc_vision_image *detail,
                  uint32_t mask, int model_ok)
{
    static char out[128 + PC_VISION_MAX_FACES * 64 + PC_VISION_SLOTS * 48];
    pc_vision_box box[PC_VISION_MAX_FACES];
    pc_error err;
    size_t n = 0, k;
    int len;

    pc_error_clear(&err);
    if (!model_ok) {
        pc_error_set(&err, PC_ERR_INTERNAL, "the face model did not load");
        return reply_error(&err);
    }
    if (pc_vision_faces(img->rgb, img->width, img->height, box,
                        PC_VISION_MAX_FACES, &n, &err) != PC_OK) {
        return reply_error(&err);
    }
    len = snprintf(out, sizeof out, "ok %u %u %016llx %zu\n", img->width,
                   img->height,
                   (unsigned long long)pc_vision_dhash(img->rgb, img->width,
                                                       img->height),
                   n);
    for (k = 0; k < n && k < PC_VISION_MAX_FACES; k++) {
        len += snprintf(out + len, sizeof out - (size_t)len,
                        "face %.1f %.1f %.1f %.1f %.3f\n", box[k].x,
                        box[k].y, box[k].w, box[k].h, box[k].score);
    }
    len = find_logos(img, detail, mask, out, len, sizeof out, &err);
    return len < 0 ? reply_error(&err) : reply(out, (size_t)len);
}

/* Reads a logo's file into slot s. */
static int take_logo(const pc_vision_wire *req, const uint8_t *payload)
{
    pc_vision_image img = {NULL, 0, 0};
    pc_vision_logo *l = NULL;
    char line[64];
    pc_error err;
    int n;

    pc_error_clear(&err);
    if (req->width >= PC_VISION_SLOTS) {
        pc_error_set(&err, PC_ERR_REQUEST, "no such logo slot");
        return reply_error(&err);
    }
    pc_vision_logo_free(slots[req->width]);
    slots[req->width] = NULL;
    if (req->len > PC_VISION_MAX_LOGO_FILE) {
        pc_error_set(&err, PC_ERR_TOO_LARGE, "the logo's file is over "
                     "%u MiB", PC_VISION_MAX_LOGO_FILE >> 20);
        return reply_error(&err);
    }
    if (pc_vision_decode(payload, req->len, LOGO_SIDE, &img, &err) ==
        PC_OK) {
        l = pc_vision_logo_new(img.rgb, img.width, img.height, &err);
    }
    if (!l) {
        pc_vision_image_free(&img);
        return reply_error(&err);
    }
    slots[req->width] = l;
    n = snprintf(line, sizeof line, "ok %u %u\n", img.width, img.height);
    pc_vision_image_free(&img);
    return reply(line, (size_t)n);
}

static int serve_one(const pc_vision_wire *req, uint8_t *payload,
                     int model_ok)
{
    pc_vision_image img = {NULL, 0, 0}, detail = {NULL, 0, 0};
    pc_error err;
    int rc;

    pc_error_clear(&err);
    if (req->op == PC_VISION_OP_PIXELS) {
        if (req->width == 0 || req->height == 0 ||
            req->width > PC_VISION_MAX_THUMB ||
            req->height > PC_VISION_MAX_THUMB ||
            req->len != req->width * req->height * 3) {
            pc_error_set(&err, PC_ERR_REQUEST, "bad thumbnail size");
            return reply_error(&err);
        }
        img.rgb = payload;
        img.width = req->width;
        img.height = req->height;
        return answer(&img, NULL, req->logos, model_ok);
    }
    if (req->op == PC_VISION_OP_LOGO) {
        return take_logo(req, payload);
    }
    if (req->op != PC_VISION_OP_FILE) {
        pc_error_set(&err, PC_ERR_REQUEST, "unknown operation");
        return reply_error(&err);
    }
    if (pc_vision_decode(payload, req->len, PC_VISION_MAX_THUMB, &img,
                         &err) != PC_OK) {
        return reply_error(&err);
    }
    /* Logos looked for in a file larger than the thumbnail: the keypoint
     * vote sees it at up to PC_VISION_DETAIL_SIDE (vision.h). */
    if (req->logos &&
        (pc_vision_decode(payload, req->len, PC_VISION_DETAIL_SIDE, &detail,
                          NULL) != PC_OK ||
         detail.width <= img.width)) {
        pc_vision_image_free(&detail);
    }
    rc = answer(&img, detail.rgb ? &detail : NULL, req->logos, model_ok);
    pc_vision_image_free(&img);
    pc_vision_image_free(&detail);
    return rc;
}

int main(void)
{
    const char *exit_ms = getenv("POSTCHECK_VISION_EXIT_MS");
    long idle = exit_ms ? strtol(exit_ms, NULL, 10) : 0;
    int idle_exit = idle > INT_MAX ? INT_MAX : idle > 0 ? (int)idle : 0;
    pc_error err;
    int model_ok;

    pc_error_clear(&err);
    model_ok = pc_vision_faces_init(&err) == PC_OK;
    if (!model_ok) {
        fprintf(stderr, "postcheck-vision: %s\n", err.text);
    }
    for (;;) {
        pc_vision_wire req;
        uint8_t *payload;
        int rc;

        if (idle_exit > 0) {
            struct pollfd p = {0, POLLIN, 0};
            int r;
            while ((r = poll(&p, 1, idle_exit)) < 0 && errno == EINTR) {
            }
            if (r == 0) {
                return 0;
            }
        }
        if (pc_frame_read_exact(0, &req, sizeof req, NULL, NULL) != PC_OK) {
            return 0;
        }
        if (req.magic != PC_VISION_MAGIC || req.len > PC_VISION_MAX_FILE) {
            fprintf(stderr, "postcheck-vision: bad request header\n");
            return 2;
        }
        payload = malloc(req.len ? req.len : 1);
        if (!payload ||
            pc_frame_read_exact(0, payload, req.len, NULL, NULL) != PC_OK) {
            free(payload);
            return 2;
        }
        rc = serve_one(&req, payload, model_ok);
        free(payload);
        if (rc != 0) {
            return 2;
        }
    }
}
