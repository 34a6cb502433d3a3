/* pack_rule.c: parses one rule of a pack and compiles its matchers.
 * Validation is complete: an unknown key for the rule's kind, a missing
 * key, a bad category or severity, or a pattern that does not compile is
 * refused with its position. */
#include <stdlib.h>
#include <string.h>

#include "model_int.h"
#include "pack_parse.h"
#include "postcheck/vision.h"

static const char *const kinds[] = {"pattern", "requires", "detector",
                                    "attachment", "account", "schedule",
                                    "model", NULL};
static const char *const severities[] = {"info", "warning", "error", NULL};
static const char *const cases[] = {"fold", "exact", NULL};
static const char *const attach_kinds[] = {"logo", "children", "people",
                                           "faces", NULL};
static const char *const categories[] = {
    "disclaimer", "logo", "personal-data", "pupil-image", "people-image",
    "political", "harassment", "disparaging", "confidential", "credentials",
    "on-behalf", "reference", "handle", "working-hours", "endorsement",
    "copyright", "contact-children", "guidance", NULL};

#define COMMON_KEYS "id", "kind", "category", "severity", "applies_to", \
    "clause", "quote", "message", "suggestion", "ignorable", "examples"

static const char *const keys_by_kind[][20] = {
    {COMMON_KEYS, "terms", "patterns", "case", "lists", "unless", "near",
     "when_mentioned", NULL},
    {COMMON_KEYS, "trigger", "required", NULL},
    {COMMON_KEYS, "detectors", "unless", "when_mentioned", NULL},
    {COMMON_KEYS, "match", "context", "unless", "faces", NULL},
    {COMMON_KEYS, NULL},
    {COMMON_KEYS, NULL},
    {COMMON_KEYS, "model", "threshold", "when_mentioned", "fair_model",
     "fair_ratio", "post_floor", NULL},
};
static const char *const required_keys[] = {
    "id", "kind", "category", "severity", "applies_to", "clause", "quote",
    "message", "examples", NULL};
static const char *const matcher_keys[] = {"terms", "patterns", "lists",
                                           "case", NULL};
static const char *const near_keys[] = {"terms", "patterns", "lists",
                                        "case", "window", "organisation",
                                        "sentence", NULL};
static const char *const term_keys[] = {"term", "case", "spaced", "leet",
                                        NULL};
static const char *const example_keys[] = {"flag", "pass", NULL};
static const char *const post_keys[] = {"text", "account", "handle",
                                        "display_name", "site",
                                        "attachments", "now", NULL};

static pc_status parse_term(pc__vctx *v, json_t *t, pc__alt *alt,
                            pc_view dflt, int spaced)
{
    int c = dflt == PC_VIEW_CASED, sp = spaced, leet = 0;
    const char *term;
    pc_status st;

    if (json_is_string(t)) {
        term = json_string_value(t);
    } else {
        if (pc__v_keys(v, t, term_keys, (const char *const[]){"term", NULL})
                != PC_OK ||
            pc__v_enum(v, t, "case", cases, 0, c, &c) != PC_OK ||
            pc__v_bool(v, t, "spaced", spaced, &sp) != PC_OK ||
            pc__v_bool(v, t, "leet", 0, &leet) != PC_OK) {
            return PC_ERR_PACK;
        }
        term = json_string_value(json_object_get(t, "term"));
        if (!term) {
            return pc__v_fail(v, PC_ERR_PACK, "term must be a string");
        }
    }
    st = pc__alt_add_term(alt, term, c ? PC_VIEW_CASED : PC_VIEW_FOLD, sp,
                          leet, v->err);
    if (st != PC_OK) {
        pc_error tmp;
        pc_error_clear(&tmp);
        if (v->err) {
            tmp = *v->err;
            pc_error_clear(v->err);
        }
        return pc__v_fail(v, st, "%s", tmp.text[0] ? tmp.text
                                                   : pc_strerror(st));
    }
    return PC_OK;
}

pc_status pc__parse_terms(pc__vctx *v, json_t *arr, pc__alt *alt,
                          pc_view dflt, int spaced)
{
    size_t i;
    json_t *t;

    json_array_foreach(arr, i, t) {
        pc_status st;
        pc__v_idx(v, i);
        if (!json_is_string(t) && !json_is_object(t)) {
            st = pc__v_fail(v, PC_ERR_PACK,
                            "a term is a string or an object");
        } else {
            st = parse_term(v, t, alt, dflt, spaced);
        }
        pc__v_pop(v);
        if (st != PC_OK) {
            return st;
        }
    }
    return PC_OK;
}

