/*
 * Tests of processes, system calls and the program loader. They run the
 * freestanding program tests/user-kernel/utest (in the ramdisk as
 * /tests/user/utest) in its modes and check exit statuses and output;
 * bad ELF files are made at test time from a copy of it.
 */
#include <loom/errno.h>
#include <loom/ktest.h>
#include <loom/page_alloc.h>
#include <loom/path.h>
#include <loom/printk.h>
#include <loom/proc.h>
#include <loom/slab.h>
#include <loom/string.h>
#include <loom/thread.h>
#include <loom/tty.h>
#include <loom/vfs.h>
#include <uapi/loom/syscall.h>
#include "capture.h"
#include "internal.h"

#define OUT_MAX 4096

struct run {
	char status[PROC_STATUS_MAX];
	char out[OUT_MAX];
};

static bool has(const char *s, const char *sub)
{
	return strstr(s, sub) != NULL;
}

static bool starts(const char *s, const char *prefix)
{
	return !strncmp(s, prefix, strlen(prefix));
}

/* utest MODE [ARG]: 0 with the status and output in *r. */
static int run_utest(struct run *r, const char *mode, const char *arg)
{
	const char *argv[3] = { UTEST, mode, arg };

	memset(r, 0, sizeof(*r));
	return capture_run(argv, arg ? 3 : 2, r->status, sizeof(r->status), r->out, sizeof(r->out));
}

static struct run *run_alloc(struct ktest *t)
{
	struct run *r = kzalloc(sizeof(*r));

	KEXPECT_TRUE(t, r != NULL);
	return r;
}

static void test_hello(struct ktest *t)
{
	struct run *r = run_alloc(t);

	if (!r)
		return;
	KASSERT_EQ(t, run_utest(r, "hello", "two words") > 0, 1);
	KEXPECT_STREQ(t, r->status, "0");
	KEXPECT_STREQ(t, r->out,
		      "hello from user space\nargv: " UTEST "\nargv: hello\n"
		      "argv: two words\n");
	kfree(r);
}

/* The same program built position-independent (ET_DYN, no interpreter):
 * loaded at ELF_DYN_BASE. */
static void test_static_pie(struct ktest *t)
{
	const char *hello[] = { UTEST "-pie", "hello" }, *threads[] = { UTEST "-pie", "threads" },
		   *fault[] = { UTEST "-pie", "fault", "null" };
	struct run *r = run_alloc(t);

	if (!r)
		return;
	KEXPECT_EQ(t,
		   capture_run(hello, 2, r->status, sizeof(r->status), r->out, sizeof(r->out)) > 0,
		   1);
	KEXPECT_STREQ(t, r->status, "0");
	KEXPECT_STREQ(t, r->out, "hello from user space\nargv: " UTEST "-pie\nargv: hello\n");
	KEXPECT_EQ(t, capture_run(threads, 2, r->status, sizeof(r->status), NULL, 0), 0);
	KEXPECT_STREQ(t, r->status, "0");
	KEXPECT_EQ(t, capture_run(fault, 3, r->status, sizeof(r->status), NULL, 0), 0);
	KEXPECT_TRUE(t, starts(r->status, "pagefault at 0x40")); /* text above 0x400000 */
	KEXPECT_TRUE(t, has(r->status, "due to unmapped address at 0x10"));
	kfree(r);
}

static void test_exit_status(struct ktest *t)
{
	struct run *r = run_alloc(t);

	if (!r)
		return;
	KEXPECT_EQ(t, run_utest(r, "exit", "7"), 0);
	KEXPECT_STREQ(t, r->status, "7");
	KEXPECT_EQ(t, run_utest(r, "thread_exit", NULL), 0);
	KEXPECT_STREQ(t, r->status, "42"); /* one thread ends all, others blocked */
	kfree(r);
}

