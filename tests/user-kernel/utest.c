/*
 * The kernel's user-mode test program: raw system calls, no C library.
 * kernel/proc/proc_test.c spawns it as "utest MODE ..." and checks its
 * output and exit status. Modes that check things print "ok - NAME" or
 * "not ok - NAME (got N)" lines and exit with the number of failures.
 */
#include "sys.h"

__asm__(".globl _start\n"
	"_start:\n"
	"	mov %rsp, %rdi\n"
	"	call start_c\n"
	"	ud2\n");

static int failures;

static void check(const char *name, int ok, s64 got)
{
	if (ok) {
		puts1("ok - ");
		puts1(name);
		puts1("\n");
		return;
	}
	failures++;
	puts1("not ok - ");
	puts1(name);
	puts1(" (got ");
	putnum(got);
	puts1(")\n");
}

#define EXPECT(name, expr, want)                 \
	do {                                     \
		s64 __g = (s64)(expr);           \
		check(name, __g == (want), __g); \
	} while (0)

static char *self; /* argv[0] */

/* --- hello: the first program ----------------------------------------------- */
static int mode_hello(int argc, char **argv, char **envp)
{
	puts1("hello from user space\n");
	for (int i = 0; i < argc; i++) {
		puts1("argv: ");
		puts1(argv[i]);
		puts1("\n");
	}
	for (char **e = envp; *e; e++) {
		puts1("env: ");
		puts1(*e);
		puts1("\n");
	}
	return 0;
}

/* --- bad pointers and lengths ------------------------------------------------- */
#define KERNEL_ADDR 0xffff800000001000UL
#define NONCANON    0x0000900000000000UL