/* Re-records a compile error from match.c at the current path, keeping
 * the pattern and offset. */
static pc_status relocate(pc__vctx *v, pc_status st)
{
    pc_error tmp;

    if (!v->err) {
        return st;
    }
    tmp = *v->err;
    pc_error_clear(v->err);
    pc__v_fail(v, st, "%s", tmp.text);
    v->err->offset = tmp.offset;
    if (tmp.source[0]) {
        memcpy(v->err->source, tmp.source, sizeof tmp.source);
    }
    return st;
}

static pc_status parse_strings(pc__vctx *v, json_t *obj, const char *key,
                               json_t **arr)
{
    size_t i;
    json_t *s;

    if (pc__v_array(v, obj, key, 0, arr) != PC_OK) {
        return PC_ERR_PACK;
    }
    if (!*arr) {
        return PC_OK;
    }
    pc__v_key(v, key);
    json_array_foreach(*arr, i, s) {
        if (!json_is_string(s) || json_string_length(s) == 0) {
            pc__v_idx(v, i);
            pc__v_fail(v, PC_ERR_PACK, "must be a non-empty string");
            return PC_ERR_PACK;
        }
    }
    pc__v_pop(v);
    return PC_OK;
}

pc_status pc__parse_matcher(pc__vctx *v, json_t *obj, pc__matcher *m,
                            const pc__lists *lists)
{
    json_t *terms, *patterns, *lsts, *s;
    pc__alt alt;

    memset(&alt, 0, sizeof alt);
    int c = 0;
    size_t i;
    pc_status st = PC_ERR_PACK;

    if (pc__v_array(v, obj, "terms", 0, &terms) != PC_OK ||
        parse_strings(v, obj, "patterns", &patterns) != PC_OK ||
        parse_strings(v, obj, "lists", &lsts) != PC_OK ||
        pc__v_enum(v, obj, "case", cases, 0, 0, &c) != PC_OK) {
        goto out;
    }
    if (!terms && !patterns && !lsts) {
        st = pc__v_fail(v, PC_ERR_PACK,
                        "needs at least one of terms, patterns, lists");
        goto out;
    }
    pc__v_key(v, "terms");
    st = terms ? pc__parse_terms(v, terms, &alt,
                                 c ? PC_VIEW_CASED : PC_VIEW_FOLD, 0)
               : PC_OK;
    pc__v_pop(v);
    pc__v_key(v, "lists");
    json_array_foreach(lsts, i, s) {
        if (st == PC_OK) {
            pc__v_idx(v, i);
            st = pc__alt_add_list(&alt, m, json_string_value(s), lists,
                                  v->err);
            st = st == PC_OK ? st : relocate(v, st);
            pc__v_pop(v);
        }
    }
    pc__v_pop(v);
    pc__v_key(v, "patterns");
    json_array_foreach(patterns, i, s) {
        if (st == PC_OK) {
            pc__v_idx(v, i);
            st = pc__matcher_add_regex(m, json_string_value(s),
                                       c ? PC_VIEW_CASED : PC_VIEW_FOLD,
                                       v->err);
            st = st == PC_OK ? st : relocate(v, st);
            pc__v_pop(v);
        }
    }
    pc__v_pop(v);
    if (st == PC_OK) {
        st = pc__alt_finish(&alt, m, v->err);
        st = st == PC_OK ? st : relocate(v, st);
    }
out:
    pc__alt_free(&alt);
    return st;
}

/* Parses obj[key] as a matcher object with the given keys, if present. */
static pc_status sub_matcher(pc__vctx *v, json_t *obj, const char *key,
                             const char *const *keys, int required,
                             pc__matcher *m, const pc__lists *lists)
{
    json_t *sub = json_object_get(obj, key);
    pc_status st;

    if (!sub) {
        return required ? pc__v_fail(v, PC_ERR_PACK,
                                     "missing required key '%s'", key)
                        : PC_OK;
    }
    pc__v_key(v, key);
    st = pc__v_keys(v, sub, keys, NULL);
    if (st == PC_OK) {
        st = pc__parse_matcher(v, sub, m, lists);
    }
    pc__v_pop(v);
    return st;
}

