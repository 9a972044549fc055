/*
 * The EEVDF scheduling class (sched_class_eevdf, include/loom/sched.h): the run queue's tree,
 * virtual times, lags and deadlines of its threads. Locking: every op runs with rq->lock held
 * and interrupts off; set_nice with the lock of the thread's queue, if any. Contract: among
 * the eligible threads (vruntime <= V) the one whose request has the earliest deadline runs.
 */
#include <loom/printk.h> /* snprintf, for eevdf_check only */
#include <loom/sched.h>

/*
 * Virtual time: vruntime advances by delta_ns * 1024 / weight (so virtual ns are real ns at
 * nice 0). A request is EEVDF_SLICE_NS of real CPU time; its virtual deadline is vruntime +
 * slice * 1024 / weight. The lag kept across a sleep is clamped to EEVDF_LAG_SLICES requests.
 *
 * Counted entities are the threads with se.on_rq. All are in the tree (keyed by vruntime,
 * augmented with the subtree's min_deadline) but the one pick_next took, which is rq->curr
 * until put_prev or dequeue; it still counts in rq->avg_vruntime = sum((v - min_vruntime) * w)
 * and rq->avg_load = sum(w), hence in V = min_vruntime + avg_vruntime / avg_load. The core
 * owns rq->nr_running, rq->clock_ns and t->cpu_ns; update_curr must precede enqueue/dequeue.
 */
#define EEVDF_SLICE_NS	 3000000ULL /* base request: 3 ms of CPU */
#define EEVDF_LAG_SLICES 2
#define WEIGHT_UNIT	 1024ULL /* the weight of nice 0 */
typedef __int128 s128;
#define node_se(n)   rb_entry(n, struct sched_entity, node)
#define before(a, b) ((s64)((a) - (b)) < 0) /* a < b, wrap-safe */
#define key(rq, se)  ((s64)((se)->vruntime - (rq)->min_vruntime))
#define in_tree(se)  rb_is_linked(&(se)->node) /* counted and not taken by pick_next */

/* floor(ns * 1024 / w), without overflow for any u64 ns. */
static u64 real_to_virt(u64 ns, u32 w)
{
	return ns / w * WEIGHT_UNIT + ns % w * WEIGHT_UNIT / w;
}

static u64 vslice(const struct sched_entity *se)
{
	return real_to_virt(se->slice_ns, se->weight);
}

/* V, the load-weighted average vruntime of the counted entities, rounded down. */
static u64 avg_v(const struct rq *rq)
{
	s64 avg = rq->avg_vruntime, load = (s64)rq->avg_load;

	if (!load)
		return rq->min_vruntime;
	if (avg < 0)
		avg -= load - 1;
	return rq->min_vruntime + avg / load;
}

/* v <= V, evaluated exactly: (v - min_vruntime) * load <= avg_vruntime. */
static bool eligible(const struct rq *rq, const struct sched_entity *se)
{
	return (s128)key(rq, se) * (s128)rq->avg_load <= (s128)rq->avg_vruntime;
}

/* Count (sign 1) or stop counting (sign -1) se in avg_vruntime and avg_load. */
static void account(struct rq *rq, struct sched_entity *se, s64 sign)
{
	rq->avg_vruntime += sign * key(rq, se) * (s64)se->weight;
	rq->avg_load += (u64)(sign * (s64)se->weight);
}

/* --- the tree ----------------------------------------------------------------------------- */
static u64 subtree_min_deadline(const struct rb_node *n)
{
	u64 m = node_se(n)->deadline;

	if (n->left && before(node_se(n->left)->min_deadline, m))
		m = node_se(n->left)->min_deadline;
	if (n->right && before(node_se(n->right)->min_deadline, m))
		m = node_se(n->right)->min_deadline;
	return m;
}

static void min_deadline_recompute(struct rb_node *n)
{
	node_se(n)->min_deadline = subtree_min_deadline(n);
}

static const struct rb_augment min_deadline_aug = { min_deadline_recompute };

static void tree_insert(struct rq *rq, struct sched_entity *se)
{
	struct rb_node **link = &rq->tree.node, *parent = NULL;

	while (*link) { /* equal keys go right: FIFO among equals */
		parent = *link;
		link = before(se->vruntime, node_se(parent)->vruntime) ? &parent->left
								       : &parent->right;
	}
	rb_link(&se->node, parent, link);
	rb_insert_fixup(&rq->tree, &se->node, &min_deadline_aug);
}

