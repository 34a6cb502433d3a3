/* logos_fixture.h: the shared set-up of test_logos.c and
 * test_vision_helper.c (logos_fixture.c). */
#ifndef POSTCHECK_TEST_LOGOS_FIXTURE_H
#define POSTCHECK_TEST_LOGOS_FIXTURE_H

#include <stddef.h>
#include <stdint.h>

#include "postcheck/protocol.h"

#define PHOTO_W 1152
#define PHOTO_H 864

extern char home[256];         /* XDG_CONFIG_HOME of the tests */
extern char folder[320];       /* its postcheck/policies */
extern const char extension[]; /* llmat-crest's pack text */

void write_file(const char *path, const void *data, size_t n);
void write_text(const char *dir, const char *name, const char *text);
/* Writes the flat test logo of seed as a PNG to dir/name. */
void write_logo(const char *dir, const char *name, unsigned seed);
/* A PHOTO_W x PHOTO_H photo showing the test logo of seed at 30% of its
 * width. Owned RGB. */
uint8_t *photo_with(unsigned seed);
/* Writes photo_with(seed) as a JPEG to path. */
void write_photo(const char *path, unsigned seed);
/* cmocka group set-up and tear-down: the folder holding llmat-crest. */
int setup(void **state);
int teardown(void **state);
/* Checks an image (dhash; with pixels of photo_with(seed) when seed is
 * not 0) against policy; the logo finding's message (owned) or NULL. */
char *logo_message_in(pc_packset *ps, const char *policy, const char *dhash,
                      unsigned seed);
/* logo_message_in for llmat-crest. */
char *logo_message(pc_packset *ps, const char *dhash, unsigned seed);
/* Asserts that logo_message_in finds a logo and that its message names
 * name (quoted; any logo when name is NULL), and frees the message. */
void logo_found_in(pc_packset *ps, const char *policy, const char *dhash,
                   unsigned seed, const char *name);
/* Handles a hello naming policy with "images": images (JSON text) on ps;
 * returns its status, and its reply (owned) in *reply unless reply is
 * NULL. */
pc_status hello_images(pc_packset *ps, const char *policy,
                       const char *images, char **reply);
/* Adds llmat-fake, a pack extending llmat whose logo file is not an image
 * the helper can read. */
void add_fake_logo_pack(pc_packset *ps);
/* The built-in packs and llmat-crest, and llmat-fake when fake is set.
 * Owned: pc_packset_free. */
pc_packset *crest_packs(int fake);

#endif
