/* rules_int.h: state of one check, shared by rules.c (the check and its
 * text rules), rules_post.c (attachments, account) and rules_emit.c
 * (matching into UTF-16 spans, making findings). Internal to the host. */
#ifndef POSTCHECK_RULES_INT_H
#define POSTCHECK_RULES_INT_H

#include "pack_int.h"
#include "postcheck/rules.h"

/* A UTF-16 span of the original text; hit indexes a detector hit. */
typedef struct pc__u16 {
    long start;
    long end;
    size_t hit;
} pc__u16;

/* One detector's run in this check (rules_cache.c). */
typedef struct pc__det_run {
    const char *name;          /* static, from pc_detect_members_at;
                                  NULL: not asked for in this check */
    pc_status st;              /* PC_OK; else cut short or not run */
    pc_hits hits;
} pc__det_run;

/* What one check knows of one attachment (rules_post.c), made once. */
typedef struct pc__side {
    int made;
    pc_text *name;             /* its file name, separators as spaces */
    pc_text *alt;              /* its alt text */
    signed char name_has;      /* an organisation's name in it: 1, 0, or
                                  -1 not yet looked for */
    signed char alt_has;
} pc__side;

typedef struct pc__ctx {
    const pc_pack *pack;
    const pc_post *post;
    pc_text *text;
    pc_findings *out;
    long long deadline;        /* the running rule's (budget.h) */
    const char *why;           /* the running rule was cut short: "time"
                                  or "match-limit"; NULL while it is not */
    pc_status status;          /* first failure; stops the check */
    int mention_done;
    const char *mention_why;   /* the mentions search was cut short */
    pc__u16 *mentions;         /* the organisation's mentions, deduped */
    size_t n_mentions;
    pc__seen seen;             /* read from the post once (match.h) */
    int seen_done;
    long *stops;               /* UTF-16 offsets of sentence ends */
    size_t n_stops;
    int stops_done;
    pc_text_cursor cur;        /* over the original, for {match} */
    pc__det_run *dets;         /* per detector, by its slot
                                  (pc_detect_members_at): its run so far
                                  (rules_cache.c); NULL until the first */
    size_t n_dets;             /* slots in dets */
    struct pc__scan *scan;     /* what the detector runs keep for each
                                  other (detect.h); NULL until the first */
    pc_hits judged_hits;       /* hostile's hits over the models' judged
                                  prefix (judge.h), from the hostile
                                  detectors' run, when judged_ok */
    int judged_ok;
    struct pc__judged *judged; /* the models' units and scores, once per
                                  check (rules_model.c); NULL until needed */
    pc__side *side;            /* per attachment of the post, or NULL
                                  until an attachment rule runs */
} pc__ctx;

/* Appends the hits of detector or group name over the post to out,
 * running each detector at most once per check (a run cut short is
 * run again, under the running rule's deadline). Returns PC_OK,
 * PC_ERR_LIMIT (cut short: the hits so far are appended),
 * PC_ERR_REQUEST for an unknown name, or PC_ERR_NOMEM. */
pc_status pc__detector_hits(pc__ctx *c, const char *name, pc_hits *out);

/* pc__detector_hits for rule r's detector i, by the slots resolved at
 * parse (pc__rule's det_slots): no name is looked up. */
pc_status pc__rule_detector_hits(pc__ctx *c, const pc__rule *r, size_t i,
                                 pc_hits *out);

/* Appends to out the hostile detector's hits over the judged prefix of
 * the post (judge.h's pc_judge_hostile): the detector's own cached hits
 * when the whole post is judged, the hostile detectors' run's when they
 * ran, else a scan of the prefix alone. Returns PC_OK or PC_ERR_NOMEM. */
pc_status pc__judged_hostile(pc__ctx *c, pc_hits *out);

/* Turns the check's cache of detector runs and the hostile detectors'
 * shared scan (rules_cache.c, rules_model.c) off (0) or on (1, the
 * default) for the whole process, for tests that compare the findings
 * both ways: a check then runs each detector every time a rule or model
 * asks for it, on its own. Not for concurrent use with checks. */
void pc__check_cache_enable(int on);
int pc__check_cache_enabled(void);

/* Frees what the check cached (rules_cache.c). */
void pc__cache_free(pc__ctx *c);

/* What the check reads from its post once, for every matcher and
 * detector (match.h), gathered at the first call. Valid for the check. */
const pc__seen *pc__check_seen(pc__ctx *c);

/* Records that the running rule was cut short (st is PC_ERR_LIMIT): by
 * its deadline ("time") or by a match limit ("match-limit"). */
void pc__cut_short(pc__ctx *c);

/* Runs m over t, giving owned UTF-16 spans (free with free()), until the
 * running rule's deadline; a cut-short run is recorded (pc__cut_short). */
pc_status pc__run_u16(pc__ctx *c, const pc__matcher *m, const pc_text *t,
                      pc__u16 **out, size_t *n);

/* Appends a finding of rule r. start/end are UTF-16 offsets or -1;
 * attachment an index or -1; what replaces {what} in the message (of an
 * attachment rule: a sentence put before it); kind is a detector kind or
 * NULL. Failures are recorded in c->status. */
void pc__emit(pc__ctx *c, const pc__rule *r, long start, long end,
              long attachment, const char *what, const char *kind);

/* Sorts v[0..n) by start (longest first) and drops each span that
 * overlaps a kept earlier one. Returns the number kept. */
size_t pc__u16_dedupe(pc__u16 *v, size_t n);

/* pc_check without the merge: every rule's findings as it made them
 * (lint uses it to tell a rule that did not fire from one whose finding
 * was merged into an earlier rule's). */
