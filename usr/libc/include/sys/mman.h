#ifndef _SYS_MMAN_H
#define _SYS_MMAN_H

#include <stddef.h>
#include <sys/types.h>
#include <loom/syscall.h>

#define MAP_FAILED ((void *)-1)
#define MAP_ANON   MAP_ANONYMOUS

/* fd and offset exist for source compatibility: only anonymous memory
 * (fd -1) is supported. */
void *mmap(void *addr, size_t len, int prot, int flags, int fd, off_t off);
int munmap(void *addr, size_t len);
int mprotect(void *addr, size_t len, int prot);

#endif
