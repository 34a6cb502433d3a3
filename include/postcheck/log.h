/* log.h: diagnostics on stderr, never stdout (stdout carries frames in
 * native-messaging mode). Log lines carry ids, lengths and codes, never
 * post text. Each line is "postcheck: LEVEL: message". */
#ifndef POSTCHECK_LOG_H
#define POSTCHECK_LOG_H

typedef enum pc_log_level {
    PC_LOG_ERROR = 0,
    PC_LOG_WARN = 1,
    PC_LOG_INFO = 2,
    PC_LOG_DEBUG = 3
} pc_log_level;

/* Sets the most verbose level written (default PC_LOG_WARN). The
 * environment variable POSTCHECK_LOG (error, warn, info or debug) sets it
 * too, through pc_log_from_env(). */
void pc_log_set_level(pc_log_level lvl);

/* Reads POSTCHECK_LOG, if set to a known level name, into the level. */
void pc_log_from_env(void);

/* Returns 1 if a message at lvl would be written. */
int pc_log_enabled(pc_log_level lvl);

/* Writes printf-style text to stderr as it is, whatever the level: what
 * a command says to the person who ran it (usage errors, a refused
 * origin, a pack's load error), in the command's own words. The caller
 * adds any "postcheck: " prefix and the newline. */
void pc_log_print(const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 1, 2)))
#endif
    ;

/* Writes one line at lvl to stderr (printf-style; a newline is added). */
void pc_log(pc_log_level lvl, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 2, 3)))
#endif
    ;

#endif
