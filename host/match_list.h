/* match_list.h: the lines of a word list as match_list.c reads them,
 * for the build tool that makes the built-in lists ready
 * (host/tools/precompile.c) to read them the same way. Internal to the
 * host. */
#ifndef POSTCHECK_MATCH_LIST_H
#define POSTCHECK_MATCH_LIST_H

#include "postcheck/status.h"

/* Called for a line of a list: regex 1 for a "re:" line (line is its
 * pattern), 0 for a term (line as written: pc__alt_add_term normalises
 * it). */
typedef pc_status (*pc__list_line_fn)(void *ctx, int regex, const char *line,
                                      pc_error *err);

/* Calls fn for each line of text (changed in place) that holds a term or
 * a pattern: lines are split at '\n', a trailing '\r' and leading blanks
 * dropped, empty lines and '#' comments passed over. Stops at the first
 * status other than PC_OK, returned, with err's source set to "list NAME
 * line N" when fn left it empty. */
pc_status pc__list_lines(char *text, const char *name, pc__list_line_fn fn,
                         void *ctx, pc_error *err);

#endif