/* Every "not ok" line of a checking mode is a failure of this case. */
static void expect_all_ok(struct ktest *t, struct run *r, const char *mode)
{
	KEXPECT_EQ(t, run_utest(r, mode, NULL) > 0, 1);
	KEXPECT_STREQ(t, r->status, "0");
	KEXPECT_TRUE(t, has(r->out, "ok - "));
	if (has(r->out, "not ok") || strcmp(r->status, "0"))
		pr_info("utest %s said:\n%s", mode, r->out);
}

static void test_bad_pointers(struct ktest *t)
{
	struct run *r = run_alloc(t);

	if (r)
		expect_all_ok(t, r, "badptr");
	kfree(r);
}

static void test_mmap(struct ktest *t)
{
	struct run *r = run_alloc(t);

	if (r)
		expect_all_ok(t, r, "mmap");
	kfree(r);
}

static void test_threads_futex(struct ktest *t)
{
	struct run *r = run_alloc(t);

	if (r)
		expect_all_ok(t, r, "threads");
	kfree(r);
}

static void test_faults_end_the_process(struct ktest *t)
{
	static const struct {
		const char *mode, *prefix, *part;
	} cases[] = {
		{ "stack", "pagefault at 0x", " due to stack overflow at 0x" },
		{ "gp", "general protection fault at 0x", "" },
		{ "ud", "invalid opcode at 0x", "" },
		{ "div", "divide error at 0x", "" },
		{ "null", "pagefault at 0x", " due to unmapped address at 0x10" },
		{ "kernel", "pagefault at 0x", " due to kernel address at 0xffff800000001000" },
		{ "exec", "pagefault at 0x", " due to execution of non-executable memory" },
	};
	struct run *r = run_alloc(t);

	if (!r)
		return;
	for (size_t i = 0; i < ARRAY_SIZE(cases); i++) {
		KEXPECT_EQ(t, run_utest(r, "fault", cases[i].mode), 0);
		KEXPECT_TRUE(t, starts(r->status, cases[i].prefix));
		KEXPECT_TRUE(t, has(r->status, cases[i].part));
		if (!starts(r->status, cases[i].prefix) || !has(r->status, cases[i].part))
			pr_info("fault %s: status \"%s\"", cases[i].mode, r->status);
	}
	/* The kernel goes on: a normal program still runs. */
	KEXPECT_EQ(t, run_utest(r, "exit", "3"), 0);
	KEXPECT_STREQ(t, r->status, "3");
	kfree(r);
}

static void test_spawn_suspended(struct ktest *t)
{
	const char *argv[] = { UTEST, "exit", "5" };
	char status[PROC_STATUS_MAX];
	struct process *p;

	KASSERT_EQ(t, capture_spawn(argv, 3, &p), 0);
	KEXPECT_EQ(t, p->state, PROC_SUSPENDED);
	KEXPECT_EQ(t, proc_wait(p, status, sizeof(status), true), -EAGAIN);
	KEXPECT_TRUE(t, proc_find(p->pid) == p);
	proc_put(p); /* proc_find's */
	KEXPECT_EQ(t, proc_start(p), 0);
	KEXPECT_EQ(t, proc_start(p), -EBUSY);
	KEXPECT_EQ(t, proc_wait(p, status, sizeof(status), false), 1);
	KEXPECT_STREQ(t, status, "5");
	KEXPECT_EQ(t, proc_send_note(p, "hello"), -ESRCH);
	KEXPECT_TRUE(t, proc_find(p->pid) == NULL); /* the kernel's child: forgotten */
	proc_put(p);
}

static u64 parse_num(const char **s)
{
	u64 v = 0;

	while (**s == ' ')
		(*s)++;
	while (**s >= '0' && **s <= '9')
		v = v * 10 + (u64)(*(*s)++ - '0');
	return v;
}

/* A program spawns three suspended children: one inherits fd 3, one gets
 * no fds and no environment, one is found by a path relative to the
 * working directory it inherits. */