static pc_status parse_applies(pc__vctx *v, json_t *obj, pc__rule *r)
{
    json_t *arr = json_object_get(obj, "applies_to"), *s;
    size_t i;

    pc__v_key(v, "applies_to");
    if (!json_is_array(arr) || json_array_size(arr) == 0) {
        pc__v_fail(v, PC_ERR_PACK, "must be a non-empty array of "
                                   "\"official\" and/or \"personal\"");
        return PC_ERR_PACK;
    }
    json_array_foreach(arr, i, s) {
        const char *k = json_string_value(s);
        if (i == 0 && k) {
            r->first_account = strcmp(k, "personal") == 0
                                   ? PC_ACCOUNT_PERSONAL
                                   : PC_ACCOUNT_OFFICIAL;
        }
        if (k && strcmp(k, "official") == 0) {
            r->applies |= PC_ACCOUNT_OFFICIAL;
        } else if (k && strcmp(k, "personal") == 0) {
            r->applies |= PC_ACCOUNT_PERSONAL;
        } else {
            pc__v_idx(v, i);
            pc__v_fail(v, PC_ERR_PACK, "must be \"official\" or \"personal\"");
            return PC_ERR_PACK;
        }
    }
    pc__v_pop(v);
    return PC_OK;
}

static pc_status check_post(pc__vctx *v, json_t *post)
{
    if (json_is_string(post)) {
        return PC_OK;
    }
    if (pc__v_keys(v, post, post_keys, (const char *const[]){"text", NULL})
        != PC_OK) {
        return PC_ERR_PACK;
    }
    if (!json_is_string(json_object_get(post, "text"))) {
        pc__v_key(v, "text");
        pc__v_fail(v, PC_ERR_PACK, "must be a string");
        pc__v_pop(v);
        return PC_ERR_PACK;
    }
    return PC_OK;
}

static pc_status parse_examples(pc__vctx *v, json_t *obj, pc__rule *r)
{
    json_t *ex = json_object_get(obj, "examples");
    static const char *const sides[] = {"flag", "pass"};
    pc_status st;

    if (json_is_null(ex) && v->no_examples) {
        return PC_OK; /* left out by the reader */
    }
    pc__v_key(v, "examples");
    st = pc__v_keys(v, ex, example_keys, example_keys);
    for (int k = 0; k < 2 && st == PC_OK; k++) {
        json_t *arr, *post;
        size_t i;
        st = pc__v_array(v, ex, sides[k], 1, &arr);
        pc__v_key(v, sides[k]);
        json_array_foreach(arr, i, post) {
            if (st == PC_OK) {
                pc__v_idx(v, i);
                st = check_post(v, post);
                pc__v_pop(v);
            }
        }
        pc__v_pop(v);
    }
    pc__v_pop(v);
    if (st == PC_OK) {
        r->examples = json_incref(ex);
    }
    return st;
}

/* Resolves the slots of r's detector names once (pc__rule's det_slots),
 * the names being known. */
static pc_status detector_slots(pc__rule *r)
{
    size_t total = 0, n;

    r->det_upto = calloc(r->n_detectors, sizeof *r->det_upto);
    if (!r->det_upto) {
        return PC_ERR_NOMEM;
    }
    for (size_t i = 0; i < r->n_detectors; i++) {
        total += pc_detect_members_at(r->detectors[i], NULL, NULL, 0);
        r->det_upto[i] = total;
    }
    r->det_slots = calloc(total + 1, sizeof *r->det_slots);
    if (!r->det_slots) {
        return PC_ERR_NOMEM;
    }
    total = 0;
    for (size_t i = 0; i < r->n_detectors; i++) {
        n = r->det_upto[i] - total;
        pc_detect_members_at(r->detectors[i], NULL, r->det_slots + total, n);
        total += n;
    }
    return PC_OK;
}

