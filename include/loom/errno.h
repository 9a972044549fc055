#ifndef LOOM_ERRNO_H
#define LOOM_ERRNO_H
#include <uapi/loom/errno.h>
/* Human-readable name of a (positive) error number, "E?" if unknown. */
const char *errno_name(int err);
#endif