static void test_spawn_fd_inheritance(struct ktest *t)
{
	struct run *r = run_alloc(t);
	char status[PROC_STATUS_MAX], text[32];
	const char *s;
	struct file *f;
	u64 pids[3];

	if (!r)
		return;
	KASSERT_EQ(t, run_utest(r, "spawn", NULL) > 0, 1);
	KEXPECT_STREQ(t, r->status, "0");
	s = strstr(r->out, "pids ");
	if (!s)
		pr_info("utest spawn said:\n%s", r->out);
	KASSERT_TRUE(t, s != NULL);
	s += 4;
	for (int i = 0; i < 3; i++)
		pids[i] = parse_num(&s);
	for (int i = 0; i < 3; i++) {
		struct process *c = proc_find(pids[i]);

		KASSERT_TRUE(t, c != NULL);
		KEXPECT_TRUE(t, c->parent == NULL); /* its parent has ended */
		KEXPECT_EQ(t, proc_start(c), 0);
		KEXPECT_EQ(t, proc_wait(c, status, sizeof(status), false), 1);
		KEXPECT_STREQ(t, status, "0");
		proc_put(c);
	}
	KASSERT_EQ(t, vfs_open(vfs_root_ns(), NULL, "/proc-test-fd", PERM_READ, &f), 0);
	memset(text, 0, sizeof(text));
	KEXPECT_EQ(t, vfs_read(f, text, sizeof(text) - 1), 12);
	KEXPECT_STREQ(t, text, "parent+child");
	vfs_close(f);
	vfs_unlink(vfs_root_ns(), NULL, "/proc-test-fd");
	kfree(r);
}

static void test_notes(struct ktest *t)
{
	const char *spin[] = { UTEST, "fault", "spin" }, *notes[] = { UTEST, "notes" };
	char status[PROC_STATUS_MAX], out[256];
	struct process *p;

	/* "kill" ends a process that never enters the kernel. */
	KASSERT_EQ(t, capture_spawn(spin, 3, &p), 0);
	KEXPECT_EQ(t, proc_start(p), 0);
	sleep_ns(20 * 1000000ULL);
	KEXPECT_EQ(t, proc_send_note(p, "kill"), 0);
	KEXPECT_EQ(t, proc_wait(p, status, sizeof(status), false), 4);
	KEXPECT_STREQ(t, status, "kill");
	proc_put(p);

	/* A note without a handler ends it with the note as status. */
	KASSERT_EQ(t, capture_spawn(spin, 3, &p), 0);
	KEXPECT_EQ(t, proc_start(p), 0);
	sleep_ns(5 * 1000000ULL);
	KEXPECT_EQ(t, proc_send_note(p, "interrupt"), 0);
	proc_wait(p, status, sizeof(status), false);
	KEXPECT_STREQ(t, status, "interrupt");
	proc_put(p);

	/* A handler gets it and goes back to what it was doing. */
	KASSERT_EQ(t, capture_spawn(notes, 2, &p), 0);
	KEXPECT_EQ(t, proc_start(p), 0);
	for (int i = 0; i < 500; i++) {
		capture_read(out, sizeof(out));
		if (has(out, "ready"))
			break;
		sleep_ns(10 * 1000000ULL);
	}
	KEXPECT_TRUE(t, has(out, "ready"));
	KEXPECT_EQ(t, proc_send_note(p, "hello"), 0);
	proc_wait(p, status, sizeof(status), false);
	KEXPECT_STREQ(t, status, "0");
	capture_read(out, sizeof(out));
	KEXPECT_TRUE(t, has(out, "ok - the note arrived"));
	KEXPECT_TRUE(t, !has(out, "not ok"));
	proc_put(p);

	/* A kill of a suspended process: it ends without running. */
	KASSERT_EQ(t, capture_spawn(spin, 3, &p), 0);
	KEXPECT_EQ(t, proc_send_note(p, "kill now"), 0);
	proc_wait(p, status, sizeof(status), false);
	KEXPECT_STREQ(t, status, "kill now");
	proc_put(p);
}

