/* struct stat and STAT_* come from the ABI header; stat() follows links,
 * lstat() appends ":nofollow". */
#ifndef _SYS_STAT_H
#define _SYS_STAT_H

#include <sys/types.h>
#include <loom/syscall.h>

#define S_ISREG(st) ((st)->type == STAT_REG)
#define S_ISDIR(st) ((st)->type == STAT_DIR)
#define S_ISLNK(st) ((st)->type == STAT_SYMLINK)

int stat(const char *path, struct stat *st);
int lstat(const char *path, struct stat *st);
int fstat(int fd, struct stat *st);
int mkdir(const char *path, mode_t mode);

#endif
