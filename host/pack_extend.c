/* pack_extend.c: reading a pack that extends another: {"id", "extends",
 * "name", "organisation" (its name), "version", "logos"} in the user or
 * system folder inherits every rule, name and setting of the pack it
 * extends and adds its logos (an organisation's real logo beside a
 * built-in pack). Loading reads only these fields and the logo files;
 * the rules come when the host first prepares it (pack_resolve.c). */
#include <string.h>

#include "pack_parse.h"

static const char *const ext_keys[] = {"format", "id", "extends", "name",
                                       "organisation", "version", "logos",
                                       NULL};
static const char *const ext_required[] = {"id", "extends", "name",
                                           "organisation", "version",
                                           "logos", NULL};

static int bad_id(const char *id)
{
    return strspn(id, "abcdefghijklmnopqrstuvwxyz0123456789-") !=
               strlen(id) || !*id || strlen(id) > PC_PACK_MAX_ID;
}

static pc_status ext_ids(pc__vctx *v, json_t *root, pc_pack *p)
{
    long format = 1;

    if (pc__v_keys(v, root, ext_keys, ext_required) != PC_OK ||
        pc__v_int(v, root, "format", 1, 1, 1, &format) != PC_OK ||
        pc__v_string(v, root, "id", 1, &p->id) != PC_OK ||
        pc__v_string(v, root, "extends", 1, &p->extends) != PC_OK) {
        return PC_ERR_PACK;
    }
    if (bad_id(p->id) || bad_id(p->extends)) {
        pc__v_key(v, bad_id(p->id) ? "id" : "extends");
        return pc__v_fail(v, PC_ERR_PACK, "must be lowercase letters, "
                          "digits and '-', at most %d", PC_PACK_MAX_ID);
    }
    if (strcmp(p->id, p->extends) == 0) {
        pc__v_key(v, "extends");
        return pc__v_fail(v, PC_ERR_PACK, "a pack cannot extend itself; "
                          "give the extension an id of its own");
    }
    if (!json_is_string(json_object_get(root, "organisation"))) {
        pc__v_key(v, "organisation");
        return pc__v_fail(v, PC_ERR_PACK, "must be the organisation's name "
                          "(its names and handles come from the pack it "
                          "extends)");
    }
    return PC_OK;
}

pc_status pc__parse_extension(pc__vctx *v, json_t *root, pc_pack *p)
{
    json_t *logos;
    pc_status st;

    if (ext_ids(v, root, p) != PC_OK ||
        pc__v_string(v, root, "name", 1, &p->name) != PC_OK ||
        pc__v_string(v, root, "version", 1, &p->version) != PC_OK ||
        pc__v_string(v, root, "organisation", 1, &p->organisation) !=
            PC_OK ||
        pc__v_array(v, root, "logos", 1, &logos) != PC_OK) {
        return PC_ERR_PACK;
    }
    if (strlen(p->name) > PC_PACK_MAX_NAME ||
        strlen(p->version) > PC_PACK_MAX_VERSION ||
        strlen(p->organisation) > PC_PACK_MAX_ORGANISATION) {
        return pc__v_fail(v, PC_ERR_PACK, "name and organisation must be "
                          "at most %d bytes, version %d", PC_PACK_MAX_NAME,
                          PC_PACK_MAX_VERSION);
    }
    pc__v_key(v, "logos");
    if (json_array_size(logos) == 0) {
        return pc__v_fail(v, PC_ERR_PACK, "an extension adds at least one "
                          "logo");
    }
    st = pc__parse_logos(v, logos, p);
    pc__v_pop(v);
    p->parsed = 0;
    p->n_own_logos = p->n_logos;
    p->n_own_images = p->n_images;
    return st;
}

