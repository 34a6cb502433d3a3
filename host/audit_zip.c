/* audit_zip.c: libzip loaded when the audit first opens a zip (see
 * audit_zip.h): dlopen of the library the host was built against
 * (PC_LIBZIP_SONAME, from CMake), its calls looked up by name. */
#include <dlfcn.h>
#include <stddef.h>
#include <string.h>

#include "audit_zip.h"

#ifndef PC_LIBZIP_SONAME
#define PC_LIBZIP_SONAME "libzip.so"
#endif

static pc__zipapi g_api;
static int g_loaded;

/* Looks up name in lib into *slot. Returns 0, or -1. */
static int sym(void *lib, const char *name, void *slot)
{
    void *f = dlsym(lib, name);

    if (!f) {
        return -1;
    }
    /* POSIX: what dlsym returns for a function converts to a pointer to
     * it (same size and form as a void * on the systems that have dlsym). */
    memcpy(slot, &f, sizeof f);
    return 0;
}

const pc__zipapi *pc__zipapi_load(pc_error *err)
{
    void *lib;

    if (g_loaded) {
        return &g_api;
    }
    lib = dlopen(PC_LIBZIP_SONAME, RTLD_NOW | RTLD_LOCAL);
    if (!lib) {
        pc_error_set(err, PC_ERR_IO, "cannot load libzip (%s) to read zip "
                     "archives: %s", PC_LIBZIP_SONAME, dlerror());
        return NULL;
    }
    if (sym(lib, "zip_open", &g_api.open) ||
        sym(lib, "zip_discard", &g_api.discard) ||
        sym(lib, "zip_name_locate", &g_api.name_locate) ||
        sym(lib, "zip_get_num_entries", &g_api.get_num_entries) ||
        sym(lib, "zip_get_name", &g_api.get_name) ||
        sym(lib, "zip_stat_init", &g_api.stat_init) ||
        sym(lib, "zip_stat", &g_api.stat) ||
        sym(lib, "zip_fopen", &g_api.fopen) ||
        sym(lib, "zip_fread", &g_api.fread) ||
        sym(lib, "zip_fclose", &g_api.fclose) ||
        sym(lib, "zip_strerror", &g_api.strerror) ||
        sym(lib, "zip_file_strerror", &g_api.file_strerror)) {
        pc_error_set(err, PC_ERR_IO, "%s lacks a call the audit needs",
                     PC_LIBZIP_SONAME);
        dlclose(lib);
        return NULL;
    }
    g_loaded = 1;
    return &g_api;
}
