/*
 * The EEVDF class (kernel/sched/eevdf.c) driven on a host run queue by a model of the core
 * (kernel/sched/core.c: update_curr before every class call, nr_running kept by the core):
 * fairness, weights, lag and placement, invariants after random operations, pick cost.
 */
#include "test.h"
#include <loom/sched.h>
#include <stdlib.h>

/* kernel/sched/eevdf.c, for tests and debug builds */
bool eevdf_check(struct rq *rq, char *why, size_t n);
struct sched_entity *eevdf_pick_entity(struct rq *rq, unsigned *visits);

#define MS    1000000ULL
#define SLICE (3 * MS) /* EEVDF_SLICE_NS */

static const struct sched_class *cls = &sched_class_eevdf;

struct sim {
	struct rq rq;
	struct thread idle, *t;
	int n;
	int *failed;
	unsigned brute_every; /* check every pick against brute force, or every nth */
	unsigned long long picks, visits;
	unsigned max_visits;
};

static struct sim *sim_new(int n, u64 min_vruntime, int *failed)
{
	struct sim *s = calloc(1, sizeof(*s));

	*s = (struct sim){ .t = calloc(n, sizeof(*s->t)), .n = n, .failed = failed };
	s->rq.min_vruntime = min_vruntime;
	s->rq.idle = s->rq.curr = &s->idle;
	for (int i = 0; i < n; i++) {
		s->t[i].state = THREAD_BLOCKED;
		cls->set_nice(&s->t[i], 0);
	}
	return s;
}

#define sim_free(s) (free((s)->t), free(s))

static void check(struct sim *s)
{
	char why[160];

	if (!eevdf_check(&s->rq, why, sizeof(why))) {
		printf("    # eevdf_check: %s\n", why);
		*s->failed = 1;
	}
}

#define eligible(rq, se)                                                          \
	((__int128)(s64)((se)->vruntime - (rq)->min_vruntime) * (rq)->avg_load <= \
	 (rq)->avg_vruntime)

/* The pick must be an eligible entity with the earliest deadline (brute force). */
static void check_pick(struct sim *s)
{
	struct sched_entity *best = NULL, *got;
	unsigned v = 0;

	got = eevdf_pick_entity(&s->rq, &v);
	s->visits += v;
	s->max_visits = MAX(v, s->max_visits);
	if (++s->picks % (s->brute_every ? s->brute_every : 1))
		return;
	for (int i = 0; i < s->n; i++) {
		struct sched_entity *se = &s->t[i].se;

		if (se->on_rq && rb_is_linked(&se->node) && eligible(&s->rq, se) &&
		    (!best || (s64)(se->deadline - best->deadline) < 0))
			best = se;
	}
	if (best && (!got || got->deadline != best->deadline || !eligible(&s->rq, got))) {
		printf("    # pick: deadline %llu, brute force %llu\n", got ? got->deadline : 0,
		       best->deadline);
		*s->failed = 1;
	}
}

/* The running thread runs for ns. */
static void run(struct sim *s, u64 ns)
{
	if (s->rq.curr != s->rq.idle) {
		s->rq.curr->cpu_ns += ns;
		cls->update_curr(&s->rq, s->rq.curr, ns);
	}
}

static void sim_schedule(struct sim *s)
{
	struct thread *prev = s->rq.curr, *next;

	if (prev != s->rq.idle) {
		if (prev->state == THREAD_RUNNING) {
			prev->state = THREAD_READY;
			cls->put_prev(&s->rq, prev);
		} else if (prev->queued) {
			cls->dequeue(&s->rq, prev, true);
			prev->queued = false;
			s->rq.nr_running--;
		}
	}
	check_pick(s);
	next = cls->pick_next(&s->rq);
	if (!next)
		next = s->rq.idle;
	next->state = THREAD_RUNNING;
	s->rq.curr = next;
}

