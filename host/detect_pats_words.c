/* detect_pats_words.c: needs (pc__pat_def.need, detect_int.h) made of
 * words, for detect_pats.c's patterns that are alternations of phrases:
 * such a pattern runs only on a text holding one of its words. Each
 * answers `from` when one of the words stands in s[from, to), else `to`:
 * where a match starts cannot be bounded from its word (white space runs
 * between them), so the need only says whether to search at all, and
 * the search starts at `from` as before. Only a cost: the same
 * matches. */
#include "detect_int.h"

/* 1 for an ASCII word character (\w): a word of a need stands after a
 * boundary or white space in every branch of its pattern, so never
 * right after one of these. A byte beyond ASCII may end a word
 * character or a space (UCP): it is let through. */
static int ascii_word(unsigned char c)
{
    return (unsigned char)((c | 0x20) - 'a') < 26 ||
           (unsigned char)(c - '0') < 10 || c == '_';
}

/* 1 if word w (lower-case ASCII) stands at s[i, to) as a caseless
 * pattern matches it (text.h's pc_text_caseless_at: 's' and 'k' also
 * as U+017F and U+212A). */
static int word_at(const unsigned char *s, size_t i, size_t to,
                   const char *w)
{
    return pc_text_caseless_at((const char *)s, i, to, w, PC_TEXT_TO_NUL) != 0;
}

/* The first place from `from` where one of words (NULL-terminated)
 * stands after no ASCII word character, or `to`. first: the words'
 * first characters (lower-case ASCII letters or digits, none 's' or
 * 'k'), the only bytes a word is looked for at. */
static size_t first_word(const char *s, size_t from, size_t to,
                         const char *const *words, const char *first)
{
    const unsigned char *u = (const unsigned char *)s;
    uint64_t want[2] = {0, 0};

    for (const char *f = first; *f; f++) {
        unsigned char c = (unsigned char)*f;
        want[c >> 6] |= (uint64_t)1 << (c & 63);
        if (c >= 'a') {
            want[(c - 32) >> 6] |= (uint64_t)1 << ((c - 32) & 63);
        }
    }
    for (size_t i = from; i < to; i++) {
        unsigned char c = u[i];
        if (c >= 0x80 || !((want[c >> 6] >> (c & 63)) & 1) ||
            (i > 0 && ascii_word(u[i - 1]))) {
            continue;
        }
        c = c >= 'A' && c <= 'Z' ? c | 0x20 : c;
        for (const char *const *w = words; *w; w++) {
            if ((unsigned char)(*w)[0] == c && word_at(u, i, to, *w)) {
                return i;
            }
        }
    }
    return to;
}

/* 1 for a byte that may end a white space character (\s, UCP): ASCII
 * white space, or a byte beyond ASCII. */
static int space_end(unsigned char c)
{
    return c == ' ' || (c >= '\t' && c <= '\r') || c >= 0x80;
}

size_t pc__need_email_obf(const pc__bytebits *b, const char *s, size_t from,
                          size_t to)
{
    /* The second branch's mail providers, after white space. */
    static const char *const providers[] = {
        "gmail", "googlemail", "hotmail", "outlook", "yahoo", "icloud",
        "btinternet", "aol", "protonmail", "virginmedia", "talktalk", NULL
    };
    const unsigned char *u = (const unsigned char *)s;

    (void)b;
    for (size_t i = from; i < to; i++) {
        /* The first branch's "[at]", "(at)", "{at}" or "[@]"; the
         * third's '@' after white space. */
        if ((u[i] == '[' && (word_at(u, i + 1, to, "at]") ||
                             word_at(u, i + 1, to, "@]"))) ||
            (u[i] == '(' && word_at(u, i + 1, to, "at)")) ||
            (u[i] == '{' && word_at(u, i + 1, to, "at}")) ||
            (u[i] == '@' && i > 0 && space_end(u[i - 1]))) {
            return from;
        }
    }
    return first_word(s, from, to, providers, "ghoyibapvt") < to ? from
                                                                 : to;
}

size_t pc__need_sec(const pc__bytebits *b, const char *s, size_t from,
                    size_t to)
{
    /* Every branch of PC__P_SEC holds one ("fav": favourite, favorite,
     * fave, fav). */
    static const char *const words[] = {
        "first", "1st", "childhood", "maiden", "born", "birth", "home",
        "fav", "grew", "growing", NULL
    };

    (void)b;
    return first_word(s, from, to, words, "f1cmbhg") < to ? from : to;
}
