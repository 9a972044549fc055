/*
 * Shared memory between processes: a parent makes an object
 * (/dev/shmem/new), maps it and hands it to a child it spawns, once
 * through share()/claim() (the key in argv) and once by name
 * (/dev/shmem/ID); each side sees the other's writes while both run (a
 * handshake through the memory itself) and after the child has ended.
 * Also: a key is claimed once only, a read-only open maps read-only,
 * and a mapping past the size is ENXIO. The child is this program with
 * "child-key KEY" or "child-name ID" as arguments.
 */
#include <errno.h>
#include <loom.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <time.h>
#include <unistd.h>
#include "utest.h"

#define SIZE	  (16 * 4096)
#define WAIT_SECS 20 /* a loose bound on a handshake, for a loaded host */

/* The layout both sides agree on. */
struct shared {
	volatile int flag; /* 1: the child is in; 2: the parent saw it */
	char from_parent[32];
	char from_child[32];
};
#define LAST_PAGE (SIZE - 4096) /* a value at the far end: 0x5a5a5a5a + 1 by the child */

static long now_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec;
}

/* Wait for *flag == want (yielding), at most WAIT_SECS: 0 or -1. */
static int wait_flag(volatile int *flag, int want)
{
	long end = now_s() + WAIT_SECS;

	while (*flag != want) {
		if (now_s() > end)
			return -1;
		sched_yield();
	}
	return 0;
}

/* --- the child: exit status 0, or the number of the check that failed ---- */
static int child_use(int fd)
{
	struct shared *s;
	int *last;

	s = mmap(NULL, SIZE, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
	if (s == MAP_FAILED)
		return 10;
	close(fd); /* the mapping keeps the object */
	if (strcmp(s->from_parent, "hello from the parent"))
		return 11;
	last = (int *)((char *)s + LAST_PAGE);
	if (*last != 0x5a5a5a5a)
		return 12;
	*last += 1;
	strcpy(s->from_child, "hello from the child");
	s->flag = 1;
	if (wait_flag(&s->flag, 2))
		return 13;
	return munmap(s, SIZE) ? 14 : 0;
}

static int child_key(const char *key)
{
	int fd = claim(key);

	if (fd < 0)
		return 2;
	if (claim(key) >= 0 || errno != ENOENT)
		return 3; /* once only */
	return child_use(fd);
}

static int child_name(const char *id)
{
	int fd = open(F("/dev/shmem/%s", id));

	return fd < 0 ? 4 : child_use(fd);
}

/* --- the parent ----------------------------------------------------------- */
/* A new object of SIZE bytes, mapped: the fd, the mapping in *out. */
static int make_object(struct shared **out)
{
	int fd = open("/dev/shmem/new");
	struct shared *s;

	if (fd < 0)
		return -1;
	if (swrite(fd, "size 65536\n") < 0) {
		close(fd);
		return -1;
	}
	s = mmap(NULL, SIZE, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
	if (s == MAP_FAILED) {
		close(fd);
		return -1;
	}
	strcpy(s->from_parent, "hello from the parent");
	*(int *)((char *)s + LAST_PAGE) = 0x5a5a5a5a;
	*out = s;
	return fd;
}

/* Run the child with mode and arg; check both ways while it runs. */
static void run_child(int *ut_failed, struct shared *s, const char *mode, const char *arg)
{
	const char *argv[] = { "/tests/shmem", mode, arg, NULL };
	char st[128];
	pid_t pid = spawn(argv, 0);

	UT_EXPECT(pid > 0);
	if (pid <= 0)
		return;
	UT_EXPECT_EQ(wait_flag(&s->flag, 1), 0); /* the child's write, seen live */
	UT_EXPECT_STREQ(s->from_child, "hello from the child");
	s->flag = 2;
	UT_EXPECT(proc_wait(pid, st, sizeof(st)) >= 0);
	UT_EXPECT_STREQ(st, "0");
	UT_EXPECT_EQ(*(int *)((char *)s + LAST_PAGE), 0x5a5a5a5b);
}

UT_CASE(share_with_child)
{
	char key[SHARE_KEY_SIZE];
	struct shared *s;
	int fd = make_object(&s);

	UT_EXPECT(fd >= 0);
	if (fd < 0)
		return;
	UT_EXPECT_EQ(share(key, sizeof(key), fd, 30ULL * 1000000000), SHARE_KEY_SIZE - 1);
	close(fd); /* the key and the mapping hold it */
	run_child(ut_failed, s, "child-key", key);
	UT_EXPECT(claim(key) < 0 && errno == ENOENT); /* the child used it */
	UT_EXPECT_EQ(munmap(s, SIZE), 0);
}

UT_CASE(name_to_child)
{
	char text[64] = { 0 }, *sp;
	struct shared *s;
	int fd = make_object(&s);

	UT_EXPECT(fd >= 0);
	if (fd < 0)
		return;
	UT_EXPECT(read(fd, text, sizeof(text) - 1) > 0);
	UT_EXPECT(strstr(text, " 65536\n") != NULL);
	sp = strchr(text, ' ');
	if (sp)
		*sp = 0;
	run_child(ut_failed, s, "child-name", text);
	close(fd);
	UT_EXPECT_EQ(munmap(s, SIZE), 0);
	/* the last file and mapping gone: so is the name */
	UT_EXPECT(open(F("/dev/shmem/%s", text)) < 0 && errno == ENOENT);
}

UT_CASE(readonly_and_bounds)
{
	char text[64] = { 0 };
	struct shared *s;
	int fd = make_object(&s), ro;
	void *m;

	UT_EXPECT(fd >= 0);
	if (fd < 0)
		return;
	UT_EXPECT(read(fd, text, sizeof(text) - 1) > 0);
	*strchr(text, ' ') = 0;
	ro = open(F("/dev/shmem/%s:r", text));
	UT_EXPECT(ro >= 0);
	m = mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_SHARED, ro, 0);
	UT_EXPECT(m == MAP_FAILED && errno == EACCES);
	m = mmap(NULL, SIZE, PROT_READ, MAP_SHARED, ro, 0);
	UT_EXPECT(m != MAP_FAILED);
	if (m != MAP_FAILED) {
		UT_EXPECT_STREQ(((struct shared *)m)->from_parent, "hello from the parent");
		UT_EXPECT(mprotect(m, 4096, PROT_READ | PROT_WRITE) < 0 && errno == EACCES);
		munmap(m, SIZE);
	}
	m = mmap(NULL, 4096, PROT_READ, MAP_SHARED, fd, SIZE);
	UT_EXPECT(m == MAP_FAILED && errno == ENXIO);
	m = mmap(NULL, SIZE + 4096, PROT_READ, MAP_SHARED, fd, 0);
	UT_EXPECT(m == MAP_FAILED && errno == ENXIO);
	UT_EXPECT(swrite(fd, "size 4096") < 0 && errno == EBUSY);
	close(ro);
	close(fd);
	munmap(s, SIZE);
}

int main(int argc, char **argv)
{
	static const struct ut_case cases[] = { UT(share_with_child), UT(name_to_child),
						UT(readonly_and_bounds) };

	if (argc == 3 && !strcmp(argv[1], "child-key"))
		return child_key(argv[2]);
	if (argc == 3 && !strcmp(argv[1], "child-name"))
		return child_name(argv[2]);
	return ut_main("shmem", cases, sizeof(cases) / sizeof(cases[0]));
}
