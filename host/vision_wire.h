/* vision_wire.h: the request header between the host (host/vision.c) and
 * its helper (host/vision/helper.c); both are built from one tree, so the
 * format is private and native-order. Replies are described in helper.c. */
#ifndef POSTCHECK_VISION_WIRE_H
#define POSTCHECK_VISION_WIRE_H

#include <stdint.h>

#define PC_VISION_MAGIC 0x32564350u /* "PCV2" */
#define PC_VISION_OP_FILE 1u
#define PC_VISION_OP_PIXELS 2u
#define PC_VISION_OP_LOGO 3u
/* The helper holds at most this many logos, in numbered slots. */
#define PC_VISION_SLOTS 32u

typedef struct pc_vision_wire {
    uint32_t magic;
    uint32_t op;
    uint32_t width;   /* OP_PIXELS: the thumbnail's; OP_LOGO: the slot */
    uint32_t height;
    uint32_t len;     /* payload bytes that follow */
    uint32_t logos;   /* OP_FILE, OP_PIXELS: bit s: look for slot s */
} pc_vision_wire;

#endif
