/* rules_post.c: the rules that look at more than the text: attachments
 * (names, alt text, logo dHashes) and the posting account (handle and
 * display name against the organisation's names). An attachment's name
 * and alt text are normalised once per check, and whether the
 * organisation's names stand in them found once, whichever rules ask. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "model_int.h"
#include "rules_int.h"

/* A pc_text of a file name or alt text, with the separators of file names
 * (_ - .) read as spaces so "sports_day-year4.jpg" has words. */
static pc_text *side_text(pc__ctx *c, const char *s, int is_name)
{
    char *copy;
    pc_text *t;
    pc_error err;

    if (!s || !*s) {
        return NULL;
    }
    copy = strdup(s);
    if (!copy) {
        c->status = PC_ERR_NOMEM;
        return NULL;
    }
    for (char *p = copy; is_name && *p; p++) {
        if (*p == '_' || *p == '-' || *p == '.') {
            *p = ' ';
        }
    }
    pc_error_clear(&err);
    t = pc_text_new(copy, strlen(copy), &err);
    free(copy);
    if (!t) {
        c->status = err.code ? err.code : PC_ERR_NOMEM;
    }
    return t;
}

static int names_in(pc__ctx *c, const char *s);

/* What the check knows of attachment i, made at the first rule that
 * asks (NULL when out of memory, recorded in c->status): its name and
 * alt text normalised once, whichever rules run over them. They run
 * unfiltered: reading a name or alt text for the prefilter costs more
 * than the regexes it would skip over so few characters (callgrind, the
 * bench's four attachments: 40-46K instructions more a check in
 * learning-alliance and llmat, 7-13K fewer in ala and society). */
static pc__side *side_of(pc__ctx *c, size_t i)
{
    pc__side *s;

    if (!c->side) {
        c->side = calloc(c->post->n_attachments, sizeof *c->side);
        if (!c->side) {
            c->status = PC_ERR_NOMEM;
            return NULL;
        }
    }
    s = &c->side[i];
    if (!s->made) {
        const pc_attachment *a = &c->post->attachments[i];
        s->made = 1;
        s->name = side_text(c, a->name, 1);
        s->alt = side_text(c, a->alt, 0);
        s->name_has = -1;
        s->alt_has = -1;
    }
    return s;
}

/* Whether an organisation's name stands in attachment i's name (alt:
 * its alt text), found once per check. */
static int side_names(pc__ctx *c, pc__side *s, size_t i, int alt)
{
    const pc_attachment *a = &c->post->attachments[i];
    signed char *has = alt ? &s->alt_has : &s->name_has;

    if (*has < 0) {
        *has = (signed char)names_in(c, alt ? a->alt : a->name);
    }
    return *has;
}

void pc__side_free(pc__ctx *c)
{
    for (size_t i = 0; c->side && i < c->post->n_attachments; i++) {
        pc_text_free(c->side[i].name);
        pc_text_free(c->side[i].alt);
    }
    free(c->side);
    c->side = NULL;
}

static int matches(pc__ctx *c, const pc__matcher *m, const pc_text *t)
{
    pc__u16 *v = NULL;
    size_t n = 0;

    if (!t || pc__matcher_empty(m)) {
        return 0;
    }
    if (pc__run_u16(c, m, t, &v, &n) != PC_OK) {
        c->status = PC_ERR_NOMEM;
    }
    free(v);
    return n > 0;
}

/* Whether rule r's match stands in the post's text, found once per rule
 * (*text_hit: 1, 0, or -1 not yet looked for), whichever attachment
 * asks. */
static int text_has(pc__ctx *c, const pc__rule *r, signed char *text_hit)
{
    if (*text_hit < 0) {
        *text_hit = (signed char)matches(c, &r->match, c->text);
    }
    return *text_hit;
}

static int popcount64(uint64_t x)
{
    int n = 0;
    for (; x; x &= x - 1) {
        n++;
    }
    return n;
}

static int logo_hash(const pc_pack *p, const pc_attachment *a)
{
    for (size_t i = 0; a->has_dhash && i < p->n_logos; i++) {
        if (popcount64(a->dhash ^ p->logos[i]) <= p->logo_distance) {
            return 1;
        }
    }
    return 0;
}

/* The name of the first of the pack's logo images vision found in a, or
 * NULL. */
static const char *logo_seen(const pc_pack *p, const pc_attachment *a)
{
    for (size_t k = 0; k < p->n_images && k < 32; k++) {
        if (a->logos & (1u << k)) {
            return p->images[k].name;
        }
    }
    return NULL;
}

/* Whether attachment i is flagged by rule r; *which gets the name of a
 * logo image found in its pixels. */
