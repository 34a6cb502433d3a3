/* pack_logos.c: a pack's logos: settings.logos (and an extension's
 * "logos"), each {"name", "dhash"} (the whole image's 64-bit dHash) or
 * {"name", "image"} (an image file beside the pack, found inside larger
 * photos by vision). The image is read when the pack loads, with the
 * same trust as the pack: a plain file name in the pack's folder, a
 * regular file other users cannot write, at most PC_VISION_MAX_LOGO_FILE
 * bytes, a JPEG, PNG or WebP by its first bytes. The host decodes no
 * image: the helper reads it when it first looks for the logo, and
 * `policy lint` has it read every logo (cli_policy.c).
 * Limits: PC_VISION_MAX_LOGOS images a pack, extension included. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "pack_parse.h"
#include "postcheck/vision.h"

static const char *const logo_keys[] = {"name", "dhash", "image", "note",
                                        NULL};

/* Whether data[0..len) starts as a JPEG, PNG or WebP file does. */
static int image_magic(const uint8_t *d, size_t len)
{
    return (len > 3 && d[0] == 0xFF && d[1] == 0xD8 && d[2] == 0xFF) ||
           (len > 8 && memcmp(d, "\x89PNG\r\n\x1a\n", 8) == 0) ||
           (len > 12 && memcmp(d, "RIFF", 4) == 0 &&
            memcmp(d + 8, "WEBP", 4) == 0);
}

/* Reads logo image file name (beside the pack v->file) into *img. */
static pc_status logo_file(pc__vctx *v, const char *name, pc__logo_image *img)
{
    const char *slash = strrchr(v->file, '/'), *why;
    char path[4096];

    if (strncmp(v->file, "built-in:", 9) == 0) {
        return pc__v_fail(v, PC_ERR_PACK, "a built-in pack names no image "
                          "file; give the logo's dhash");
    }
    if (!*name || strchr(name, '/') || name[0] == '.') {
        return pc__v_fail(v, PC_ERR_PACK, "must be the name of a file in "
                          "the pack's folder (no '/', not starting with "
                          "'.')");
    }
    snprintf(path, sizeof path, "%.*s%s%s", slash ? (int)(slash - v->file)
             : 0, v->file, slash ? "/" : "", name);
    why = pc__pack_read_trusted(path, PC_VISION_MAX_LOGO_FILE, 1, &img->data,
                                &img->len);
    if (!why && !image_magic(img->data, img->len)) {
        why = "is not a JPEG, PNG or WebP file";
    }
    if (why && strcmp(why, "is too large") == 0) {
        why = "is over 2 MiB; a logo needs no more than about 512 pixels";
    }
    if (why) {
        return pc__v_fail(v, PC_ERR_PACK, "logo image %s %s", path, why);
    }
    img->key = pc_vision_key(img->data, img->len);
    return PC_OK;
}

/* Parses logo entry l into the dHashes or the images of p. */
static pc_status parse_logo(pc__vctx *v, json_t *l, pc_pack *p)
{
    const char *hex = json_string_value(json_object_get(l, "dhash"));
    const char *file = json_string_value(json_object_get(l, "image"));
    pc__logo_image *img;
    pc_status st;

    if (pc__v_keys(v, l, logo_keys, (const char *const[]){"name", NULL}) !=
        PC_OK) {
        return PC_ERR_PACK;
    }
    if (!hex == !file) {
        return pc__v_fail(v, PC_ERR_PACK, "a logo needs either \"dhash\" "
                          "(16 hex digits) or \"image\" (a file beside the "
                          "pack), not both");
    }
    if (hex) {
        pc__v_key(v, "dhash");
        if (pc_parse_dhash(hex, &p->logos[p->n_logos]) != PC_OK) {
            return pc__v_fail(v, PC_ERR_PACK, "must be 16 hex digits");
        }
        p->n_logos++;
        pc__v_pop(v);
        return PC_OK;
    }
    if (p->n_images >= PC_VISION_MAX_LOGOS) {
        return pc__v_fail(v, PC_ERR_PACK, "at most %d logos may be image "
                          "files", PC_VISION_MAX_LOGOS);
    }
    img = &p->images[p->n_images];
    if (pc__v_string(v, l, "name", 1, &img->name) != PC_OK) {
        return PC_ERR_PACK;
    }
    pc__v_key(v, "image");
    st = logo_file(v, file, img);
    p->n_images++;
    pc__v_pop(v);
    return st;
}

pc_status pc__parse_logos(pc__vctx *v, json_t *logos, pc_pack *p)
{
    size_t n = json_array_size(logos);
    json_t *l;
    size_t i;

    p->logos = calloc(n + 1, sizeof *p->logos);
    p->images = calloc(n + 1, sizeof *p->images);
    if (!p->logos || !p->images) {
        return PC_ERR_NOMEM;
    }
    json_array_foreach(logos, i, l) {
        pc__v_idx(v, i);
        if (parse_logo(v, l, p) != PC_OK) {
            return PC_ERR_PACK;
        }
        pc__v_pop(v);
    }
    return PC_OK;
}

void pc__logo_images_free(pc__logo_image *img, size_t n)
{
    for (size_t i = 0; img && i < n; i++) {
        free(img[i].name);
        free(img[i].data);
    }
    free(img);
}

const char *pc_pack_extends(const pc_pack *p) { return p->extends; }

size_t pc_pack_logo_images(const pc_pack *p) { return p->n_images; }

const uint8_t *pc_pack_logo_image(const pc_pack *p, size_t i, size_t *len,
                                  uint64_t *key, const char **name)
{
    const pc__logo_image *img = &p->images[i];

    *len = img->len;
    *key = img->key;
    *name = img->name;
    return img->data;
}

size_t pc_pack_logo_refs(const pc_pack *p, pc_vision_logo_ref *refs)
{
    size_t n = p->n_images < PC_VISION_MAX_LOGOS ? p->n_images
                                                 : PC_VISION_MAX_LOGOS;

    for (size_t k = 0; k < n; k++) {
        refs[k].data = p->images[k].data;
        refs[k].len = p->images[k].len;
        refs[k].key = p->images[k].key;
    }
    return n;
}

int pc_pack_wants_pixels(const pc_pack *p)
{
    for (size_t i = 0; p->parsed && i < p->n_rules; i++) {
        const pc__rule *r = &p->rules[i];
        if (r->kind == PC_RULE_ATTACHMENT &&
            (r->attach == PC_ATTACH_FACES ||
             (r->attach == PC_ATTACH_LOGO && p->n_images > 0))) {
            return 1;
        }
    }
    return 0;
}
