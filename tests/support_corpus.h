/* support_corpus.h: the labelled corpus (tests/corpus/posts*.jsonl, never
 * the held-out batches) post by post, for the cmocka sweeps that check an
 * optimisation finds what the plain path finds on real posts; and the
 * built-in packs' own examples. */
#ifndef POSTCHECK_TEST_SUPPORT_CORPUS_H
#define POSTCHECK_TEST_SUPPORT_CORPUS_H

#include <stddef.h>

/* Called with each post's text (NUL-terminated, borrowed for the call)
 * and the path of the file it is in. */
typedef void (*pc_test_text_fn)(void *ctx, const char *text,
                                const char *path);

/* Calls fn for the "text" of every post of every tests/corpus/posts*.jsonl
 * (file by file, in name order; a line without a text string is passed
 * over). The test fails if no corpus file opens. Returns how many texts
 * fn was given. */
size_t pc_test_corpus_each(pc_test_text_fn fn, void *ctx);

/* Calls fn for every "flag" and "pass" example (a string, or an object's
 * "text") of every rule of every built-in pack file (the .json files in
 * host/policies, in name order), with that file's path. The test fails if a pack file
 * does not parse. Returns how many texts fn was given. */
size_t pc_test_pack_examples_each(pc_test_text_fn fn, void *ctx);

#endif