static int mode_badptr(void)
{
	static char buf[64];
	struct stat st;
	char *page;
	s64 fd;

	EXPECT("write NULL", sc3(SYS_WRITE, 1, 0, 10), -EFAULT);
	EXPECT("write kernel address", sc3(SYS_WRITE, 1, KERNEL_ADDR, 10), -EFAULT);
	EXPECT("write non-canonical", sc3(SYS_WRITE, 1, NONCANON, 10), -EFAULT);
	EXPECT("write huge length", sc3(SYS_WRITE, 1, buf, 1UL << 62), -EFAULT);
	EXPECT("write wrapping length", sc3(SYS_WRITE, 1, buf, ~0UL), -EFAULT);
	EXPECT("write bad fd", sc3(SYS_WRITE, 99, buf, 1), -EBADF);
	EXPECT("write nothing from nowhere", sc3(SYS_WRITE, 1, 0, 0), 0);
	EXPECT("write negative fd", sc3(SYS_WRITE, -1, buf, 1), -EBADF);
	fd = sc1(SYS_OPEN, "/etc/version");
	check("open /etc/version", fd >= 3, fd);
	EXPECT("read into kernel memory", sc3(SYS_READ, fd, KERNEL_ADDR, 16), -EFAULT);
	EXPECT("read into unmapped memory", sc3(SYS_READ, fd, 0x10000, 16), -EFAULT);
	check("read works", sc3(SYS_READ, fd, buf, 4) == 4 && buf[0] == 'L', buf[0]);
	EXPECT("seek bad whence", sc3(SYS_SEEK, fd, 0, 7), -EINVAL);
	EXPECT("fstat to kernel memory", sc2(SYS_FSTAT, fd, KERNEL_ADDR), -EFAULT);
	EXPECT("close", sc1(SYS_CLOSE, fd), 0);
	EXPECT("close again", sc1(SYS_CLOSE, fd), -EBADF);
	EXPECT("open NULL", sc1(SYS_OPEN, 0), -EFAULT);
	EXPECT("open kernel address", sc1(SYS_OPEN, KERNEL_ADDR), -EFAULT);
	EXPECT("open missing", sc1(SYS_OPEN, "/no/such/file"), -ENOENT);
	EXPECT("stat to NULL", sc2(SYS_STAT, "/etc/version", 0), -EFAULT);
	EXPECT("stat", sc2(SYS_STAT, "/etc/version", &st), 0);
	check("stat type", st.type == STAT_REG && st.size > 4, st.type);

	/* A path running into an unmapped page without its NUL. */
	page = (char *)sc4(SYS_MMAP, 0, 8192, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS);
	check("mmap two pages", (s64)page > 0, (s64)page);
	EXPECT("munmap the second", sc2(SYS_MUNMAP, page + 4096, 4096), 0);
	for (int i = 0; i < 4096; i++)
		page[i] = 'a';
	EXPECT("path without NUL before unmapped memory", sc1(SYS_OPEN, page + 4000), -EFAULT);
	page[4095] = 0;
	EXPECT("path over PATH_MAX", sc1(SYS_OPEN, page), -ENAMETOOLONG);
	EXPECT("chdir to a file", sc1(SYS_CHDIR, "/etc/version"), -ENOTDIR);
	EXPECT("getcwd too small", sc2(SYS_GETCWD, buf, 1), -ERANGE);
	EXPECT("getcwd bad buffer", sc2(SYS_GETCWD, KERNEL_ADDR, 64), -EFAULT);
	EXPECT("chdir /etc", sc1(SYS_CHDIR, "/etc"), 0);
	EXPECT("getcwd", sc2(SYS_GETCWD, buf, sizeof(buf)), 4);
	check("getcwd text", seq(buf, "/etc"), buf[0]);
	fd = sc1(SYS_OPEN, "version");
	check("open relative to cwd", fd >= 0, fd);
	sc1(SYS_CLOSE, fd);
	EXPECT("spawn bad argv", sc2(SYS_SPAWN, KERNEL_ADDR, 0), -EFAULT);
	{
		const char *bad[] = { (const char *)KERNEL_ADDR, 0 };
		const char *missing[] = { "/no/such/program", 0 };
		const char *text[] = { "/etc/version", 0 };
		const char *empty[] = { 0 };

		EXPECT("spawn bad argv[0]", sc2(SYS_SPAWN, bad, 0), -EFAULT);
		EXPECT("spawn missing program", sc2(SYS_SPAWN, missing, 0), -ENOENT);
		EXPECT("spawn a text file", sc2(SYS_SPAWN, text, 0), -ENOEXEC);
		EXPECT("spawn no arguments", sc2(SYS_SPAWN, empty, 0), -EINVAL);
		EXPECT("spawn bad flags", sc2(SYS_SPAWN, text, 0x1000), -EINVAL);
	}
	EXPECT("unknown call", sc0(63), -ENOSYS);
	EXPECT("call number far out", sc0(100000), -ENOSYS);
	EXPECT("mmap zero length", sc4(SYS_MMAP, 0, 0, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS),
	       -EINVAL);
	EXPECT("mmap huge", sc4(SYS_MMAP, 0, 1UL << 62, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS),
	       -EINVAL);
	EXPECT("mmap W+X", sc4(SYS_MMAP, 0, 4096, 7, MAP_PRIVATE | MAP_ANONYMOUS), -EACCES);
	EXPECT("mmap fixed in kernel space",
	       sc4(SYS_MMAP, KERNEL_ADDR, 4096, 3, MAP_FIXED | MAP_PRIVATE | MAP_ANONYMOUS),
	       -EINVAL);
	EXPECT("munmap unaligned", sc2(SYS_MUNMAP, 0x10001, 4096), -EINVAL);
	EXPECT("futex unaligned", sc4(SYS_FUTEX, buf + 1, FUTEX_WAKE, 1, 0), -EINVAL);
	EXPECT("futex bad op", sc4(SYS_FUTEX, buf, 9, 1, 0), -EINVAL);
	EXPECT("futex unmapped", sc4(SYS_FUTEX, 0x10000, FUTEX_WAIT, 0, 0), -EFAULT);
	EXPECT("futex value differs", sc4(SYS_FUTEX, buf, FUTEX_WAIT, 12345, 0), -EAGAIN);
	EXPECT("futex timeout", sc4(SYS_FUTEX, buf + 32, FUTEX_WAIT, 0, 1000000), -ETIMEDOUT);
	EXPECT("set_tls kernel address", sc1(SYS_SET_TLS, KERNEL_ADDR), -EINVAL);
	EXPECT("clock bad", sc1(SYS_CLOCK, 5), -EINVAL);
	EXPECT("readdir bad buffer", sc3(SYS_READDIR, 0, KERNEL_ADDR, 1), -EFAULT);
	EXPECT("note_return outside a handler", sc0(SYS_NOTE_RETURN), -EINVAL);
	EXPECT("open2 on a plain file", sc2(SYS_OPEN2, "/etc/version", buf), -ENOTSUP);
	return failures;
}

