/* match_lead_int.h: a regex's lead as match_lead.c builds it from the
 * pattern's text and match_lead_run.c reads it against a subject: the
 * runs a match may start with, sorted by their first byte's class, and
 * the byte classes both files read. Internal to those two files. */
#ifndef PC_MATCH_LEAD_INT_H
#define PC_MATCH_LEAD_INT_H

#include <stdint.h>

#define LEAD_BYTES 4           /* first bytes found by memchr, at most */
#define RUN_SPACES ' '         /* in a run: "\s+" (a run holds letters
                                  and digits only) */

/* A byte's class: 0-25 'a'-'z', 26-51 'A'-'Z', 52 a digit, 53 '_' (0-53:
 * ASCII word bytes), 54 a lead byte over U+007F, 55 any other. */
enum { CLS_DIGIT = 52, CLS_UNDERSCORE = 53, CLS_LEAD = 54, CLS_OTHER = 55 };

struct pc__lead {
    uint64_t first;            /* classes (pc__lead_cls) a run may start
                                  with */
    uint64_t pairs[4];         /* pc__lead_pair() of each run's first two
                                  bytes, when `paired` */
    unsigned char from[CLS_OTHER + 2]; /* the runs of first byte class k:
                                  text[from[k]..from[k + 1]) */
    unsigned char word;        /* a \b before the runs */
    unsigned char caseless;
    unsigned char paired;      /* every run has two bytes or more */
    unsigned char n_bytes;     /* the bytes a run may start with, when
                                  there are LEAD_BYTES or fewer; else 0 */
    unsigned char bytes[LEAD_BYTES];
    unsigned char text[];      /* the runs, each its length and bytes;
                                  a length 0 ends them */
};

/* The bit of pairs[] for a run opening with ASCII bytes a and b (in
 * lower case when caseless; RUN_SPACES for white space). */
static inline unsigned pc__lead_pair(unsigned char a, unsigned char b)
{
    return (a * 31u + b) & 0xFFu;
}

/* Each byte's class (filled by the first pc__lead_new). */
extern unsigned char pc__lead_cls[256];

#endif
