/* detect_keyword.c: a key's word as PCRE2's caseless UTF match reads
 * it, which the keys' finder (detect_keyfind.c: an age in words, the
 * "dot" after an address's word) and the keyed search's walk back
 * (detect_keys.c) both ask. */
#include "detect_int.h"

/* 1 if s[i, to) starts with word (lower-case ASCII letters) as PCRE2's
 * caseless UTF match reads it (text.h's pc_text_caseless_at; no key's
 * word holds a 'k', which it also takes as U+212A). */
int pc__key_word_at(const char *s, size_t i, size_t to, const char *word)
{
    return pc_text_caseless_at(s, i, to, word, PC_TEXT_TO_NUL) != 0;
}
