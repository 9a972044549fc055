/*
 * Threads: each gets an mmap()ed stack (64 KiB and a guard page below it)
 * and a control block at its top; the kernel starts it at __thread_entry
 * (arch.asm), which calls __thread_main. A thread that ends stores
 * done = 1 and wakes its joiner in assembly (__thread_finish) without
 * touching its stack again, so the joiner can unmap it at once.
 * Mutexes are the three-state futex lock (0 free, 1 locked, 2 contended);
 * condition variables wait on a sequence number.
 */
#include <errno.h>
#include <pthread.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include "internal.h"

#define STACK_SIZE (64 * 1024)
#define GUARD	   4096

struct __pthread {
	struct __tcb tcb;
	void *(*fn)(void *);
	void *arg, *ret;
	char *map; /* stack mapping (guard included); NULL for the main thread */
	size_t map_len;
	volatile uint32_t done;
	int detached;
};

void __thread_entry(void);
__attribute__((noreturn)) void __thread_finish(volatile uint32_t *done);

static int threaded; /* set once a second thread has been started */
static pthread_mutex_t malloc_mutex = PTHREAD_MUTEX_INITIALIZER;
static struct __pthread main_thread;

static long futex(volatile uint32_t *addr, int op, uint32_t val)
{
	return __sc4(SYS_FUTEX, addr, op, val, 0);
}

void __malloc_lock(void)
{
	if (threaded)
		pthread_mutex_lock(&malloc_mutex);
}

void __malloc_unlock(void)
{
	if (threaded)
		pthread_mutex_unlock(&malloc_mutex);
}

__attribute__((noreturn)) void __thread_main(struct __pthread *t)
{
	t->tcb.tid = (int)__sc0(SYS_GETTID);
	__tcb_install(&t->tcb);
	t->ret = t->fn(t->arg);
	pthread_exit(t->ret);
}

int pthread_create(pthread_t *out, const pthread_attr_t *attr, void *(*fn)(void *), void *arg)
{
	struct __pthread *t;
	char *map;
	long tid;

	(void)attr;
	map = mmap(NULL, STACK_SIZE + GUARD, PROT_READ | PROT_WRITE,
		   MAP_PRIVATE | MAP_ANONYMOUS | MAP_STACK, -1, 0);
	if (map == MAP_FAILED)
		return EAGAIN;
	if (mprotect(map, GUARD, PROT_NONE) < 0) {
		munmap(map, STACK_SIZE + GUARD);
		return EAGAIN;
	}
	/* the control block sits at the top of the stack */
	t = (struct __pthread *)((uintptr_t)(map + STACK_SIZE + GUARD - sizeof(*t)) &
				 ~(uintptr_t)63);
	memset(t, 0, sizeof(*t));
	t->tcb.thread = t;
	t->fn = fn;
	t->arg = arg;
	t->map = map;
	t->map_len = STACK_SIZE + GUARD;
	threaded = 1;
	tid = __sc3(SYS_THREAD_CREATE, __thread_entry, t, (uintptr_t)t & ~(uintptr_t)15);
	if (tid < 0) {
		munmap(map, STACK_SIZE + GUARD);
		return (int)-tid;
	}
	*out = t;
	return 0;
}

void pthread_exit(void *ret)
{
	struct __pthread *t = __tcb()->thread;

	__stdio_flush_all();
	if (!t || !t->map) /* the main thread: the process ends when the last thread does */
		for (;;)
			__sc1(SYS_THREAD_EXIT, 0);
	t->ret = ret;
	if (t->detached) {
		/* nobody joins: the stack cannot be unmapped by its own thread
		 * while it runs on it, so it is left mapped (like a zombie) */
		for (;;)
			__sc1(SYS_THREAD_EXIT, 0);
	}
	__thread_finish(&t->done);
}

int pthread_join(pthread_t t, void **ret)
{
	if (!t || t == pthread_self())
		return EINVAL;
	if (t->detached)
		return EINVAL;
	while (!t->done)
		futex(&t->done, FUTEX_WAIT, 0);
	if (ret)
		*ret = t->ret;
	munmap(t->map, t->map_len);
	return 0;
}

int pthread_detach(pthread_t t)
{
	if (!t || !t->map)
		return EINVAL;
	t->detached = 1;
	return 0;
}

pthread_t pthread_self(void)
{
	struct __tcb *tcb = __tcb();

	if (!tcb->thread) {
		main_thread.tcb.tid = tcb->tid;
		tcb->thread = &main_thread;
	}
	return tcb->thread;
}

int pthread_equal(pthread_t a, pthread_t b)
{
	return a == b;
}

int pthread_mutex_init(pthread_mutex_t *m, const pthread_mutexattr_t *attr)
{
	(void)attr;
	m->state = 0;
	return 0;
}

int pthread_mutex_destroy(pthread_mutex_t *m)
{
	return m->state ? EBUSY : 0;
}

int pthread_mutex_trylock(pthread_mutex_t *m)
{
	uint32_t zero = 0;

	return __atomic_compare_exchange_n(&m->state, &zero, 1, 0, __ATOMIC_ACQUIRE,
					   __ATOMIC_RELAXED)
		       ? 0
		       : EBUSY;
}

int pthread_mutex_lock(pthread_mutex_t *m)
{
	uint32_t c = 0;

	if (__atomic_compare_exchange_n(&m->state, &c, 1, 0, __ATOMIC_ACQUIRE, __ATOMIC_RELAXED))
		return 0;
	if (c != 2)
		c = __atomic_exchange_n(&m->state, 2, __ATOMIC_ACQUIRE);
	while (c) {
		futex(&m->state, FUTEX_WAIT, 2);
		c = __atomic_exchange_n(&m->state, 2, __ATOMIC_ACQUIRE);
	}
	return 0;
}

int pthread_mutex_unlock(pthread_mutex_t *m)
{
	if (__atomic_exchange_n(&m->state, 0, __ATOMIC_RELEASE) == 2)
		futex(&m->state, FUTEX_WAKE, 1);
	return 0;
}

int pthread_cond_init(pthread_cond_t *c, const pthread_condattr_t *attr)
{
	(void)attr;
	c->seq = 0;
	return 0;
}

int pthread_cond_destroy(pthread_cond_t *c)
{
	(void)c;
	return 0;
}

int pthread_cond_wait(pthread_cond_t *c, pthread_mutex_t *m)
{
	uint32_t seq = __atomic_load_n(&c->seq, __ATOMIC_ACQUIRE);

	pthread_mutex_unlock(m);
	futex(&c->seq, FUTEX_WAIT, seq);
	/* waiters may sleep again on the mutex: take it contended */
	uint32_t s = __atomic_exchange_n(&m->state, 2, __ATOMIC_ACQUIRE);

	while (s) {
		futex(&m->state, FUTEX_WAIT, 2);
		s = __atomic_exchange_n(&m->state, 2, __ATOMIC_ACQUIRE);
	}
	return 0;
}

int pthread_cond_signal(pthread_cond_t *c)
{
	__atomic_fetch_add(&c->seq, 1, __ATOMIC_RELEASE);
	futex(&c->seq, FUTEX_WAKE, 1);
	return 0;
}

int pthread_cond_broadcast(pthread_cond_t *c)
{
	__atomic_fetch_add(&c->seq, 1, __ATOMIC_RELEASE);
	futex(&c->seq, FUTEX_WAKE, 0x7fffffff);
	return 0;
}