/* --- memory -------------------------------------------------------------------- */
static int mode_mmap(void)
{
	u64 flags = MAP_PRIVATE | MAP_ANONYMOUS;
	char *a = (char *)sc4(SYS_MMAP, 0, 3 * 4096, PROT_READ | PROT_WRITE, flags);
	char *b;
	int zero = 1;

	check("mmap 3 pages", (s64)a > 0 && !((u64)a & 4095), (s64)a);
	for (int i = 0; i < 3 * 4096; i++)
		a[i] = (char)i;
	check("pattern", a[5000] == (char)5000 && a[12287] == (char)12287, a[5000]);
	EXPECT("munmap middle", sc2(SYS_MUNMAP, a + 4096, 4096), 0);
	b = (char *)sc4(SYS_MMAP, a + 4096, 4096, PROT_READ | PROT_WRITE, flags | MAP_FIXED);
	check("mmap fixed into the hole", b == a + 4096, (s64)b);
	for (int i = 0; i < 4096; i++)
		zero &= b[i] == 0;
	check("new page is zero", zero, b[0]);
	check("neighbours kept", a[0] == 0 && a[8192] == (char)8192, a[8192]);
	EXPECT("mprotect read-only", sc3(SYS_MPROTECT, a, 3 * 4096, PROT_READ), 0);
	check("still readable", a[8193] == (char)8193, a[8193]);
	EXPECT("munmap all", sc2(SYS_MUNMAP, a, 3 * 4096), 0);
	b = (char *)sc4(SYS_MMAP, 0, 64 * 4096, PROT_READ | PROT_WRITE, flags | MAP_POPULATE);
	check("mmap populated", (s64)b > 0, (s64)b);
	b[64 * 4096 - 1] = 1;
	EXPECT("munmap populated", sc2(SYS_MUNMAP, b, 64 * 4096), 0);
	return failures;
}

/* --- faults: each ends the process with a note ----------------------------------- */
#pragma GCC diagnostic ignored "-Winfinite-recursion"
static int recurse(volatile char *p)
{
	volatile char big[512];

	big[0] = p ? p[0] : 0;
	return recurse(big) + big[1];
}

static int mode_fault(const char *what)
{
	if (seq(what, "stack"))
		return recurse(0);
	if (seq(what, "gp"))
		__asm__ volatile("hlt");
	if (seq(what, "ud"))
		__asm__ volatile("ud2");
	if (seq(what, "div"))
		__asm__ volatile("xor %%edx, %%edx\n\tmov $1, %%eax\n\txor %%ecx, %%ecx\n\t"
				 "div %%ecx" ::
					 : "eax", "ecx", "edx");
	if (seq(what, "null") || seq(what, "kernel")) {
		volatile int *volatile where = (int *)(seq(what, "null") ? 0x10 : KERNEL_ADDR);

		*where = 1;
	}
	if (seq(what, "exec")) {
		static char data[16] = { (char)0xc3 };

		((void (*)(void))data)();
	}
	if (seq(what, "spin"))
		for (;;)
			;
	return 100; /* not reached: the note ended the process */
}

/* --- threads and futexes ------------------------------------------------------------- */
#define NTHREADS 4
#define ROUNDS	 200
static volatile u32 lock_word, done_word, counter;
static u32 tids[NTHREADS];

static void lock(void)
{
	while (__atomic_exchange_n(&lock_word, 1, __ATOMIC_ACQUIRE))
		sc4(SYS_FUTEX, &lock_word, FUTEX_WAIT, 1, 0);
}

static void unlock(void)
{
	__atomic_store_n(&lock_word, 0, __ATOMIC_RELEASE);
	sc4(SYS_FUTEX, &lock_word, FUTEX_WAKE, 1, 0);
}

static u64 tls_words[NTHREADS + 1];
static volatile int tls_bad;

static u64 fs_word(void)
{
	u64 v;

	__asm__ volatile("mov %%fs:0, %0" : "=r"(v));
	return v;
}

/* Each thread's %fs base points at its own word; switches keep it. */
static void tls_set(u64 i)
{
	tls_words[i] = 0x1000 + i;
	sc1(SYS_SET_TLS, &tls_words[i]);
}

