/*
 * Buffered streams. A FILE has one buffer used for reading or writing;
 * switching direction flushes (writes) or drops read-ahead (seeking back).
 * fopen's modes map to path flags: "r" -> ":r", "w" ->
 * ":w:create:truncate", "a" -> ":w:create:append", "+" adds the other
 * permission. stdin, stdout and stderr are line-buffered when they are
 * the console, fully buffered otherwise (stderr: unbuffered on files).
 * Streams are not locked: share one between threads with your own lock.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <loom.h>
#include "internal.h"

struct __file {
	int fd;
	int mode; /* _IOFBF, _IOLBF, _IONBF */
	int eof, err;
	int writing; /* the buffer holds data to write */
	int owned_buf;
	int ungot; /* pushed-back character or -1 */
	char *buf;
	size_t size;
	size_t pos, len;  /* reading: buf[pos..len); writing: buf[0..pos) */
	int line_checked; /* std streams decide their buffering lazily */
	struct __file *next;
};

static struct __file std_files[3] = {
	{ .fd = 0, .mode = _IOLBF, .ungot = -1 },
	{ .fd = 1, .mode = _IOLBF, .ungot = -1 },
	{ .fd = 2, .mode = _IONBF, .ungot = -1 },
};
FILE *stdin = &std_files[0], *stdout = &std_files[1], *stderr = &std_files[2];
static struct __file *open_files;

static int std_setup(FILE *f)
{
	if (f->line_checked)
		return 0;
	f->line_checked = 1;
	if (f < std_files || f > std_files + 2)
		return 0;
	if (!isatty(f->fd) && f->fd != 2)
		f->mode = _IOFBF;
	return 0;
}

static int get_buf(FILE *f)
{
	if (f->buf || f->mode == _IONBF)
		return 0;
	f->buf = malloc(BUFSIZ);
	if (!f->buf) {
		f->mode = _IONBF;
		return 0;
	}
	f->owned_buf = 1;
	f->size = BUFSIZ;
	return 0;
}

static int write_all(FILE *f, const char *p, size_t n)
{
	while (n) {
		ssize_t w = write(f->fd, p, n);

		if (w <= 0) {
			f->err = 1;
			return EOF;
		}
		p += w;
		n -= w;
	}
	return 0;
}

static int flush_one(FILE *f)
{
	if (f->writing) {
		size_t n = f->pos;

		f->pos = 0;
		f->writing = 0;
		return write_all(f, f->buf, n);
	}
	if (f->len > f->pos) /* unread input: move the file back to where the reader is */
		lseek(f->fd, -(off_t)(f->len - f->pos), SEEK_CUR);
	f->pos = f->len = 0;
	return 0;
}

int fflush(FILE *f)
{
	int r = 0;

	if (f)
		return f->writing ? flush_one(f) : 0;
	for (int i = 0; i < 3; i++)
		if (std_files[i].writing && flush_one(&std_files[i]))
			r = EOF;
	for (f = open_files; f; f = f->next)
		if (f->writing && flush_one(f))
			r = EOF;
	return r;
}

void __stdio_flush_all(void)
{
	fflush(NULL);
}

static FILE *new_file(int fd)
{
	FILE *f = calloc(1, sizeof(*f));

	if (!f)
		return NULL;
	f->fd = fd;
	f->mode = _IOFBF;
	f->ungot = -1;
	f->line_checked = 1;
	f->next = open_files;
	open_files = f;
	return f;
}

static const char *mode_flags(const char *mode)
{
	int plus = strchr(mode, '+') != NULL;

	switch (mode[0]) {
	case 'r': return plus ? ":rw" : ":r";
	case 'w': return plus ? ":rw:create:truncate" : ":w:create:truncate";
	case 'a': return plus ? ":rw:create:append" : ":w:create:append";
	}
	return NULL;
}

FILE *fopen(const char *path, const char *mode)
{
	const char *flags = mode_flags(mode);
	char *p;
	FILE *f;
	int fd;

	if (!flags) {
		errno = EINVAL;
		return NULL;
	}
	p = malloc(strlen(path) + strlen(flags) + 1);
	if (!p)
		return NULL;
	strcpy(p, path);
	strcat(p, flags);
	fd = open(p);
	free(p);
	if (fd < 0)
		return NULL;
	f = new_file(fd);
	if (!f)
		close(fd);
	return f;
}

