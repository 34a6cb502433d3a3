/* audit_zip.h: the few libzip calls the audit makes, loaded with dlopen
 * the first time an archive is a zip, so a host that never audits (the
 * browser's, started for every tab) does not load libzip and the
 * libraries it needs (libcrypto, libbz2, libz): about 1.7 MB of memory
 * and a sixth of the work of starting up. Internal to the audit. */
#ifndef POSTCHECK_AUDIT_ZIP_H
#define POSTCHECK_AUDIT_ZIP_H

#include <zip.h>

#include "postcheck/status.h"

typedef struct pc__zipapi {
    zip_t *(*open)(const char *, int, int *);
    void (*discard)(zip_t *);
    zip_int64_t (*name_locate)(zip_t *, const char *, zip_flags_t);
    zip_int64_t (*get_num_entries)(zip_t *, zip_flags_t);
    const char *(*get_name)(zip_t *, zip_uint64_t, zip_flags_t);
    void (*stat_init)(zip_stat_t *);
    int (*stat)(zip_t *, const char *, zip_flags_t, zip_stat_t *);
    zip_file_t *(*fopen)(zip_t *, const char *, zip_flags_t);
    zip_int64_t (*fread)(zip_file_t *, void *, zip_uint64_t);
    int (*fclose)(zip_file_t *);
    const char *(*strerror)(zip_t *);
    const char *(*file_strerror)(zip_file_t *);
} pc__zipapi;

/* Returns libzip's calls (static; loaded once, kept for the life of the
 * process), or NULL with err set (PC_ERR_IO: libzip is not installed or
 * lacks a call). */
const pc__zipapi *pc__zipapi_load(pc_error *err);

#endif
