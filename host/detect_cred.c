/* detect_cred.c: credentials: passwords and log-in details given with a
 * value ("password: x", "the wifi password is x", "login: a / pass: b"),
 * PINs and door codes, and access keys or tokens by their published
 * shapes (AWS, GitHub, Slack, Stripe, Google, JWT, private keys) or, for
 * unknown kinds, by length, character mix and entropy.
 *
 * Talk about passwords without one ("reset your password", "the password
 * is on the board") is not reported: the value must not be an ordinary
 * word from the list below. A log-in name alone gives no access, so it is
 * reported only beside a password or PIN in the same post. A hex string
 * (commit id, checksum), a CONSTANT_NAME or a path counts as a key only
 * when the post labels it one ("api key: ..."). */
#include <string.h>

#include "detect_int.h"

static const char *const not_values[] = {
    "incorrect", "wrong", "weak", "strong", "required", "expired", "case",
    "the", "a", "an", "not", "too", "easy", "safe", "secure", "changed",
    "reset", "same", "different", "on", "in", "at", "here", "below",
    "above", "attached", "sent", "your", "my", "our", "their", "his", "her",
    "this", "that", "still", "now", "being", "available", "protected",
    "needed", "optional", "please", "private", "secret", "hidden",
    "shared", "ready", "updated", "forgotten", "lost", "important",
    "unique", "long", "short", "simple", "hard", "key", "one", "what",
    "how", "why", "for", "and", "or", "to", "only", "just", "never",
    "always", "so", "very", "really", "it", "is", "was", "be", "been",
    "manager", "managers", "reset", "protected", "policy", "details",
    "in", "stuck", "written", "taped", "kept", "stored", "given",
    "known", "valid", "free", "fine", "ok", "okay", "good", "bad", "great",
    "same", "via", "by", "from", "with", "will", "should", "must", "can",
    "has", "have", "had", "who", "when", "where", "which", "if", "as",
    "case-sensitive", "123", "tbc", "n/a", "none", "blank", "empty",
    "better", "stronger", "weaker", "safer", "longer", "shorter", "harder",
    "easier", "recommended", "mandatory", "compulsory", "enforced",
    "preferred", "needs", "need", "details", "screen", "page", "link",
    "problems", "issues", "set", "present", "absent", "correct", "unset",
    "optional", "secure", NULL
};

/* Lower-cases s[0, n) into buf (cap bytes) and drops trailing
 * punctuation. Returns the new length. */
static size_t clean_value(const char *s, size_t n, char *buf, size_t cap)
{
    size_t i;

    while (n > 0 && strchr(".,;:!?)]}>", s[n - 1]))
        n--;
    if (n >= cap)
        n = cap - 1;
    for (i = 0; i < n; i++)
        buf[i] = (char)((s[i] >= 'A' && s[i] <= 'Z') ? s[i] + 32 : s[i]);
    buf[n] = '\0';
    return n;
}

static int ordinary(const char *v)
{
    size_t i;

    for (i = 0; not_values[i]; i++)
        if (strcmp(v, not_values[i]) == 0)
            return 1;
    /* A masked value ("********") gives nothing away. */
    return strspn(v, "*•x.") == strlen(v);
}

/* "pass", "user" and "pw" alone are ordinary words or initials: they
 * need ':' or '='. */
static int bare_key(const char *s, size_t a, size_t b)
{
    char k[8];

    if (b - a > 4)
        return 0;
    clean_value(s + a, b - a, k, sizeof k);
    return !strcmp(k, "pass") || !strcmp(k, "user") || !strcmp(k, "pw");
}

/* "teacher3b / Rainbow2025": a log-in name followed by its password.
 * Returns the end of the password, or 0. */
static size_t pair_end(const char *s, size_t len, size_t e)
{
    size_t i = e, start;
    int digit = 0;

    while (i < len && s[i] == ' ')
        i++;
    if (i >= len || s[i] != '/')
        return 0;
    i++;
    while (i < len && s[i] == ' ')
        i++;
    start = i;
    while (i < len && s[i] != ' ' && s[i] != '\n' && s[i] != '\t') {
        digit |= (s[i] >= '0' && s[i] <= '9');
        i++;
    }
    return i - start >= 4 && digit ? i : 0;
}

/* Returns 1 if s[0, n) contains one of the bytes in set. */
static int strpbrk_n(const char *s, size_t n, const char *set)
{
    size_t i;

    for (i = 0; i < n; i++)
        if (s[i] && strchr(set, s[i]))
            return 1;
    return 0;
}

/* Returns 1 if the key s[a, b) names a log-in name rather than a secret
 * ("username", "login", "user"), which alone gives no access. */
static int name_key(const char *s, size_t a, size_t b)
{
    char k[64];
    size_t n = clean_value(s + a, b - a, k, sizeof k);

    (void)n;
    return !strstr(k, "pass") && !strstr(k, "pw") && !strstr(k, "p@") &&
           !strstr(k, "p4") && !strstr(k, "code") && !strstr(k, "key") &&
           (strstr(k, "user") || strstr(k, "log"));
}

