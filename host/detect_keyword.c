/* detect_keyword.c: a key's word as PCRE2's caseless UTF match reads
 * it, which the keys' finder (detect_keyfind.c: an age in words, the
 * "dot" after an address's word) and the keyed search's walk back
 * (detect_keys.c) both ask. */
#include "detect_int.h"

/* 1 if s[i, to) starts with word (lower case) as PCRE2's caseless UTF
 * match reads it: ASCII letters in either case, and U+017F (long s) for
 * 's'. */
int pc__key_word_at(const char *s, size_t i, size_t to, const char *word)
{
    for (; *word; word++) {
        unsigned char c;
        if (i >= to)
            return 0;
        c = (unsigned char)s[i];
        if (*word == 's' && c == 0xC5 && i + 1 < to &&
            (unsigned char)s[i + 1] == 0xBF) {
            i += 2;
            continue;
        }
        if ((c | 0x20) != (unsigned char)*word)
            return 0;
        i++;
    }
    return 1;
}
