/*
 * Paths with flags and permissions (fs/path.c): pure, host-tested.
 *
 *	/dir/file.txt:create:exclusive:read:write   long forms
 *	/dir/file.txt:ce:rw                          short forms, one letter each
 *
 * Everything after the first ':' is flags; each ':'-separated word is a
 * long name or a run of short letters. Unknown words, letters, a '/' among
 * the flags, empty names, over-long names or paths are errors, never
 * ignored. Components are split on '/', "." and empty ones are dropped;
 * ".." is kept (the VFS resolves it against mounts). Permissions only
 * narrow: an open file never yields one with more.
 */
#ifndef LOOM_PATH_H
#define LOOM_PATH_H

#include <loom/types.h>

#define PATH_MAX 4096
#define NAME_MAX 255

/* Flags (long form / short letter). */
#define PATH_CREATE    (1u << 0) /* create     c */
#define PATH_EXCLUSIVE (1u << 1) /* exclusive  e */
#define PATH_TRUNCATE  (1u << 2) /* truncate   t */
#define PATH_APPEND    (1u << 3) /* append     a */
#define PATH_DIRECTORY (1u << 4) /* directory  d */
#define PATH_NONBLOCK  (1u << 5) /* nonblock   n */
#define PATH_PARENTS   (1u << 6) /* parents    p */
#define PATH_RECURSIVE (1u << 7) /* recursive  R */
#define PATH_NOFOLLOW  (1u << 8) /* nofollow   l */
#define PATH_PRIVATE   (1u << 9) /* private    P */

/* Permissions (read r, write w, execute x). */
#define PERM_READ  0x1
#define PERM_WRITE 0x2
#define PERM_EXEC  0x4
#define PERM_ALL   (PERM_READ | PERM_WRITE | PERM_EXEC)

struct path_spec {
	char path[PATH_MAX]; /* the path without its flags, NUL-terminated */
	u32 flags;	     /* PATH_*                                      */
	u32 perms;	     /* PERM_*; 0 when none was given               */
	bool absolute;	     /* starts with '/'                             */
	u32 ncomponents;
	char bad[32]; /* on -EINVAL from a flag: the word refused     */
};

/* A run of short letters is at most this long; a longer word must be a
 * long name (so that a misspelt one is refused, not read as letters). */
#define PATH_SHORT_MAX 4

/*
 * Parse in. 0, or -EINVAL (bad flag or empty path), -ENAMETOOLONG; on an
 * error *why (when not NULL) says what, e.g. "unknown flag 'creat'".
 */
int path_parse(const char *in, struct path_spec *out, const char **why);

/*
 * Iterate the components of a flag-free path: *pos starts at 0; returns the
 * length of the next component (copied to name, NUL-terminated) or 0 at
 * the end. "." and empty components are skipped.
 */
size_t path_next(const char *path, size_t *pos, char name[NAME_MAX + 1]);

/* Names of the flags and permissions set, for messages ("create|exclusive"). */
void path_flags_str(u32 flags, u32 perms, char *buf, size_t size);

#endif
