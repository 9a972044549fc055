/* Threads: create and join with results, a mutex-protected counter, a
 * condition variable hand-off, per-thread errno. */
#include <errno.h>
#include <pthread.h>
#include <sched.h>
#include <unistd.h>
#include "utest.h"

static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t cond = PTHREAD_COND_INITIALIZER;
static long counter;
static int ready;

static void *add(void *arg)
{
	for (int i = 0; i < 10000; i++) {
		pthread_mutex_lock(&lock);
		counter++;
		pthread_mutex_unlock(&lock);
		if (i % 1000 == 0)
			sched_yield();
	}
	return arg;
}

UT_CASE(create_join_mutex)
{
	pthread_t t[4];
	void *ret;

	for (long i = 0; i < 4; i++)
		UT_EXPECT_EQ(pthread_create(&t[i], NULL, add, (void *)i), 0);
	for (long i = 0; i < 4; i++) {
		UT_EXPECT_EQ(pthread_join(t[i], &ret), 0);
		UT_EXPECT_EQ((long)ret, i);
	}
	UT_EXPECT_EQ(counter, 40000);
}

static void *waiter(void *arg)
{
	pthread_mutex_lock(&lock);
	while (!ready)
		pthread_cond_wait(&cond, &lock);
	pthread_mutex_unlock(&lock);
	return (void *)42;
}

UT_CASE(condvar)
{
	pthread_t t;
	void *ret;

	UT_EXPECT_EQ(pthread_create(&t, NULL, waiter, NULL), 0);
	usleep(1000);
	pthread_mutex_lock(&lock);
	ready = 1;
	pthread_cond_broadcast(&cond);
	pthread_mutex_unlock(&lock);
	UT_EXPECT_EQ(pthread_join(t, &ret), 0);
	UT_EXPECT_EQ((long)ret, 42);
}

static void *set_errno(void *arg)
{
	errno = 77;
	return (void *)(long)errno;
}

UT_CASE(errno_per_thread)
{
	pthread_t t;
	void *ret;

	errno = 5;
	UT_EXPECT_EQ(pthread_create(&t, NULL, set_errno, NULL), 0);
	UT_EXPECT_EQ(pthread_join(t, &ret), 0);
	UT_EXPECT_EQ((long)ret, 77);
	UT_EXPECT_EQ(errno, 5);
	UT_EXPECT(pthread_self() == pthread_self());
}

UT_MAIN(libc_pthread, UT(create_join_mutex), UT(condvar), UT(errno_per_thread))