/* A lower-case word that reads as a verb or adjective after "is"
 * ("supplied", "expiring", "unreadable") is a statement, not a value. */
static int wordy(const char *v, size_t n)
{
    const char *dash = strrchr(v, '-');

    /* "single-threaded", "case-sensitive": judge the last part. */
    if (dash && strspn(v, "abcdefghijklmnopqrstuvwxyz-") == n) {
        n -= (size_t)(dash + 1 - v);
        v = dash + 1;
    }
    if (strspn(v, "abcdefghijklmnopqrstuvwxyz") != n || n < 4)
        return 0;
    return !strcmp(v + n - 2, "ed") || !strcmp(v + n - 3, "ing") ||
           !strcmp(v + n - 4, "able") || !strcmp(v + n - 4, "ible");
}

/* Checks the current PC__P_PASSWORD match; returns its end (after the
 * value) or 0 if it is not a credential. */
static size_t password_end(pc__scan *sc, int *is_name)
{
    size_t ks, ke, ss, se, vs, ve, n;
    char v[80];

    pc__group(sc, 1, &ks, &ke);
    pc__group(sc, 2, &ss, &se);
    pc__group(sc, 3, &vs, &ve);
    n = clean_value(sc->s + vs, ve - vs, v, sizeof v);
    if (n < 2 || ordinary(v) || wordy(v, n) || strchr("-(<[#$", v[0]))
        return 0;
    if (bare_key(sc->s, ks, ke) && sc->s[ss] != ':' && sc->s[ss] != '=')
        return 0;
    /* "passphrase-file" is a word; a dash separates only with spaces. */
    if (sc->s[ss] == '-' && (ss == ke || sc->s[ss - 1] != ' '))
        return 0;
    /* Without "is" or ":" ("password Tr0ub4dor&3") the value must look
     * like one: a digit or a symbol in it. */
    if (ss == se && strspn(v, "abcdefghijklmnopqrstuvwxyz-") == n)
        return 0;
    *is_name = name_key(sc->s, ks, ke);
    if (*is_name && pair_end(sc->s, sc->len, vs + n)) {
        *is_name = 0;
        return pair_end(sc->s, sc->len, vs + n);
    }
    return vs + n;
}

#define MAX_CRED 32

struct creds {
    struct { size_t start, end; int is_name; } v[MAX_CRED];
    size_t n;
    int secrets;
};

/* Adds a candidate unless it overlaps one already found (a pair can
 * match both "login: a / b" and "admin: a / b"). */
static void add_cred(struct creds *c, size_t start, size_t end, int is_name)
{
    size_t i;

    for (i = 0; i < c->n; i++)
        if (start < c->v[i].end && c->v[i].start < end)
            return;
    if (c->n == MAX_CRED)
        return;
    c->v[c->n].start = start;
    c->v[c->n].end = end;
    c->v[c->n++].is_name = is_name;
    c->secrets += !is_name;
}

/* "admin: alt-admin / W3bEd!tor#9": the second part must look like a
 * password (a digit, and a capital or a symbol). */
static void cred_pairs(pc__scan *sc, struct creds *c)
{
    size_t pos = 0, ms, me, gs, ge;

    while (pc__next(sc, PC__P_CRED_PAIR, &pos, &ms, &me)) {
        pc__group(sc, 1, &gs, &ge);
        if (strpbrk_n(sc->s + gs, ge - gs, "0123456789") &&
            strpbrk_n(sc->s + gs, ge - gs,
                      "ABCDEFGHIJKLMNOPQRSTUVWXYZ!@#$%^&*_+=?"))
            add_cred(c, ms, me, 0);
    }
}

void pc__det_password(pc__scan *sc)
{
    struct creds c;
    size_t pos = 0, ms, me, i;

    memset(&c, 0, sizeof c);
    while (pc__next(sc, PC__P_PASSWORD, &pos, &ms, &me)) {
        int is_name = 0;
        size_t end = password_end(sc, &is_name);

        if (end)
            add_cred(&c, ms, end, is_name);
    }
    cred_pairs(sc, &c);
    pos = 0;
    while (pc__next(sc, PC__P_PIN, &pos, &ms, &me))
        add_cred(&c, ms, me, 0);
    /* A log-in name counts only beside a password or PIN. */
    for (i = 0; c.secrets && i < c.n; i++)
        pc__hit(sc, c.v[i].start, c.v[i].end, "password",
                "a password or log-in detail");
}

/* log2(x) for 0 < x <= 1, without libm: x = m * 2^-k with m in [0.5, 1),
 * then ln(m) = 2 atanh((m - 1) / (m + 1)) by its series. */
