/* echo_host.c: the benchmark's baseline. A native-messaging host built
 * from the same framing code as postcheck (host/frame.c) that sends every
 * request back unchanged, so the round-trip ratio postcheck / echo shows
 * what checking costs over the pipe and process overhead alone. */
#include <stdlib.h>

#include "postcheck/frame.h"

int main(void)
{
    for (;;) {
        char *req = NULL;
        size_t len = 0;
        pc_status st = pc_frame_read(0, PC_FRAME_MAX_IN, &req, &len, NULL);

        if (st == PC_ERR_EOF) {
            return 0;
        }
        if (st != PC_OK || pc_frame_write(1, req, len, NULL) != PC_OK) {
            free(req);
            return 1;
        }
        free(req);
    }
}
