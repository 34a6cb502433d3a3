/* model.c: loading a trained linear model from its text file and scoring
 * features with it (model.h).
 *
 * The file (host/policies/models/README.md): '#' comment lines, then
 *   postcheck-model 1
 *   name NAME
 *   features 3
 *   buckets 262144
 *   bias B
 *   weights N
 * and N lines "BUCKET WEIGHT", buckets ascending. The weights are kept in
 * bucket order beside a bit a bucket (set when it has a weight) and the
 * count of set bits before each word of 64: a feature costs one bit test,
 * and the few with a weight a population count. A text's features come
 * ascending (model.h), so the bit tests walk the map forwards. Memory is
 * 48 KiB of map and counts plus 4 bytes a non-zero weight. Merging
 * several models is model_merge.c. */
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "model_built.h"
#include "model_int.h"
#include "model_own.h"
#include "postcheck/model.h"

#define STR_(x) #x
#define STR(x) STR_(x)

/* A cursor over the file's lines. */
struct rd {
    const char *p, *end;
    int line;
    pc_error *err;
};

/* The next line that is not a comment or blank, copied into buf
 * (NUL-terminated, at most cap - 1 bytes). Returns 0 at the end. */
static int next_line(struct rd *r, char *buf, size_t cap)
{
    while (r->p < r->end) {
        const char *nl = memchr(r->p, '\n', (size_t)(r->end - r->p));
        const char *e = nl ? nl : r->end;
        size_t n = (size_t)(e - r->p);
        const char *s = r->p;
        r->p = nl ? nl + 1 : r->end;
        r->line++;
        if (n > 0 && s[n - 1] == '\r') {
            n--;
        }
        if (n == 0 || s[0] == '#') {
            continue;
        }
        if (n >= cap) {
            n = cap - 1;
        }
        memcpy(buf, s, n);
        buf[n] = '\0';
        return 1;
    }
    return 0;
}

static pc_status bad(struct rd *r, const char *why)
{
    return pc_error_set(r->err, PC_ERR_PACK, "model file line %d: %s",
                        r->line, why);
}

/* Reads "KEY VALUE" with the given key; the value's text goes to *val. */
static pc_status header(struct rd *r, const char *key, char *buf,
                        size_t cap, const char **val)
{
    size_t k = strlen(key);

    if (!next_line(r, buf, cap)) {
        return bad(r, "the file ends in its header");
    }
    if (strncmp(buf, key, k) != 0 || buf[k] != ' ' || buf[k + 1] == '\0') {
        return pc_error_set(r->err, PC_ERR_PACK, "model file line %d: "
                            "expected '%s VALUE'", r->line, key);
    }
    *val = buf + k + 1;
    return PC_OK;
}

/* Parses an unsigned integer that must fill s. Plain digits (what
 * train.py writes) are read here, anything else by strtoul: the file's
 * 8000 lines a model were 3 M instructions of strtoul at start. */
static int parse_ulong(const char *s, unsigned long *out)
{
    unsigned long v = 0;
    size_t i = 0;
    char *e;

    while (s[i] >= '0' && s[i] <= '9' && i < 19) {
        v = v * 10 + (unsigned long)(s[i++] - '0');
    }
    if (i > 0 && s[i] == '\0') {
        *out = v;
        return 1;
    }
    errno = 0;
    *out = strtoul(s, &e, 10);
    return errno == 0 && e != s && *e == '\0' && s[0] != '-';
}

/* The powers of ten a weight's digits are divided by (parse_double). */
static const double tens[] = {1e0,  1e1,  1e2,  1e3,  1e4,  1e5,
                              1e6,  1e7,  1e8,  1e9,  1e10, 1e11,
                              1e12, 1e13, 1e14, 1e15};

/* Parses a number that must fill s. "-D.DDDDD" with at most 15 digits
 * (what train.py writes) is read here: digits m and f of them after the
 * point make m / 10^f, both exact doubles (m < 2^53, f <= 15), and IEEE
 * division rounds correctly, so the value is strtod's, bit for bit (Clinger's
 * fast path); anything else goes to strtod, which took 13 M of the 46 M
 * instructions of a host's start, hello and first check. */
