#ifndef _SYS_MMAN_H
#define _SYS_MMAN_H

#include <stddef.h>
#include <sys/types.h>
#include <loom/syscall.h>

#define MAP_FAILED ((void *)-1)
#define MAP_ANON   MAP_ANONYMOUS

/* MAP_ANONYMOUS (fd -1, off 0) gives private zeroed memory; without it,
 * MAP_SHARED maps fd from off (page aligned) on, for files whose device
 * supports it (/dev/fb/N/buffer). MAP_PRIVATE file mappings: ENOTSUP. */
void *mmap(void *addr, size_t len, int prot, int flags, int fd, off_t off);
int munmap(void *addr, size_t len);
int mprotect(void *addr, size_t len, int prot);

#endif
