/*
 * Kernel threads (kernel/sched/core.c). thread_create() makes a runnable
 * thread with its own guarded kernel stack; it runs fn(arg) and ends with
 * thread_exit() (returning from fn is the same as thread_exit(0)). A
 * thread is either joined (thread_join reclaims it) or detached (reclaimed
 * by the scheduler once it has exited).
 */
#ifndef LOOM_THREAD_H
#define LOOM_THREAD_H

#include <loom/sched.h>

struct thread *thread_create(const char *name, void (*fn)(void *arg), void *arg, int nice);
/* thread_create, already detached: nothing waits for it. */
int thread_spawn_detached(const char *name, void (*fn)(void *arg), void *arg, int nice);
__noreturn void thread_exit(int code);
/* Wait for t to exit, reclaim it, return its exit code. */
int thread_join(struct thread *t);
void thread_detach(struct thread *t);
/* thread_create, on CPU cpu only (NULL also when cpu is not scheduling). */
struct thread *thread_create_on(const char *name, void (*fn)(void *arg), void *arg, int nice,
				unsigned cpu);
/* Keep a thread not yet started on CPU cpu: 0, -EINVAL, -EBUSY. */
int thread_bind(struct thread *t, unsigned cpu);

struct thread *current_thread(void);
void yield(void);
/* Sleep at least ns nanoseconds. */
void sleep_ns(u64 ns);
/* Make a blocked thread runnable; false if it was not blocked. */
bool thread_wake(struct thread *t);
int thread_set_nice(struct thread *t, int nice);
/* CPU time t has received, up to now (also while it runs on another CPU). */
u64 thread_cpu_ns(struct thread *t);

/* Start the scheduler: the caller becomes the thread "main", the idle
 * thread is made, interrupts are enabled. */
void sched_init(void);
/* At the end of an interrupt: switch if the current thread should give
 * way (its slice ended or a woken thread preempts it). */
void sched_irq_exit(void);
/* Has sched_init run? (An application processor waits for it.) */
bool sched_is_ready(void);
/* An application processor joins the scheduler: never returns. */
__noreturn void sched_enter_cpu(void);

struct sched_stats {
	u64 switches;
	u64 threads_created;
	u64 threads_reclaimed;
	u64 migrations; /* threads moved between CPUs by balancing */
	unsigned nr_running;
	unsigned nr_threads;
	const char *class_name;
};
void sched_get_stats(struct sched_stats *st);

#endif
