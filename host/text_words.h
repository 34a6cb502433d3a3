/* text_words.h: the one word cutter of the host rules (text_words.c).
 * Given a span of UTF-8 text (the original or a view), it yields the
 * span's words one at a time as byte spans, each with a key for looking
 * it up in a word list, and says what the text before each word holds (a
 * sentence edge, a clause mark, a quote). It reads words and sentence
 * edges as the engine does (text.h): a word is a run of word characters
 * (pc_text_word_at: letters, numbers, combining marks; so "Zoë" is one
 * word and ©, £ and emoji are none), and a sentence ends where
 * pc_text_sentence_end says ("3.5", "llmat.org" and "e.g" go on). Two
 * differences, both for the word lists and names the rules look words up
 * in: '_' ends a word, so a handle's or hashtag's parts are words
 * ("@OliverNash_ALT" is "@OliverNash" and "ALT", "#ALT_conf" holds
 * "ALT"), as the pack's names folded to letters and digits expect; and a
 * combining mark starts no word (an emoji's variation selector U+FE0F in
 * "w🅾️man" is no word, "man" is one). The rules that read words
 * (rules_defend.c, rules_outside.c, rules_aim.c, rules_thing.c,
 * rules_quote.c, rules_carry.c, model_refer.c) use it rather than cut text themselves;
 * where one joins more into a word (an apostrophe, a hyphen, a handle's
 * '@'), it says so with a flag. The models' word cutting (model_words.h:
 * leet digits and masks inside a word), which rules_evade.c and
 * rules_aim.c's model_aim read, is another reading on purpose. */
#ifndef POSTCHECK_TEXT_WORDS_H
#define POSTCHECK_TEXT_WORDS_H

#include <stddef.h>

#include "postcheck/text.h"

/* Bytes of a word's key kept; a longer key is none (n 0): no word list
 * holds a word that long. */
#define PC_TEXT_KEY_MAX 32

/* What a cutter joins into a word beyond its word characters
 * (pc_text_words_init's flags). Each joiner is part of the word's span
 * but not of its key. */
enum {
    /* An apostrophe (' or U+2019) between two word characters: "isn't"
     * (key "isnt"), "head's" (key "heads"). */
    PC_WORDS_APOSTROPHE = 1,
    /* A hyphen between two word characters: "co-op" (key "coop"). */
    PC_WORDS_HYPHEN = 2,
    /* An '@' or '#' right before a word: a handle or a hashtag ("@dave",
     * key "dave"). */
    PC_WORDS_TAGS = 4,
};

/* What the text before a word holds, since the word before it or the
 * start of the span (pc_text_word's gap); any of them. */
enum {
    PC_GAP_STOP = 1,   /* a sentence edge at a stop ("."; "?!"; '."') */
    PC_GAP_LINE = 2,   /* a line break (a sentence edge too) */
    PC_GAP_CLAUSE = 4, /* ',', ';', ':', '(' or ')' */
    PC_GAP_COLON = 8,  /* ':' (PC_GAP_CLAUSE set too) */
    PC_GAP_QUOTE = 16, /* '"' */
};

/* Any sentence edge (pc_text_sentence_end). */
#define PC_GAP_SENTENCE (PC_GAP_STOP | PC_GAP_LINE)

/* One word of the text: s[a, b), joiners and a tag's mark included. */
typedef struct pc_text_word {
    size_t a, b;
    size_t n;     /* bytes of key; 0 when more than PC_TEXT_KEY_MAX */
    unsigned gap; /* PC_GAP_* */
    /* The word without its joiners and mark, ASCII letters lower-cased
     * (other bytes as they are), NUL-terminated. */
    char key[PC_TEXT_KEY_MAX + 1];
} pc_text_word;

/* A cutter over s[start, end) of a text of len bytes (valid UTF-8; the
 * bytes up to len are read only to tell a sentence edge at end). i is
 * where the next word is looked for: a caller may move it forward past a
 * word it reads further ("club's", "wi-fi"). */
typedef struct pc_text_words {
    const char *s;
    size_t len, i, end;
    unsigned flags; /* PC_WORDS_* */
} pc_text_words;

/* A cutter at the start of s[start, end) (end at most len). */
void pc_text_words_init(pc_text_words *c, const char *s, size_t len,
                        size_t start, size_t end, unsigned flags);

/* Sets *w to the next word and returns 1; returns 0 when no word is
 * left. */
int pc_text_words_next(pc_text_words *c, pc_text_word *w);

#endif
