/*
 * Timekeeping: the registered clock sources, the one behind
 * clock_monotonic_ns() (best rating, or "clocksource=NAME"), and the wall
 * clock offset. Locking: changes take cs_lock (irqsave) and publish the new
 * state under a seqcount; readers never lock. A switch of source or rate
 * rebases the clock at the current time, so it never jumps or goes back.
 * There must always be a source: the TSC registers first and never leaves.
 */
#include <loom/boot.h>
#include <loom/module.h>
#include <loom/printk.h>
#include <loom/spinlock.h>
#include <loom/string.h>
#include <loom/time.h>
#include <uapi/loom/errno.h>

#define MAX_SOURCES 4

struct source {
	const struct clocksource_ops *ops;
	u64 hz;
};

static struct source sources[MAX_SOURCES];
static spinlock_t cs_lock = SPINLOCK_INIT;

/* What clock_monotonic_ns() reads: ns = base_ns + scale(raw - base_raw). */
static struct {
	u32 seq;
	const struct clocksource_ops *cs;
	u64 base_raw, base_ns, mult;
	u32 shift;
} tk;

static s64 realtime_offset; /* realtime = monotonic + offset */

void time_scale_init(u64 *mult, u32 *shift, u64 from_hz, u64 to_hz)
{
	u32 s = 32;

	while (s && to_hz > (~0ULL >> s))
		s--;
	*shift = s;
	*mult = (to_hz << s) / from_hz;
}

u64 clock_monotonic_ns(void)
{
	u32 seq;
	u64 ns;

	do {
		const struct clocksource_ops *cs;

		seq = __atomic_load_n(&tk.seq, __ATOMIC_ACQUIRE);
		cs = READ_ONCE(tk.cs);
		if (unlikely(!cs))
			return 0;
		ns = READ_ONCE(tk.base_ns) + time_scale(cs->read() - READ_ONCE(tk.base_raw),
							READ_ONCE(tk.mult), READ_ONCE(tk.shift));
		__atomic_thread_fence(__ATOMIC_ACQUIRE);
	} while ((seq & 1) || __atomic_load_n(&tk.seq, __ATOMIC_RELAXED) != seq);
	return ns;
}
EXPORT_SYMBOL(clock_monotonic_ns);

u64 clock_realtime_ns(void)
{
	return clock_monotonic_ns() + (u64)READ_ONCE(realtime_offset);
}
EXPORT_SYMBOL(clock_realtime_ns);

void clock_set_realtime(u64 unix_ns)
{
	WRITE_ONCE(realtime_offset, (s64)(unix_ns - clock_monotonic_ns()));
}

/*
 * Make s the clock from now on, continuing from the current time. The first
 * source defines time 0 as its counter's 0 (the TSC counts from kernel
 * entry). Caller holds cs_lock (interrupts off).
 */
static void tk_switch(const struct source *s)
{
	bool first = !tk.cs;
	u64 now = first ? 0 : clock_monotonic_ns();

	__atomic_store_n(&tk.seq, tk.seq + 1, __ATOMIC_RELAXED);
	__atomic_thread_fence(__ATOMIC_RELEASE);
	tk.cs = s ? s->ops : NULL;
	if (s) {
		tk.base_raw = first ? 0 : s->ops->read();
		tk.base_ns = now;
		time_scale_init(&tk.mult, &tk.shift, s->hz, NSEC_PER_SEC);
	}
	__atomic_store_n(&tk.seq, tk.seq + 1, __ATOMIC_RELEASE);
}

static const struct source *best_source(void)
{
	const struct source *best = NULL;
	char want[16] = "";

	cmdline_get("clocksource", want, sizeof(want));
	for (int i = 0; i < MAX_SOURCES; i++) {
		const struct source *s = &sources[i];

		if (!s->ops)
			continue;
		if (want[0] && !strcmp(s->ops->name, want))
			return s;
		if (!best || s->ops->rating > best->ops->rating)
			best = s;
	}
	return best;
}

static void reselect(void)
{
	const struct source *s = best_source();
	const struct clocksource_ops *old = tk.cs;

	if (!s || s->ops != old)
		tk_switch(s);
	if (old && s && s->ops != old)
		pr_info("clocksource: %s -> %s", old->name, s->ops->name);
}

int clocksource_register(const struct clocksource_ops *cs, u64 hz)
{
	u64 flags;
	int err = -ENOSPC;

	if (!cs || !cs->read || !hz)
		return -EINVAL;
	flags = spin_lock_irqsave(&cs_lock);
	for (int i = 0; i < MAX_SOURCES; i++) {
		if (!sources[i].ops) {
			sources[i] = (struct source){ cs, hz };
			reselect();
			err = 0;
			break;
		}
	}
	spin_unlock_irqrestore(&cs_lock, flags);
	return err;
}
EXPORT_SYMBOL(clocksource_register);

void clocksource_unregister(const struct clocksource_ops *cs)
{
	u64 flags = spin_lock_irqsave(&cs_lock);

	for (int i = 0; i < MAX_SOURCES; i++)
		if (sources[i].ops == cs)
			sources[i] = (struct source){ NULL, 0 };
	if (tk.cs == cs)
		reselect();
	spin_unlock_irqrestore(&cs_lock, flags);
}
EXPORT_SYMBOL(clocksource_unregister);

int clocksource_set_rate(const struct clocksource_ops *cs, u64 hz)
{
	u64 flags;
	int err = -ENOENT;

	if (!hz)
		return -EINVAL;
	flags = spin_lock_irqsave(&cs_lock);
	for (int i = 0; i < MAX_SOURCES; i++) {
		if (sources[i].ops == cs) {
			sources[i].hz = hz;
			if (tk.cs == cs)
				tk_switch(&sources[i]);
			err = 0;
		}
	}
	spin_unlock_irqrestore(&cs_lock, flags);
	return err;
}

static const struct clocksource_ops *find(bool (*match)(const struct source *, const void *),
					  const void *key, u64 *hz)
{
	const struct source *best = NULL;
	u64 flags = spin_lock_irqsave(&cs_lock);

	for (int i = 0; i < MAX_SOURCES; i++)
		if (sources[i].ops && match(&sources[i], key) &&
		    (!best || sources[i].ops->rating > best->ops->rating))
			best = &sources[i];
	if (best && hz)
		*hz = best->hz;
	spin_unlock_irqrestore(&cs_lock, flags);
	return best ? best->ops : NULL;
}

static bool is_reference(const struct source *s, const void *key)
{
	return s->ops->flags & CLOCKSOURCE_REFERENCE;
}

static bool has_name(const struct source *s, const void *key)
{
	return !strcmp(s->ops->name, key);
}

const struct clocksource_ops *clocksource_reference(u64 *hz)
{
	return find(is_reference, NULL, hz);
}

const struct clocksource_ops *clocksource_find(const char *name, u64 *hz)
{
	return find(has_name, name, hz);
}

const struct clocksource_ops *clocksource_current(void)
{
	return READ_ONCE(tk.cs);
}