static void tree_remove(struct rq *rq, struct sched_entity *se)
{
	rb_erase(&rq->tree, &se->node, &min_deadline_aug);
	rb_clear_node(&se->node);
}

/* min_vruntime only moves forward, to min(leftmost, curr) (curr may be NULL); keys follow. */
static void update_min_vruntime(struct rq *rq, struct sched_entity *curr)
{
	struct rb_node *first = rb_first(&rq->tree);
	bool have = curr && curr->on_rq && !in_tree(curr);
	u64 m = have ? curr->vruntime : 0;

	if (first && (!have || before(node_se(first)->vruntime, m))) {
		m = node_se(first)->vruntime;
		have = true;
	}
	if (!have || !before(rq->min_vruntime, m))
		return;
	rq->avg_vruntime -= (s64)(rq->avg_load * (m - rq->min_vruntime));
	rq->min_vruntime = m;
}

/* --- lag and placement ------------------------------------------------------------------- */
static s64 clamp_lag(const struct sched_entity *se, s64 lag)
{
	s64 limit = (s64)vslice(se) * EEVDF_LAG_SLICES;

	return lag > limit ? limit : lag < -limit ? -limit : lag;
}

/* A new weight keeps the lag in service units (vlag * weight), then clamped again. */
static void scale_lag(struct sched_entity *se, u32 w)
{
	if (se->weight && se->weight != w)
		se->vlag = se->vlag * (s64)se->weight / (s64)w;
	se->weight = w;
	se->vlag = clamp_lag(se, se->vlag);
}

/*
 * Place an entity not yet counted so that, once counted, its lag V' - v is its vlag: adding
 * weight w at V - l moves V by -l * w / (W + w), so it goes at V - l * (W + w) / W. Into an
 * empty queue it goes at min_vruntime (alone, a lag means nothing). A new thread has vlag 0
 * (a zeroed sched_entity), so it starts at V. A new request starts.
 */
static void place(struct rq *rq, struct sched_entity *se)
{
	s64 lag = 0;

	if (rq->avg_load)
		lag = se->vlag + se->vlag * (s64)se->weight / (s64)rq->avg_load;
	se->vruntime = avg_v(rq) - lag;
	se->deadline = se->vruntime + vslice(se);
}

/* set_nice on a counted thread only records t->nice; here its weight changes as in scale_lag. */
static void apply_nice(struct rq *rq, struct thread *t)
{
	struct sched_entity *se = &t->se;
	u32 w = sched_nice_to_weight(t->nice);
	bool linked = in_tree(se);

	if (se->weight == w)
		return;
	if (linked)
		tree_remove(rq, se);
	se->vlag = clamp_lag(se, (s64)(avg_v(rq) - se->vruntime));
	account(rq, se, -1);
	scale_lag(se, w);
	place(rq, se); /* a new request too */
	account(rq, se, 1);
	if (linked)
		tree_insert(rq, se);
}

/* --- the pick ------------------------------------------------------------------------------ */
/*
 * The eligible entities are a prefix of the tree in vruntime order. Walking down: at an
 * eligible node, it and its whole left subtree are eligible (their best deadline is the left
 * child's min_deadline), so note them and go right; at an ineligible node, go left. Then
 * descend into the best subtree noted, following min_deadline. Two root-to-leaf walks, so
 * O(log n); *visits (if not NULL) is increased by the number of nodes examined.
 */
struct sched_entity *eevdf_pick_entity(struct rq *rq, unsigned *visits)
{
	struct rb_node *n = rq->tree.node, *sub = NULL;
	struct sched_entity *best = NULL, *se;
	unsigned steps = 0;
	u64 best_dl = 0;

