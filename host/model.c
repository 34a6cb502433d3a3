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
 * 48 KiB of map and counts plus 4 bytes a non-zero weight.
 *
 * Several models merged (model_int.h) score a text by all of them as
 * its features are found, a bucket's weights by every model looked up
 * at once: 80 KiB of cells and counts plus 4 bytes a model and bucket
 * any of them weighs. */
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "model_int.h"
#include "postcheck/model.h"

#define NAME_CAP 32
#define STR_(x) #x
#define STR(x) STR_(x)

#define MAP_WORDS (PC_MODEL_BUCKETS / 64)

struct pc_model {
    char name[NAME_CAP];
    double bias;
    /* The model's own weights, or all three NULL once merged: */
    uint64_t *map;     /* bit b: bucket b has a weight */
    uint32_t *before;  /* per word of map: weights in the words before */
    float *w;          /* the n weights, buckets ascending */
    size_t n;          /* non-zero weights */
    int exact;         /* every sum of its weights is exact (sums_exact) */
    /* Once merged (pc__merged_take): its weights are column col of
     * mg's rows. */
    const struct pc__merged *mg;
    size_t col;
};

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

/* Parses a number that must fill s. "-D.DDDDD" with at most 15 digits
 * (what train.py writes) is read here: digits m and f of them after the
 * point make m / 10^f, both exact doubles (m < 2^53, f <= 15), and IEEE
 * division rounds correctly, so the value is strtod's, bit for bit (Clinger's
 * fast path); anything else goes to strtod, which took 13 M of the 46 M
 * instructions of a host's start, hello and first check. */
