/* status.h: the one status enum and error record shared by every module.
 *
 * Every function that can fail returns pc_status (PC_OK == 0, failures
 * non-zero) or, for constructors, NULL plus an optional pc_error filled in.
 * The first error recorded into a pc_error wins: later calls to
 * pc_error_set() on an already-set record do nothing. */
#ifndef POSTCHECK_STATUS_H
#define POSTCHECK_STATUS_H

#include <stddef.h>

typedef enum pc_status {
    PC_OK = 0,
    PC_ERR_NOMEM,      /* allocation failed */
    PC_ERR_IO,         /* read or write failed (errno kept in pc_error) */
    PC_ERR_EOF,        /* clean end of input between frames */
    PC_ERR_TRUNCATED,  /* end of input inside a frame */
    PC_ERR_TOO_LARGE,  /* a frame or field longer than its limit */
    PC_ERR_UTF8,       /* invalid UTF-8 */
    PC_ERR_JSON,       /* invalid JSON */
    PC_ERR_REQUEST,    /* well-formed JSON that is not a valid request */
    PC_ERR_POLICY,     /* unknown policy id */
    PC_ERR_PACK,       /* a policy pack is invalid */
    PC_ERR_PATTERN,    /* a pattern failed to compile */
    PC_ERR_LIMIT,      /* a match or depth limit was hit */
    PC_ERR_USAGE,      /* bad command-line usage */
    PC_ERR_INTERNAL    /* anything else: a bug */
} pc_status;

#define PC_ERROR_TEXT 256
#define PC_ERROR_SOURCE 160

/* Where and why something failed. line/column are 1-based and 0 when
 * unknown; offset is a byte offset into a pattern or frame, or -1. */
typedef struct pc_error {
    pc_status code;
    int line;
    int column;
    long offset;
    char source[PC_ERROR_SOURCE]; /* file name, pattern or field */
    char text[PC_ERROR_TEXT];     /* plain-words message */
} pc_error;

/* Returns a static, plain-words description of a status. Never NULL. */
const char *pc_strerror(pc_status st);

/* Records an error into err (which may be NULL) unless one is already
 * recorded. fmt is printf-style. Returns code, so callers can
 * `return pc_error_set(err, PC_ERR_PACK, ...)`. */
pc_status pc_error_set(pc_error *err, pc_status code, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 3, 4)))
#endif
    ;

/* Like pc_error_set, also recording source, line and column. */
pc_status pc_error_at(pc_error *err, pc_status code, const char *source,
                      int line, int column, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 6, 7)))
#endif
    ;

/* Clears err to "no error". */
void pc_error_clear(pc_error *err);

#endif