static int parse_double(const char *s, double *out)
{
    const char *p = s + (s[0] == '-');
    uint64_t m = 0;
    int digits = 0, frac = -1;
    char *e;

    for (; (*p >= '0' && *p <= '9') || (*p == '.' && frac < 0); p++) {
        if (*p == '.') {
            frac = 0;
            continue;
        }
        m = m * 10 + (uint64_t)(*p - '0');
        digits++;
        frac += frac >= 0;
    }
    if (*p == '\0' && digits > 0 && digits <= 15 && frac != 0) {
        double v = (double)m / tens[frac > 0 ? frac : 0];
        *out = s[0] == '-' ? -v : v;
        return 1;
    }
    errno = 0;
    *out = strtod(s, &e);
    return errno == 0 && e != s && *e == '\0' && isfinite(*out);
}

static int is_digit(char c)
{
    return (unsigned)(c - '0') < 10u;
}

/* Reads one weight line as train.py writes it, "BUCKET WEIGHT" with the
 * bucket in plain digits and the weight as parse_double reads it itself
 * ("-D.DDDDD", at most 15 digits), then the line's end, straight from
 * the data: what next_line, parse_ulong and parse_double make of that
 * line, without copying it or looking at it three times (they were 4.8 M
 * of the 24 M instructions of a host's start, hello and first check).
 * Returns 1 with the line read (r past it), or 0 with r as it was for
 * any other line (a comment, a blank, another spelling), which the
 * general path reads. */
static int fast_weight(struct rd *r, unsigned long *bucket, double *w)
{
    const char *p = r->p, *end = r->end;
    unsigned long b = 0;
    uint64_t m = 0;
    size_t nb = 0;
    int digits = 0, frac = -1, neg;
    double v;

    for (; p < end && is_digit(*p) && nb < 19; p++, nb++) {
        b = b * 10 + (unsigned long)(*p - '0');
    }
    if (nb == 0 || p == end || *p != ' ') {
        return 0;
    }
    p++;
    neg = p < end && *p == '-';
    p += neg;
    /* parse_double's digits with at most one point among them: those
     * before it, then those after it, which frac counts. */
    for (; p < end && is_digit(*p); p++, digits++) {
        m = m * 10 + (uint64_t)(*p - '0');
    }
    if (p < end && *p == '.') {
        for (p++, frac = 0; p < end && is_digit(*p); p++, digits++, frac++) {
            m = m * 10 + (uint64_t)(*p - '0');
        }
    }
    if (digits == 0 || digits > 15 || frac == 0) {
        return 0;
    }
    /* next_line takes one '\r' off a line's end. */
    p += p < end && *p == '\r';
    if (p < end && *p != '\n') {
        return 0;
    }
    v = (double)m / tens[frac > 0 ? frac : 0];
    *w = neg ? -v : v;
    *bucket = b;
    r->p = p < end ? p + 1 : end;
    r->line++;
    return 1;
}

/* Reads the next weight line with the general functions: the next line
 * that is not a comment or blank, "BUCKET WEIGHT". Returns 1, or 0 with
 * *why set. */
static int slow_weight(struct rd *r, unsigned long *b, double *w,
                       const char **why)
{
    char buf[128];
    char *sp;

    if (!next_line(r, buf, sizeof buf)) {
        *why = "fewer weights than the header says";
        return 0;
    }
    sp = strchr(buf, ' ');
    if (!sp) {
        *why = "expected 'BUCKET WEIGHT'";
        return 0;
    }
    *sp = '\0';
    if (!parse_ulong(buf, b) || !parse_double(sp + 1, w)) {
        *why = "expected 'BUCKET WEIGHT', buckets ascending";
        return 0;
    }
    return 1;
}

