/* fuzz_pack.c: libFuzzer target for pack loading (pc_packset_add_json),
 * the way a hostile or broken pack file in a user's policy folder reaches
 * the host.
 *
 * Any bytes are offered as a pack. A pack that loads is then used: its
 * own examples are run (as `policy lint` does) and a few fixed posts are
 * checked from both kinds of account, so compiled patterns, word lists
 * and settings are exercised, and every finding must carry a span inside
 * the post. A pack that fails must leave an error message. The set is
 * rebuilt every SET_LIFETIME loaded packs to bound memory. */
#include <stdint.h>
#include <string.h>

#include <jansson.h>

#include "fuzz_common.h"
#include "postcheck/pack.h"
#include "postcheck/rules.h"

#define SET_LIFETIME 64

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static pc_packset *set;
static int loaded;
static FILE *sink;

static const char *const posts[] = {
    "Views are my own. Our password is hunter2 and the secret plan "
    "is out; call 07700 900123 or email a.b@example.org #conference",
    "LL\xD0\x9C\xD0\x90\xD0\xA2 staff strike! \xF0\x9F\x98\x80 "
    "Stra\xC3\x9F" "e caf\xC3\xA9 \xEF\xBC\xAC\xEF\xBC\xAC",
    "",
};

static void check_post(const pc_pack *pack, const char *text,
                       pc_account account)
{
    pc_attachment att = {"image", "logo.png", "pupils at sports day", 1,
                         0x00ff00ff00ff00ffULL, 2, 0};
    pc_post post;
    pc_findings out = {0};
    pc_error err;
    size_t i, len = strlen(text);

    memset(&post, 0, sizeof post);
    post.text = text;
    post.text_len = len;
    post.account = account;
    post.handle = "@someone";
    post.site = "x.com";
    post.attachments = &att;
    post.n_attachments = 1;
    FUZZ_CHECK(pc_post_set_now(&post, "2026-11-23T10:15:00") == PC_OK);
    pc_error_clear(&err);
    FUZZ_CHECK(pc_check(pack, &post, &out, NULL, &err) == PC_OK);
    for (i = 0; i < out.n; i++) {
        const pc_finding *f = &out.v[i];
        FUZZ_CHECK(f->message != NULL && f->rule != NULL);
        FUZZ_CHECK((f->start == -1 && f->end == -1) ||
                   (f->start >= 0 && f->start <= f->end &&
                    (size_t)f->end <= len));
        FUZZ_CHECK(f->attachment == -1 || f->attachment == 0);
    }
    pc_findings_free(&out);
}

/* The pack just added: the one with the id the JSON gives. */
static const pc_pack *loaded_pack(const uint8_t *data, size_t size)
{
    json_t *root = json_loadb((const char *)data, size, 0, NULL);
    const pc_pack *pack;

    FUZZ_CHECK(root != NULL);
    FUZZ_CHECK(json_is_string(json_object_get(root, "id")));
    pack = pc_packset_find(set,
                           json_string_value(json_object_get(root, "id")));
    FUZZ_CHECK(pack != NULL);
    json_decref(root);
    return pack;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const pc_pack *pack;
    pc_error err;
    pc_status st;
    int total = 0;
    size_t i;

    if (!sink) {
        sink = fopen("/dev/null", "w");
        FUZZ_CHECK(sink != NULL);
    }
    if (!set) {
        pc_error_clear(&err);
        set = pc_packset_new(&err);
        FUZZ_CHECK(set != NULL);
    }
    pc_error_clear(&err);
    st = pc_packset_add_json(set, (const char *)data, size, "fuzz.json",
                             NULL, PC_SOURCE_USER, &err);
    if (st != PC_OK) {
        FUZZ_CHECK(st == PC_ERR_PACK || st == PC_ERR_PATTERN);
        FUZZ_CHECK(err.code == st && err.text[0] != '\0');
        return 0;
    }
    FUZZ_CHECK(pc_packset_count(set) > 0);
    for (i = 0; i < pc_packset_count(set); i++) {
        pack = pc_packset_at(set, i);
        FUZZ_CHECK(pc_pack_id(pack) != NULL);
    }
    pack = loaded_pack(data, size);
    FUZZ_CHECK(!pc_pack_prepared(pack));
    FUZZ_CHECK(pc_packset_warm(set, pc_pack_id(pack), &err) == PC_OK);
    FUZZ_CHECK(pc_pack_prepared(pack));
    pc_pack_run_examples(pack, sink, &total);
    for (i = 0; i < sizeof posts / sizeof *posts; i++) {
        check_post(pack, posts[i], PC_ACCOUNT_OFFICIAL);
        check_post(pack, posts[i], PC_ACCOUNT_PERSONAL);
    }
    if (++loaded >= SET_LIFETIME) {
        pc_packset_free(set);
        set = NULL;
        loaded = 0;
    }
    return 0;
}
