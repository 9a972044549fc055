/*
 * Kernel command-line parsing (kernel/lib/cmdline.c): pure, host-tested.
 * The line is words separated by spaces; a word is "key" or "key=value";
 * a value may be double-quoted to hold spaces. The last occurrence of a key
 * wins.
 */
#ifndef LOOM_CMDLINE_H
#define LOOM_CMDLINE_H

#include <loom/types.h>

/* Copy the value of key into buf (NUL-terminated, truncated to size).
 * Returns the value's full length, or -ENOENT when the key is absent
 * (a bare "key" has the empty value). */
int cmdline_find(const char *line, const char *key, char *buf, size_t size);

/* Parse an unsigned decimal or 0x-hex number; -EINVAL if s is not one. */
int parse_u64(const char *s, u64 *out);

#endif
