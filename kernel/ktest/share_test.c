/*
 * KTAP suite "share": share() and claim() (ipc/share.c) and the random
 * source behind the keys: key shape and uniqueness, a key claimed once
 * only, expiry (-ETIMEDOUT, then -ENOENT; the expiry thread closes the
 * file of a key nobody claims), malformed keys, a full table (-ENOSPC,
 * then room again), and the system calls from user mode with bad
 * pointers (utest share), leaving no key and no file reference behind.
 */
#include <loom/errno.h>
#include <loom/ktest.h>
#include <loom/printk.h>
#include <loom/random.h>
#include <loom/share.h>
#include <loom/slab.h>
#include <loom/string.h>
#include <loom/thread.h>
#include <loom/time.h>
#include <loom/vfs.h>
#include "../proc/capture.h"

#define MS (1000ULL * 1000)

static struct file *open_zero(struct ktest *t)
{
	struct file *f = NULL;

	KEXPECT_EQ(t, vfs_open(vfs_root_ns(), NULL, "/dev/zero", PERM_READ, &f), 0);
	return f;
}

static bool all_distinct(const u64 *v, int n)
{
	for (int i = 0; i < n; i++)
		for (int j = i + 1; j < n; j++)
			if (v[i] == v[j])
				return false;
	return true;
}

/* 512 draws of each generator: all different, every bit seen 0 and 1. */
static void random_values(struct ktest *t)
{
	u64 *v = kmalloc(512 * sizeof(u64));

	KASSERT_TRUE(t, v != NULL);
	for (int gen = 0; gen < 2; gen++) {
		u64 all_or = 0, all_and = ~0ULL;

		for (int i = 0; i < 512; i++) {
			v[i] = gen ? random_fallback_u64() : random_u64();
			all_or |= v[i];
			all_and &= v[i];
		}
		KEXPECT_TRUE(t, all_distinct(v, 512));
		KEXPECT_EQ(t, all_or, ~0ULL);
		KEXPECT_EQ(t, all_and, 0);
	}
	pr_info("share: keys from %s", random_is_hw() ? "RDRAND" : "the TSC-seeded xorshift");
	kfree(v);
}

static void claimed_once(struct ktest *t)
{
	char key[SHARE_KEY_SIZE], key2[SHARE_KEY_SIZE];
	struct share_stats st0, st;
	struct file *f = open_zero(t), *g = NULL;

	KASSERT_TRUE(t, f != NULL);
	share_get_stats(&st0);
	KEXPECT_EQ(t, share_file(f, 10000 * MS, key), 0);
	KEXPECT_EQ(t, strlen(key), SHARE_KEY_SIZE - 1);
	for (int i = 0; key[i]; i++)
		KEXPECT_TRUE(t,
			     (key[i] >= '0' && key[i] <= '9') || (key[i] >= 'a' && key[i] <= 'f'));
	KEXPECT_EQ(t, f->refs, 2); /* the key holds one */
	KEXPECT_EQ(t, share_file(f, 10000 * MS, key2), 0);
	KEXPECT_TRUE(t, strcmp(key, key2) != 0);
	share_get_stats(&st);
	KEXPECT_EQ(t, st.live, st0.live + 2);
	KEXPECT_EQ(t, claim_file(key, &g), 0);
	KEXPECT_TRUE(t, g == f); /* the same open file */
	KEXPECT_EQ(t, claim_file(key, &g), -ENOENT);
	vfs_close(g);
	g = NULL;
	KEXPECT_EQ(t, claim_file(key2, &g), 0);
	KEXPECT_TRUE(t, g == f);
	vfs_close(g);
	KEXPECT_EQ(t, f->refs, 1);
	share_get_stats(&st);
	KEXPECT_EQ(t, st.live, st0.live);
	vfs_close(f);
}

static void malformed_keys(struct ktest *t)
{
	char key[SHARE_KEY_SIZE], c;
	struct file *f = open_zero(t), *g = NULL;

	KASSERT_TRUE(t, f != NULL);
	KEXPECT_EQ(t, share_file(f, 0, key), -EINVAL);
	KEXPECT_EQ(t, share_file(f, SHARE_TIMEOUT_MAX + 1, key), -EINVAL);
	KEXPECT_EQ(t, share_file(NULL, MS, key), -EINVAL);
	KEXPECT_EQ(t, claim_file(NULL, &g), -EINVAL);
	KEXPECT_EQ(t, claim_file("", &g), -EINVAL);
	KEXPECT_EQ(t, claim_file("0123456789abcdef", &g), -EINVAL);
	KEXPECT_EQ(t, claim_file("0123456789abcdef0123456789abcdef0", &g), -EINVAL);
	KEXPECT_EQ(t, claim_file("0123456789abcdef0123456789abcdeF", &g), -EINVAL);
	KEXPECT_EQ(t, claim_file("0123456789abcdef 123456789abcdef", &g), -EINVAL);
	KEXPECT_EQ(t, share_file(f, 10000 * MS, key), 0);
	c = key[SHARE_KEY_SIZE - 2];
	key[SHARE_KEY_SIZE - 2] = c == '0' ? '1' : '0'; /* one digit off */
	KEXPECT_EQ(t, claim_file(key, &g), -ENOENT);
	key[SHARE_KEY_SIZE - 2] = c;
	KEXPECT_EQ(t, claim_file(key, &g), 0);
	KEXPECT_TRUE(t, g == f);
	vfs_close(g);
	vfs_close(f);
}

