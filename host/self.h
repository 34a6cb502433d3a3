/* self.h: where the running program is, and the files installed beside
 * it (the phone module, the vision helper; install's manifests name the
 * program itself). A leaf: no other host module. Internal to the host. */
#ifndef POSTCHECK_SELF_H
#define POSTCHECK_SELF_H

#include <stddef.h>

/* Stores the running program's absolute path (links resolved) in
 * out[0..cap). Returns 0, or -1 when the system does not say or it does
 * not fit. */
int pc_self_path(char *out, size_t cap);

/* Stores the path of the file name in the running program's folder in
 * out[0..cap) and returns 0 when access(path, mode) allows it (mode as
 * access(): R_OK, X_OK), else -1 (out then holds nothing useful). */
int pc_self_beside(const char *name, int mode, char *out, size_t cap);

#endif