static double log2_unit(double x)
{
    double k = 0, t, t2, sum = 0, term;
    int i;

    while (x < 0.5) {
        x *= 2;
        k += 1;
    }
    t = (x - 1) / (x + 1);
    t2 = t * t;
    term = t;
    for (i = 1; i < 40; i += 2) {
        sum += term / i;
        term *= t2;
    }
    return 2 * sum / 0.69314718055994531 - k;
}

/* Shannon entropy of s[0, n) in bits per character. */
static double entropy(const char *s, size_t n)
{
    unsigned counts[256] = {0};
    double h = 0;
    size_t i;

    for (i = 0; i < n; i++)
        counts[(unsigned char)s[i]]++;
    for (i = 0; i < 256; i++) {
        if (counts[i]) {
            double p = (double)counts[i] / (double)n;

            h -= p * log2_unit(p);
        }
    }
    return h;
}

/* A long run of letters and digits looks like a key when it mixes
 * digits, capitals and letters often and has high entropy; words, long
 * hashtags and hyphenated phrases do not. */
/* Two or more '_' or '-' between short parts: a constant or a file name. */
static int identifier(const char *s, size_t n)
{
    size_t i, seps = 0, run = 0, longest = 0;

    for (i = 0; i < n; i++) {
        if (s[i] == '_' || s[i] == '-') {
            seps++;
            run = 0;
        } else if (++run > longest) {
            longest = run;
        }
    }
    return seps >= 2 && longest < 16;
}

/* A path-like token is a key only if some part between slashes mixes
 * lower case, upper case and digits ("wJalrXUtnFEMI/K7MDENG/..."). */
static int mixed_segment(const char *s, size_t n)
{
    size_t i;
    int lo = 0, up = 0, dg = 0;

    for (i = 0; i <= n; i++) {
        if (i == n || s[i] == '/') {
            if (lo && up && dg)
                return 1;
            lo = up = dg = 0;
            continue;
        }
        lo |= s[i] >= 'a' && s[i] <= 'z';
        up |= s[i] >= 'A' && s[i] <= 'Z';
        dg |= s[i] >= '0' && s[i] <= '9';
    }
    return 0;
}

/* Returns 1 if the token at s[ms] is inside a URL ("...?h=3537ecb4"). */
static int in_url(const char *s, size_t ms)
{
    size_t i = ms;

    while (i > 0 && s[i - 1] != ' ' && s[i - 1] != '\n' && s[i - 1] != '\t')
        i--;
    for (; i + 2 < ms; i++)
        if (memcmp(s + i, "://", 3) == 0 || memcmp(s + i, "www.", 3) == 0)
            return 1;
    return 0;
}

static int token_like(const char *s, size_t n, int labelled)
{
    size_t i, digits = 0, upper = 0, letters = 0, switches = 0;
    int prev = 0;

    for (i = 0; i < n; i++) {
        int cls = 0;

        if (s[i] >= '0' && s[i] <= '9') {
            digits++;
            cls = 1;
        } else if ((s[i] >= 'a' && s[i] <= 'z') ||
                   (s[i] >= 'A' && s[i] <= 'Z')) {
            letters++;
            upper += s[i] <= 'Z';
            cls = 2;
        }
        if (cls && prev && cls != prev)
            switches++;
        if (cls)
            prev = cls;
    }
    if (digits < 2 || letters < 2 || switches < 3)
        return 0;
    /* Hex (commit ids, checksums, fingerprints), identifiers
     * (GNUTLS_SIGN_ECDSA_SHA256) and anything short are keys only when the
     * post says so ("api key: ..."). */
    if (!labelled && (strspn(s + 1, "0123456789abcdefABCDEF-") >= n - 1 ||
                      identifier(s, n) || n < 32))
        return 0;
    if (memchr(s, '/', n) && !mixed_segment(s, n))
        return 0;
    if (memchr(s, '=', n) && s[n - 1] != '=')
        return 0;
    if ((double)(digits + upper) / (double)n < 0.3)
        return 0;
    return entropy(s, n) >= (n >= 40 ? 3.7 : 3.4);
}

void pc__det_token(pc__scan *sc)
{
    size_t pos = 0, ms, me;
    size_t first = sc->out->n, i;

    while (pc__next(sc, PC__P_TOKEN_KNOWN, &pos, &ms, &me))
        pc__hit(sc, ms, me, "secret-token", "an access key or token");
    pos = 0;
    while (pc__next(sc, PC__P_TOKEN_GENERIC, &pos, &ms, &me)) {
        int dup = 0;

        for (i = first; i < sc->out->n; i++)
            if (ms < sc->out->v[i].end && sc->out->v[i].start < me)
                dup = 1;
        if (dup || in_url(sc->s, ms))
            continue;
        if (token_like(sc->s + ms, me - ms,
                       pc__find(sc, PC__P_TOKEN_CTX, ms > 30 ? ms - 30 : 0, ms)))
            pc__hit(sc, ms, me, "secret-token", "an access key or token");
    }
}