static pc_status read_header(struct rd *r, pc_model *m, unsigned long *n)
{
    char buf[128];
    const char *v;
    unsigned long u;

    if (header(r, "postcheck-model", buf, sizeof buf, &v) ||
        strcmp(v, "1") != 0) {
        return bad(r, "not a postcheck model file, version 1");
    }
    if (header(r, "name", buf, sizeof buf, &v)) {
        return PC_ERR_PACK;
    }
    if (strlen(v) >= NAME_CAP) {
        return bad(r, "name too long");
    }
    strcpy(m->name, v);
    if (header(r, "features", buf, sizeof buf, &v) || !parse_ulong(v, &u) ||
        u != PC_MODEL_FEATURES) {
        return bad(r, "features: this host computes features version "
                      STR(PC_MODEL_FEATURES));
    }
    if (header(r, "buckets", buf, sizeof buf, &v) || !parse_ulong(v, &u) ||
        u != PC_MODEL_BUCKETS) {
        return bad(r, "buckets: this host hashes into 262144 buckets");
    }
    if (header(r, "bias", buf, sizeof buf, &v) ||
        !parse_double(v, &m->bias)) {
        return bad(r, "bias: expected a number");
    }
    if (header(r, "weights", buf, sizeof buf, &v) || !parse_ulong(v, n) ||
        *n > PC_MODEL_BUCKETS) {
        return bad(r, "weights: expected a count up to the bucket count");
    }
    return PC_OK;
}

/* Fills m->before from m->map. */
static void count_before(pc_model *m)
{
    uint32_t k = 0;

    for (size_t i = 0; i < MAP_WORDS; i++) {
        m->before[i] = k;
        k += pc__ones(m->map[i]);
    }
}

/* 1 when every sum of m's weights, in any order, is exact in a double:
 * each weight is a float, so a whole multiple of the unit in the last
 * place (ulp) of the smallest in size, and so is every sum of them; a
 * double holds such a multiple exactly while it is under 2^53 ulps.
 * Half that bound (2^52) leaves room for the rounding of the total
 * computed here. */
static int sums_exact(const pc_model *m)
{
    double total = 0.0;
    float least = 0.0f;
    int e = 0;

    for (size_t i = 0; i < m->n; i++) {
        float a = fabsf(m->w[i]);
        if (a != 0.0f && (least == 0.0f || a < least)) {
            least = a;
        }
        total += a;
    }
    /* A float of exponent e (frexp's: 2^(e-1) <= |w| < 2^e) has an ulp
     * of 2^(e - 24), or 2^-149 below the normal range. */
    (void)frexpf(least, &e);
    e = least == 0.0f ? 0 : (e - 24 < -149 ? -149 : e - 24);
    return total <= ldexp(1.0, 52 + e);
}

static pc_status read_weights(struct rd *r, pc_model *m, unsigned long n)
{
    char buf[128];
    long prev = -1;

    for (unsigned long k = 0; k < n; k++) {
        unsigned long b;
        double w;
        const char *why = NULL;
        if (!fast_weight(r, &b, &w) && !slow_weight(r, &b, &w, &why)) {
            return bad(r, why);
        }
        if (b >= PC_MODEL_BUCKETS || (long)b <= prev) {
            return bad(r, "expected 'BUCKET WEIGHT', buckets ascending");
        }
        prev = (long)b;
        m->map[b >> 6] |= (uint64_t)1 << (b & 63);
        m->w[k] = (float)w;
    }
    if (next_line(r, buf, sizeof buf)) {
        return bad(r, "more lines than the header's weight count");
    }
    m->n = n;
    count_before(m);
    m->exact = sums_exact(m);
    return PC_OK;
}

pc_model *pc_model_parse(const char *data, size_t len, pc_error *err)
{
    struct rd r = {data, data + len, 0, err};
    pc_model *m = calloc(1, sizeof *m);
    unsigned long n = 0;

    if (!m) {
        pc_error_set(err, PC_ERR_NOMEM, "out of memory");
        return NULL;
    }
    if (read_header(&r, m, &n) != PC_OK) {
        pc_model_free(m);
        return NULL;
    }
    m->map = calloc(MAP_WORDS, sizeof *m->map);
    m->before = malloc(MAP_WORDS * sizeof *m->before);
    m->w = malloc((n ? n : 1) * sizeof *m->w);
    if (!m->map || !m->before || !m->w) {
        pc_error_set(err, PC_ERR_NOMEM, "out of memory");
        pc_model_free(m);
        return NULL;
    }
    if (read_weights(&r, m, n) != PC_OK) {
        pc_model_free(m);
        return NULL;
    }
    return m;
}