static pc_status parse_detectors(pc__vctx *v, json_t *obj, pc__rule *r)
{
    json_t *arr, *s;
    size_t i;

    if (parse_strings(v, obj, "detectors", &arr) != PC_OK) {
        return PC_ERR_PACK;
    }
    if (!arr || json_array_size(arr) == 0) {
        return pc__v_fail(v, PC_ERR_PACK, "a detector rule needs a "
                                          "non-empty 'detectors' array");
    }
    r->detectors = calloc(json_array_size(arr), sizeof *r->detectors);
    if (!r->detectors) {
        return PC_ERR_NOMEM;
    }
    json_array_foreach(arr, i, s) {
        if (!pc_detect_known(json_string_value(s))) {
            pc__v_key(v, "detectors");
            pc__v_idx(v, i);
            pc__v_fail(v, PC_ERR_PACK, "unknown detector '%s' (see "
                       "'postcheck policy detectors')",
                       json_string_value(s));
            pc__v_pop(v);
            pc__v_pop(v);
            return PC_ERR_PACK;
        }
        r->detectors[i] = strdup(json_string_value(s));
        if (!r->detectors[i]) {
            return PC_ERR_NOMEM;
        }
        r->n_detectors = i + 1;
    }
    return detector_slots(r);
}

static pc_status parse_near(pc__vctx *v, json_t *obj, pc__rule *r,
                            const pc__lists *lists)
{
    json_t *near = json_object_get(obj, "near");
    long window = 60;
    pc_status st;

    if (!near) {
        return PC_OK;
    }
    pc__v_key(v, "near");
    st = pc__v_keys(v, near, near_keys, NULL);
    if (st == PC_OK) {
        st = pc__v_bool(v, near, "organisation", 0, &r->near_org);
    }
    if (st == PC_OK) {
        st = pc__v_bool(v, near, "sentence", 0, &r->near_sentence);
    }
    if (st == PC_OK) {
        st = pc__v_int(v, near, "window", 60, 1, 10000, &window);
    }
    pc__v_pop(v);
    if (st == PC_OK && (!r->near_org || json_object_get(near, "terms") ||
                        json_object_get(near, "patterns") ||
                        json_object_get(near, "lists"))) {
        st = sub_matcher(v, obj, "near", near_keys, 0, &r->near, lists);
    }
    r->near_window = (size_t)window;
    return st;
}

/* "unless" is an array of regexes over the folded view, or a matcher
 * object. */
static pc_status parse_unless(pc__vctx *v, json_t *obj, pc__rule *r,
                              const pc__lists *lists)
{
    json_t *u = json_object_get(obj, "unless"), *s;
    pc_status st = PC_OK;
    size_t i;

    if (!u || json_is_object(u)) {
        return sub_matcher(v, obj, "unless", matcher_keys, 0, &r->unless,
                           lists);
    }
    if (parse_strings(v, obj, "unless", &u) != PC_OK) {
        return PC_ERR_PACK;
    }
    pc__v_key(v, "unless");
    json_array_foreach(u, i, s) {
        if (st == PC_OK) {
            pc__v_idx(v, i);
            st = pc__matcher_add_regex(&r->unless, json_string_value(s),
                                       PC_VIEW_FOLD, v->err);
            st = st == PC_OK ? st : relocate(v, st);
            pc__v_pop(v);
        }
    }
    pc__v_pop(v);
    return st;
}

