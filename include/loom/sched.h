/*
 * Threads and scheduling (kernel/sched/). A thread is a kernel stack, saved
 * registers and FPU state, and scheduling data; processes (later) group
 * threads with an address space. Each CPU has a run queue; which thread
 * runs next is decided by the scheduling class chosen in Kconfig (EEVDF or
 * round-robin), a const struct sched_class. The scheduler is tickless: the
 * timer is programmed for the end of the current slice or the next timer,
 * never periodically, and an idle CPU halts.
 *
 * Locking: a run queue's lock (irqsave) protects it and the state of the
 * threads on it; a thread's class data belongs to its run queue. A
 * thread's wake_lock orders its wakers; a migration holds both run
 * queues' locks (the second one taken with a trylock).
 */
#ifndef LOOM_SCHED_H
#define LOOM_SCHED_H

#include <loom/rbtree.h>
#include <loom/spinlock.h>
#include <loom/time.h>
#include <loom/types.h>
#include <loom/wait.h>

enum thread_state {
	THREAD_READY,	/* on a run queue                 */
	THREAD_RUNNING, /* on a CPU                       */
	THREAD_BLOCKED, /* sleeping on a wait queue/timer */
	THREAD_DEAD,	/* exited, waiting to be reclaimed */
};

#define NICE_MIN (-20)
#define NICE_MAX 19

/* EEVDF bookkeeping (fixed point: virtual times in ns scaled by 1024/weight). */
struct sched_entity {
	u32 weight;   /* from nice: 1024 at nice 0, x1.25 per step      */
	u64 vruntime; /* virtual time received                           */
	u64 deadline; /* vruntime at which the current request is served */
	s64 vlag;     /* lag kept across sleep (clamped)                 */
	u64 slice_ns; /* the request size in real ns                     */
	struct rb_node node;
	u64 min_deadline; /* augmented: smallest deadline in this subtree   */
	bool on_rq;
};

struct thread {
	u64 rsp; /* saved stack pointer: first, for the switch code */
	char name[24];
	u64 tid;
	enum thread_state state;
	int nice;
	struct sched_entity se; /* EEVDF                     */
	struct thread *rr_next; /* round-robin queue link     */
	u64 kstack_top;
	void *fpu; /* XSAVE/FXSAVE area, 64-byte aligned */
	void (*entry)(void *arg);
	void *arg;
	u64 cpu_ns;	  /* CPU time received          */
	u64 run_start_ns; /* when it last got the CPU   */
	int exit_code;
	struct thread *wait_next;   /* wait queue link            */
	struct thread *all_next;    /* list of every thread       */
	struct thread *zombie_next; /* exited, detached: to reclaim */
	unsigned cpu;
	bool queued;		   /* accounted on a run queue (ready or running) */
	volatile bool on_cpu;	   /* its stack is in use: not reclaimable yet    */
	bool detached;		   /* reclaimed by the scheduler after exit       */
	struct wait_queue exit_wq; /* thread_join waits here                    */
	struct timer timer;	   /* sleep_ns and schedule_timeout               */
	u64 wake_switches;	   /* the CPU's switch count when it was woken */
	u64 wake_to_run;	   /* switches from its last wake-up to running */
	bool wake_pending;	   /* woken, not yet run since             */
	bool migrated;		   /* moved by balancing, not run since         */
	int bound_cpu;		   /* the only CPU it may run on; -1: any      */
	int fpu_cpu;		   /* CPU whose registers hold its FPU state; -1 */
	u64 last_ran_ns;	   /* when it last left a CPU (cache warmth)   */
	spinlock_t wake_lock;	   /* serializes wakers (and migration) of it  */
	/* User mode (kernel/proc/): NULL/0 in a kernel thread. */
	struct process *proc;	  /* the process this thread belongs to      */
	struct thread *proc_next; /* the process's list of threads           */
	u64 fs_base;		  /* the user %fs base (SYS_SET_TLS)          */
	u64 note_frame;		  /* user address of the note frame; 0: none */
};

struct rq;
struct process;

/*
 * A scheduling class. Called with the run queue locked and interrupts off.
 * enqueue/dequeue: a thread becomes runnable / stops being runnable
 * (woken, blocked, exited); pick_next: take the next thread to run off the
 * queue (NULL when none); put_prev: the running thread gives the CPU back
 * and is still runnable; update_curr: charge the running thread for delta
 * ns; slice_ns: how long the thread may run before preemption is checked;
 * wakeup_preempt: should the woken thread run now instead of curr?
 */
struct sched_class {
	const char *name;
	void (*enqueue)(struct rq *rq, struct thread *t, bool wakeup);
	void (*dequeue)(struct rq *rq, struct thread *t, bool sleep);
	struct thread *(*pick_next)(struct rq *rq);
	/* A queued (not running) thread that may move to another CPU, the
	 * cache-coldest by preference, or NULL; the core dequeues it. */
	struct thread *(*steal)(struct rq *rq);
	void (*put_prev)(struct rq *rq, struct thread *t);
	void (*update_curr)(struct rq *rq, struct thread *curr, u64 delta_ns);
	u64 (*slice_ns)(struct rq *rq, struct thread *t);
	bool (*wakeup_preempt)(struct rq *rq, struct thread *curr, struct thread *woken);
	/* Called when a thread's nice value changes (off the queue). */
	void (*set_nice)(struct thread *t, int nice);
};

struct rq {
	spinlock_t lock;
	unsigned cpu;
	volatile bool need_resched; /* switch at the next preemption point   */
	volatile bool need_slice;   /* a remote wake-up: arm the slice timer */
	bool slice_expired;	    /* the slice timer ended curr's slice      */
	u64 switches;
	u64 migrations; /* threads pulled or pushed onto this queue */
	struct timer slice_timer;
	struct thread *curr;
	struct thread *idle;
	unsigned nr_running; /* runnable threads, curr included unless idle */
	/* EEVDF state */
	struct rb_root tree;
	u64 min_vruntime;
	s64 avg_vruntime; /* sum of (vruntime - min_vruntime) * weight */
	u64 avg_load;	  /* sum of weights                            */
	/* round-robin state */
	struct thread *rr_head, *rr_tail;
	u64 clock_ns;		      /* last update_curr time */
	struct thread *prev_switched; /* the thread a switch came from */
	u64 slice_end;		      /* when curr must give way; 0: never */
};

extern const struct sched_class sched_class_eevdf;
extern const struct sched_class sched_class_rr;

/* EEVDF invariants (tree order, augmentation, load sums, lag sum): true
 * when they hold, else false and a reason in why[n]. */
bool eevdf_check(struct rq *rq, char *why, size_t n);

/* The weight of a nice value (1024 at 0, about x1.25 per step). */
u32 sched_nice_to_weight(int nice);

#endif
