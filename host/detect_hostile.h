/* detect_hostile.h: what detect_hostile.c (the scan) and
 * detect_hostile_words.c (the lexicon and the word classes) share.
 * Internal to the host. */
#ifndef POSTCHECK_DETECT_HOSTILE_H
#define POSTCHECK_DETECT_HOSTILE_H

#include <stddef.h>

#include "detect_int.h"

enum ev_type { EV_TRAIT = 0, EV_PRED = 1, EV_ATT = 2 };

struct lex_entry {
    char *p;              /* words separated by one space */
    size_t first;         /* length of the first word */
    int type;             /* enum ev_type */
};

struct pc__hostile {
    struct lex_entry *v;  /* sorted by p */
    size_t n;
};

/* Returns 1 if w is in the NULL-terminated list. */
int pc__hx_in(const char *w, const char *const *list);

/* The word classes (NULL-terminated); see detect_hostile_words.c. */
extern const char *const pc__hx_second_person[];
extern const char *const pc__hx_second_clitic[];
extern const char *const pc__hx_titles[];
extern const char *const pc__hx_cap_titles[];
extern const char *const pc__hx_determiners[];
extern const char *const pc__hx_role_adj[];
extern const char *const pc__hx_leaders[];
extern const char *const pc__hx_roles[];
extern const char *const pc__hx_collectives[];
extern const char *const pc__hx_det_collectives[];
extern const char *const pc__hx_protected_groups[];
extern const char *const pc__hx_protected_adj[];
extern const char *const pc__hx_people_nouns[];
extern const char *const pc__hx_things[];
extern const char *const pc__hx_fillers[];
extern const char *const pc__hx_linkers[];
extern const char *const pc__hx_att_fillers[];
extern const char *const pc__hx_attr_fillers[];
extern const char *const pc__hx_negators[];
extern const char *const pc__hx_cues[];

#endif
