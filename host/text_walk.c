/* text_walk.c: walking UTF-8 text, the plain-C part of text.h that every
 * module shares instead of writing its own: finding a character's start,
 * and the one cursor between byte offsets and UTF-16 offsets (what the
 * extension's JavaScript strings index). The decoder, pc_utf8_next, is
 * inline in text.h.
 *
 * Policy: the text is valid UTF-8 (pc_utf8_valid in text_utf8.c checks
 * input at the door; the views are built valid). Nothing here reads
 * outside s[0..len) even if it is not: a cut sequence decodes as U+FFFD. */
#include "postcheck/text.h"
#include "text_int.h"

size_t pc_utf8_char_start(const char *s, size_t i)
{
    while (i > 0 && ((unsigned char)s[i] & 0xC0) == 0x80) {
        i--;
    }
    return i;
}

void pc_text_cursor_init(pc_text_cursor *c, const char *s, size_t len)
{
    c->s = s;
    c->len = len;
    c->byte = 0;
    c->u16 = 0;
}

size_t pc_text_cursor_to_u16(pc_text_cursor *c, size_t u16)
{
    const unsigned char *p = (const unsigned char *)c->s;

    if (u16 < c->u16) {
        c->byte = 0;
        c->u16 = 0;
    }
    while (c->byte < c->len) {
        size_t units = p[c->byte] >= 0xF0 ? 2 : 1;
        if (c->u16 + units > u16) {
            break; /* u16 is here, or inside this surrogate pair */
        }
        c->u16 += units;
        c->byte += pc_utf8_seq_len(p[c->byte]);
    }
    if (c->byte > c->len) {
        c->byte = c->len; /* a sequence cut short by len */
    }
    return c->byte;
}

size_t pc_text_cursor_to_byte(pc_text_cursor *c, size_t byte)
{
    const unsigned char *p = (const unsigned char *)c->s;

    byte = byte < c->len ? pc_utf8_char_start(c->s, byte) : c->len;
    if (byte < c->byte) {
        c->byte = 0;
        c->u16 = 0;
    }
    while (c->byte < byte) {
        c->u16 += pc_utf8_u16_units(p[c->byte]);
        c->byte++;
    }
    return c->u16;
}

size_t pc_text_u16_to_byte(const pc_text *t, size_t u16)
{
    pc_text_cursor c;

    pc_text_cursor_init(&c, t->orig, t->orig_len);
    return pc_text_cursor_to_u16(&c, u16);
}

const unsigned char pc_text_may_end[256] = {
    ['\n'] = 1, ['.'] = 1, ['!'] = 1, ['?'] = 1,
    ['"'] = 1,  ['\''] = 1, [')'] = 1, [']'] = 1,
};

static int stop_byte(char c)
{
    return c == '.' || c == '!' || c == '?';
}

static int run_byte(char c)
{
    return stop_byte(c) || c == '"' || c == '\'' || c == ')' || c == ']';
}

int pc_text_sentence_end_at(const char *s, size_t len, size_t i)
{
    size_t start = i, stops = 0, cl;

    if (s[i] == '\n') {
        return 1;
    }
    if (i + 1 < len && run_byte(s[i + 1])) {
        return 0; /* the run goes on */
    }
    while (start > 0 && run_byte(s[start - 1])) {
        start--;
    }
    for (size_t j = start; j <= i; j++) {
        stops += stop_byte(s[j]);
    }
    if (stops == 0) {
        return 0; /* quotes or brackets only */
    }
    /* A run whose one stop is a '.' it ends with, and a word right after:
     * "3.5", "llmat.org", "e.g". */
    return !(stops == 1 && s[i] == '.' && i + 1 < len &&
             pc_text_word_at(s, len, i + 1, &cl));
}
