#ifndef _POLL_H
#define _POLL_H

#include <loom/syscall.h>

typedef unsigned long nfds_t;

/* timeout in milliseconds; negative waits forever. */
int poll(struct pollfd *fds, nfds_t n, int timeout_ms);

#endif
