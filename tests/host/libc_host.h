/* The user-space C library's pure functions as host tests see them: u_
 * names (tests/host/uname.h), compiled from usr/libc with its own headers.
 * The test provides u_mmap, u_munmap, u_write, u_abort and
 * u_errno_location, __malloc_lock and __malloc_unlock. */
#ifndef LOOM_LIBC_HOST_H
#define LOOM_LIBC_HOST_H

#include <stdarg.h>
#include <stddef.h>

/* The host's own functions under their real names (kname.h, forced into
 * every test, renamed them for the kernel's copies). */
#undef memcpy
#undef memmove
#undef memset
#undef memcmp
#undef strlen
#undef strnlen
#undef strcmp
#undef strncmp
#undef strchr
#undef snprintf
#undef vsnprintf
void *memcpy(void *dst, const void *src, size_t n);
void *memmove(void *dst, const void *src, size_t n);
void *memset(void *dst, int c, size_t n);
int memcmp(const void *a, const void *b, size_t n);
size_t strlen(const char *s);
int strcmp(const char *a, const char *b);
int strncmp(const char *a, const char *b, size_t n);
char *strchr(const char *s, int c);
int snprintf(char *buf, size_t size, const char *fmt, ...);

int u_snprintf(char *buf, size_t size, const char *fmt, ...);
int u_vsnprintf(char *buf, size_t size, const char *fmt, va_list ap);
long u_strtol(const char *s, char **end, int base);
unsigned long u_strtoul(const char *s, char **end, int base);
long long u_strtoll(const char *s, char **end, int base);
unsigned long long u_strtoull(const char *s, char **end, int base);
double u_strtod(const char *s, char **end);
int u_atoi(const char *s);
void u_qsort(void *base, size_t n, size_t size, int (*cmp)(const void *, const void *));
void *u_bsearch(const void *key, const void *base, size_t n, size_t size,
		int (*cmp)(const void *, const void *));
void *u_malloc(size_t n);
void *u_calloc(size_t count, size_t size);
void *u_realloc(void *p, size_t n);
void u_free(void *p);
size_t u_malloc_usable_size(void *p);
void *u_memcpy(void *dst, const void *src, size_t n);
void *u_memmove(void *dst, const void *src, size_t n);
void *u_memset(void *dst, int c, size_t n);
int u_memcmp(const void *a, const void *b, size_t n);
size_t u_strlen(const char *s);
int u_strcmp(const char *a, const char *b);
int u_strncmp(const char *a, const char *b, size_t n);
char *u_strchr(const char *s, int c);
char *u_strrchr(const char *s, int c);
char *u_strstr(const char *h, const char *n);
size_t u_strlcpy(char *dst, const char *src, size_t size);
size_t u_strlcat(char *dst, const char *src, size_t size);
size_t u_strspn(const char *s, const char *a);
size_t u_strcspn(const char *s, const char *r);
char *u_strtok_r(char *s, const char *d, char **save);
int u_strcasecmp(const char *a, const char *b);
double u_floor(double x);
double u_ceil(double x);
double u_sqrt(double x);
double u_fmod(double x, double y);
double u_exp(double x);
double u_log(double x);
double u_pow(double x, double y);

#endif
