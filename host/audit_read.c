/* audit_read.c: pc_archive_read, the dispatcher over the platform
 * readers. The table below is the only place that knows which readers
 * there are; the readers and the archive they read (audit_src.c) know
 * nothing of it, so calls go one way: here -> readers -> archive. */
#include "audit_int.h"

typedef pc_status (*reader_fn)(pc_archive *a, pc_error *err);

/* Every reader, in the order an archive's posts are handed out. Each
 * returns PC_OK when its files are absent. */
static const reader_fn readers[] = {
    pc__audit_read_x,
    pc__audit_read_meta,
    pc__audit_read_linkedin,
};

#define N_READERS (sizeof readers / sizeof readers[0])

pc_status pc_archive_read(pc_archive *a, const pc_audit_sink *sink,
                          pc_error *err)
{
    pc_status st = PC_OK;

    pc__archive_bind(a, sink);
    for (size_t i = 0; i < N_READERS && st == PC_OK; i++) {
        st = readers[i](a, err);
    }
    pc__archive_bind(a, NULL);
    return st;
}