FILE *fdopen(int fd, const char *mode)
{
	if (!mode_flags(mode)) {
		errno = EINVAL;
		return NULL;
	}
	return new_file(fd);
}

int fclose(FILE *f)
{
	int r = fflush(f);

	if (close(f->fd) < 0)
		r = EOF;
	if (f >= std_files && f <= std_files + 2) {
		f->fd = -1;
		return r;
	}
	for (FILE **pp = &open_files; *pp; pp = &(*pp)->next)
		if (*pp == f) {
			*pp = f->next;
			break;
		}
	if (f->owned_buf)
		free(f->buf);
	free(f);
	return r;
}

int setvbuf(FILE *f, char *buf, int mode, size_t size)
{
	if (mode != _IOFBF && mode != _IOLBF && mode != _IONBF) {
		errno = EINVAL;
		return -1;
	}
	fflush(f);
	if (f->owned_buf)
		free(f->buf);
	f->owned_buf = 0;
	f->buf = NULL;
	f->size = 0;
	f->mode = mode;
	f->line_checked = 1;
	if (mode != _IONBF && buf && size) {
		f->buf = buf;
		f->size = size;
	}
	return 0;
}

void setbuf(FILE *f, char *buf)
{
	setvbuf(f, buf, buf ? _IOFBF : _IONBF, BUFSIZ);
}

size_t fwrite(const void *vp, size_t size, size_t n, FILE *f)
{
	const char *p = vp;
	size_t total = size * n, done = 0;

	if (!total)
		return 0;
	std_setup(f);
	if (!f->writing && f->len)
		flush_one(f); /* drop read-ahead */
	get_buf(f);
	if (f->mode == _IONBF || !f->buf)
		return write_all(f, p, total) ? 0 : n;
	while (done < total) {
		size_t room = f->size - f->pos, m = total - done < room ? total - done : room;

		if (!f->pos && total - done >= f->size) { /* large: straight through */
			if (write_all(f, p + done, total - done))
				return done / size;
			done = total;
			break;
		}
		memcpy(f->buf + f->pos, p + done, m);
		f->pos += m;
		f->writing = 1;
		done += m;
		if (f->pos == f->size && flush_one(f))
			return done / size;
	}
	if (f->mode == _IOLBF && f->writing && memchr(p, '\n', total) && flush_one(f))
		return 0;
	return n;
}

static ssize_t fill(FILE *f)
{
	ssize_t r;

	std_setup(f);
	if (f->writing && flush_one(f))
		return -1;
	if (f == stdin)
		fflush(stdout); /* a prompt shows before we wait for input */
	get_buf(f);
	if (!f->buf) {
		static char one; /* unbuffered: a byte at a time */

		f->buf = &one;
		f->size = 1;
	}
	r = read(f->fd, f->buf, f->size);
	if (r <= 0) {
		if (r == 0)
			f->eof = 1;
		else
			f->err = 1;
		return r;
	}
	f->pos = 0;
	f->len = r;
	return r;
}

int fgetc(FILE *f)
{
	if (f->ungot >= 0) {
		int c = f->ungot;

		f->ungot = -1;
		return c;
	}
	if (f->pos == f->len && fill(f) <= 0)
		return EOF;
	return (unsigned char)f->buf[f->pos++];
}

int getc(FILE *f)
{
	return fgetc(f);
}
int getchar(void)
{
	return fgetc(stdin);
}

int ungetc(int c, FILE *f)
{
	if (c == EOF || f->ungot >= 0)
		return EOF;
	f->ungot = (unsigned char)c;
	f->eof = 0;
	return c;
}

size_t fread(void *vp, size_t size, size_t n, FILE *f)
{
	char *p = vp;
	size_t total = size * n, done = 0;

	if (!total)
		return 0;
	if (f->ungot >= 0) {
		p[done++] = (char)f->ungot;
		f->ungot = -1;
	}
	while (done < total) {
		if (f->pos == f->len) {
			if (total - done >= BUFSIZ) { /* large: straight into the caller's buffer */
				ssize_t r;

				std_setup(f);
				if (f->writing && flush_one(f))
					break;
				r = read(f->fd, p + done, total - done);
				if (r <= 0) {
					if (r == 0)
						f->eof = 1;
					else
						f->err = 1;
					break;
				}
				done += r;
				continue;
			}
			if (fill(f) <= 0)
				break;
		}
		size_t m = f->len - f->pos < total - done ? f->len - f->pos : total - done;

		memcpy(p + done, f->buf + f->pos, m);
		f->pos += m;
		done += m;
	}
	return done / size;
}

