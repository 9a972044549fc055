/*
 * share() and claim() (include/loom/share.h, Documentation/processes.md).
 * A fixed table of CONFIG_SHARE_KEYS slots: free, live (a key and the
 * file it hands over, until a deadline) or expired (the key alone, so
 * that a late claim hears -ETIMEDOUT instead of -ENOENT; the slot is
 * reused when no free one is left). A lookup compares every key in use,
 * each in constant time, and stops after the last one, as does expiry:
 * O(keys in use). A kernel thread, started by the first share, sleeps
 * until the earliest deadline and closes the files of the keys that
 * expired, so a key that nobody claims never keeps its file; a share
 * wakes it only when its deadline comes before the one it sleeps until.
 * Locking: share_lock (a mutex) around the table; files are closed with
 * it held (share_lock, then vfs_lock).
 */
#include <loom/errno.h>
#include <loom/mutex.h>
#include <loom/printk.h>
#include <loom/random.h>
#include <loom/share.h>
#include <loom/string.h>
#include <loom/thread.h>
#include <loom/time.h>
#include <loom/vfs.h>
#include <loom/wait.h>

#define KEY_LEN (SHARE_KEY_SIZE - 1)

enum { SLOT_FREE, SLOT_LIVE, SLOT_EXPIRED };

struct share_slot {
	u32 state;
	char key[SHARE_KEY_SIZE];
	u64 deadline; /* clock_monotonic_ns */
	struct file *f;
};

static struct share_slot slots[CONFIG_SHARE_KEYS];
static struct mutex share_lock = MUTEX_INIT;
static struct wait_queue reaper_wq = WAIT_QUEUE_INIT;
static u64 share_gen;	 /* bumped to make the reaper look again */
static u64 reaper_until; /* the deadline the reaper sleeps until (0: none) */
static bool reaper_running;
static struct share_stats stats;

void share_get_stats(struct share_stats *st)
{
	mutex_lock(&share_lock);
	*st = stats;
	mutex_unlock(&share_lock);
}

static void slot_expire(struct share_slot *s)
{
	vfs_close(s->f);
	s->f = NULL;
	s->state = SLOT_EXPIRED;
	stats.live--;
	stats.expired++;
}

static void slot_free(struct share_slot *s)
{
	if (s->state == SLOT_LIVE)
		stats.live--;
	else if (s->state == SLOT_EXPIRED)
		stats.expired--;
	memset(s, 0, sizeof(*s));
}

/* Expire the live keys past their deadline: the earliest deadline left
 * (0: none). Under share_lock. */
static u64 expire_locked(u64 now, bool by_reaper)
{
	u32 live = stats.live; /* stop once every live key was seen */
	u64 next = 0;

	for (u32 i = 0; i < CONFIG_SHARE_KEYS && live; i++) {
		struct share_slot *s = &slots[i];

		if (s->state != SLOT_LIVE)
			continue;
		live--;
		if (s->deadline <= now) {
			slot_expire(s);
			stats.reaped += by_reaper;
		} else if (!next || s->deadline < next) {
			next = s->deadline;
		}
	}
	return next;
}

static void reaper(void *arg)
{
	for (;;) {
		u64 gen, next, now;

		mutex_lock(&share_lock);
		gen = share_gen;
		next = expire_locked(clock_monotonic_ns(), true);
		reaper_until = next;
		mutex_unlock(&share_lock);
		if (!next) {
			wait_event(&reaper_wq, READ_ONCE(share_gen) != gen);
			continue;
		}
		now = clock_monotonic_ns();
		if (next > now)
			wait_event_timeout(&reaper_wq, READ_ONCE(share_gen) != gen, next - now);
	}
}

/* Equal keys, in time independent of where they differ. */
static bool key_eq(const char *a, const char *b)
{
	u8 d = 0;

	for (u32 i = 0; i < KEY_LEN; i++)
		d |= (u8)(a[i] ^ b[i]);
	return !d;
}

static bool key_ok(const char *key)
{
	for (u32 i = 0; i < KEY_LEN; i++)
		if (!((key[i] >= '0' && key[i] <= '9') || (key[i] >= 'a' && key[i] <= 'f')))
			return false;
	return key[KEY_LEN] == '\0';
}

/* The slot holding key (live or expired), or NULL. Under share_lock. */
static struct share_slot *find(const char *key)
{
	struct share_slot *found = NULL;
	u32 used = stats.live + stats.expired;

	for (u32 i = 0; i < CONFIG_SHARE_KEYS && used; i++) {
		if (slots[i].state == SLOT_FREE)
			continue;
		used--;
		if (key_eq(slots[i].key, key))
			found = &slots[i];
	}
	return found;
}

static void key_make(char *key)
{
	static const char hex[] = "0123456789abcdef";
	u8 raw[KEY_LEN / 2];

	do {
		random_bytes(raw, sizeof(raw));
		for (u32 i = 0; i < sizeof(raw); i++) {
			key[2 * i] = hex[raw[i] >> 4];
			key[2 * i + 1] = hex[raw[i] & 15];
		}
		key[KEY_LEN] = '\0';
	} while (find(key)); /* 2^-128 per key in use: never, in practice */
}

int share_file(struct file *f, u64 timeout_ns, char *key)
{
	struct share_slot *s = NULL;
	bool wake = false;
	u64 now;
	int r = 0;

	if (!f || !timeout_ns || timeout_ns > SHARE_TIMEOUT_MAX)
		return -EINVAL;
	mutex_lock(&share_lock);
	if (!reaper_running) {
		r = thread_spawn_detached("share-expiry", reaper, NULL, 0);
		if (r)
			goto out;
		reaper_running = true;
	}
	now = clock_monotonic_ns();
	expire_locked(now, false);
	for (u32 i = 0; i < CONFIG_SHARE_KEYS && !s; i++)
		if (slots[i].state == SLOT_FREE)
			s = &slots[i];
	for (u32 i = 0; i < CONFIG_SHARE_KEYS && !s; i++)
		if (slots[i].state == SLOT_EXPIRED)
			s = &slots[i];
	if (!s) {
		pr_info("share: all %u keys are in use; refused", CONFIG_SHARE_KEYS);
		r = -ENOSPC;
		goto out;
	}
	slot_free(s);
	key_make(s->key);
	s->state = SLOT_LIVE;
	s->deadline = now + timeout_ns;
	s->f = vfs_file_get(f);
	stats.live++;
	memcpy(key, s->key, SHARE_KEY_SIZE);
	/* the reaper sleeps until reaper_until: wake it only to come earlier */
	if (!reaper_until || s->deadline < reaper_until) {
		reaper_until = s->deadline;
		share_gen++;
		wake = true;
	}
out:
	mutex_unlock(&share_lock);
	if (wake)
		wake_up_all(&reaper_wq);
	return r;
}

int claim_file(const char *key, struct file **out)
{
	struct share_slot *s;
	int r = 0;

	if (!key || !key_ok(key))
		return -EINVAL;
	mutex_lock(&share_lock);
	s = find(key);
	if (!s) {
		r = -ENOENT;
	} else if (s->state == SLOT_LIVE && s->deadline > clock_monotonic_ns()) {
		*out = s->f; /* its reference moves to the claimer */
		s->f = NULL;
	} else {
		if (s->state == SLOT_LIVE)
			slot_expire(s); /* the reaper has not run yet */
		r = -ETIMEDOUT;
	}
	if (s)
		slot_free(s);
	mutex_unlock(&share_lock);
	return r;
}