pc_model *pc__model_built(const struct pc__built_model *b,
                          struct pc__merged *one)
{
    pc_model *m = calloc(1, sizeof *m);

    if (!m) {
        return NULL;
    }
    strncpy(m->name, b->name, NAME_CAP - 1);
    m->bias = b->bias;
    m->n = b->n;
    m->exact = b->exact;
    m->mg = one;
    m->col = 0;
    one->model[0] = m;
    return m;
}

void pc_model_free(pc_model *m)
{
    if (!m) {
        return;
    }
    free(m->map);
    free(m->before);
    free(m->w);
    free(m);
}

const char *pc_model_name(const pc_model *m) { return m->name; }

size_t pc_model_size(const pc_model *m) { return m->n; }

/* The sum of the weights of f's buckets, added in bucket order (f's):
 * a bucket without a weight costs a bit test; one with a weight, the
 * count of the bits before it in its word of the map. */
#define DOT_LOOP(m, f, count)                                               \
    double dot = 0.0;                                                       \
    for (size_t i = 0; i < (f)->n; i++) {                                   \
        uint32_t b = (f)->v[i];                                             \
        uint64_t word;                                                      \
        if (b >= PC_MODEL_BUCKETS) {                                        \
            continue;                                                       \
        }                                                                   \
        word = (m)->map[b >> 6];                                            \
        if ((word >> (b & 63)) & 1) {                                       \
            uint64_t below = word & (((uint64_t)1 << (b & 63)) - 1);        \
            dot += (m)->w[(m)->before[b >> 6] + count(below)];              \
        }                                                                   \
    }                                                                       \
    return dot

static double dot_plain(const pc_model *m, const pc_feats *f)
{
    DOT_LOOP(m, f, pc__ones);
}

#if (defined(__GNUC__) || defined(__clang__)) &&                           \
    (defined(__x86_64__) || defined(__i386__))
/* With the CPU's population count, where it has one (a third of a check's
 * model scoring went to counting bits in software); the same sum. */
#define HW_COUNT(x) ((unsigned)__builtin_popcountll(x))
__attribute__((target("popcnt"))) static double
dot_popcnt(const pc_model *m, const pc_feats *f)
{
    DOT_LOOP(m, f, HW_COUNT);
}

static double dot_own(const pc_model *m, const pc_feats *f)
{
    return __builtin_cpu_supports("popcnt") ? dot_popcnt(m, f)
                                            : dot_plain(m, f);
}
#else
static double dot_own(const pc_model *m, const pc_feats *f)
{
    return dot_plain(m, f);
}
#endif

/* DOT_LOOP's sum for a merged model: its weights from its column of the
 * rows, in the same order. A bucket only other models weigh adds 0,
 * which leaves a sum as it was (a sum from 0 of nonzero floats is never
 * -0, the one value x + 0 changes). */
static double dot_merged(const pc_model *m, const pc_feats *f)
{
    double dot = 0.0;

    for (size_t i = 0; i < f->n; i++) {
        const float *row = f->v[i] < PC_MODEL_BUCKETS
                               ? pc__merged_row(m->mg, f->v[i])
                               : NULL;
        if (row) {
            dot += row[m->col];
        }
    }
    return dot;
}

static double dot_of(const pc_model *m, const pc_feats *f)
{
    return m->mg ? dot_merged(m, f) : dot_own(m, f);
}

/* The logistic of the bias plus dot, the sum of the weights of n
 * features, scaled. */
static double score_of(const pc_model *m, size_t n, double dot)
{
    double z = m->bias + (n ? dot / sqrt((double)n) : 0.0);

    return 1.0 / (1.0 + exp(-z));
}

double pc_model_score(const pc_model *m, const pc_feats *f)
{
    return score_of(m, f->n, dot_of(m, f));
}

double pc__model_score_dot(const pc_model *m, double dot, size_t n)
{
    return score_of(m, n, dot);
}

double pc__model_score_soft(const pc_model *m, const pc_feats *f)
{
    return score_of(m, f->n, m->mg ? dot_merged(m, f) : dot_plain(m, f));
}
