/* text_view.c: the plain-C half of text.h: growing a view buffer with its
 * offset map, and the read-only accessors of a built pc_text. text.c
 * builds the views with ICU; nothing here calls ICU.
 *
 * Limits: a view grows to at most PC__VIEW_GROWTH times the original plus
 * PC__VIEW_SLACK bytes (set by text.c), so a hostile post of characters
 * that normalise to many (U+FDFA becomes 18) is refused instead of
 * costing hundreds of megabytes of maps. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "text_int.h"

pc_status pc__view_error(pc_error *err, pc_status rc)
{
    if (rc == PC_ERR_TOO_LARGE) {
        return pc_error_set(err, rc, "the text grows over %d times longer "
                            "when normalised", PC__VIEW_GROWTH);
    }
    return pc_error_set(err, rc, "out of memory");
}

/* Moves b's bytes and maps out of its pc_text's block into allocations of
 * its own with room for cap bytes: 0, or -1 (b unchanged) when out of
 * memory. */
static int view_move(pc__view_buf *b, size_t cap)
{
    char *s = malloc(cap + PC__VIEW_PAD);
    uint32_t *from = malloc(cap * sizeof *from);
    uint32_t *to = malloc(cap * sizeof *to);

    if (!s || !from || !to) {
        free(s);
        free(from);
        free(to);
        return -1;
    }
    memcpy(s, b->s, b->len);
    memcpy(from, b->from, b->len * sizeof *from);
    memcpy(to, b->to, b->len * sizeof *to);
    b->s = s;
    b->from = from;
    b->to = to;
    b->own = 1;
    return 0;
}

pc_status pc__view_reserve(pc__view_buf *b, size_t extra)
{
    size_t cap, need = b->len + extra + 1;
    void *p;

    if (need <= b->cap) {
        return PC_OK;
    }
    if (need > b->max + 1) {
        return PC_ERR_TOO_LARGE;
    }
    cap = b->cap * 2 > need ? b->cap * 2 : need;
    cap = cap > b->max + 1 ? b->max + 1 : cap;
    if (!b->own) {
        if (view_move(b, cap) != 0) {
            return PC_ERR_NOMEM;
        }
        b->cap = cap;
        return PC_OK;
    }
    p = realloc(b->s, cap + PC__VIEW_PAD);
    if (!p) {
        return PC_ERR_NOMEM;
    }
    b->s = p;
    p = realloc(b->from, cap * sizeof *b->from);
    if (!p) {
        return PC_ERR_NOMEM;
    }
    b->from = p;
    p = realloc(b->to, cap * sizeof *b->to);
    if (!p) {
        return PC_ERR_NOMEM;
    }
    b->to = p;
    b->cap = cap;
    return PC_OK;
}

pc_status pc__view_put_cp(pc__view_buf *b, int32_t c, uint32_t from,
                          uint32_t to)
{
    pc_status rc = pc__view_reserve(b, 4);

    if (rc != PC_OK) {
        return rc;
    }
    if (c < 0x80) {
        pc__view_put(b, (char)c, from, to);
        return PC_OK;
    }
    if (c < 0x800) {
        pc__view_put(b, (char)(0xC0 | (c >> 6)), from, to);
    } else if (c < 0x10000) {
        pc__view_put(b, (char)(0xE0 | (c >> 12)), from, to);
        pc__view_put(b, (char)(0x80 | ((c >> 6) & 0x3F)), from, to);
    } else {
        pc__view_put(b, (char)(0xF0 | (c >> 18)), from, to);
        pc__view_put(b, (char)(0x80 | ((c >> 12) & 0x3F)), from, to);
        pc__view_put(b, (char)(0x80 | ((c >> 6) & 0x3F)), from, to);
    }
    pc__view_put(b, (char)(0x80 | (c & 0x3F)), from, to);
    return PC_OK;
}

void pc_text_free(pc_text *t)
{
    int v;

    if (!t) {
        return;
    }
    for (v = 0; v < 2; v++) {
        if (t->views[v].own) {
            free(t->views[v].s);
            free(t->views[v].from);
            free(t->views[v].to);
        }
    }
    free(t); /* the original and the views' first room with it */
}

const char *pc_text_original(const pc_text *t, size_t *len)
{
    if (len) {
        *len = t->orig_len;
    }
    return t->orig;
}

size_t pc_text_utf16_len(const pc_text *t)
{
    return t->u16_len;
}

const char *pc_text_view(const pc_text *t, pc_view v, size_t *len)
{
    if (len) {
        *len = t->views[v].len;
    }
    return t->views[v].s;
}

void pc_text_span(const pc_text *t, pc_view v, size_t start, size_t end,
                  size_t *u16_start, size_t *u16_end)
{
    const pc__view_buf *b = &t->views[v];
    const pc__view_buf *m = v == PC_VIEW_FOLD && t->fold_maps_cased
                                ? &t->views[PC_VIEW_CASED]
                                : b;

    if (end > b->len) {
        end = b->len;
    }
    if (start > end) {
        start = end;
    }
    *u16_start = start < b->len ? m->from[start] : t->u16_len;
    *u16_end = start < end ? m->to[end - 1] : *u16_start;
}

