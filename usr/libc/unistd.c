/* POSIX-style wrappers over Loom's system calls: files, directories,
 * memory, clocks, polling. Each sets errno from the -errno result. */
#include <dirent.h>
#include <loom.h>
#include <poll.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>
#include "internal.h"

ssize_t read(int fd, void *buf, size_t n)
{
	return __ret(__sc3(SYS_READ, fd, buf, n));
}
ssize_t write(int fd, const void *buf, size_t n)
{
	return __ret(__sc3(SYS_WRITE, fd, buf, n));
}
int close(int fd)
{
	return (int)__ret(__sc1(SYS_CLOSE, fd));
}
off_t lseek(int fd, off_t off, int whence)
{
	return __ret(__sc3(SYS_SEEK, fd, off, whence));
}
int dup(int fd)
{
	return (int)__ret(__sc1(SYS_DUP, fd));
}
int dup2(int oldfd, int newfd)
{
	return (int)__ret(__sc2(SYS_DUP2, oldfd, newfd));
}
pid_t getpid(void)
{
	return (pid_t)__sc0(SYS_GETPID);
}
int gettid(void)
{
	return (int)__sc0(SYS_GETTID);
}
int chdir(const char *path)
{
	return (int)__ret(__sc1(SYS_CHDIR, path));
}
int open(const char *path)
{
	return (int)__ret(__sc1(SYS_OPEN, path));
}
int openat(int dirfd, const char *path)
{
	return (int)__ret(__sc2(SYS_OPENAT, dirfd, path));
}
int open2(const char *path, int fds[2])
{
	return (int)__ret(__sc2(SYS_OPEN2, path, fds));
}
int pipe(int fds[2])
{
	return open2("/dev/pipe/new", fds);
}
int unlink(const char *path)
{
	return (int)__ret(__sc1(SYS_REMOVE, path));
}
int rmdir(const char *path)
{
	return (int)__ret(__sc1(SYS_REMOVE, path));
}
int remove(const char *path)
{
	return (int)__ret(__sc1(SYS_REMOVE, path));
}
int rename(const char *a, const char *b)
{
	return (int)__ret(__sc2(SYS_RENAME, a, b));
}
int link(const char *a, const char *b)
{
	return (int)__ret(__sc2(SYS_LINK, a, b));
}
int symlink(const char *t, const char *p)
{
	return (int)__ret(__sc2(SYS_SYMLINK, t, p));
}
int mount(const char *t, const char *fs, const char *s)
{
	return (int)__ret(__sc3(SYS_MOUNT, t, fs, s));
}
int bind(const char *t, const char *s)
{
	return (int)__ret(__sc2(SYS_BIND, t, s));
}
int umount(const char *t)
{
	return (int)__ret(__sc1(SYS_UMOUNT, t));
}
int sched_yield(void)
{
	return (int)__ret(__sc0(SYS_YIELD));
}
int stat(const char *path, struct stat *st)
{
	return (int)__ret(__sc2(SYS_STAT, path, st));
}
int fstat(int fd, struct stat *st)
{
	return (int)__ret(__sc2(SYS_FSTAT, fd, st));
}

ssize_t readlink(const char *path, char *buf, size_t size)
{
	return __ret(__sc3(SYS_READLINK, path, buf, size));
}

int lstat(const char *path, struct stat *st)
{
	char p[4200];

	if (snprintf(p, sizeof(p), "%s:nofollow", path) >= (int)sizeof(p)) {
		errno = ENAMETOOLONG;
		return -1;
	}
	return stat(p, st);
}

int mkdir(const char *path, mode_t mode)
{
	(void)mode; /* permissions travel in the path (":rwx") */
	return (int)__ret(__sc1(SYS_MKDIR, path));
}

char *getcwd(char *buf, size_t size)
{
	long r;

	if (!buf) {
		size = size ? size : 4096;
		buf = malloc(size);
		if (!buf)
			return NULL;
	}
	r = __ret(__sc2(SYS_GETCWD, buf, size));
	return r < 0 ? NULL : buf;
}

/* A terminal is the console device: same file as /dev/console. */
int isatty(int fd)
{
	struct stat a, b;

	if (fstat(fd, &a) < 0 || stat("/dev/console", &b) < 0)
		return 0;
	return a.dev == b.dev && a.ino == b.ino;
}

void *mmap(void *addr, size_t len, int prot, int flags, int fd, off_t off)
{
	long r;

	r = __sc6(SYS_MMAP, (long)addr, (long)len, prot, flags, fd, (long)off);
	if (r < 0 && r > -4096) {
		errno = (int)-r;
		return MAP_FAILED;
	}
	return (void *)r;
}

int munmap(void *addr, size_t len)
{
	return (int)__ret(__sc2(SYS_MUNMAP, addr, len));
}
int mprotect(void *addr, size_t len, int prot)
{
	return (int)__ret(__sc3(SYS_MPROTECT, addr, len, prot));
}

int poll(struct pollfd *fds, nfds_t n, int timeout_ms)
{
	long long ns = timeout_ms < 0 ? -1 : (long long)timeout_ms * 1000000;

	return (int)__ret(__sc3(SYS_POLL, fds, n, ns));
}

int clock_gettime(clockid_t clock, struct timespec *ts)
{
	long ns = __ret(__sc1(SYS_CLOCK, clock));

	if (ns < 0)
		return -1;
	ts->tv_sec = ns / 1000000000;
	ts->tv_nsec = ns % 1000000000;
	return 0;
}

time_t time(time_t *t)
{
	struct timespec ts;
	time_t v = clock_gettime(CLOCK_REALTIME, &ts) ? (time_t)-1 : ts.tv_sec;

	if (t)
		*t = v;
	return v;
}

int nanosleep(const struct timespec *req, struct timespec *rem)
{
	if (req->tv_sec < 0 || req->tv_nsec < 0 || req->tv_nsec >= 1000000000) {
		errno = EINVAL;
		return -1;
	}
	if (rem)
		rem->tv_sec = rem->tv_nsec = 0;
	return (int)__ret(__sc1(SYS_NANOSLEEP, req->tv_sec * 1000000000ull + req->tv_nsec));
}

int usleep(unsigned long us)
{
	return (int)__ret(__sc1(SYS_NANOSLEEP, us * 1000ull));
}

unsigned int sleep(unsigned int s)
{
	return __sc1(SYS_NANOSLEEP, s * 1000000000ull) < 0 ? s : 0;
}

/* Directory streams: entries are read SYS_READDIR a batch at a time. */
struct __dir {
	int fd, pos, count;
	struct dirent ents[8];
};

DIR *opendir(const char *path)
{
	char p[4200];
	DIR *d;
	int fd;

	if (snprintf(p, sizeof(p), "%s:d", path) >= (int)sizeof(p)) {
		errno = ENAMETOOLONG;
		return NULL;
	}
	fd = open(p);
	if (fd < 0)
		return NULL;
	d = calloc(1, sizeof(*d));
	if (!d) {
		close(fd);
		return NULL;
	}
	d->fd = fd;
	return d;
}

struct dirent *readdir(DIR *d)
{
	if (d->pos == d->count) {
		long n = __ret(__sc3(SYS_READDIR, d->fd, d->ents, 8));

		if (n <= 0)
			return NULL;
		d->count = (int)n;
		d->pos = 0;
	}
	return &d->ents[d->pos++];
}

int closedir(DIR *d)
{
	int r = close(d->fd);

	free(d);
	return r;
}

int dirfd(DIR *d)
{
	return d->fd;
}
