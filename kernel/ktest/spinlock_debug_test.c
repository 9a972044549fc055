/*
 * Spinlock debugging (CONFIG_DEBUG_SPINLOCK) finds what it should:
 * recursion, unlock of a free lock, unlock by another thread, sleeping with
 * a spinlock held and a lock-order inversion; the kernel goes on and the
 * locks end up free.
 */
#include <loom/ktest.h>
#include <loom/spinlock.h>
#include <loom/thread.h>

extern u64 spin_debug_reports;

static spinlock_t a = SPINLOCK_INIT, b = SPINLOCK_INIT;

static bool unlocked(spinlock_t *l)
{
	return l->owner == l->next;
}

static void recursion_reported(struct ktest *t)
{
	u64 n = spin_debug_reports;

	spin_lock(&a);
	spin_lock(&a); /* refused: would deadlock */
	KEXPECT_EQ(t, spin_debug_reports, n + 1);
	spin_unlock(&a); /* the refused one */
	KEXPECT_TRUE(t, !unlocked(&a));
	spin_unlock(&a);
	KEXPECT_TRUE(t, unlocked(&a));
}

static void bad_unlocks_reported(struct ktest *t)
{
	u64 n = spin_debug_reports;

	spin_unlock(&b); /* nobody holds it */
	KEXPECT_EQ(t, spin_debug_reports, n + 1);
	KEXPECT_TRUE(t, unlocked(&b));
	spin_lock(&b);
	b.holder = (const void *)0x1000; /* as if another thread held it */
	spin_unlock(&b);
	KEXPECT_EQ(t, spin_debug_reports, n + 2);
	KEXPECT_TRUE(t, unlocked(&b));
}

static void sleeping_with_lock_reported(struct ktest *t)
{
	u64 n = spin_debug_reports;

	spin_lock(&a);
	yield();
	KEXPECT_EQ(t, spin_debug_reports, n + 1);
	spin_unlock(&a);
	yield(); /* no lock held: no report */
	KEXPECT_EQ(t, spin_debug_reports, n + 1);
}

static void order_inversion_reported(struct ktest *t)
{
	static spinlock_t x = SPINLOCK_INIT, y = SPINLOCK_INIT;
	u64 n = spin_debug_reports;

	spin_lock(&x);
	spin_lock(&y);
	spin_unlock(&y);
	spin_unlock(&x);
	spin_lock(&x); /* same order again: fine */
	spin_lock(&y);
	spin_unlock(&y);
	spin_unlock(&x);
	KEXPECT_EQ(t, spin_debug_reports, n);
	spin_lock(&y);
	spin_lock(&x); /* inverted */
	spin_unlock(&x);
	spin_unlock(&y);
	KEXPECT_EQ(t, spin_debug_reports, n + 1);
	KEXPECT_TRUE(t, unlocked(&x) && unlocked(&y));
}

KTEST_SUITE(spinlock_debug, KTEST_CASE(recursion_reported), KTEST_CASE(bad_unlocks_reported),
	    KTEST_CASE(sleeping_with_lock_reported), KTEST_CASE(order_inversion_reported));