static void wake(struct sim *s, struct thread *t)
{
	struct thread *c = s->rq.curr;
	bool preempt;

	t->queued = true;
	t->state = THREAD_READY;
	s->rq.nr_running++;
	cls->enqueue(&s->rq, t, true);
	preempt = cls->wakeup_preempt(&s->rq, c, t);
	if (c != s->rq.idle &&
	    preempt != (eligible(&s->rq, &t->se) && (s64)(t->se.deadline - c->se.deadline) < 0)) {
		printf("    # wakeup_preempt said %d\n", preempt);
		*s->failed = 1;
	}
	if (c == s->rq.idle || preempt)
		sim_schedule(s);
}

static void wake_all(struct sim *s, int n)
{
	for (int i = 0; i < n; i++)
		wake(s, &s->t[i]);
}

static void sleep_curr(struct sim *s)
{
	s->rq.curr->state = THREAD_BLOCKED;
	sim_schedule(s);
}

/* As thread_set_nice() in the core. */
static void renice(struct sim *s, struct thread *t, int nice)
{
	bool requeue = t->queued && t != s->rq.curr;

	if (requeue)
		cls->dequeue(&s->rq, t, false);
	t->nice = nice;
	cls->set_nice(t, nice);
	if (requeue)
		cls->enqueue(&s->rq, t, false);
}

/* The running thread runs out its request, then gives way; returns how long it ran. */
static u64 tick(struct sim *s)
{
	u64 ns = cls->slice_ns(&s->rq, s->rq.curr);

	run(s, ns);
	sim_schedule(s);
	return ns;
}

/* Run for ns of simulated time (whole requests), or until t runs. */
static void run_for(struct sim *s, u64 ns, struct thread *t)
{
	for (u64 now = 0; now < ns && s->rq.curr != s->rq.idle && s->rq.curr != t; check(s))
		now += tick(s);
}

static s64 lag_of(struct sim *s, struct thread *t) /* V - v, V rounded down */
{
	s64 avg = s->rq.avg_vruntime, load = s->rq.avg_load;

	return (s64)(s->rq.min_vruntime + (avg < 0 ? avg - load + 1 : avg) / load - t->se.vruntime);
}

TEST(eevdf_equal_weights_are_fair)
{
	enum { N = 10 };
	struct sim *s = sim_new(N, 0, failed);
	double sum = 0, sq = 0, jain;

	wake_all(s, N);
	run_for(s, 10000 * MS, NULL);
	for (int i = 0; i < N; i++) {
		sum += s->t[i].cpu_ns;
		sq += (double)s->t[i].cpu_ns * s->t[i].cpu_ns;
		EXPECT_TRUE(llabs((s64)s->t[i].cpu_ns - 1000 * (s64)MS) <= (s64)SLICE);
	}
	jain = sum * sum / (N * sq);
	printf("    # %d threads, 10 s: Jain index %.6f, shares %.3f..%.3f s\n", N, jain,
	       s->t[0].cpu_ns / 1e9, s->t[N - 1].cpu_ns / 1e9);
	EXPECT_TRUE(jain >= 0.99);
	sim_free(s);
}

TEST(eevdf_weights_and_cpu_in_proportion)
{
	static const int nices[] = { 0, 5, -5, 0, 10, -10 };
	enum { N = 6 };
	struct sim *s = sim_new(N, 0, failed);
	double wsum = 0, total = 0;

	for (int nice = NICE_MIN; nice <= NICE_MAX; nice++) {
		long double w = 1024; /* the table is 1024 * 1.25^-nice */

		for (int i = 0; i < (nice < 0 ? -nice : nice); i++)
			w = nice < 0 ? w * 1.25L : w / 1.25L;
		EXPECT_EQ(sched_nice_to_weight(nice), (u32)(w + 0.5L));
	}
	for (int i = 0; i < N; i++) {
		renice(s, &s->t[i], nices[i]);
		wsum += sched_nice_to_weight(nices[i]);
		wake(s, &s->t[i]);
	}
	run_for(s, 20000 * MS, NULL);
	for (int i = 0; i < N; i++)
		total += s->t[i].cpu_ns;
	for (int i = 0; i < N; i++) {
		double share = s->t[i].cpu_ns / total, want = sched_nice_to_weight(nices[i]) / wsum;

		printf("    # nice %3d: %.4f of the CPU, weight says %.4f (%+.2f%%)\n", nices[i],
		       share, want, 100 * (share / want - 1));
		EXPECT_TRUE(share / want > 0.95 && share / want < 1.05);
	}
	sim_free(s);
}