static int attachment_hit(pc__ctx *c, const pc__rule *r, size_t i,
                          const char **which, signed char *text_hit)
{
    const pc_attachment *a = &c->post->attachments[i];
    pc__side *sd = side_of(c, i);
    const pc_text *name = sd ? sd->name : NULL, *alt = sd ? sd->alt : NULL;
    int visual = !a->kind || strcmp(a->kind, "image") == 0 ||
                 strcmp(a->kind, "video") == 0;
    int hit = 0;

    if (!sd) {
        return 0;
    }
    if (r->attach == PC_ATTACH_LOGO) {
        *which = visual ? logo_seen(c->pack, a) : NULL;
        hit = *which || logo_hash(c->pack, a) ||
              (matches(c, &c->pack->logo_words, name) &&
               side_names(c, sd, i, 0)) ||
              (matches(c, &c->pack->logo_words, alt) &&
               (side_names(c, sd, i, 1) ||
                matches(c, &c->pack->mention, alt)));
    } else if (r->attach == PC_ATTACH_FACES) {
        /* Faces in the pixels; a "context", when given, must also be in
         * the post, its file name or alt text. */
        hit = visual && a->faces >= r->min_faces &&
              (pc__matcher_empty(&r->match) ||
               matches(c, &r->match, name) ||
               matches(c, &r->match, alt) ||
               text_has(c, r, text_hit));
    } else if (visual) {
        hit = matches(c, &r->match, name) ||
              matches(c, &r->match, alt) ||
              text_has(c, r, text_hit);
    }
    return hit;
}

void pc__rule_attachment(pc__ctx *c, const pc__rule *r)
{
    signed char text_hit = -1;

    /* "unless": the post says what clears the image ("everyone in the
     * photo agreed to it being shared"). */
    if (c->post->n_attachments && matches(c, &r->unless, c->text)) {
        return;
    }
    for (size_t i = 0; i < c->post->n_attachments && c->status == PC_OK;
         i++) {
        const char *which = NULL;
        char lead[PC_PACK_MAX_NAME + 64];
        if (attachment_hit(c, r, i, &which, &text_hit)) {
            /* A logo found in the pixels: the finding says which. */
            snprintf(lead, sizeof lead, "This image shows \"%.*s\".",
                     PC_PACK_MAX_NAME, which ? which : "");
            pc__emit(c, r, -1, -1, (long)i, which ? lead : NULL, NULL);
        }
    }
}

/* Whether one of the organisation's names stands in s (a handle, file
 * name or alt text), confusables included. */
static int names_in_one(pc__ctx *c, const char *s)
{
    /* One pc_text gives both views (each NUL-terminated), where a
     * pc_text_normalise a view built both and kept one. */
    pc_text *t = pc_text_new(s, strlen(s), NULL);
    const char *fold = t ? pc_text_view(t, PC_VIEW_FOLD, NULL) : NULL;
    const char *cased = t ? pc_text_view(t, PC_VIEW_CASED, NULL) : NULL;
    int hit = 0;

    if (fold) {
        hit = pc__model_handle_names(c->pack, fold, cased);
    }
    if (!fold && c->status == PC_OK) {
        c->status = PC_ERR_UTF8;
    }
    pc_text_free(t);
    return hit;
}

/* Whether one of the organisation's names stands in s (a handle, file
 * name or alt text), confusables included: non-ASCII look-alikes through
 * the text views, and the ASCII swaps that handles use ("AIliance" with
 * a capital I, "L1MAT", "S0ciety") by a second look at a copy with
 * I, 1 and | read as l and 0 as o. */
static int names_in(pc__ctx *c, const char *s)
{
    char *swapped;
    int hit;

    if (!s || !*s) {
        return 0;
    }
    hit = names_in_one(c, s);
    if (hit || !strpbrk(s, "I1|0")) {
        return hit;
    }
    swapped = strdup(s);
    if (!swapped) {
        c->status = PC_ERR_NOMEM;
        return 0;
    }
    for (char *p = swapped; *p; p++) {
        if (*p == 'I' || *p == '1' || *p == '|') {
            *p = 'l';
        } else if (*p == '0') {
            *p = 'o';
        }
    }
    hit = names_in_one(c, swapped);
    free(swapped);
    return hit;
}

void pc__rule_account(pc__ctx *c, const pc__rule *r)
{
    int hit = names_in(c, c->post->handle);

    if (!hit && c->post->display_name && c->status == PC_OK) {
        pc_text *t = side_text(c, c->post->display_name, 0);
        hit = matches(c, &c->pack->mention, t) ||
              names_in(c, c->post->display_name);
        pc_text_free(t);
    }
    if (hit && c->status == PC_OK) {
        pc__emit(c, r, -1, -1, -1, NULL, NULL);
    }
}