/* The fd table, environment and working directory of a process. */
static void test_tables(struct ktest *t)
{
	const char *argv[] = { UTEST, "exit", "0" };
	char buf[64];
	struct process *p;
	struct file *f;

	KASSERT_EQ(t, capture_spawn(argv, 3, &p), 0);
	KEXPECT_EQ(t, proc_env_set(p, "A", "one", 3), 0);
	KEXPECT_EQ(t, proc_env_set(p, "A", "two", 3), 0);
	KEXPECT_EQ(t, proc_env_get(p, "A", buf, sizeof(buf)), 3);
	KEXPECT_STREQ(t, buf, "two");
	KEXPECT_EQ(t, proc_env_set(p, "B=C", "x", 1), -EINVAL);
	KEXPECT_EQ(t, proc_env_set(p, "", "x", 1), -EINVAL);
	KEXPECT_EQ(t, proc_env_unset(p, "A"), 0);
	KEXPECT_EQ(t, proc_env_get(p, "A", buf, sizeof(buf)), -ENOENT);
	KEXPECT_EQ(t, proc_env_unset(p, "A"), -ENOENT);

	f = proc_fd_get(p, 1);
	KEXPECT_TRUE(t, f != NULL);
	KEXPECT_EQ(t, proc_fd_install(p, f), 3);
	KEXPECT_EQ(t, proc_fd_dup2(p, 3, 10), 10);
	KEXPECT_EQ(t, proc_fd_dup2(p, 4, 11), -EBADF);
	KEXPECT_EQ(t, proc_fd_dup2(p, 3, PROC_FD_MAX), -EBADF);
	KEXPECT_TRUE(t, proc_fd_get(p, PROC_FD_MAX) == NULL);
	KEXPECT_TRUE(t, proc_fd_get(p, -1) == NULL);
	KEXPECT_EQ(t, proc_fd_close_range(p, 3, 1000), 2);
	KEXPECT_TRUE(t, proc_fd_get(p, 10) == NULL);

	KEXPECT_EQ(t, proc_set_cwd(p, "/etc"), 0);
	KEXPECT_EQ(t, proc_cwd_path(p, buf, sizeof(buf)), 4);
	KEXPECT_STREQ(t, buf, "/etc");
	KEXPECT_EQ(t, proc_set_cwd(p, "../tests/./user/"), 0);
	KEXPECT_EQ(t, proc_cwd_path(p, buf, sizeof(buf)), 11);
	KEXPECT_STREQ(t, buf, "/tests/user");
	KEXPECT_EQ(t, proc_set_cwd(p, "utest"), -ENOTDIR);
	KEXPECT_EQ(t, proc_set_cwd(p, "/nowhere"), -ENOENT);
	KEXPECT_EQ(t, proc_cwd_path(p, buf, 4), -ERANGE);
	KEXPECT_EQ(t, proc_set_nice(p, 99), -EINVAL);

	KEXPECT_EQ(t, proc_send_note(p, "kill"), 0);
	proc_wait(p, buf, sizeof(buf), false);
	KEXPECT_STREQ(t, buf, "kill");
	proc_put(p);
}

/* --- bad programs ------------------------------------------------------------------ */
#define BAD_PATH "/proc-test.bad"

static void put16(u8 *b, u64 off, u16 v)
{
	memcpy(b + off, &v, 2);
}

static void put32(u8 *b, u64 off, u32 v)
{
	memcpy(b + off, &v, 4);
}

static void put64(u8 *b, u64 off, u64 v)
{
	memcpy(b + off, &v, 8);
}

static u64 get64(const u8 *b, u64 off)
{
	u64 v;

	memcpy(&v, b + off, 8);
	return v;
}

static int spawn_file(const u8 *data, size_t len, char *status)
{
	const char *argv[] = { BAD_PATH };
	struct process *p;
	struct file *f;
	int r = vfs_open(vfs_root_ns(), NULL, BAD_PATH ":create:truncate", PERM_WRITE, &f);

	if (r)
		return r;
	if (len)
		vfs_write(f, data, len);
	vfs_close(f);
	r = proc_spawn(NULL, argv, 1, 0, &p);
	if (r)
		return r;
	r = proc_wait(p, status, PROC_STATUS_MAX, false);
	proc_put(p);
	return r < 0 ? r : 0;
}