TEST(eevdf_sleepers_and_new_threads_get_their_share)
{
	enum { N = 4 }; /* a = t[0] sleeps; t[N - 1] is new */
	struct sim *s = sim_new(N, 12345, failed);
	struct thread *a = &s->t[0];
	u64 a0, before[N], last_run[N] = { 0 }, now = 0, worst_wait = 0;

	wake_all(s, N - 1);
	run_for(s, 1000 * MS, NULL);
	run_for(s, ~0ULL, a);
	run(s, SLICE / 3);
	sleep_curr(s);
	run_for(s, 10000 * MS, NULL); /* a sleeps for 10 s */
	a0 = a->cpu_ns;
	wake(s, a);
	EXPECT_TRUE(llabs(lag_of(s, a)) <= 2 * (s64)SLICE + 1);
	run_for(s, 300 * MS, NULL);
	printf("    # after 10 s asleep, a got %.1f ms of 300\n", (a->cpu_ns - a0) / 1e6);
	EXPECT_TRUE(llabs((s64)(a->cpu_ns - a0) - 100 * (s64)MS) <= 3 * (s64)SLICE);
	for (int sign = 1; sign >= -1; sign -= 2) { /* a huge saved lag is clamped */
		run_for(s, ~0ULL, a);
		sleep_curr(s);
		a->se.vlag = sign * (1LL << 50);
		cls->set_nice(a, 0);
		run_for(s, 100 * MS, NULL);
		a0 = a->cpu_ns;
		wake(s, a);
		EXPECT_TRUE(llabs(lag_of(s, a)) <= 2 * (s64)SLICE + 1);
		run_for(s, 300 * MS, NULL);
		EXPECT_TRUE(llabs((s64)(a->cpu_ns - a0) - 100 * (s64)MS) <= 3 * (s64)SLICE);
	}
	for (int i = 0; i < N; i++)
		before[i] = s->t[i].cpu_ns;
	wake(s, &s->t[N - 1]); /* a new thread starts at V and starves no one */
	EXPECT_TRUE(llabs(lag_of(s, &s->t[N - 1])) <= 1);
	while (now < 400 * MS) {
		int i = s->rq.curr - s->t;

		worst_wait = MAX(worst_wait, now - last_run[i]);
		now += tick(s);
		last_run[i] = now;
		check(s);
	}
	for (int i = 0; i < N; i++)
		EXPECT_TRUE(llabs((s64)(s->t[i].cpu_ns - before[i]) - 100 * (s64)MS) <=
			    2 * (s64)SLICE);
	printf("    # new thread got %.1f ms of 400; longest wait %.1f ms\n",
	       (s->t[N - 1].cpu_ns - before[N - 1]) / 1e6, worst_wait / 1e6);
	EXPECT_TRUE(worst_wait <= (N + 1) * SLICE);
	sim_free(s);
}

/* t's lag in service units (lag * weight) is kept across a renice, up to rounding. */
static void renice_keeps_lag(struct sim *s, struct thread *t, int nice, int *failed)
{
	s64 service = lag_of(s, t) * (s64)t->se.weight, now;

	renice(s, t, nice);
	run(s, 0); /* for the running thread, the weight changes at update_curr */
	check(s);
	EXPECT_EQ(t->se.weight, sched_nice_to_weight(nice));
	now = lag_of(s, t) * (s64)t->se.weight;
	printf("    # renice to %d: lag * weight %lld -> %lld\n", nice, service, now);
	EXPECT_TRUE(llabs(now - service) <= 4 * (s64)(88818 + s->rq.avg_load));
}