/* A late claim hears -ETIMEDOUT once; a key nobody claims has its file
 * closed by the expiry thread (bounded wait: 5 s, on a loaded host). */
static void expiry(struct ktest *t)
{
	char key[SHARE_KEY_SIZE], key2[SHARE_KEY_SIZE];
	struct share_stats st0, st;
	struct file *f = open_zero(t), *g = NULL;
	u64 end;

	KASSERT_TRUE(t, f != NULL);
	share_get_stats(&st0);
	KEXPECT_EQ(t, share_file(f, 2 * MS, key), 0);
	KEXPECT_EQ(t, share_file(f, 2 * MS, key2), 0);
	sleep_ns(10 * MS);
	KEXPECT_EQ(t, claim_file(key, &g), -ETIMEDOUT);
	KEXPECT_EQ(t, claim_file(key, &g), -ENOENT);
	end = clock_monotonic_ns() + 5000 * MS;
	do {
		share_get_stats(&st);
		if (st.live == st0.live)
			break;
		sleep_ns(MS);
	} while (clock_monotonic_ns() < end);
	KEXPECT_EQ(t, st.live, st0.live);
	KEXPECT_EQ(t, f->refs, 1); /* both keys' references dropped */
	KEXPECT_EQ(t, claim_file(key2, &g), -ETIMEDOUT);
	KEXPECT_TRUE(t, g == NULL);
	vfs_close(f);
}

/* Fill the table: the next share is -ENOSPC; a claim makes room. */
static void table_full(struct ktest *t)
{
	char(*keys)[SHARE_KEY_SIZE] = kmalloc(CONFIG_SHARE_KEYS * SHARE_KEY_SIZE);
	struct share_stats st0, st;
	struct file *f = open_zero(t), *g;
	char extra[SHARE_KEY_SIZE];
	u32 n = 0;
	int r = 0;

	KASSERT_TRUE(t, keys != NULL);
	if (!f)
		goto out;
	share_get_stats(&st0);
	while (n <= CONFIG_SHARE_KEYS &&
	       !(r = share_file(f, 60000 * MS, keys[n % CONFIG_SHARE_KEYS])))
		n++;
	KEXPECT_EQ(t, r, -ENOSPC);
	KEXPECT_EQ(t, n, CONFIG_SHARE_KEYS - st0.live);
	KEXPECT_EQ(t, f->refs, 1 + n);
	KEXPECT_EQ(t, share_file(f, 60000 * MS, extra), -ENOSPC);
	if (n) {
		KEXPECT_EQ(t, claim_file(keys[0], &g), 0);
		vfs_close(g);
		KEXPECT_EQ(t, share_file(f, 60000 * MS, keys[0]), 0);
	}
	for (u32 i = 0; i < n; i++) {
		g = NULL;
		KEXPECT_EQ(t, claim_file(keys[i], &g), 0);
		vfs_close(g);
	}
	share_get_stats(&st);
	KEXPECT_EQ(t, st.live, st0.live);
	KEXPECT_EQ(t, f->refs, 1);
	vfs_close(f);
out:
	kfree(keys);
}

struct run {
	char status[64];
	char out[4096];
};

/* The system calls with bad pointers and lengths; every key made on the
 * way is claimed or taken back (a key that could not be written out). */
static void user_calls(struct ktest *t)
{
	const char *argv[] = { UTEST, "share" };
	struct run *r = kzalloc(sizeof(*r));
	struct share_stats st0, st;

	KASSERT_TRUE(t, r != NULL);
	share_get_stats(&st0);
	KEXPECT_EQ(t,
		   capture_run(argv, 2, r->status, sizeof(r->status), r->out, sizeof(r->out)) > 0,
		   1);
	KEXPECT_STREQ(t, r->status, "0");
	KEXPECT_TRUE(t, strstr(r->out, "ok - claim again\n") != NULL);
	KEXPECT_TRUE(t, strstr(r->out, "not ok") == NULL);
	if (t->failed)
		ktest_fail(t, __FILE__, __LINE__, "utest share said:\n%s", r->out);
	share_get_stats(&st);
	KEXPECT_EQ(t, st.live, st0.live);
	kfree(r);
}

KTEST_SUITE(share, KTEST_CASE(random_values), KTEST_CASE(claimed_once), KTEST_CASE(malformed_keys),
	    KTEST_CASE(expiry), KTEST_CASE(table_full), KTEST_CASE(user_calls));