pc_status pc__check_raw(const pc_pack *pack, const pc_post *post,
                        pc_findings *out, int *limited, pc_error *err);

/* Runs only rule index `rule` of pack over post, under the check's
 * budget for post (lint measures one rule's cost with it). Returns as
 * pc__check_raw; a rule cut short is in out->limited. */
pc_status pc__check_rule(const pc_pack *pack, size_t rule,
                         const pc_post *post, pc_findings *out,
                         pc_error *err);

void pc__rule_attachment(pc__ctx *c, const pc__rule *r);

/* Frees what the check made of the post's attachments (c->side). */
void pc__side_free(pc__ctx *c);
void pc__rule_account(pc__ctx *c, const pc__rule *r);

struct pc_detectors;
struct pc_model;
/* 1 when no unit of text[0, len) (valid UTF-8: a post with some of its
 * words left out), as the detectors judge it, scores m at or over
 * threshold; 0 when it cannot be judged (rules_quote.c). */
int pc__rule_scores_under(const struct pc_detectors *det,
                          const struct pc_model *m, double threshold,
                          const char *text, size_t len);

/* 1 when text[0, len) (valid UTF-8) quotes words in double quotation
 * marks, a word outside them reports another's words, and with the
 * quoted words left out no unit scores m at or over threshold: the post
 * reports what flags it (rules_quote.c). */
int pc__rule_reported(const struct pc_detectors *det,
                      const struct pc_model *m,
                      double threshold, const char *text, size_t len);

/* 1 when text[0, len) (valid UTF-8) defends people against
 * discrimination: a sentence states the norm against mistreating someone
 * for who they are ("nobody should be excluded for ...") or condemns
 * abuse ("calling ... is not banter"), and with those words left out no
 * unit scores m at or over threshold (rules_defend.c). */
int pc__rule_defended(const struct pc_detectors *det,
                      const struct pc_model *m,
                      double threshold, const char *text, size_t len);

/* 1 when the check's post aims its abuse at a thing, not at anyone: a
 * sentence's subject is a device, software, a vehicle, the weather or the
 * roads, and the post names no person, role, group or handle
 * (rules_thing.c). */
int pc__rule_at_thing(pc__ctx *c);

struct pc_unit;
/* 1 when unit u of the check's post (a span of the folded view; the
 * whole post for the harassment model's rule) is aimed at a body outside
 * the organisation as its subject ("The tenants' panel voted ...", "the
 * Lanbury Film Festival") and, those words left out, at no one: no
 * person, protected group, pack name or word for its body
 * (rules_outside.c). */
int pc__rule_at_outside(pc__ctx *c, const struct pc_unit *u);

/* 1 when unit u of the check's post (a span of the folded view) holds an
 * insult or slur of the models' insult class disguised: read so by the
 * models' word cutting but not spelt plainly (rules_evade.c). */
int pc__rule_evaded(pc__ctx *c, const pc__rule *r,
                    const struct pc_unit *u);

/* Whom unit u of the check's post (a span of the folded view) is aimed
 * at, as bits: a person (a name, a title, the role of one person, the
 * second person, a pronoun of one person, a handle), the organisation or
 * its body (one of the pack's names, "the board", "governors", "SLT",
 * "the staff", ...), a group by a protected characteristic
 * (rules_aim.c). */
enum { PC_AIM_PERSON = 1, PC_AIM_ORG = 2, PC_AIM_GROUP = 4,
       PC_AIM_INSULT = 8 /* and an insult said of one ("a useless idiot"),
                            which is a person's reading too */ };
unsigned pc__rule_aim(pc__ctx *c, const struct pc_unit *u);
/* As pc__rule_aim, but a body or name within three words after a
 * preposition does not aim u at the organisation ("Sarah at the trust
 * office": where a person is), for the put-down rules' hits
 * (rules_aim.c). */
unsigned pc__rule_aim_unplaced(pc__ctx *c, const struct pc_unit *u);

/* The units the check's model rules judged (the whole post, then each
 * sentence), or NULL when no model rule has judged the post
 * (rules_model.c). */
struct pc_units;
const struct pc_units *pc__rule_model_units(const pc__ctx *c);

/* After a pack's rules (rules.c): drops each finding of out[first, ...)
 * that a pattern or detector rule of the disparaging category made on a
 * sentence of u (the judged units) holding an insult said of one person
 * (pc__rule_aim's PC_AIM_INSULT) or aimed at a protected group, a body
 * there or not, where a harassment finding stands on that sentence (on
 * it or the one before, for a sentence that goes on about the group the
 * one before is aimed at: pc__rule_group_carried): an insult at a
 * person, or derogation by a protected characteristic, is harassment,
 * not a put-down of the organisation.
 * Does nothing when u is NULL (rules_putdown.c). */
void pc__rule_aim_putdowns(pc__ctx *c, size_t first,
                           const struct pc_units *u);

/* 1 if sentence i of u (a judged unit, not the whole post) opens with
 * "they" and the sentence before it is aimed at a protected group: it
 * goes on about that group ("Pregnant staff ... They're useless"), for
 * pc__rule_aim_putdowns (rules_carry.c). */
int pc__rule_group_carried(pc__ctx *c, const struct pc_units *u, size_t i);

/* 1 if the word w[0, n) is an entry of v[0, k), a list of NUL-terminated
 * words sorted by strcmp, or (plural) ends in "s" and is one without it;
 * the word lists of rules_aim.c and rules_thing.c. */
int pc__rule_word_on(const char *const *v, size_t k, const char *w,
                     size_t n, int plural);

#endif
