/* errno: per thread (in the thread control block reached through %fs). */
#ifndef _ERRNO_H
#define _ERRNO_H

#include <loom/errno.h>

int *__errno_location(void);
#define errno (*__errno_location())

#endif
