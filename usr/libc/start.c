/*
 * Program start and end: __libc_start (called by _start in arch.asm)
 * reads argc, argv and envp from the startup stack, gives the main thread
 * its control block (%fs), calls main and exits with its result. exit()
 * runs the atexit functions (last registered first) and flushes stdio.
 */
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>
#include "internal.h"

int main(int argc, char **argv, char **envp);

static struct __tcb main_tcb;
static void (*atexit_fns[32])(void);
static int atexit_count;

struct __tcb *__tcb(void)
{
	struct __tcb *t;

	__asm__("mov %%fs:0, %0" : "=r"(t));
	return t;
}

void __tcb_install(struct __tcb *t)
{
	t->self = t;
	__sc1(SYS_SET_TLS, t);
}

int *__errno_location(void)
{
	return &__tcb()->err;
}

__attribute__((noreturn)) void __libc_start(long *sp)
{
	int argc = (int)sp[0];
	char **argv = (char **)(sp + 1);
	char **envp = argv + argc + 1;

	main_tcb.tid = (int)__sc0(SYS_GETTID);
	__tcb_install(&main_tcb);
	__env_init(envp);
	exit(main(argc, argv, envp));
}

int atexit(void (*fn)(void))
{
	if (atexit_count == (int)(sizeof(atexit_fns) / sizeof(atexit_fns[0])))
		return -1;
	atexit_fns[atexit_count++] = fn;
	return 0;
}

void exit(int code)
{
	while (atexit_count > 0)
		atexit_fns[--atexit_count]();
	__stdio_flush_all();
	_exit(code);
}

void _Exit(int code)
{
	_exit(code);
}

void _exit(int code)
{
	for (;;)
		__sc1(SYS_EXIT, code);
}

/* A program that aborts ends with the note "abort" as its status, like one
 * killed by a note. */
void abort(void)
{
	char path[40];
	int fd;

	__stdio_flush_all();
	snprintf(path, sizeof(path), "/proc/%d/ctl:w", getpid());
	fd = (int)__sc1(SYS_OPEN, path);
	if (fd >= 0)
		__sc3(SYS_WRITE, fd, "kill abort", 10);
	for (;;)
		__sc1(SYS_EXIT, 134);
}