TEST(eevdf_set_nice_keeps_lag)
{
	struct sim *s = sim_new(4, 0, failed);
	struct thread *t = &s->t[3];

	wake_all(s, 4);
	run_for(s, 100 * MS, NULL);
	while (s->rq.curr == t)
		tick(s);
	run(s, SLICE / 2);
	renice_keeps_lag(s, t, -7, failed); /* queued: dequeue, set_nice, enqueue */
	run_for(s, ~0ULL, t);
	renice_keeps_lag(s, t, 6, failed); /* running */
	sim_free(s);
}

static unsigned long long rng = 0x9e3779b97f4a7c15ULL;

static unsigned rnd(unsigned n)
{
	rng ^= rng << 13;
	rng ^= rng >> 7;
	rng ^= rng << 17;
	return (unsigned)(rng % n);
}

TEST(eevdf_invariants_under_random_operations)
{
	enum { N = 40, STEPS = 200000 };
	/* min_vruntime starts just below the u64 wrap: comparisons must be wrap-safe. */
	struct sim *s = sim_new(N, -(1ULL << 32), failed);

	for (int step = 0; step < STEPS && !*failed; step++) {
		struct thread *c = s->rq.curr, *t = &s->t[rnd(N)];
		unsigned op = rnd(100);

		if (op < 30 && c != s->rq.idle) {
			if (rnd(4))
				tick(s);
			else
				run(s, rnd(cls->slice_ns(&s->rq, c)));
		} else if (op < 45 && c != s->rq.idle) {
			run(s, rnd(SLICE));
			sleep_curr(s);
		} else if (op < 70 && t->state == THREAD_BLOCKED) {
			wake(s, t);
		} else if (op < 80) {
			run(s, rnd(MS));
			renice(s, t, NICE_MIN + (int)rnd(NICE_MAX - NICE_MIN + 1));
		} else if (op < 83 &&
			   c != s->rq.idle) { /* curr exits; a new thread takes its slot */
			sleep_curr(s);
			memset(c, 0, sizeof(*c));
			c->state = THREAD_BLOCKED;
			cls->set_nice(c, (int)rnd(11) - 5);
			wake(s, c);
		} else {
			run(s, rnd(SLICE));
			sim_schedule(s);
		}
		check(s);
	}
	printf("    # %d steps; min_vruntime went from %llu to %llu\n", STEPS,
	       (unsigned long long)-(1ULL << 32), s->rq.min_vruntime);
	EXPECT_TRUE(s->rq.min_vruntime < (1ULL << 62)); /* it wrapped */
	sim_free(s);
}

TEST(eevdf_pick_is_logarithmic)
{
	enum { N = 10000, STEPS = 20000 };
	struct sim *s = sim_new(N, 0, failed);
	unsigned bound = 2 * 27; /* two walks down; height <= 2 log2(N + 1) < 27 */

	s->brute_every = 97;
	for (int i = 0; i < N; i++) {
		renice(s, &s->t[i], NICE_MIN + (int)rnd(NICE_MAX - NICE_MIN + 1));
		wake(s, &s->t[i]);
	}
	s->picks = s->visits = s->max_visits = 0;
	for (int step = 0; step < STEPS && !*failed; step++) {
		struct thread *t = &s->t[rnd(N)];

		run(s, rnd(3) ? cls->slice_ns(&s->rq, s->rq.curr) : rnd(SLICE));
		if (rnd(3))
			sim_schedule(s);
		else
			sleep_curr(s);
		if (t->state == THREAD_BLOCKED)
			wake(s, t);
		if (step % 1000 == 0)
			check(s);
	}
	printf("    # %d entities: %.1f nodes per pick on average, %u at most (bound %u)\n", N,
	       (double)s->visits / s->picks, s->max_visits, bound);
	EXPECT_TRUE(s->max_visits <= bound);
	check(s);
	sim_free(s);
}
