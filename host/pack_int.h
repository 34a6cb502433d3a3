/* pack_int.h: the compiled form of a policy pack, shared by pack*.c
 * (which build it) and rules*.c (which run it). Its matchers are match.h's.
 * Internal to the host. */
#ifndef POSTCHECK_PACK_INT_H
#define POSTCHECK_PACK_INT_H

#include <jansson.h>
#include <stdint.h>

#include "match.h"
#include "pack_allow.h"
#include "postcheck/detect.h"
#include "postcheck/pack.h"
#include "postcheck/post.h"

typedef enum pc__kind {
    PC_RULE_PATTERN,
    PC_RULE_REQUIRES,
    PC_RULE_DETECTOR,
    PC_RULE_ATTACHMENT,
    PC_RULE_ACCOUNT,
    PC_RULE_SCHEDULE,
    PC_RULE_MODEL
} pc__kind;

typedef enum pc__attach {
    PC_ATTACH_LOGO,
    PC_ATTACH_CHILDREN,
    PC_ATTACH_PEOPLE,
    PC_ATTACH_FACES     /* at least min_faces faces found in the pixels */
} pc__attach;

typedef struct pc__rule {
    char *id;
    char *category;
    char *clause;
    char *quote;
    char *message;
    char *suggestion;          /* may be NULL */
    pc__kind kind;
    pc_severity severity;
    unsigned applies;          /* bit mask of pc_account values */
    pc_account first_account;  /* first of applies_to, for examples */
    pc__matcher match;         /* pattern; requires trigger; context */
    pc__matcher unless;
    pc__matcher near;
    size_t near_window;
    int near_org;              /* mentions count as near context */
    int near_sentence;         /* ...and only within the same sentence */
    pc__matcher required;
    int trigger_org;           /* requires: trigger is any mention */
    int when_mentioned;
    int ignorable;             /* 1/0: "never for this phrase" allowed or
                                  not; -1: by severity (not errors) */
    char **detectors;
    size_t n_detectors;
    /* detector: the slots (detect.h's pc_detect_members_at) of the single
     * detectors each name stands for, resolved at parse so that no check
     * looks a name up: name i's are det_slots[i ? det_upto[i - 1] : 0]
     * up to det_upto[i]. Written at parse only, freed with the rule. */
    size_t *det_slots;
    size_t *det_upto;
    pc__attach attach;
    int min_faces;             /* "faces": at least this many (default 1) */
    char *model;               /* model: the trained model's name */
    double threshold;          /* model: flags from this score */
    char *fair_model;          /* model: fair criticism's model, or NULL */
    double fair_ratio;         /* model: quiet under fair_ratio times it */
    double post_floor;         /* model: quiet when the whole post scores
                                * under it (0: no floor) */
    /* model: the models named, taken at prepare (pc__rule_model_need),
     * so that no check looks them up by name; and whether the rule's is
     * the harassment model. */
    const struct pc_model *model_m;
    const struct pc_model *fair_m;
    int harassment;
    json_t *examples;          /* owned reference, for lint */
} pc__rule;

/* A logo given as an image file beside the pack (pack_logos.c). */
typedef struct pc__logo_image {
    char *name;                /* the entry's name: "LLMAT crest" */
    uint8_t *data;             /* the file's bytes (JPEG, PNG or WebP) */
    size_t len;
    uint64_t key;              /* pc_vision_key of the bytes */
} pc__logo_image;

struct pc_pack {
    char *id;
    char *name;
    char *organisation;
    char *version;
    char *source;
    char *path;
    pc__matcher mention;       /* names, handles, hashtags, domains */
    pc__matcher not_mention;   /* look-alikes that are not mentions */
    char **compact_names;      /* names folded to letters and digits */
    int *compact_multi;        /* 1 where the name had several words */
    size_t n_compact;
    pc__matcher logo_words;    /* "logo", "crest", ... */
    pc__allow allow;           /* the organisation's published contacts */
    int has_hours;
    unsigned hours_days;       /* bit (1 << wday) */
    int hours_start;           /* minutes since midnight */
    int hours_end;
    uint64_t *logos;
    size_t n_logos;
    int logo_distance;
    pc__logo_image *images;    /* logos given as image files */
    size_t n_images;
    char *extends;             /* the pack this one extends, or NULL */
    size_t n_own_logos;        /* an extension's own logos and images: */
    size_t n_own_images;       /* the last ones of logos and images */
    pc__rule *rules;
    size_t n_rules;
    pc__listcache *lists;      /* the set's word lists, for a stub */
    pc__termindex *terms;      /* every plain term, for one pass a check
                                  (built at prepare) */
    const pc_detectors *detectors; /* the set's, given at prepare */
    const char *blob;          /* built-in: the JSON, parsed at first use */
    size_t blob_len;
    const char *lean;          /* the same without examples (builtin.h), */
    size_t lean_len;           /* what a pack without them parses */
    int no_examples;           /* a stub: parsed without its rules'
                                  examples (PC__PACK_NO_EXAMPLES) */
    int parsed;                /* rules and matchers are built */
    int prepared;              /* ready to check; read-only from here */
    uint32_t det_slot_bits;    /* a bit for each detector slot its rules
                                  name, set at prepare: a check's scan
                                  makes only what those read
                                  (pc_detect_scan_slots) */
    int failed;                /* preparing it failed (an extension of a
                                  pack not in the set): warm-up skips it;
                                  a use prepares it again, for the error */
    size_t jit_next;           /* the warm-up's next part (0: the pack's
                                  own matchers, i + 1: rule i): of the
                                  queries' pass, then of the JIT on
                                  demand */
    size_t all_next;           /* the next part to JIT in full */
    int queried;               /* every regex's query derived, triggers
                                  indexed */
    int jitted_all;            /* every regex JIT-compiled */
};

/* Makes the pack ready to check, once: a built-in pack is parsed in full
 * (only its id, name and version are read at start-up), its regexes are
 * compiled, the trained models its `model` rules name are parsed into det
 * (pc_judge_need: once for the set), and it is given the set's compiled
 * detectors (det, which must outlive it). Returns PC_OK, or the parse
 * error of a built-in pack (which the test suite's lint rules out), or
 * PC_ERR_NOMEM. */
pc_status pc__pack_prepare(pc_pack *p, pc_detectors *det, pc_error *err);

/* The next step of a prepared pack's warm-up, one part (its own
 * matchers, or one rule's) a step: a first pass derives every regex's
 * query and indexes the triggers; with all, every regex is JIT-compiled
 * (for a caller about to check many posts or a long one), else only
 * those a check has run (pc__matcher_warm; the host between checks), in
 * this pass and in later steps as checks run more. Returns 1 while steps
 * remain, 0 when none does for now (or the pack is not prepared). Results
 * are the same with or without it; checks are faster after. Called
 * between checks, never during one: with pc__pack_prepare, the only
 * writes to a loaded pack. */
int pc__pack_jit_step(pc_pack *p, int all);

#endif
