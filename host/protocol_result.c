/* protocol_result.c: renders check findings as the protocol's result reply.
 *
 * Limit: the rendered reply never exceeds the caller's byte limit. The
 * reply is serialised once; only when that is over the limit is each
 * finding measured, and the findings that fit (from the front) go into a
 * second rendering with "truncated" set. */
#include <stdlib.h>
#include <string.h>

#include "protocol_int.h"

#define DUMP_FLAGS (JSON_COMPACT | JSON_PRESERVE_ORDER)

char *pc__dump(const json_t *obj, size_t *len)
{
    size_t n = json_dumpb(obj, NULL, 0, DUMP_FLAGS);
    char *buf;

    if (n == 0) {
        return NULL;
    }
    buf = malloc(n + 1);
    if (!buf) {
        return NULL;
    }
    /* Dumping allocates too, so the second pass can fail on its own. */
    if (json_dumpb(obj, buf, n, DUMP_FLAGS) != n) {
        free(buf);
        return NULL;
    }
    buf[n] = '\0';
    *len = n;
    return buf;
}

/* Sets key to a copy of string s (skipped when s is NULL). Returns 0, or
 * -1 when out of memory or s is not valid UTF-8. */
static int set_str(json_t *obj, const char *key, const char *s)
{
    if (!s) {
        return 0;
    }
    return json_object_set_new(obj, key, json_string(s));
}

/* Renders one finding as DESIGN.md's finding object, or NULL. */
static json_t *finding_json(const pc_finding *f)
{
    json_t *o = json_object();
    int bad = !o;

    bad = bad || set_str(o, "rule", f->rule) != 0;
    bad = bad || set_str(o, "category", f->category) != 0;
    bad = bad || set_str(o, "severity", pc_severity_name(f->severity)) != 0;
    bad = bad || set_str(o, "message", f->message) != 0;
    bad = bad || set_str(o, "clause", f->clause) != 0;
    bad = bad || set_str(o, "quote", f->quote) != 0;
    if (!bad && f->start >= 0) {
        bad = json_object_set_new(o, "start", json_integer(f->start)) != 0 ||
              json_object_set_new(o, "end", json_integer(f->end)) != 0;
    }
    if (!bad && f->attachment >= 0) {
        bad = json_object_set_new(o, "attachment",
                                  json_integer(f->attachment)) != 0;
    }
    bad = bad || set_str(o, "suggestion", f->suggestion) != 0;
    if (bad) {
        json_decref(o);
        return NULL;
    }
    return o;
}

/* Builds every finding as JSON into arr. */
static int build_findings(const pc_findings *f, json_t *arr)
{
    size_t i;

    for (i = 0; i < f->n; i++) {
        if (json_array_append_new(arr, finding_json(&f->v[i])) != 0) {
            return -1;
        }
    }
    return 0;
}

/* The compact size of every element of arr, into sizes. */
static int measure(json_t *arr, size_t *sizes)
{
    size_t i;

    for (i = 0; i < json_array_size(arr); i++) {
        sizes[i] = json_dumpb(json_array_get(arr, i), NULL, 0, DUMP_FLAGS);
        if (sizes[i] == 0) {
            return -1;
        }
    }
    return 0;
}

/* The envelope without findings, "truncated" set as given. */
static json_t *envelope(json_t *id, const char *policy, long elapsed_us,
                        int truncated)
{
    json_t *o = json_object();
    int bad = !o;

    bad = bad || set_str(o, "type", "result") != 0;
    if (!bad && id) {
        bad = json_object_set(o, "id", id) != 0;
    }
    bad = bad || set_str(o, "policy", policy) != 0;
    bad = bad || json_object_set_new(o, "findings", json_array()) != 0;
    bad = bad ||
          json_object_set_new(o, "elapsed_us", json_integer(elapsed_us)) != 0;
    bad = bad ||
          json_object_set_new(o, "truncated", json_boolean(truncated)) != 0;
    if (bad) {
        json_decref(o);
        return NULL;
    }
    return o;
}

/* How many findings (from the front) fit in max bytes with the envelope. */
static size_t count_fitting(const size_t *sizes, size_t n, size_t env,
                            size_t max)
{
    size_t k = 0, total = env;

    while (k < n) {
        size_t add = sizes[k] + (k > 0 ? 1 : 0); /* 1 for the comma */
        if (total + add > max) {
            break;
        }
        total += add;
        k++;
    }
    return k;
}

/* Keeps the first k findings of all in the envelope's findings array. */
static int keep_findings(json_t *env, json_t *all, size_t k)
{
    json_t *arr = json_object_get(env, "findings");
    size_t i;

    for (i = 0; i < k; i++) {
        if (json_array_append(arr, json_array_get(all, i)) != 0) {
            return -1;
        }
    }
    return 0;
}

/* The reply did not fit max: renders it again with only the findings
 * (from the front) that fit, and "truncated" set. */
static char *render_cut(json_t *env, json_t *all, size_t max, size_t *len)
{
    size_t n = json_array_size(all), k, env_len;
    size_t *sizes = calloc(n ? n : 1, sizeof *sizes);
    char *out = NULL;

    /* Measured with "truncated":false, one byte longer than true, so the
     * envelope of the cut reply fits too. */
    if (!sizes || measure(all, sizes) != 0 ||
        json_array_clear(json_object_get(env, "findings")) != 0) {
        goto out;
    }
    env_len = json_dumpb(env, NULL, 0, DUMP_FLAGS);
    k = count_fitting(sizes, n, env_len, max);
    if (env_len > 0 &&
        json_object_set_new(env, "truncated", json_true()) == 0 &&
        keep_findings(env, all, k) == 0) {
        out = pc__dump(env, len);
    }
out:
    free(sizes);
    return out;
}

char *pc__result_render(json_t *id, const char *policy,
                        const pc_findings *f, long elapsed_us, size_t max,
                        size_t *len)
{
    json_t *all = json_array();
    json_t *env = envelope(id, policy, elapsed_us, 0);
    char *out = NULL;

    if (!all || !env || build_findings(f, all) != 0 ||
        keep_findings(env, all, f->n) != 0) {
        goto out;
    }
    /* The common case: everything fits, one serialisation. */
    out = pc__dump(env, len);
    if (out && *len > max) {
        free(out);
        out = render_cut(env, all, max, len);
    }
    if (out && *len > max) {
        /* Only if the sizes above were wrong: never send an oversize. */
        free(out);
        out = NULL;
    }
out:
    json_decref(env);
    json_decref(all);
    return out;
}

char *pc_protocol_result_json(const char *policy, const pc_findings *f,
                              long elapsed_us, size_t max, size_t *len)
{
    return pc__result_render(NULL, policy, f, elapsed_us, max, len);
}