enum bad {
	BAD_NONE,
	BAD_EMPTY,
	BAD_SHORT_HEADER,
	BAD_SHORT_PHDRS,
	BAD_HALF,
	BAD_MAGIC,
	BAD_CLASS,
	BAD_MACHINE,
	BAD_TYPE,
	BAD_PHNUM,
	BAD_PHOFF,
	BAD_ENTRY,
	BAD_HUGE_SEGMENT,
	BAD_KERNEL_SEGMENT,
	BAD_OVERLAP,
	BAD_WX,
	BAD_FILESZ,
	BAD_OFFSET,
	BAD_COUNT
};

/* A copy of the good program with one defect; its length. */
static size_t make_bad(u8 *b, const u8 *good, size_t len, enum bad how)
{
	u64 phoff = get64(good, 32), ph1 = phoff + 56, ph3 = phoff + 3 * 56;

	memcpy(b, good, len);
	switch (how) {
	case BAD_NONE: break;
	case BAD_EMPTY: return 0;
	case BAD_SHORT_HEADER: return 40;
	case BAD_SHORT_PHDRS: return phoff + 60;
	case BAD_HALF: return len / 2;
	case BAD_MAGIC: b[1] = 'X'; break;
	case BAD_CLASS: b[4] = 1; break;
	case BAD_MACHINE: put16(b, 18, 3); break;
	case BAD_TYPE: put16(b, 16, 1); break;
	case BAD_PHNUM: put16(b, 56, 1000); break;
	case BAD_PHOFF: put64(b, 32, 1ULL << 60); break;
	case BAD_ENTRY: put64(b, 24, 0x400000); break; /* the read-only headers */
	case BAD_HUGE_SEGMENT: put64(b, ph1 + 40, 1ULL << 62); break;
	case BAD_KERNEL_SEGMENT: put64(b, ph3 + 16, 0xffff800000000000ULL); break;
	case BAD_OVERLAP: put64(b, ph3 + 16, get64(good, ph1 + 16)); break;
	case BAD_WX: put32(b, ph1 + 4, 7); break;
	case BAD_FILESZ: put64(b, ph1 + 32, get64(good, ph1 + 40) + 4096); break;
	case BAD_OFFSET: put64(b, ph1 + 8, ~0ULL - 100); break;
	case BAD_COUNT: break;
	}
	return len;
}

static void test_bad_elf_refused(struct ktest *t)
{
	u8 *good = kmalloc(64 * 1024), *bad = kmalloc(64 * 1024);
	char status[PROC_STATUS_MAX];
	struct file *f;
	ssize_t len = 0;

	KASSERT_TRUE(t, good && bad);
	KASSERT_EQ(t, vfs_open(vfs_root_ns(), NULL, UTEST, PERM_READ, &f), 0);
	len = vfs_read(f, good, 64 * 1024);
	vfs_close(f);
	KASSERT_TRUE(t, len > 1024 && len < 64 * 1024);
	/* The unchanged copy runs (its default mode prints and exits 0). */
	KEXPECT_EQ(t, spawn_file(good, (size_t)len, status), 0);
	KEXPECT_STREQ(t, status, "0");
	for (int how = BAD_EMPTY; how < BAD_COUNT; how++) {
		size_t n = make_bad(bad, good, (size_t)len, (enum bad)how);
		int r = spawn_file(bad, n, status);

		KEXPECT_EQ(t, r, -ENOEXEC);
		if (r != -ENOEXEC)
			pr_info("defect %d: %d", how, r);
	}
	vfs_unlink(vfs_root_ns(), NULL, BAD_PATH);
	kfree(good);
	kfree(bad);
}