	for (; n; steps++) {
		se = node_se(n);
		if ((best || sub) && !before(se->min_deadline, best_dl))
			break; /* nothing below beats what we have */
		if (!eligible(rq, se)) {
			n = n->left;
			continue;
		}
		if (n->left &&
		    (!(best || sub) || before(node_se(n->left)->min_deadline, best_dl))) {
			sub = n->left;
			best = NULL;
			best_dl = node_se(sub)->min_deadline;
		}
		if (!(best || sub) || before(se->deadline, best_dl)) {
			best = se;
			sub = NULL;
			best_dl = se->deadline;
		}
		n = n->right;
	}
	for (n = sub; n && !best; steps++) {
		if (n->left && node_se(n->left)->min_deadline == best_dl)
			n = n->left;
		else if (node_se(n)->deadline == best_dl)
			best = node_se(n);
		else
			n = n->right;
	}
	if (visits)
		*visits += steps;
	if (!best && (n = rb_first(&rq->tree)))
		best = node_se(n); /* none eligible (curr holds V down): the most owed */
	return best;
}

/* --- the class operations ------------------------------------------------------------------ */
/* Placed with its saved vlag (0 for a new thread), whether woken or not. */
static void eevdf_enqueue(struct rq *rq, struct thread *t, bool wakeup)
{
	struct sched_entity *se = &t->se;

	if (se->on_rq)
		return;
	if (!se->slice_ns)
		se->slice_ns = EEVDF_SLICE_NS;
	scale_lag(se, sched_nice_to_weight(t->nice)); /* first use, or renice */
	place(rq, se);
	account(rq, se, 1);
	se->on_rq = true;
	tree_insert(rq, se);
}

/* The lag V - v is kept, clamped, whatever the reason: sleep, exit or renice. */
static void eevdf_dequeue(struct rq *rq, struct thread *t, bool sleep)
{
	struct sched_entity *se = &t->se;
	struct thread *c = rq->curr;

	if (!se->on_rq)
		return;
	se->vlag = clamp_lag(se, (s64)(avg_v(rq) - se->vruntime));
	if (in_tree(se))
		tree_remove(rq, se);
	account(rq, se, -1);
	se->on_rq = false;
	scale_lag(se, sched_nice_to_weight(t->nice)); /* a pending renice */
	update_min_vruntime(rq, c && c != t && c != rq->idle ? &c->se : NULL);
}

static struct thread *eevdf_pick_next(struct rq *rq)
{
	struct sched_entity *se = eevdf_pick_entity(rq, NULL);

	if (!se)
		return NULL;
	tree_remove(rq, se);
	return container_of(se, struct thread, se);
}

/* A queued thread another CPU may take: of the first few in vruntime order
 * (the ones furthest from running here soon are further right, but the
 * first few are cheap to look at), the one that ran longest ago. */
static struct thread *eevdf_steal(struct rq *rq)
{
	struct thread *best = NULL;
	int seen = 0;

	for (struct rb_node *n = rb_first(&rq->tree); n && seen < 8; n = rb_next(n), seen++) {
		struct thread *t = container_of(node_se(n), struct thread, se);

		if (t->bound_cpu < 0 && !t->on_cpu && !t->migrated &&
		    (!best || t->last_ran_ns < best->last_ran_ns))
			best = t;
	}
	return best;
}

static void eevdf_put_prev(struct rq *rq, struct thread *t)
{
	if (t == rq->idle || !t->se.on_rq)
		return;
	apply_nice(rq, t);
	if (!in_tree(&t->se))
		tree_insert(rq, &t->se);
}

/* Charge curr; a served request (vruntime >= deadline) is followed by a new one. */
static void eevdf_update_curr(struct rq *rq, struct thread *curr, u64 delta_ns)
{
	struct sched_entity *se = &curr->se;
	u64 d;

	if (curr == rq->idle || !se->on_rq || in_tree(se))
		return; /* not ours, or not taken by pick_next (a core bug) */
	d = real_to_virt(delta_ns, se->weight);
	se->vruntime += d;
	rq->avg_vruntime += (s64)(d * se->weight);
	if (!before(se->vruntime, se->deadline))
		se->deadline = se->vruntime + vslice(se);
	apply_nice(rq, curr);
	update_min_vruntime(rq, se);
}

/* Real time until t's current request is served, rounded up: at least 1 ns. */
static u64 eevdf_slice_ns(struct rq *rq, struct thread *t)
{
	const struct sched_entity *se = &t->se;

	if (!se->on_rq || !before(se->vruntime, se->deadline))
		return se->slice_ns ? se->slice_ns : EEVDF_SLICE_NS;
	return ((se->deadline - se->vruntime) * se->weight + WEIGHT_UNIT - 1) / WEIGHT_UNIT;
}