static void worker(void *arg)
{
	tids[(u64)arg] = (u32)sc0(SYS_GETTID);
	tls_set((u64)arg + 1);
	for (int i = 0; i < ROUNDS; i++) {
		lock();
		u32 c = counter;
		if (i % 20 == 0)
			sc0(SYS_YIELD);
		counter = c + 1;
		unlock();
		if (fs_word() != 0x1000 + (u64)arg + 1)
			tls_bad = 1;
	}
	__atomic_fetch_add(&done_word, 1, __ATOMIC_RELEASE);
	sc4(SYS_FUTEX, &done_word, FUTEX_WAKE, 1, 0);
	sc1(SYS_THREAD_EXIT, 0);
}

static int mode_threads(void)
{
	u64 flags = MAP_PRIVATE | MAP_ANONYMOUS | MAP_STACK;

	tls_set(0);
	for (u64 i = 0; i < NTHREADS; i++) {
		char *stack = (char *)sc4(SYS_MMAP, 0, 65536, PROT_READ | PROT_WRITE, flags);
		s64 tid = sc3(SYS_THREAD_CREATE, worker, i, stack + 65536);

		check("thread_create", tid > 0 && tid != sc0(SYS_GETTID), tid);
	}
	EXPECT("thread_create bad entry", sc3(SYS_THREAD_CREATE, KERNEL_ADDR, 0, 0x20000), -EINVAL);
	for (u32 d; (d = done_word) < NTHREADS;)
		sc4(SYS_FUTEX, &done_word, FUTEX_WAIT, d, 0);
	EXPECT("counter under the futex lock", counter, NTHREADS * ROUNDS);
	EXPECT("each thread keeps its %fs base", tls_bad, 0);
	EXPECT("so does the first", fs_word(), 0x1000);
	check("distinct tids", tids[0] != tids[1] && tids[1] != tids[2] && tids[0], tids[0]);
	return failures;
}

/* A thread that ends the whole process while the others are blocked. */
static void exiter(void *arg)
{
	sc1(SYS_NANOSLEEP, 5000000);
	sys_exit(42);
}

__attribute__((noreturn)) static void mode_thread_exit(void)
{
	char *stack = (char *)sc4(SYS_MMAP, 0, 65536, PROT_READ | PROT_WRITE,
				  MAP_PRIVATE | MAP_ANONYMOUS);

	sc3(SYS_THREAD_CREATE, exiter, 0, stack + 65536);
	for (;;)
		sc4(SYS_FUTEX, &lock_word, FUTEX_WAIT, lock_word, 0);
}

/* --- spawn and fd inheritance ------------------------------------------------------ */
static int mode_spawn(void)
{
	const char *a1[] = { self, "childfd", 0 }, *a2[] = { self, "nofds", 0 };
	const char *a3[] = { "./utest", "childcwd", 0 };
	s64 fd = sc1(SYS_OPEN, "/proc-test-fd:create:truncate:rw"), p1, p2, p3;

	check("open at fd 3", fd == 3, fd);
	sc3(SYS_WRITE, fd, "parent", 6);
	/* Suspended: the kernel test starts them and waits for them. */
	p1 = sc2(SYS_SPAWN, a1, SPAWN_SUSPENDED);
	p2 = sc2(SYS_SPAWN, a2, SPAWN_SUSPENDED | SPAWN_EMPTY_FDS | SPAWN_EMPTY_ENV);
	check("spawn", p1 > 0 && p2 > p1, p1);
	/* A relative path from the working directory, which the child gets. */
	EXPECT("chdir", sc1(SYS_CHDIR, "/tests/user"), 0);
	p3 = sc2(SYS_SPAWN, a3, SPAWN_SUSPENDED);
	check("spawn ./utest", p3 > p2, p3);
	puts1("pids ");
	putnum(p1);
	puts1(" ");
	putnum(p2);
	puts1(" ");
	putnum(p3);
	puts1("\n");
	return failures;
}

static int mode_childfd(void)
{
	return sc3(SYS_WRITE, 3, "+child", 6) == 6 ? 0 : 1;
}

static int mode_childcwd(void)
{
	char buf[64];

	return sc2(SYS_GETCWD, buf, sizeof(buf)) == 11 && seq(buf, "/tests/user") ? 0 : 1;
}

static int mode_nofds(char **envp)
{
	return sc3(SYS_WRITE, 1, "x", 1) == -EBADF && !envp[0] ? 0 : 1;
}

