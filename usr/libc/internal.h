/*
 * Private to the C library: raw system calls (number in rax, arguments in
 * rdi rsi rdx r10 r8 r9, result or -errno in rax), the thread control
 * block every thread's %fs points at, and hooks between the parts.
 */
#ifndef LIBC_INTERNAL_H
#define LIBC_INTERNAL_H

#include <errno.h>
#include <loom/syscall.h>
#include <stddef.h>

static inline long __sc(long n, long a, long b, long c, long d)
{
	long r;
	register long r10 __asm__("r10") = d;

	__asm__ volatile("syscall"
			 : "=a"(r)
			 : "a"(n), "D"(a), "S"(b), "d"(c), "r"(r10)
			 : "rcx", "r11", "memory");
	return r;
}
/* Six arguments (mmap): the fifth and sixth in r8 and r9. */
static inline long __sc6(long n, long a, long b, long c, long d, long e, long f)
{
	long r;
	register long r10 __asm__("r10") = d;
	register long r8 __asm__("r8") = e;
	register long r9 __asm__("r9") = f;

	__asm__ volatile("syscall"
			 : "=a"(r)
			 : "a"(n), "D"(a), "S"(b), "d"(c), "r"(r10), "r"(r8), "r"(r9)
			 : "rcx", "r11", "memory");
	return r;
}
#define __sc0(n)	     __sc(n, 0, 0, 0, 0)
#define __sc1(n, a)	     __sc(n, (long)(a), 0, 0, 0)
#define __sc2(n, a, b)	     __sc(n, (long)(a), (long)(b), 0, 0)
#define __sc3(n, a, b, c)    __sc(n, (long)(a), (long)(b), (long)(c), 0)
#define __sc4(n, a, b, c, d) __sc(n, (long)(a), (long)(b), (long)(c), (long)(d))

/* A system call's result for C: -errno becomes -1 with errno set. */
static inline long __ret(long r)
{
	if (r < 0 && r > -4096) {
		errno = (int)-r;
		return -1;
	}
	return r;
}

/* The thread control block: %fs:0 holds its own address. */
struct __tcb {
	struct __tcb *self;
	int err;
	int tid;
	struct __pthread *thread; /* NULL for the main thread before pthread_self */
};

struct __tcb *__tcb(void);
void __tcb_install(struct __tcb *t);

/* The allocator's lock (pthread.c): no-ops until a second thread exists. */
void __malloc_lock(void);
void __malloc_unlock(void);

/* stdio.c: flush every stream (exit). */
void __stdio_flush_all(void);
/* env.c: take the environment from the startup stack. */
void __env_init(char **envp);

/* fmt.c: the formatter behind every printf; out() receives pieces. */
typedef void (*__fmt_out)(void *ctx, const char *s, size_t n);
int __vformat(__fmt_out out, void *ctx, const char *fmt, __builtin_va_list ap);

#endif
