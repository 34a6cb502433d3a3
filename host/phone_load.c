/* phone_load.c: the host's side of phone_plan.h. The world's numbering
 * plans live in a module of their own, postcheck-phone.so (phone_plan.cc,
 * with libphonenumber, protobuf and abseil behind it), loaded with
 * dlopen the first time a post has a digit run laid out as a phone
 * number (detect_phone.c calls pc__plan_load only then). A host whose
 * posts have none never maps those libraries nor relocates them at start
 * (3.7 MB less peak RSS at the first check).
 *
 * The module is looked for, in order: at $POSTCHECK_PHONE ("off": not at
 * all), beside the running binary, in PC_PHONE_LIBDIR (where make install
 * and the .deb put it). Without it the detector still flags the numbers
 * the UK and North American plans by hand decide; the others are not
 * flagged (every call answers PC__PLAN_NONE), and the loader logs that
 * once. The module is never unloaded (the region codes it returns are
 * its own static strings). */
#include <dlfcn.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "phone_plan.h"
#include "postcheck/log.h"
#include "self.h"

#ifndef PC_PHONE_LIBDIR
#define PC_PHONE_LIBDIR "/usr/lib/postcheck"
#endif
#define MODULE_NAME "postcheck-phone.so"

static const pc__phone_module *g_mod;
static int g_tried;

/* Fills path with where the module is to be loaded from. Returns 0, or
 * -1 when POSTCHECK_PHONE is "off" (path then says so, for the log). */
static int module_path(char *path, size_t cap)
{
    const char *env = getenv("POSTCHECK_PHONE");

    if (env && *env) {
        snprintf(path, cap, "%s", env);
        return strcmp(env, "off") == 0 ? -1 : 0;
    }
    if (pc_self_beside(MODULE_NAME, R_OK, path, cap) == 0) {
        return 0;
    }
    snprintf(path, cap, "%s/" MODULE_NAME, PC_PHONE_LIBDIR);
    return 0;
}

/* dlopens the module at path and checks its table. Returns the table, or
 * NULL with why in why. */
static const pc__phone_module *open_module(const char *path, char *why,
                                           size_t cap)
{
    const pc__phone_module *m;
    void *lib = dlopen(path, RTLD_NOW | RTLD_LOCAL);

    if (!lib) {
        const char *e = dlerror();
        snprintf(why, cap, "%s", e ? e : "cannot load it");
        return NULL;
    }
    m = (const pc__phone_module *)dlsym(lib, PC__PHONE_SYMBOL);
    if (!m || m->abi != PC__PHONE_ABI || !m->load || !m->intl ||
        !m->national) {
        snprintf(why, cap, "it is not this build's phone module (no %s of "
                 "version %d)", PC__PHONE_SYMBOL, PC__PHONE_ABI);
        dlclose(lib);
        return NULL;
    }
    if (!m->load()) {
        snprintf(why, cap, "libphonenumber's metadata could not be read");
        return NULL;
    }
    return m;
}

int pc__plan_load(void)
{
    char path[PATH_MAX];
    char why[512];

    if (g_tried) {
        return g_mod != NULL;
    }
    g_tried = 1;
    if (module_path(path, sizeof path) != 0) {
        pc_log(PC_LOG_INFO, "phone numbers: POSTCHECK_PHONE=off; numbers "
               "are checked against the UK and North American plans only");
        return 0;
    }
    g_mod = open_module(path, why, sizeof why);
    if (!g_mod) {
        pc_log(PC_LOG_WARN, "phone numbers: cannot load %s: %s; numbers "
               "are checked against the UK and North American plans only",
               path, why);
    }
    return g_mod != NULL;
}

int pc__plan_intl(const char *d, size_t n)
{
    return g_mod ? g_mod->intl(d, n) : PC__PLAN_NONE;
}

int pc__plan_national(const char *d, size_t n, const char *skip,
                      const char **region)
{
    if (!g_mod) {
        if (region) {
            *region = "";
        }
        return PC__PLAN_NONE;
    }
    return g_mod->national(d, n, skip, region);
}
