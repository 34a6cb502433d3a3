/* detect_cred.c: credentials: passwords and log-in details given with a
 * value ("password: x", "the wifi password is x", "login: a / pass: b"),
 * PINs and door codes, and access keys or tokens by their published
 * shapes (AWS, GitHub, Slack, Stripe, Google, JWT, private keys) or, for
 * unknown kinds, by length, character mix and entropy.
 *
 * Talk about passwords without one ("reset your password", "the password
 * is on the board") is not reported: the value must not be an ordinary
 * word from the list below. */
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
    "problems", "issues", NULL
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

/* "pass" and "user" alone are ordinary words: they need ':' or '='. */
static int bare_key(const char *s, size_t a, size_t b)
{
    size_t n = b - a;

    return (n == 4 && (memcmp(s + a, "pass", 4) == 0 ||
                       memcmp(s + a, "Pass", 4) == 0 ||
                       memcmp(s + a, "user", 4) == 0 ||
                       memcmp(s + a, "User", 4) == 0 ||
                       memcmp(s + a, "PASS", 4) == 0 ||
                       memcmp(s + a, "USER", 4) == 0));
}

void pc__det_password(pc__scan *sc)
{
    size_t pos = 0, ms, me, ks, ke, ss, se, vs, ve;

    while (pc__next(sc, PC__P_PASSWORD, &pos, &ms, &me)) {
        char v[80];
        size_t n;

        pc__group(sc, 1, &ks, &ke);
        pc__group(sc, 2, &ss, &se);
        pc__group(sc, 3, &vs, &ve);
        n = clean_value(sc->s + vs, ve - vs, v, sizeof v);
        if (n < 2 || ordinary(v))
            continue;
        if (bare_key(sc->s, ks, ke) && sc->s[ss] != ':' && sc->s[ss] != '=')
            continue;
        /* Without "is" or ":" ("password Tr0ub4dor&3") the value must
         * look like one: a digit or a symbol in it. */
        if (ss == se && strspn(v, "abcdefghijklmnopqrstuvwxyz-") == n)
            continue;
        pc__hit(sc, ms, vs + n, "password", "a password or log-in detail");
    }
    pos = 0;
    while (pc__next(sc, PC__P_PIN, &pos, &ms, &me))
        pc__hit(sc, ms, me, "password", "a password or log-in detail");
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
static int token_like(const char *s, size_t n)
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
        if (!dup && token_like(sc->s + ms, me - ms))
            pc__hit(sc, ms, me, "secret-token", "an access key or token");
    }
}
