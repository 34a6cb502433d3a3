/* cli_image.c: `postcheck check --image PATH`: reads an image file and
 * has vision decode and look at it (in the postcheck-vision helper, never
 * in this process), filling an attachment with its name, dHash, the
 * faces found and the pack's logo images found.
 * Limits: files up to PC_VISION_MAX_FILE bytes, images up to
 * PC_VISION_MAX_PIXELS pixels (refused before decoding). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "postcheck/log.h"
#include "postcheck/vision.h"

/* Reads path into an owned buffer (*len bytes), at most max bytes. */
static uint8_t *slurp(const char *path, size_t max, size_t *len,
                      pc_error *err)
{
    FILE *f = fopen(path, "rb");
    uint8_t *buf = NULL;
    long n;

    if (!f) {
        pc_error_set(err, PC_ERR_IO, "cannot open it");
        return NULL;
    }
    if (fseek(f, 0, SEEK_END) != 0 || (n = ftell(f)) < 0 ||
        fseek(f, 0, SEEK_SET) != 0) {
        pc_error_set(err, PC_ERR_IO, "cannot read it");
    } else if ((unsigned long)n > max) {
        pc_error_set(err, PC_ERR_TOO_LARGE, "the file is over %zu MiB",
                     max >> 20);
    } else {
        buf = malloc((size_t)n + 1);
        if (buf && fread(buf, 1, (size_t)n, f) != (size_t)n) {
            free(buf);
            buf = NULL;
            pc_error_set(err, PC_ERR_IO, "cannot read it");
        }
        *len = (size_t)n;
    }
    fclose(f);
    return buf;
}

int pc_cli_image(const char *path, const pc_pack *pack, pc_attachment *a,
                 char **name)
{
    const char *slash = strrchr(path, '/');
    pc_vision_logo_ref logos[PC_VISION_MAX_LOGOS];
    size_t n_logos = pack ? pc_pack_logo_refs(pack, logos) : 0;
    pc_vision_result res;
    pc_error err;
    size_t len = 0;
    uint8_t *data;

    pc_error_clear(&err);
    data = slurp(path, PC_VISION_MAX_FILE, &len, &err);
    if (data) {
        pc_vision_look_file(data, len, logos, n_logos, &res, &err);
        free(data);
    }
    if (err.code != PC_OK) {
        pc_log_print("postcheck: --image %s: %s\n", path,
                     err.text[0] ? err.text : pc_strerror(err.code));
        return -1;
    }
    *name = strdup(slash ? slash + 1 : path);
    if (!*name) {
        return -1;
    }
    memset(a, 0, sizeof *a);
    a->kind = "image";
    a->name = *name;
    a->has_dhash = res.has_dhash;
    a->dhash = res.dhash;
    a->faces = res.faces > 0 ? res.faces : 0;
    a->logos = res.logos;
    return 0;
}
