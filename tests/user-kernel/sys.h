/*
 * Raw system calls and a few helpers for the kernel's own user-mode test
 * programs (freestanding: no C library). The ABI is uapi/loom/syscall.h.
 */
#ifndef UTEST_SYS_H
#define UTEST_SYS_H

#include <uapi/loom/errno.h>
#include <uapi/loom/syscall.h>

typedef unsigned long u64;
typedef long s64;
typedef unsigned int u32;

static inline s64 sc6(u64 nr, u64 a, u64 b, u64 c, u64 d, u64 e, u64 f)
{
	register u64 r10 __asm__("r10") = d, r8 __asm__("r8") = e, r9 __asm__("r9") = f;
	s64 ret;

	__asm__ volatile("syscall"
			 : "=a"(ret)
			 : "a"(nr), "D"(a), "S"(b), "d"(c), "r"(r10), "r"(r8), "r"(r9)
			 : "rcx", "r11", "memory");
	return ret;
}
#define sc0(n)		   sc6(n, 0, 0, 0, 0, 0, 0)
#define sc1(n, a)	   sc6(n, (u64)(a), 0, 0, 0, 0, 0)
#define sc2(n, a, b)	   sc6(n, (u64)(a), (u64)(b), 0, 0, 0, 0)
#define sc3(n, a, b, c)	   sc6(n, (u64)(a), (u64)(b), (u64)(c), 0, 0, 0)
#define sc4(n, a, b, c, d) sc6(n, (u64)(a), (u64)(b), (u64)(c), (u64)(d), 0, 0)

static inline u64 slen(const char *s)
{
	u64 n = 0;

	while (s[n])
		n++;
	return n;
}

static inline int seq(const char *a, const char *b)
{
	while (*a && *a == *b)
		a++, b++;
	return *a == *b;
}

static inline void puts1(const char *s)
{
	sc3(SYS_WRITE, 1, s, slen(s));
}

static inline void putnum(s64 v)
{
	char buf[24], *p = buf + sizeof(buf);
	u64 u = v < 0 ? -(u64)v : (u64)v;

	*--p = 0;
	do
		*--p = (char)('0' + u % 10);
	while (u /= 10);
	if (v < 0)
		*--p = '-';
	puts1(p);
}

__attribute__((noreturn)) static inline void sys_exit(int code)
{
	sc1(SYS_EXIT, code);
	__builtin_unreachable();
}

#endif
