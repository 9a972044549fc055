/* Loom's own interface (include/loom.h): spawn and wait through /proc,
 * whole-file string helpers, F(), note handlers. */
#include <loom.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "internal.h"

pid_t spawn(const char *const argv[], unsigned long flags)
{
	return (pid_t)__ret(__sc2(SYS_SPAWN, argv, flags));
}

int proc_wait(pid_t pid, char *buf, size_t size)
{
	int fd = open(F("/proc/%d/wait:r", pid));
	ssize_t n;

	if (fd < 0)
		return -1;
	n = read(fd, buf, size - 1);
	close(fd);
	if (n < 0)
		return -1;
	buf[n] = 0;
	if (n && buf[n - 1] == '\n')
		buf[--n] = 0;
	return (int)n;
}

int status_code(const char *status)
{
	char *end;
	long v = strtol(status, &end, 10);

	if (end == status || *end)
		return -1;
	return (int)v;
}

int proc_ctl(pid_t pid, const char *cmd)
{
	return swritefile(F("/proc/%d/ctl:w", pid), cmd);
}

int proc_setenv(pid_t pid, const char *name, const char *value)
{
	return swritefile(F("/proc/%d/env/%s:create:w", pid, name), value);
}

char *sread(int fd)
{
	size_t cap = 256, len = 0;
	char *buf = malloc(cap);

	if (!buf)
		return NULL;
	for (;;) {
		ssize_t n;

		if (len + 1 == cap) {
			char *b = realloc(buf, cap * 2);

			if (!b)
				goto fail;
			buf = b;
			cap *= 2;
		}
		n = read(fd, buf + len, cap - 1 - len);
		if (n < 0)
			goto fail;
		if (n == 0)
			break;
		len += n;
	}
	buf[len] = 0;
	return buf;
fail:
	free(buf);
	return NULL;
}

int swrite(int fd, const char *str)
{
	size_t n = strlen(str);

	while (n) {
		ssize_t w = write(fd, str, n);

		if (w < 0)
			return -1;
		if (w == 0) {
			errno = EIO;
			return -1;
		}
		str += w;
		n -= w;
	}
	return 0;
}

char *sreadfile(const char *path)
{
	int fd = open(path);
	char *s;
	int e;

	if (fd < 0)
		return NULL;
	s = sread(fd);
	e = errno;
	close(fd);
	errno = e;
	return s;
}

int swritefile(const char *path, const char *str)
{
	int fd = open(path), r, e;

	if (fd < 0)
		return -1;
	r = swrite(fd, str);
	e = errno;
	if (close(fd) < 0 && !r)
		return -1;
	errno = e;
	return r;
}

char *__fmt_into(char *buf, size_t size, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(buf, size, fmt, ap);
	va_end(ap);
	return buf;
}

void __note_entry(const char *note);
static note_handler_t note_handler;

void __note_dispatch(const char *note)
{
	int saved = errno; /* the interrupted code's errno survives */

	if (note_handler)
		note_handler(note);
	errno = saved;
}

int notify(note_handler_t handler)
{
	note_handler = handler;
	return (int)__ret(__sc1(SYS_NOTE_HANDLER, handler ? __note_entry : NULL));
}

int share(char *key, size_t size, int fd, unsigned long long timeout_ns)
{
	return (int)__ret(__sc4(SYS_SHARE, key, size, fd, timeout_ns));
}

int claim(const char *key)
{
	return (int)__ret(__sc1(SYS_CLAIM, key));
}
