/* precompile_int.h: what the build-time tool pc_precompile's two files
 * (precompile.c, precompile_lists.c) share. */
#ifndef POSTCHECK_PRECOMPILE_INT_H
#define POSTCHECK_PRECOMPILE_INT_H

#include <stddef.h>
#include <stdio.h>

/* v grown (doubled, 256 at first) to hold more than n items of size
 * bytes when *cap is n or fewer; exits on no memory (a build tool). */
void *pre_grow(void *v, size_t *cap, size_t n, size_t size);

/* Writes p as a C string literal: printable ASCII as it is, the rest and
 * the characters C gives a meaning ('"', '\\', '?' of trigraphs), as
 * three-digit octal escapes. */
void pre_emit_string(FILE *out, const char *p);

/* Writes every built-in word list's lines as match_list.c reads them, the
 * terms normalised (pc__term_normalise), as the arrays list_lines and
 * lists. Returns the number of lists, or -1. */
long pre_emit_lists(FILE *out);

#endif
