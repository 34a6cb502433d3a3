/* helper.c: main of postcheck-vision, the process the host starts on its
 * first image (host/vision.c). It reads requests on stdin and answers on
 * stdout until end of input; it holds the decoders and OpenCV, which the
 * host never loads.
 *
 * Request: five native-order uint32 (magic PC_VISION_MAGIC, op, width,
 * height, payload length) and the payload:
 *   op 1 (file)    payload: a JPEG, PNG or WebP file; width, height 0
 *   op 2 (pixels)  payload: width*height*3 RGB bytes, sides <= 384
 * Reply: a native-order uint32 length, then text lines:
 *   "ok WIDTH HEIGHT DHASH FACES\n" and one "face X Y W H SCORE\n" a face
 *   (at most PC_VISION_MAX_FACES), or "err STATUS MESSAGE\n".
 * A request it cannot frame (bad magic, payload over the limit) ends the
 * process with status 2: the host starts a new one. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "postcheck/frame.h"
#include "postcheck/vision.h"
#include "vision_wire.h"

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

/* Looks at img and answers: its size, dHash and faces. */
static int answer(const pc_vision_image *img, int model_ok)
{
    static char out[128 + PC_VISION_MAX_FACES * 64];
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
    return reply(out, (size_t)len);
}

static int serve_one(const pc_vision_wire *req, uint8_t *payload,
                     int model_ok)
{
    pc_vision_image img = {NULL, 0, 0};
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
        return answer(&img, model_ok);
    }
    if (req->op != PC_VISION_OP_FILE) {
        pc_error_set(&err, PC_ERR_REQUEST, "unknown operation");
        return reply_error(&err);
    }
    if (pc_vision_decode(payload, req->len, PC_VISION_MAX_THUMB, &img,
                         &err) != PC_OK) {
        return reply_error(&err);
    }
    rc = answer(&img, model_ok);
    pc_vision_image_free(&img);
    return rc;
}

int main(void)
{
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
