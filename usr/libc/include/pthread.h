/* Threads (SYS_THREAD_CREATE) and futex-based mutexes and condition
 * variables (usr/libc/pthread.c). Attributes are not supported: pass NULL. */
#ifndef _PTHREAD_H
#define _PTHREAD_H

#include <stddef.h>

typedef struct __pthread *pthread_t;
typedef struct {
	int unused;
} pthread_attr_t, pthread_mutexattr_t, pthread_condattr_t;

typedef struct {
	unsigned int state; /* 0 free, 1 locked, 2 locked with waiters */
} pthread_mutex_t;

typedef struct {
	unsigned int seq; /* bumped by every signal and broadcast */
} pthread_cond_t;

#define PTHREAD_MUTEX_INITIALIZER \
	{                         \
		0                 \
	}
#define PTHREAD_COND_INITIALIZER \
	{                        \
		0                \
	}

int pthread_create(pthread_t *t, const pthread_attr_t *attr, void *(*fn)(void *), void *arg);
int pthread_join(pthread_t t, void **ret);
int pthread_detach(pthread_t t);
pthread_t pthread_self(void);
int pthread_equal(pthread_t a, pthread_t b);
__attribute__((noreturn)) void pthread_exit(void *ret);

int pthread_mutex_init(pthread_mutex_t *m, const pthread_mutexattr_t *attr);
int pthread_mutex_destroy(pthread_mutex_t *m);
int pthread_mutex_lock(pthread_mutex_t *m);
int pthread_mutex_trylock(pthread_mutex_t *m);
int pthread_mutex_unlock(pthread_mutex_t *m);

int pthread_cond_init(pthread_cond_t *c, const pthread_condattr_t *attr);
int pthread_cond_destroy(pthread_cond_t *c);
int pthread_cond_wait(pthread_cond_t *c, pthread_mutex_t *m);
int pthread_cond_signal(pthread_cond_t *c);
int pthread_cond_broadcast(pthread_cond_t *c);

#endif