/* The keys that only some kinds have. */
static pc_status parse_kind(pc__vctx *v, json_t *obj, pc__rule *r,
                            const pc__lists *lists)
{
    json_t *trig;
    int a = 0;
    pc_status st = PC_OK;

    switch (r->kind) {
    case PC_RULE_PATTERN:
        st = pc__parse_matcher(v, obj, &r->match, lists);
        if (st == PC_OK) {
            st = parse_unless(v, obj, r, lists);
        }
        return st == PC_OK ? parse_near(v, obj, r, lists) : st;
    case PC_RULE_REQUIRES:
        trig = json_object_get(obj, "trigger");
        if (json_is_string(trig) &&
            strcmp(json_string_value(trig), "organisation") == 0) {
            r->trigger_org = 1;
        } else {
            st = sub_matcher(v, obj, "trigger", matcher_keys, 1, &r->match,
                             lists);
        }
        return st == PC_OK ? sub_matcher(v, obj, "required", matcher_keys, 1,
                                         &r->required, lists)
                           : st;
    case PC_RULE_DETECTOR:
        st = parse_detectors(v, obj, r);
        return st == PC_OK ? parse_unless(v, obj, r, lists) : st;
    case PC_RULE_MODEL:
        return pc__parse_model_rule(v, obj, r);
    case PC_RULE_ATTACHMENT:
        st = pc__v_enum(v, obj, "match", attach_kinds, 1, 0, &a);
        r->attach = (pc__attach)a;
        if (st == PC_OK && r->attach != PC_ATTACH_FACES &&
            json_object_get(obj, "faces")) {
            return pc__v_fail(v, PC_ERR_PACK, "'faces' belongs to a 'faces' "
                              "attachment rule");
        }
        if (st == PC_OK && r->attach == PC_ATTACH_FACES) {
            long n = 1;
            st = pc__v_int(v, obj, "faces", 1, 1, PC_VISION_MAX_FACES, &n);
            r->min_faces = (int)n;
        }
        if (st == PC_OK && r->attach != PC_ATTACH_LOGO &&
            r->attach != PC_ATTACH_FACES &&
            !json_object_get(obj, "context")) {
            return pc__v_fail(v, PC_ERR_PACK, "a '%s' attachment rule needs "
                              "'context'", attach_kinds[a]);
        }
        if (st == PC_OK) {
            st = sub_matcher(v, obj, "context", matcher_keys, 0, &r->match,
                             lists);
        }
        return st == PC_OK ? parse_unless(v, obj, r, lists) : st;
    default:
        return PC_OK;
    }
}

pc_status pc__parse_rule(pc__vctx *v, json_t *obj, pc__rule *r,
                         const pc_pack *p, const pc__lists *lists)
{
    int kind = 0, sev = 0, cat = 0;
    pc_status st;

    if (!json_is_object(obj)) {
        return pc__v_fail(v, PC_ERR_PACK, "a rule must be an object");
    }
    if (pc__v_enum(v, obj, "kind", kinds, 1, 0, &kind) != PC_OK) {
        return PC_ERR_PACK;
    }
    r->kind = (pc__kind)kind;
    if (pc__v_keys(v, obj, keys_by_kind[kind], required_keys) != PC_OK ||
        pc__v_string(v, obj, "id", 1, &r->id) != PC_OK ||
        pc__v_enum(v, obj, "category", categories, 1, 0, &cat) != PC_OK ||
        pc__v_enum(v, obj, "severity", severities, 1, 0, &sev) != PC_OK ||
        parse_applies(v, obj, r) != PC_OK ||
        pc__v_string(v, obj, "clause", 1, &r->clause) != PC_OK ||
        pc__v_string(v, obj, "quote", 1, &r->quote) != PC_OK ||
        pc__v_string(v, obj, "message", 1, &r->message) != PC_OK ||
        pc__v_string(v, obj, "suggestion", 0, &r->suggestion) != PC_OK ||
        pc__v_bool(v, obj, "when_mentioned", 0, &r->when_mentioned) !=
            PC_OK ||
        pc__v_bool(v, obj, "ignorable", -1, &r->ignorable) != PC_OK) {
        return v->err && v->err->code ? v->err->code : PC_ERR_PACK;
    }
    if (strncmp(r->id, p->id, strlen(p->id)) != 0 ||
        r->id[strlen(p->id)] != '.') {
        pc__v_key(v, "id");
        pc__v_fail(v, PC_ERR_PACK, "rule id '%s' must start with '%s.'",
                   r->id, p->id);
        pc__v_pop(v);
        return PC_ERR_PACK;
    }
    r->category = strdup(categories[cat]);
    r->severity = (pc_severity)sev;
    if (!r->category) {
        return PC_ERR_NOMEM;
    }
    st = parse_kind(v, obj, r, lists);
    return st == PC_OK ? parse_examples(v, obj, r) : st;
}

void pc__rule_free(pc__rule *r)
{
    free(r->id);
    free(r->category);
    free(r->clause);
    free(r->quote);
    free(r->message);
    free(r->suggestion);
    pc__matcher_free(&r->match);
    pc__matcher_free(&r->unless);
    pc__matcher_free(&r->near);
    pc__matcher_free(&r->required);
    for (size_t i = 0; i < r->n_detectors; i++) {
        free(r->detectors[i]);
    }
    free(r->detectors);
    free(r->det_slots);
    free(r->det_upto);
    free(r->model);
    free(r->fair_model);
    json_decref(r->examples);
    memset(r, 0, sizeof *r);
}