static int parse_double(const char *s, double *out)
{
    static const double tens[] = {1e0,  1e1,  1e2,  1e3,  1e4,  1e5,
                                  1e6,  1e7,  1e8,  1e9,  1e10, 1e11,
                                  1e12, 1e13, 1e14, 1e15};
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
        char *sp;
        unsigned long b;
        double w;
        if (!next_line(r, buf, sizeof buf)) {
            return bad(r, "fewer weights than the header says");
        }
        sp = strchr(buf, ' ');
        if (!sp) {
            return bad(r, "expected 'BUCKET WEIGHT'");
        }
        *sp = '\0';
        if (!parse_ulong(buf, &b) || b >= PC_MODEL_BUCKETS ||
            (long)b <= prev || !parse_double(sp + 1, &w)) {
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

/* The bit counts of the bytes, spelt out four values at a time: a
 * block of 4^k values counts as n, n+1, n+1, n+2 blocks of 4^(k-1). */
#define POP2(n) n, n + 1, n + 1, n + 2
#define POP4(n) POP2(n), POP2(n + 1), POP2(n + 1), POP2(n + 2)
#define POP6(n) POP4(n), POP4(n + 1), POP4(n + 1), POP4(n + 2)
const unsigned char pc__pop8[256] = {POP6(0), POP6(1), POP6(1), POP6(2)};

/* The 64 buckets of word i of m's map: bit b set when m has a weight
 * for bucket i * 64 + b (a merged model's: a weight but 0). */
static uint64_t model_map(const pc_model *m, size_t i)
{
    uint64_t w = 0;

    if (!m->mg) {
        return m->map[i];
    }
    /* The buckets with a row, 8 to a cell, looked at one by one. */
    for (unsigned c = 0; c < 8; c++) {
        unsigned byte = m->mg->cell[i * 8 + c] & 0xffu;
        for (unsigned b = c * 8; byte; b++, byte >>= 1) {
            const float *row = (byte & 1)
                ? pc__merged_row(m->mg, (uint32_t)(i * 64 + b)) : NULL;
            if (row && row[m->col] != 0.0f) {
                w |= (uint64_t)1 << b;
            }
        }
    }
    return w;
}

/* Fills mg's cells and counts (model_int.h) from any, the map of the
 * buckets any of its models weighs. */
static void merge_map(struct pc__merged *mg, const uint64_t *any)
{
    uint32_t k = 0;

    for (size_t i = 0; i < MAP_WORDS; i++) {
        unsigned in_word = 0;
        mg->before[i] = k;
        for (size_t c = 0; c < 8; c++) {
            unsigned byte = (unsigned)(any[i] >> (8 * c)) & 0xffu;
            mg->cell[i * 8 + c] = (uint16_t)(byte | in_word << 8);
            in_word += pc__pop8[byte];
        }
        k += in_word;
    }
}

/* Fills column j of mg's rows with model m's weights, whose buckets map
 * holds (model_map's words). */
static void merge_rows(struct pc__merged *mg, const pc_model *m, size_t j,
                       const uint64_t *map)
{
    size_t k = 0;

    for (size_t i = 0; i < MAP_WORDS; i++) {
        uint64_t w = map[i];
        while (w) {
            /* The lowest bit of w, and its bucket's row, being filled. */
            uint32_t b = (uint32_t)(i * 64 + pc__ones((w & (0 - w)) - 1));
            float *row = (float *)pc__merged_row(mg, b);
            row[j] = m->mg ? pc__merged_row(m->mg, b)[m->col] : m->w[k++];
            w &= w - 1;
        }
    }
}

/* Gives model m's weights to column j of mg: its own are freed. */
static void adopt(struct pc__merged *mg, pc_model *m, size_t j)
{
    free(m->map);
    free(m->before);
    free(m->w);
    m->map = NULL;
    m->before = NULL;
    m->w = NULL;
    m->mg = mg;
    m->col = j;
}

/* The merged set's room for n models whose weights fall in the buckets
 * of any (NULL when out of memory). */
static struct pc__merged *merged_alloc(const uint64_t *any, size_t n)
{
    struct pc__merged *mg = calloc(1, sizeof *mg);
    size_t rows = 0;

    for (size_t i = 0; i < MAP_WORDS; i++) {
        rows += pc__ones(any[i]);
    }
    if (mg) {
        mg->n = n;
        mg->cell = malloc(MAP_WORDS * 8 * sizeof *mg->cell);
        mg->before = malloc(MAP_WORDS * sizeof *mg->before);
        mg->row = calloc(rows * n + 1, sizeof *mg->row);
    }
    if (mg && (!mg->cell || !mg->before || !mg->row)) {
        pc__merged_free(mg);
        return NULL;
    }
    return mg;
}

struct pc__merged *pc__merged_take(pc_model *const *models, size_t n)
{
    /* Each model's map (model_map, which costs a look-up a bucket for a
     * model merged before), then the map of the buckets any weighs. */
    uint64_t *maps = n <= PC__MERGED_MAX
                         ? malloc((n + 1) * MAP_WORDS * sizeof *maps)
                         : NULL;
    uint64_t *any = maps ? maps + n * MAP_WORDS : NULL;
    struct pc__merged *mg = NULL;

    if (maps) {
        for (size_t i = 0; i < MAP_WORDS; i++) {
            any[i] = 0;
            for (size_t j = 0; j < n; j++) {
                maps[j * MAP_WORDS + i] = model_map(models[j], i);
                any[i] |= maps[j * MAP_WORDS + i];
            }
        }
        mg = merged_alloc(any, n);
    }
    if (mg) {
        merge_map(mg, any);
        mg->exact = 1;
        for (size_t j = 0; j < n; j++) {
            mg->model[j] = models[j];
            mg->exact &= models[j]->exact;
            merge_rows(mg, models[j], j, maps + j * MAP_WORDS);
        }
        for (size_t j = 0; j < n; j++) {
            adopt(mg, models[j], j);
        }
    }
    free(maps);
    return mg;
}

void pc__merged_free(struct pc__merged *mg)
{
    if (!mg) {
        return;
    }
    free(mg->cell);
    free(mg->before);
    free(mg->row);
    free(mg);
}