static void test_spawn_errors(struct ktest *t)
{
	const char *missing[] = { "/no/such" }, *dir[] = { "/etc" }, *empty[] = { "" };
	const char *argv[] = { UTEST };
	struct process *p;

	KEXPECT_EQ(t, proc_spawn(NULL, missing, 1, 0, &p), -ENOENT);
	KEXPECT_TRUE(t, proc_spawn(NULL, dir, 1, 0, &p) < 0);
	KEXPECT_EQ(t, proc_spawn(NULL, empty, 1, 0, &p), -EINVAL);
	KEXPECT_EQ(t, proc_spawn(NULL, argv, 0, 0, &p), -EINVAL);
	KEXPECT_EQ(t, proc_spawn(NULL, argv, 1, 0x100, &p), -EINVAL);
	KEXPECT_EQ(t, proc_spawn(NULL, argv, 1, SPAWN_EMPTY_NS | SPAWN_COPY_NS, &p), -EINVAL);
}

/* Processes give back what they took: pages and open files. */
static void test_no_leak(struct ktest *t)
{
	struct run *r = run_alloc(t);
	struct vfs_counts c0, c1;
	struct page_stats s0, s1;

	if (!r)
		return;
	run_utest(r, "threads", NULL); /* warm the caches */
	sleep_ns(5 * 1000000ULL);      /* exited threads are reclaimed */
	vfs_get_counts(&c0);
	page_alloc_stats(&s0);
	for (int i = 0; i < 4; i++) {
		run_utest(r, "threads", NULL);
		KEXPECT_STREQ(t, r->status, "0");
	}
	sleep_ns(5 * 1000000ULL);
	vfs_get_counts(&c1);
	page_alloc_stats(&s1);
	KEXPECT_EQ(t, c1.files, c0.files);
	/* Each run takes dozens of pages (tables, stacks, FPU state): a leak
	 * of one run would show; slab caches may keep a few. */
	KEXPECT_LE(t, s0.free, s1.free + 16);
	kfree(r);
}

/* /dev/console's line discipline, fed as the serial port would. */
static void test_console_lines(struct ktest *t)
{
	struct file *f;
	char buf[32];

	if (!IS_ENABLED(CONFIG_TTY_CONSOLE)) {
		ktest_skip(t, "no /dev/console");
		return;
	}
	KASSERT_EQ(
		t,
		vfs_open(vfs_root_ns(), NULL, "/dev/console:nonblock", PERM_READ | PERM_WRITE, &f),
		0);
	KEXPECT_EQ(t, vfs_read(f, buf, sizeof(buf)), -EAGAIN);
	for (const char *c = "hx\x7f"
			     "i\rab\x15"
			     "cd\n";
	     *c; c++)
		tty_input(*c);
	KEXPECT_EQ(t, vfs_read(f, buf, sizeof(buf)), 3);
	KEXPECT_TRUE(t, !memcmp(buf, "hi\n", 3));
	KEXPECT_EQ(t, vfs_read(f, buf, 2), 2); /* a line longer than the buffer */
	KEXPECT_TRUE(t, !memcmp(buf, "cd", 2));
	KEXPECT_EQ(t, vfs_read(f, buf, sizeof(buf)), 1);
	tty_input(4); /* Ctrl-D on an empty line: end of file */
	KEXPECT_EQ(t, vfs_read(f, buf, sizeof(buf)), 0);
	KEXPECT_EQ(t, vfs_read(f, buf, sizeof(buf)), -EAGAIN);
	KEXPECT_EQ(t, vfs_write(f, "", 0), 0);
	vfs_close(f);
}

KTEST_SUITE(proc, KTEST_CASE(test_console_lines), KTEST_CASE(test_hello),
	    KTEST_CASE(test_static_pie), KTEST_CASE(test_exit_status),
	    KTEST_CASE(test_bad_pointers), KTEST_CASE(test_mmap), KTEST_CASE(test_threads_futex),
	    KTEST_CASE(test_faults_end_the_process), KTEST_CASE(test_spawn_suspended),
	    KTEST_CASE(test_spawn_fd_inheritance), KTEST_CASE(test_notes), KTEST_CASE(test_tables),
	    KTEST_CASE(test_bad_elf_refused), KTEST_CASE(test_spawn_errors),
	    KTEST_CASE(test_no_leak));
