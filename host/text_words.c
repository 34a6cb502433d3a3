/* text_words.c: the host rules' one word cutter (text_words.h): words as
 * byte spans with lower-cased keys, and what lies between them, by the
 * engine's word characters and sentence edges (text.h). Plain C. */
#include "text_words.h"

#include "text_int.h"

void pc_text_words_init(pc_text_words *c, const char *s, size_t len,
                        size_t start, size_t end, unsigned flags)
{
    c->s = s;
    c->len = len;
    c->i = start;
    c->end = end < len ? end : len;
    c->flags = flags;
}

/* 1 if a word character (text.h's, but '_') is at s[i] (i < end); *k
 * gets its length. */
static int word_at(const pc_text_words *c, size_t i, size_t *k)
{
    return i < c->end && c->s[i] != '_' &&
           pc_text_word_at(c->s, c->end, i, k);
}

/* 1 if a word starts at s[i]: a word character that is no combining mark
 * (one after an emoji, its variation selector U+FE0F, goes on no word). */
static int word_start(const pc_text_words *c, size_t i, size_t *k)
{
    size_t j = i;

    return word_at(c, i, k) &&
           ((unsigned char)c->s[i] < 0x80 ||
            !pc__text_mark_cp(pc_utf8_next(c->s, c->end, &j)));
}

/* The length of the joiner at s[i] inside a word (one the cutter's flags
 * join, with a word character after it), or 0. */
static size_t joiner(const pc_text_words *c, size_t i)
{
    const char *s = c->s;
    size_t k = 0, cl;

    if (i >= c->end) {
        return 0;
    }
    if (s[i] == '\'' && (c->flags & PC_WORDS_APOSTROPHE)) {
        k = 1;
    } else if ((c->flags & PC_WORDS_APOSTROPHE) && c->end - i >= 3 &&
               (unsigned char)s[i] == 0xE2 &&
               (unsigned char)s[i + 1] == 0x80 &&
               (unsigned char)s[i + 2] == 0x99) {
        k = 3; /* U+2019 */
    } else if (s[i] == '-' && (c->flags & PC_WORDS_HYPHEN)) {
        k = 1;
    }
    return k && word_at(c, i + k, &cl) ? k : 0;
}

/* What byte i of a gap between words says (PC_GAP_*). */
static unsigned gap_at(const pc_text_words *c, size_t i)
{
    switch (c->s[i]) {
    case '\n':
        return PC_GAP_LINE;
    case ',': case ';': case '(':
        return PC_GAP_CLAUSE;
    case ':':
        return PC_GAP_CLAUSE | PC_GAP_COLON;
    case ')':
        return PC_GAP_CLAUSE |
               (pc_text_sentence_end(c->s, c->len, i) ? PC_GAP_STOP : 0);
    case '"':
        return PC_GAP_QUOTE |
               (pc_text_sentence_end(c->s, c->len, i) ? PC_GAP_STOP : 0);
    default:
        return pc_text_sentence_end(c->s, c->len, i) ? PC_GAP_STOP : 0;
    }
}

int pc_text_words_next(pc_text_words *c, pc_text_word *w)
{
    const char *s = c->s;
    size_t i = c->i, k, n = 0;
    int tag;

    w->gap = 0;
    for (;; i += pc_utf8_seq_len((unsigned char)s[i])) {
        if (i >= c->end) {
            c->i = i;
            return 0;
        }
        tag = (c->flags & PC_WORDS_TAGS) && (s[i] == '@' || s[i] == '#');
        if (word_start(c, i + (size_t)tag, &k)) {
            break;
        }
        w->gap |= gap_at(c, i);
    }
    w->a = i;
    i += (size_t)tag;
    for (;;) {
        if (word_at(c, i, &k)) {
            for (size_t j = i; j < i + k; j++, n++) {
                unsigned char b = (unsigned char)s[j];
                if (n < PC_TEXT_KEY_MAX) {
                    w->key[n] = (char)(b >= 'A' && b <= 'Z' ? b + 32 : b);
                }
            }
            i += k;
        } else if ((k = joiner(c, i)) > 0) {
            i += k;
        } else {
            break;
        }
    }
    w->b = i;
    w->n = n <= PC_TEXT_KEY_MAX ? n : 0;
    w->key[w->n] = '\0';
    c->i = i;
    return 1;
}
