/*
 * Read-write locks, sequence locks and futex wait/wake: readers never see a
 * half-done write, writers are exclusive, futex waiters wake only for their
 * address, a changed word refuses to sleep, and a timeout expires.
 */
#include <loom/futex.h>
#include <loom/ktest.h>
#include <loom/rwlock.h>
#include <loom/rwsem.h>
#include <loom/thread.h>
#include <loom/time.h>
#include <uapi/loom/errno.h>

static rwlock_t rw = RWLOCK_INIT;
static seqlock_t sq = SEQLOCK_INIT;
static volatile u64 pa, pb; /* always equal outside a write under rw */
static volatile u64 sa, sb; /* always equal outside a write under sq */
static volatile int torn, done_writers;

static void rw_writer(void *arg)
{
	for (int i = 0; i < 3000; i++) {
		write_lock(&rw);
		pa++;
		if (i % 16 == 0)
			__asm__ volatile("pause");
		pb++;
		write_unlock(&rw);
		write_seqlock(&sq);
		sa++;
		sb++;
		write_sequnlock(&sq);
	}
	__atomic_fetch_add(&done_writers, 1, __ATOMIC_RELAXED);
}

static void rw_reader(void *arg)
{
	while (READ_ONCE(done_writers) < 2) {
		u64 a, b;
		u32 s;

		read_lock(&rw);
		if (pa != pb)
			torn++;
		read_unlock(&rw);
		do {
			s = read_seqbegin(&sq);
			a = sa;
			b = sb;
		} while (read_seqretry(&sq, s));
		if (a != b)
			torn++;
		yield();
	}
}

static void readers_never_see_torn_writes(struct ktest *t)
{
	struct thread *th[4];

	pa = pb = sa = sb = 0;
	torn = done_writers = 0;
	th[0] = thread_create("rw-writer", rw_writer, NULL, 0);
	th[1] = thread_create("rw-writer", rw_writer, NULL, 0);
	th[2] = thread_create("rw-reader", rw_reader, NULL, 0);
	th[3] = thread_create("rw-reader", rw_reader, NULL, 0);
	for (int i = 0; i < 4; i++)
		KASSERT_TRUE(t, th[i] != NULL);
	for (int i = 0; i < 4; i++)
		thread_join(th[i]);
	KEXPECT_EQ(t, torn, 0);
	KEXPECT_EQ(t, pa, 6000);
	KEXPECT_EQ(t, pb, 6000);
	KEXPECT_EQ(t, sa, 6000);
	KEXPECT_EQ(t, sb, 6000);
	KEXPECT_EQ(t, rw.state, 0);
}

static u32 word;
static volatile int waker_result;

static void futex_waiter(void *arg)
{
	waker_result = futex_wait(NULL, (u64)(uintptr_t)&word, 0, 0);
}

static void futex_wait_wake(struct ktest *t)
{
	static u32 other;
	struct thread *w;

	word = 0;
	waker_result = 1;
	w = thread_create("futex-waiter", futex_waiter, NULL, 0);
	KASSERT_TRUE(t, w != NULL);
	/* Let it reach the wait (on another CPU that may take a while). */
	for (int i = 0; i < 1000 && READ_ONCE(w->state) != THREAD_BLOCKED; i++)
		sleep_ns(NSEC_PER_MSEC);
	sleep_ns(NSEC_PER_MSEC);
	KEXPECT_EQ(t, waker_result, 1);
	KEXPECT_EQ(t, futex_wake(NULL, (u64)(uintptr_t)&other, 1), 0); /* another word */
	__atomic_store_n(&word, 1, __ATOMIC_RELEASE);
	KEXPECT_EQ(t, futex_wake(NULL, (u64)(uintptr_t)&word, 1), 1);
	thread_join(w);
	KEXPECT_EQ(t, waker_result, 0);
	/* The word changed: no sleep at all. */
	KEXPECT_EQ(t, futex_wait(NULL, (u64)(uintptr_t)&word, 0, 0), -EAGAIN);
	/* Nobody wakes: the timeout ends the wait. */
	KEXPECT_EQ(t, futex_wait(NULL, (u64)(uintptr_t)&word, 1, NSEC_PER_MSEC), -ETIMEDOUT);
	KEXPECT_EQ(t, futex_wait(NULL, (u64)(uintptr_t)&word + 1, 1, 0), -EINVAL);
}

