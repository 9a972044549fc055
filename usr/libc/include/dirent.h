/* Directory streams over SYS_READDIR; struct dirent is the ABI's. */
#ifndef _DIRENT_H
#define _DIRENT_H

#include <loom/syscall.h>

typedef struct __dir DIR;

DIR *opendir(const char *path);
struct dirent *readdir(DIR *d);
int closedir(DIR *d);
int dirfd(DIR *d);

#endif