static bool eevdf_wakeup_preempt(struct rq *rq, struct thread *curr, struct thread *woken)
{
	if (!curr || curr == rq->idle || !curr->se.on_rq)
		return true;
	if (curr == woken || !woken->se.on_rq)
		return false;
	return eligible(rq, &woken->se) && before(woken->se.deadline, curr->se.deadline);
}

/* Off a queue the weight changes now (scale_lag); on one (curr), update_curr/put_prev/dequeue
 * apply t->nice later, when they have the run queue at hand. */
static void eevdf_set_nice(struct thread *t, int nice)
{
	struct sched_entity *se = &t->se;

	t->nice = nice < NICE_MIN ? NICE_MIN : nice > NICE_MAX ? NICE_MAX : nice;
	if (!se->on_rq)
		scale_lag(se, sched_nice_to_weight(t->nice));
}

/* --- checking ------------------------------------------------------------------------------ */
#define FAIL(...) return (snprintf(why, n, __VA_ARGS__), false)

struct tally {
	s128 sum, lags;
	u64 load, V;
	unsigned count;
};

static bool tally(struct rq *rq, const struct sched_entity *se, struct tally *t, char *why,
		  size_t n)
{
	s64 req = (s64)(se->deadline - se->vruntime);

	if (!se->on_rq)
		FAIL("entity %p counted but not on_rq", se);
	if (req <= 0 || (u64)req > vslice(se))
		FAIL("entity %p: deadline - vruntime = %lld, slice %llu", se, req, vslice(se));
	t->sum += (s128)key(rq, se) * se->weight;
	t->lags += (s128)(s64)(t->V - se->vruntime) * se->weight;
	t->load += se->weight;
	t->count++;
	return true;
}

/*
 * The invariants, for tests and debug builds (rq locked): tree links, order and min_deadline;
 * each counted entity's request; avg_vruntime, avg_load and nr_running against the counted
 * entities; the weighted lags summing to 0 within the rounding of V, that is
 * -avg_load < sum(w * (V - v)) <= 0. On failure, false and the reason in why[n] (n may be 0).
 */
bool eevdf_check(struct rq *rq, char *why, size_t n)
{
	struct tally t = { .V = avg_v(rq) };
	struct thread *c = rq->curr;
	const struct sched_entity *se, *prev = NULL;

	if (rq->tree.node && (rq->tree.node->parent || rq->tree.node->red))
		FAIL("tree root has a parent or is red");
	for (struct rb_node *node = rb_first(&rq->tree); node; node = rb_next(node)) {
		se = node_se(node);
		if (prev && before(se->vruntime, prev->vruntime))
			FAIL("tree out of order: %llu after %llu", se->vruntime, prev->vruntime);
		if (se->min_deadline != subtree_min_deadline(node))
			FAIL("min_deadline %llu at %p, expected %llu", se->min_deadline, se,
			     subtree_min_deadline(node));
		if (!tally(rq, se, &t, why, n))
			return false;
		prev = se;
	}
	if (c && c != rq->idle && c->se.on_rq && !in_tree(&c->se) && !tally(rq, &c->se, &t, why, n))
		return false;
	if (t.sum != rq->avg_vruntime || t.load != rq->avg_load)
		FAIL("avg_vruntime %lld load %llu, counted %lld load %llu", rq->avg_vruntime,
		     rq->avg_load, (s64)t.sum, t.load);
	if (t.count != rq->nr_running)
		FAIL("nr_running %u, counted %u", rq->nr_running, t.count);
	if (t.lags > 0 || (t.load && t.lags <= -(s128)t.load))
		FAIL("weighted lags sum to %lld (load %llu)", (s64)t.lags, t.load);
	return true;
}

const struct sched_class sched_class_eevdf = {
	.name = "eevdf",
	.enqueue = eevdf_enqueue,
	.dequeue = eevdf_dequeue,
	.pick_next = eevdf_pick_next,
	.steal = eevdf_steal,
	.put_prev = eevdf_put_prev,
	.update_curr = eevdf_update_curr,
	.slice_ns = eevdf_slice_ns,
	.wakeup_preempt = eevdf_wakeup_preempt,
	.set_nice = eevdf_set_nice,
};