/* --- notes ------------------------------------------------------------------------------ */
static volatile int got_note;

static void note_handler(const char *note, void *frame)
{
	got_note = seq(note, "hello") ? 1 : 2;
	sc0(SYS_NOTE_RETURN);
}

static int mode_notes(void)
{
	EXPECT("note handler bad", sc1(SYS_NOTE_HANDLER, KERNEL_ADDR), -EINVAL);
	EXPECT("note handler", sc1(SYS_NOTE_HANDLER, note_handler), 0);
	puts1("ready\n");
	for (int i = 0; i < 500 && !got_note; i++)
		sc1(SYS_NANOSLEEP, 10000000);
	EXPECT("the note arrived", got_note, 1);
	return failures;
}

/* --- echo: lines from fd 0 back to fd 1, until the end of file ------------------------- */
static int mode_echo(void)
{
	char buf[256];
	int lines = 0;
	s64 n;

	puts1("echo: ready\n");
	while ((n = sc3(SYS_READ, 0, buf, sizeof(buf) - 1)) > 0) {
		buf[n] = 0;
		puts1("got: ");
		puts1(buf);
		lines++;
	}
	return n < 0 ? 100 : lines;
}

/* --- benchmark: null system calls --------------------------------------------------------- */
static int mode_bench(void)
{
	const int n = 20000;
	s64 t0 = sc1(SYS_CLOCK, CLOCK_MONOTONIC), t1;

	for (int i = 0; i < n; i++)
		sc0(SYS_GETPID);
	t1 = sc1(SYS_CLOCK, CLOCK_MONOTONIC);
	puts1("getpid_ns ");
	putnum((t1 - t0) / n);
	puts1("\n");
	return 0;
}

/* share + claim + close round trips of /etc/version, timed here */
static int mode_sharebench(void)
{
	static char key[SHARE_KEY_SIZE];
	const int n = 5000;
	s64 fd = sc1(SYS_OPEN, "/etc/version:r"), t0, t1;

	if (fd < 0)
		return 1;
	t0 = sc1(SYS_CLOCK, CLOCK_MONOTONIC);
	for (int i = 0; i < n; i++) {
		s64 c;

		if (sc4(SYS_SHARE, key, sizeof(key), fd, 1000000000) != SHARE_KEY_SIZE - 1)
			return 2;
		c = sc1(SYS_CLAIM, key);
		if (c < 0)
			return 3;
		sc1(SYS_CLOSE, c);
	}
	t1 = sc1(SYS_CLOCK, CLOCK_MONOTONIC);
	puts1("share_claim_ns ");
	putnum((t1 - t0) / n);
	puts1("\n");
	return 0;
}

