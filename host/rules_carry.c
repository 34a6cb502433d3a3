/* rules_carry.c: whether a sentence goes on about the protected group the
 * sentence before it is aimed at, for rules_putdown.c. The labelling
 * decisions give derogation by a protected characteristic (age, race,
 * sex, disability, ...) to harassment whoever it is aimed at; a put-down
 * rule's hit on such a sentence is dropped where a harassment finding
 * stands on it (rules_putdown.c). A sentence that opens with "they"
 * ("they're", "they've", "they'll", "they'd") after a sentence aimed at a
 * protected group (rules_aim.c's reader) says its words of that group:
 * "Pregnant staff want the Year 11 classes. They're useless" derogates
 * staff by pregnancy, though the second sentence names no group. A put-down
 * of the organisation's body in that sentence ("They say the board is
 * useless") is still one (rules_putdown.c asks). The harassment finding
 * that drops the hit may stand on either sentence. Only the pronoun that
 * opens the sentence is read, never a group further back: "They" there
 * is the group just named. Chosen on the development sets (models README,
 * "Session 34: disparaging"). */

#include "postcheck/judge.h"
#include "rules_int.h"
#include "text_words.h"

/* 1 if the first word of unit x is "they" or its contraction. */
static int opens_they(pc__ctx *c, const pc_unit *x)
{
    static const char *const they[] = {"they", "theyd", "theyll",
                                       "theyre", "theyve"};
    size_t len;
    const char *s = pc_text_view(c->text, PC_VIEW_FOLD, &len);
    pc_text_words cut;
    pc_text_word w;

    pc_text_words_init(&cut, s, len, x->start, x->end < len ? x->end : len,
                       PC_WORDS_APOSTROPHE);
    return pc_text_words_next(&cut, &w) &&
           pc__rule_word_on(they, sizeof they / sizeof *they, w.key, w.n, 0);
}

int pc__rule_group_carried(pc__ctx *c, const pc_units *u, size_t i)
{
    return i >= 2 && i < u->n && opens_they(c, &u->v[i]) &&
           (pc__rule_aim(c, &u->v[i - 1]) & PC_AIM_GROUP);
}
