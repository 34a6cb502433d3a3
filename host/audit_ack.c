/* audit_ack.c: acknowledgements. `postcheck audit --ack DIR/ack.json`
 * records every post of DIR/findings.jsonl as reviewed, by key
 * ("x:1234") and hash of its text and findings; a later run that reads
 * the file leaves out a post whose key and hash are both there, so it
 * shows only what is new or changed (a post edited, or found by a new
 * rule).
 *
 * ack.json: {"format":1,"acknowledged":{"x:1234":"<16 hex digits>",...}}.
 * It holds keys and hashes only, never post text. Written to a temporary
 * file and renamed, so a crash leaves the old file. */
#include <errno.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "audit_int.h"

struct pc__ackset {
    json_t *map; /* key -> hash string */
};

/* Loads path's "acknowledged" object (new reference) or an empty one
 * when the file does not exist. NULL with err set when it is damaged. */
static json_t *load_map(const char *path, pc_error *err)
{
    json_error_t jerr;
    json_t *root, *map;
    FILE *f = fopen(path, "rb");

    if (!f && errno == ENOENT) {
        return json_object();
    }
    if (!f) {
        pc_error_set(err, PC_ERR_IO, "%s: %s", path, strerror(errno));
        return NULL;
    }
    root = json_loadf(f, 0, &jerr);
    fclose(f);
    map = json_object_get(root, "acknowledged");
    if (!json_is_object(map)) {
        pc_error_set(err, PC_ERR_JSON, "%s: not an acknowledgement file "
                     "(line %d: %s)", path, jerr.line,
                     root ? "no \"acknowledged\" object" : jerr.text);
        json_decref(root);
        return NULL;
    }
    json_incref(map);
    json_decref(root);
    return map;
}

pc__ackset *pc__ack_load(const char *path, pc_error *err)
{
    pc__ackset *s = calloc(1, sizeof *s);

    if (!s) {
        pc_error_set(err, PC_ERR_NOMEM, "out of memory");
        return NULL;
    }
    s->map = path ? load_map(path, err) : json_object();
    if (!s->map) {
        free(s);
        return NULL;
    }
    return s;
}

void pc__ack_free(pc__ackset *s)
{
    if (s) {
        json_decref(s->map);
        free(s);
    }
}

int pc__ack_has(const pc__ackset *s, const char *key, uint64_t hash)
{
    const char *h = json_string_value(json_object_get(s->map, key));
    char want[17];

    if (!h) {
        return 0;
    }
    snprintf(want, sizeof want, "%016" PRIx64, hash);
    return strcmp(h, want) == 0;
}

/* Adds every post of the findings file at path to map. */
static pc_status add_findings(json_t *map, const char *path, size_t *n,
                              pc_error *err)
{
    FILE *f = fopen(path, "rb");
    char *line = NULL;
    size_t cap = 0;
    ssize_t len;
    long lineno = 0;
    pc_status st = PC_OK;

    if (!f) {
        return pc_error_set(err, PC_ERR_IO, "%s: %s (run the audit with "
                            "--out first)", path, strerror(errno));
    }
    for (len = getline(&line, &cap, f); st == PC_OK && len > 0;
         len = getline(&line, &cap, f)) {
        json_t *o = json_loadb(line, (size_t)len, 0, NULL);
        const char *pf = pc__jstr(o, "platform"), *id = pc__jstr(o, "id");
        const char *hash = pc__jstr(o, "hash");
        char key[300];
        lineno++;
        if (!pf || !id || !hash) {
            st = pc_error_set(err, PC_ERR_JSON, "%s, line %ld: not a "
                              "findings record", path, lineno);
        } else {
            snprintf(key, sizeof key, "%s:%s", pf, id);
            json_object_set_new(map, key, json_string(hash));
            (*n)++;
        }
        json_decref(o);
    }
    free(line);
    fclose(f);
    return st;
}

/* Writes {"format":1,"acknowledged":map} to path through a temporary
 * file. */
static pc_status save(const char *path, json_t *map, pc_error *err)
{
    json_t *root = json_pack("{s:i,s:O}", "format", 1, "acknowledged", map);
    char tmp[4200];
    int rc;

    if (!root || snprintf(tmp, sizeof tmp, "%s.tmp", path) >=
                     (int)sizeof tmp) {
        json_decref(root);
        return pc_error_set(err, PC_ERR_IO, "%s: cannot write", path);
    }
    rc = json_dump_file(root, tmp, JSON_INDENT(1) | JSON_SORT_KEYS);
    json_decref(root);
    if (rc != 0 || rename(tmp, path) != 0) {
        remove(tmp);
        return pc_error_set(err, PC_ERR_IO, "%s: cannot write: %s", path,
                            strerror(errno));
    }
    return PC_OK;
}

pc_status pc_audit_ack(const char *ack_path, size_t *n, pc_error *err)
{
    char findings[4200];
    const char *slash = strrchr(ack_path, '/');
    int dir_len = slash ? (int)(slash - ack_path) : 1;
    json_t *map;
    pc_status st;

    *n = 0;
    if (snprintf(findings, sizeof findings, "%.*s/findings.jsonl", dir_len,
                 slash ? ack_path : ".") >= (int)sizeof findings) {
        return pc_error_set(err, PC_ERR_IO, "%s: path too long", ack_path);
    }
    map = load_map(ack_path, err);
    if (!map) {
        return err->code;
    }
    st = add_findings(map, findings, n, err);
    if (st == PC_OK) {
        st = save(ack_path, map, err);
    }
    json_decref(map);
    return st;
}