/* --- share and claim: bad pointers and lengths, once only ---------------------- */
static int mode_share(void)
{
	static char key[SHARE_KEY_SIZE], key2[SHARE_KEY_SIZE], buf[8];
	char *page;
	s64 fd, fd2, n;

	fd = sc1(SYS_OPEN, "/etc/version:r");
	check("open /etc/version", fd >= 3, fd);
	EXPECT("share key to NULL", sc4(SYS_SHARE, 0, SHARE_KEY_SIZE, fd, 1000000000), -EFAULT);
	EXPECT("share key to kernel memory",
	       sc4(SYS_SHARE, KERNEL_ADDR, SHARE_KEY_SIZE, fd, 1000000000), -EFAULT);
	EXPECT("share key buffer too small",
	       sc4(SYS_SHARE, key, SHARE_KEY_SIZE - 1, fd, 1000000000), -ERANGE);
	EXPECT("share bad fd", sc4(SYS_SHARE, key, sizeof(key), 99, 1000000000), -EBADF);
	EXPECT("share negative fd", sc4(SYS_SHARE, key, sizeof(key), -1, 1000000000), -EBADF);
	EXPECT("share no time", sc4(SYS_SHARE, key, sizeof(key), fd, 0), -EINVAL);
	EXPECT("share too long", sc4(SYS_SHARE, key, sizeof(key), fd, SHARE_TIMEOUT_MAX + 1),
	       -EINVAL);
	/* a key buffer running into an unmapped page */
	page = (char *)sc4(SYS_MMAP, 0, 8192, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS);
	check("mmap two pages", (s64)page > 0, (s64)page);
	EXPECT("munmap the second", sc2(SYS_MUNMAP, page + 4096, 4096), 0);
	EXPECT("share key across unmapped memory",
	       sc4(SYS_SHARE, page + 4096 - 10, SHARE_KEY_SIZE, fd, 1000000000), -EFAULT);
	EXPECT("share", sc4(SYS_SHARE, key, sizeof(key), fd, 60000000000UL), SHARE_KEY_SIZE - 1);
	check("key is hex", slen(key) == SHARE_KEY_SIZE - 1, (s64)slen(key));
	EXPECT("share again", sc4(SYS_SHARE, key2, sizeof(key2), fd, 60000000000UL),
	       SHARE_KEY_SIZE - 1);
	check("keys differ", !seq(key, key2), 0);
	EXPECT("claim NULL", sc1(SYS_CLAIM, 0), -EFAULT);
	EXPECT("claim kernel address", sc1(SYS_CLAIM, KERNEL_ADDR), -EFAULT);
	for (int i = 0; i < 4096; i++)
		page[i] = 'a';
	EXPECT("claim without NUL before unmapped memory", sc1(SYS_CLAIM, page + 4090), -EFAULT);
	EXPECT("claim too long", sc1(SYS_CLAIM, page + 4000), -EINVAL);
	EXPECT("claim empty", sc1(SYS_CLAIM, ""), -EINVAL);
	EXPECT("claim not hex", sc1(SYS_CLAIM, "0123456789abcdef0123456789abcdeg"), -EINVAL);
	EXPECT("claim upper case", sc1(SYS_CLAIM, "0123456789ABCDEF0123456789ABCDEF"), -EINVAL);
	EXPECT("claim unknown", sc1(SYS_CLAIM, "0123456789abcdef0123456789abcdef"), -ENOENT);
	fd2 = sc1(SYS_CLAIM, key);
	check("claim", fd2 > fd, fd2);
	EXPECT("claim again", sc1(SYS_CLAIM, key), -ENOENT);
	/* the same open file: one position */
	n = sc3(SYS_READ, fd2, buf, 4);
	check("read the claimed fd", n == 4 && buf[0] == 'L', n);
	EXPECT("position shared", sc3(SYS_SEEK, fd, 0, SEEK_CUR), 4);
	EXPECT("close the claimed fd", sc1(SYS_CLOSE, fd2), 0);
	fd2 = sc1(SYS_CLAIM, key2);
	check("claim the second key", fd2 > fd, fd2);
	EXPECT("close it", sc1(SYS_CLOSE, fd2), 0);
	EXPECT("close", sc1(SYS_CLOSE, fd), 0);
	return failures;
}

int start_c(u64 *sp)
{
	int argc = (int)sp[0];
	char **argv = (char **)(sp + 1), **envp = argv + argc + 1;
	const char *mode = argc > 1 ? argv[1] : "hello";

	self = argv[0];
	if ((u64)sp & 15) /* the kernel aligns the initial rsp to 16 */
		sys_exit(200);
	if (seq(mode, "hello"))
		sys_exit(mode_hello(argc, argv, envp));
	if (seq(mode, "exit"))
		sys_exit(argc > 2 ? argv[2][0] - '0' : 0);
	if (seq(mode, "badptr"))
		sys_exit(mode_badptr());
	if (seq(mode, "mmap"))
		sys_exit(mode_mmap());
	if (seq(mode, "share"))
		sys_exit(mode_share());
	if (seq(mode, "sharebench"))
		sys_exit(mode_sharebench());
	if (seq(mode, "fault") && argc > 2)
		sys_exit(mode_fault(argv[2]));
	if (seq(mode, "threads"))
		sys_exit(mode_threads());
	if (seq(mode, "thread_exit"))
		mode_thread_exit();
	if (seq(mode, "spawn"))
		sys_exit(mode_spawn());
	if (seq(mode, "childfd"))
		sys_exit(mode_childfd());
	if (seq(mode, "childcwd"))
		sys_exit(mode_childcwd());
	if (seq(mode, "nofds"))
		sys_exit(mode_nofds(envp));
	if (seq(mode, "notes"))
		sys_exit(mode_notes());
	if (seq(mode, "echo"))
		sys_exit(mode_echo());
	if (seq(mode, "bench"))
		sys_exit(mode_bench());
	puts1("utest: unknown mode\n");
	sys_exit(127);
}
