/* status.c: the status strings and the first-error-wins error record.
 * pc_strerror() is the only table of status descriptions. */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "postcheck/status.h"

const char *pc_strerror(pc_status st)
{
    switch (st) {
    case PC_OK: return "no error";
    case PC_ERR_NOMEM: return "out of memory";
    case PC_ERR_IO: return "input/output error";
    case PC_ERR_EOF: return "end of input";
    case PC_ERR_TRUNCATED: return "input ended inside a message";
    case PC_ERR_TOO_LARGE: return "message too large";
    case PC_ERR_UTF8: return "invalid UTF-8";
    case PC_ERR_JSON: return "invalid JSON";
    case PC_ERR_REQUEST: return "invalid request";
    case PC_ERR_POLICY: return "unknown policy";
    case PC_ERR_PACK: return "invalid policy pack";
    case PC_ERR_PATTERN: return "invalid pattern";
    case PC_ERR_LIMIT: return "pattern match limit reached";
    case PC_ERR_USAGE: return "usage error";
    case PC_ERR_INTERNAL: return "internal error";
    }
    return "unknown error";
}

void pc_error_clear(pc_error *err)
{
    /* The fields and the two strings' first bytes: a whole memset was
     * about 70 instructions, four or five times a request. */
    if (err) {
        err->code = PC_OK;
        err->line = 0;
        err->column = 0;
        err->offset = -1;
        err->source[0] = '\0';
        err->text[0] = '\0';
    }
}

static void record(pc_error *err, pc_status code, const char *source,
                   int line, int column, const char *fmt, va_list ap)
{
    err->code = code;
    err->line = line;
    err->column = column;
    if (source) {
        snprintf(err->source, sizeof err->source, "%s", source);
    }
    vsnprintf(err->text, sizeof err->text, fmt, ap);
}

pc_status pc_error_set(pc_error *err, pc_status code, const char *fmt, ...)
{
    va_list ap;

    if (!err || err->code != PC_OK) {
        return code;
    }
    va_start(ap, fmt);
    record(err, code, NULL, err->line, err->column, fmt, ap);
    va_end(ap);
    return code;
}

pc_status pc_error_at(pc_error *err, pc_status code, const char *source,
                      int line, int column, const char *fmt, ...)
{
    va_list ap;

    if (!err || err->code != PC_OK) {
        return code;
    }
    va_start(ap, fmt);
    record(err, code, source, line, column, fmt, ap);
    va_end(ap);
    return code;
}
