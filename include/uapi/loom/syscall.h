/*
 * The system-call ABI shared by the kernel (kernel/proc/syscall*.c) and the
 * C library (usr/libc). x86_64 `syscall`: number in rax, arguments in rdi,
 * rsi, rdx, r10, r8, r9; rcx and r11 are clobbered; the result comes back
 * in rax: >= 0 on success, a negative errno (include/uapi/loom/errno.h) on
 * failure, so no second system call is needed to learn why. Every user
 * pointer and length is checked: a bad one gives -EFAULT/-EINVAL, never a
 * kernel fault. Paths are NUL-terminated strings of at most PATH_MAX bytes
 * carrying flags and permissions ("f.txt:create:exclusive", ":ce", ":rw").
 *
 * A program starts at its ELF entry point with rsp 16-byte aligned and
 * pointing at argc, then argv[0..argc-1], NULL, envp[] ("NAME=value"),
 * NULL (the System V layout without an auxiliary vector); every other
 * register is zero. A process's exit status is a string: the decimal exit
 * code, or the note that ended it ("pagefault at 0x40013b due to ...");
 * reading /proc/[pid]/wait returns it once the process has ended.
 */
#ifndef UAPI_LOOM_SYSCALL_H
#define UAPI_LOOM_SYSCALL_H

/* Processes and threads */
#define SYS_EXIT	  0  /* (int code): the process ends; status "code" in decimal */
#define SYS_THREAD_EXIT	  1  /* (int code): the calling thread ends (last one: process) */
#define SYS_SPAWN	  2  /* (const char *const argv[], u64 flags): pid; SPAWN_* */
#define SYS_GETPID	  3  /* (): pid */
#define SYS_GETTID	  4  /* (): tid */
#define SYS_YIELD	  5  /* (): 0 */
#define SYS_NANOSLEEP	  6  /* (u64 ns): 0 */
#define SYS_CLOCK	  7  /* (int clock): ns; CLOCK_MONOTONIC or CLOCK_REALTIME */
#define SYS_THREAD_CREATE 8  /* (void (*entry)(void *), void *arg, void *stack_top): tid */
#define SYS_FUTEX	  9  /* (u32 *addr, int op, u32 val, u64 timeout_ns): FUTEX_* */
#define SYS_SET_TLS	  10 /* (u64 fs_base): 0; the thread's %fs base */
#define SYS_NOTE_HANDLER  11 /* (void (*handler)(const char *note)): 0; NULL: default */
#define SYS_NOTE_RETURN	  12 /* (): return from a note handler to the interrupted code */

/* Files (fds are small integers; 0 1 2 are stdin, stdout, stderr) */
#define SYS_OPEN     20 /* (const char *path): fd */
#define SYS_OPEN2    21 /* (const char *path, int fds[2]): 0; two fds (e.g. a pipe) */
#define SYS_OPENAT   22 /* (int dirfd, const char *path): fd; relative to dirfd */
#define SYS_CLOSE    23 /* (int fd): 0 */
#define SYS_READ     24 /* (int fd, void *buf, u64 n): bytes (0: end of file) */
#define SYS_WRITE    25 /* (int fd, const void *buf, u64 n): bytes */
#define SYS_SEEK     26 /* (int fd, s64 off, int whence): new offset; SEEK_* */
#define SYS_DUP	     27 /* (int fd): new fd */
#define SYS_DUP2     28 /* (int old, int new): new */
#define SYS_STAT     29 /* (const char *path, struct stat *st): 0; ":nofollow" = lstat */
#define SYS_FSTAT    30 /* (int fd, struct stat *st): 0 */
#define SYS_READDIR  31 /* (int fd, struct dirent *buf, u64 count): entries read (0: end) */
#define SYS_MKDIR    32 /* (const char *path): 0; ":parents" makes the missing ones */
#define SYS_REMOVE   33 /* (const char *path): 0; file, link or empty dir; ":recursive" */
#define SYS_RENAME   34 /* (const char *from, const char *to): 0 */
#define SYS_LINK     35 /* (const char *old, const char *new): 0 (hard link) */
#define SYS_SYMLINK  36 /* (const char *target, const char *path): 0 */
#define SYS_READLINK 37 /* (const char *path, char *buf, u64 size): length */
#define SYS_CHDIR    38 /* (const char *path): 0 */
#define SYS_GETCWD   39 /* (char *buf, u64 size): length */
#define SYS_MOUNT    40 /* (const char *target, const char *fs, const char *source): 0 */
#define SYS_BIND     41 /* (const char *target, const char *source): 0 */
#define SYS_UMOUNT   42 /* (const char *target): 0 */
#define SYS_POLL \
	43 /* (struct pollfd *fds, u64 n, s64 timeout_ns): ready count; <0 timeout waits forever */