static struct rwsem sem = RWSEM_INIT;
static volatile int inside, max_inside, sem_torn, sem_writer_done;
static volatile u64 qa, qb; /* equal outside a write under sem */

/* Readers sleep inside: others must get in beside them. */
static void sem_reader(void *arg)
{
	for (int i = 0; i < 40; i++) {
		int n;

		down_read(&sem);
		n = __atomic_add_fetch(&inside, 1, __ATOMIC_RELAXED);
		if (n > max_inside)
			max_inside = n;
		if (qa != qb)
			sem_torn++;
		sleep_ns(100 * NSEC_PER_USEC);
		if (qa != qb)
			sem_torn++;
		__atomic_sub_fetch(&inside, 1, __ATOMIC_RELAXED);
		up_read(&sem);
	}
}

static void sem_writer(void *arg)
{
	for (int i = 0; i < 200; i++) {
		down_write(&sem);
		if (READ_ONCE(inside))
			sem_torn++;
		qa++;
		if (i % 8 == 0)
			yield();
		qb++;
		up_write(&sem);
	}
}

static void rwsem_readers_share_writers_exclusive(struct ktest *t)
{
	struct thread *th[4];

	inside = max_inside = sem_torn = 0;
	qa = qb = 0;
	th[0] = thread_create("sem-reader", sem_reader, NULL, 0);
	th[1] = thread_create("sem-reader", sem_reader, NULL, 0);
	th[2] = thread_create("sem-reader", sem_reader, NULL, 0);
	th[3] = thread_create("sem-writer", sem_writer, NULL, 0);
	for (int i = 0; i < 4; i++)
		KASSERT_TRUE(t, th[i] != NULL);
	for (int i = 0; i < 4; i++)
		thread_join(th[i]);
	KEXPECT_EQ(t, sem_torn, 0);
	KEXPECT_EQ(t, qa, 200);
	KEXPECT_EQ(t, qb, 200);
	KEXPECT_TRUE(t, max_inside >= 2); /* they sleep inside: others enter */
	KEXPECT_EQ(t, sem.state, 0);
	KEXPECT_EQ(t, sem.writers_waiting, 0);
}

static void sem_write_once(void *arg)
{
	down_write(&sem);
	sem_writer_done = 1;
	up_write(&sem);
}

/* A waiting writer keeps new readers out, and gets in when the readers
 * inside leave. */
static void rwsem_waiting_writer_goes_first(struct ktest *t)
{
	struct thread *w;

	sem_writer_done = 0;
	down_read(&sem);
	w = thread_create("sem-writer", sem_write_once, NULL, 0);
	if (!KEXPECT_TRUE(t, w != NULL)) {
		up_read(&sem);
		return;
	}
	for (int i = 0; i < 1000 && !READ_ONCE(sem.writers_waiting); i++)
		sleep_ns(NSEC_PER_MSEC);
	KEXPECT_EQ(t, sem.writers_waiting, 1);
	KEXPECT_TRUE(t, !down_read_trylock(&sem));
	KEXPECT_TRUE(t, !down_write_trylock(&sem));
	KEXPECT_EQ(t, sem_writer_done, 0);
	up_read(&sem);
	thread_join(w);
	KEXPECT_EQ(t, sem_writer_done, 1);
	KEXPECT_TRUE(t, down_read_trylock(&sem));
	KEXPECT_TRUE(t, !down_write_trylock(&sem));
	up_read(&sem);
	KEXPECT_TRUE(t, down_write_trylock(&sem));
	KEXPECT_TRUE(t, rwsem_is_write_locked(&sem));
	KEXPECT_TRUE(t, !down_read_trylock(&sem));
	up_write(&sem);
	KEXPECT_EQ(t, sem.state, 0);
}

KTEST_SUITE(sync, KTEST_CASE(readers_never_see_torn_writes), KTEST_CASE(futex_wait_wake),
	    KTEST_CASE(rwsem_readers_share_writers_exclusive),
	    KTEST_CASE(rwsem_waiting_writer_goes_first));
