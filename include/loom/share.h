/*
 * share() and claim() (ipc/share.c): hand an open file to another process
 * as text. share_file makes a one-time key, SHARE_KEY_SIZE - 1 random
 * lowercase hex digits (128 bits from include/loom/random.h), that stays
 * valid for timeout_ns; claim_file gives the same open file back once.
 * The table holds at most CONFIG_SHARE_KEYS keys; a kernel thread closes
 * the files of expired keys when they expire. Locking: one mutex around
 * the table (callers sleep; files are closed under it: order share_lock,
 * then vfs_lock).
 */
#ifndef LOOM_SHARE_H
#define LOOM_SHARE_H

#include <loom/types.h>
#include <uapi/loom/syscall.h>

struct file;

/* Key for f (a new reference) into key[SHARE_KEY_SIZE]: 0; -EINVAL for a
 * timeout of 0 or above SHARE_TIMEOUT_MAX; -ENOSPC when every key of the
 * table is in use; -ENOMEM. */
int share_file(struct file *f, u64 timeout_ns, char *key);
/* The file of key (its reference moves to *out): 0; -EINVAL when key is
 * not SHARE_KEY_SIZE - 1 lowercase hex digits; -ENOENT for an unknown or
 * claimed key; -ETIMEDOUT for an expired one (said once: then -ENOENT
 * once its slot is reused). */
int claim_file(const char *key, struct file **out);

struct share_stats {
	u32 live;    /* keys waiting to be claimed (each holds a file) */
	u32 expired; /* expired keys remembered for -ETIMEDOUT (no file) */
	u64 reaped;  /* keys whose file the expiry thread closed, since boot */
};
void share_get_stats(struct share_stats *st);

#endif