/* share(key, size, fd, timeout_ns): a one-time key for fd's open file into key
 * (size >= SHARE_KEY_SIZE), valid timeout_ns; returns its length. claim(key):
 * a new fd for that open file, once. */
#define SYS_SHARE 44 /* (char *key, u64 size, int fd, u64 timeout_ns): 32 */
#define SYS_CLAIM 45 /* (const char *key): fd; the shared open file, once */

/* Memory */
#define SYS_MMAP \
	50		/* (void *addr, u64 len, int prot, int flags, int fd, u64 off): address;
	      PROT_*, MAP_*; MAP_ANONYMOUS ignores fd and off, else MAP_SHARED of fd */
#define SYS_MUNMAP   51 /* (void *addr, u64 len): 0 */
#define SYS_MPROTECT 52 /* (void *addr, u64 len, int prot): 0 */

#define SYS_MAX 64

/* spawn() flags: by default the child shares the parent's namespace, gets
 * a copy of its fd table and environment, and runs at once. */
#define SPAWN_SUSPENDED 0x1  /* wait for "start" written to /proc/[pid]/ctl */
#define SPAWN_EMPTY_NS	0x2  /* a fresh, empty namespace                    */
#define SPAWN_COPY_NS	0x4  /* a copy of the parent's (without :private)   */
#define SPAWN_EMPTY_FDS 0x8  /* no fds at all                               */
#define SPAWN_EMPTY_ENV 0x10 /* no environment variables                    */

#define CLOCK_REALTIME	0
#define CLOCK_MONOTONIC 1

#define SEEK_SET 0
#define SEEK_CUR 1
#define SEEK_END 2

#define FUTEX_WAIT 0 /* sleep while *addr == val (timeout_ns 0: forever): 0, -EAGAIN, -ETIMEDOUT */
#define FUTEX_WAKE 1 /* wake up to val waiters: how many */

#define PROT_NONE     0x0
#define PROT_READ     0x1
#define PROT_WRITE    0x2
#define PROT_EXEC     0x4
#define MAP_SHARED    0x01
#define MAP_PRIVATE   0x02
#define MAP_FIXED     0x10
#define MAP_ANONYMOUS 0x20
#define MAP_POPULATE  0x8000
#define MAP_STACK     0x20000

/* poll events */
#define POLLIN	 0x1
#define POLLOUT	 0x4
#define POLLERR	 0x8
#define POLLHUP	 0x10
#define POLLNVAL 0x20

#define NOTE_MAX 128 /* bytes of a note, NUL included */

/* share(): a key is SHARE_KEY_SIZE - 1 lowercase hex digits (128 random
 * bits) and a NUL; it lasts at most SHARE_TIMEOUT_MAX ns (one hour). */
#define SHARE_KEY_SIZE	  33
#define SHARE_TIMEOUT_MAX 3600000000000ULL

#ifndef __ASSEMBLER__
struct stat {
	unsigned long long ino;
	unsigned int type; /* STAT_REG, STAT_DIR, STAT_SYMLINK */
	unsigned int mode; /* permission bits (0755 ...)        */
	unsigned int nlink;
	unsigned int dev;
	unsigned long long size;
	unsigned long long atime_ns, mtime_ns, ctime_ns;
};
#define STAT_REG     1
#define STAT_DIR     2
#define STAT_SYMLINK 3

struct dirent {
	unsigned long long ino;
	unsigned int type; /* STAT_* */
	char name[256];
};

struct pollfd {
	int fd;
	short events;  /* POLL* wanted */
	short revents; /* POLL* ready  */
};
#endif

#endif