char *fgets(char *s, int size, FILE *f)
{
	int i = 0;

	if (size <= 0)
		return NULL;
	while (i < size - 1) {
		int c = fgetc(f);

		if (c == EOF)
			break;
		s[i++] = (char)c;
		if (c == '\n')
			break;
	}
	s[i] = 0;
	return i ? s : NULL;
}

int fputc(int c, FILE *f)
{
	char ch = (char)c;

	return fwrite(&ch, 1, 1, f) == 1 ? (unsigned char)c : EOF;
}

int putc(int c, FILE *f)
{
	return fputc(c, f);
}
int putchar(int c)
{
	return fputc(c, stdout);
}

int fputs(const char *s, FILE *f)
{
	size_t n = strlen(s);

	return fwrite(s, 1, n, f) == n || !n ? 0 : EOF;
}

int puts(const char *s)
{
	return fputs(s, stdout) == EOF || fputc('\n', stdout) == EOF ? EOF : 0;
}

int fseek(FILE *f, long off, int whence)
{
	if (f->writing && flush_one(f))
		return -1;
	if (whence == SEEK_CUR)
		off -= (long)(f->len - f->pos) + (f->ungot >= 0);
	f->pos = f->len = 0;
	f->ungot = -1;
	if (lseek(f->fd, off, whence) < 0)
		return -1;
	f->eof = 0;
	return 0;
}

long ftell(FILE *f)
{
	off_t at = lseek(f->fd, 0, SEEK_CUR);

	if (at < 0)
		return -1;
	if (f->writing)
		return at + (long)f->pos;
	return at - (long)(f->len - f->pos) - (f->ungot >= 0);
}

void rewind(FILE *f)
{
	fseek(f, 0, SEEK_SET);
	f->err = 0;
}

int feof(FILE *f)
{
	return f->eof;
}
int ferror(FILE *f)
{
	return f->err;
}
void clearerr(FILE *f)
{
	f->eof = f->err = 0;
}
int fileno(FILE *f)
{
	return f->fd;
}

void perror(const char *s)
{
	int e = errno;

	if (s && *s)
		fprintf(stderr, "%s: %s\n", s, strerror(e));
	else
		fprintf(stderr, "%s\n", strerror(e));
}

/* Formatted output into a stream: pieces go through fwrite, so buffering
 * and line flushing work as for any write. */
static void file_out(void *ctx, const char *s, size_t n)
{
	fwrite(s, 1, n, ctx);
}

int vfprintf(FILE *f, const char *fmt, va_list ap)
{
	std_setup(f);
	if (f->mode == _IONBF) {
		/* an unbuffered stream gets a short message in one write */
		char small[512];
		va_list ap2;
		int len;

		va_copy(ap2, ap);
		len = vsnprintf(small, sizeof(small), fmt, ap2);
		va_end(ap2);
		if (len < (int)sizeof(small))
			return write_all(f, small, len) ? -1 : len;
	}
	int n = __vformat(file_out, f, fmt, ap);

	return f->err ? -1 : n;
}

int fprintf(FILE *f, const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vfprintf(f, fmt, ap);
	va_end(ap);
	return n;
}

int vprintf(const char *fmt, va_list ap)
{
	return vfprintf(stdout, fmt, ap);
}

int printf(const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vfprintf(stdout, fmt, ap);
	va_end(ap);
	return n;
}

struct fd_sink {
	int fd, err;
	size_t len;
	char buf[256];
};

static void fd_out(void *ctx, const char *s, size_t n)
{
	struct fd_sink *k = ctx;

	while (n) {
		size_t m = sizeof(k->buf) - k->len < n ? sizeof(k->buf) - k->len : n;

		memcpy(k->buf + k->len, s, m);
		k->len += m;
		s += m;
		n -= m;
		if (k->len == sizeof(k->buf)) {
			if (write(k->fd, k->buf, k->len) != (ssize_t)k->len)
				k->err = 1;
			k->len = 0;
		}
	}
}

int vdprintf(int fd, const char *fmt, va_list ap)
{
	struct fd_sink k = { .fd = fd };
	int n = __vformat(fd_out, &k, fmt, ap);

	if (k.len && write(fd, k.buf, k.len) != (ssize_t)k.len)
		k.err = 1;
	return k.err ? -1 : n;
}

int dprintf(int fd, const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vdprintf(fd, fmt, ap);
	va_end(ap);
	return n;
}
