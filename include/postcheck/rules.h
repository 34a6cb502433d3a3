/* rules.h: the rule engine. Runs a pack's rules over one post and returns
 * merged findings with UTF-16 spans of the text as sent. The post and the
 * findings are post.h's. */
#ifndef POSTCHECK_RULES_H
#define POSTCHECK_RULES_H

#include <stddef.h>
#include "postcheck/pack.h"
#include "postcheck/post.h"
#include "postcheck/status.h"

/* Checks post against pack, appending findings to out in order of rule,
 * then position, merged (pc_findings_merge: one warning per thing; only
 * the findings this call appends are merged). pack must be prepared
 * (pc_packset_warm or pc_packset_ready); a check only reads it. Returns
 * PC_OK; PC_ERR_UTF8 if the text (or a handle, name or alt text) is
 * invalid UTF-8 (err->offset set); PC_ERR_NOMEM; PC_ERR_INTERNAL for a
 * pack not prepared.
 * Time: the check runs within post->budget_ns (default pc_budget_ns of the
 * text's length, budget.h), each rule within half of it. A rule cut
 * short by its time or by a match limit is listed in out->limited with
 * why ("time" or "match-limit"), noted on stderr (rule id only, never
 * text), and *limited, if not NULL, is set; a detector rule keeps the
 * hits it found, other kinds drop their findings. Findings past
 * PC_FINDINGS_MAX_BYTES are counted in out->dropped, not kept. */
pc_status pc_check(const pc_pack *pack, const pc_post *post,
                   pc_findings *out, int *limited, pc_error *err);

/* Describes pack's rules for `postcheck policy show`: one paragraph per
 * rule written to the stream f (a FILE *, void to keep stdio out of the
 * header). pack must be prepared, else one line says it is not. */
void pc_pack_describe(const pc_pack *pack, void *f);

/* Runs every example of every rule in pack (which must be prepared),
 * printing each failure (and the findings it got) to the stream f. An
 * example is judged on the merged findings, as users see them. Returns
 * the number of failing examples (1 for a pack not prepared); *total
 * gets the number run. */
int pc_pack_run_examples(const pc_pack *pack, void *f, int *total);

/* Measures every rule of pack alone on hostile posts of 64 KiB (long
 * words, many short words, digits, '@' runs, sentence ends, punctuation,
 * the pack's own flag examples repeated) under the time a rule gets in a
 * check of that size (budget.h), printing each rule that cannot finish
 * within it, and each that hits a match limit, to the stream f. Returns
 * the number of rules over their time budget (lint refuses the pack);
 * *worst_us gets the most CPU time one rule took on one post. */
int pc_pack_measure(const pc_pack *pack, void *f, long long *worst_us);

#endif
