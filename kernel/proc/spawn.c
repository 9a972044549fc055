/*
 * Making processes and threads: spawn (a new address space, namespace, fd
 * table and environment from the parent's, the program loaded by the new
 * process's first thread in its own address space, so that a bad program
 * is refused before spawn returns), the start of a suspended process, the
 * initial user stack, and further threads of a process (SYS_THREAD_CREATE).
 * Locking: the child is private to the spawner until its first thread
 * lists it; see proc.c for the rest.
 */
#include <loom/elf_exec.h>
#include <loom/errno.h>
#include <loom/mm.h>
#include <loom/printk.h>
#include <loom/proc.h>
#include <loom/slab.h>
#include <loom/string.h>
#include <loom/thread.h>
#include <loom/vfs.h>
#include <asm/user.h>
#include <uapi/loom/syscall.h>
#include "internal.h"

#define SPAWN_FLAGS \
	(SPAWN_SUSPENDED | SPAWN_EMPTY_NS | SPAWN_COPY_NS | SPAWN_EMPTY_FDS | SPAWN_EMPTY_ENV)

/*
 * What a spawner hands to a new thread lives on the heap and is freed by
 * whichever of the two lets go last: complete() may still touch the
 * completion after the waiter has seen it done and returned.
 */
struct spawn_ctx {
	u32 refs;
	struct process *p;
	struct file *exe;
	const char *path;
	struct completion done;
	int result;
	u64 entry;
};

static void ctx_put(void *ctx, u32 *refs)
{
	if (!__atomic_sub_fetch(refs, 1, __ATOMIC_ACQ_REL))
		kfree(ctx);
}

/* --- the program image --------------------------------------------------------- */
static int read_at(struct file *f, u64 off, void *buf, size_t n)
{
	s64 r = vfs_seek(f, (s64)off, VFS_SEEK_SET);

	if (r < 0)
		return (int)r;
	while (n) {
		ssize_t got = vfs_read(f, buf, n);

		if (got < 0)
			return (int)got;
		if (got == 0)
			return -ENOEXEC; /* the file shrank under us */
		buf = (u8 *)buf + got;
		n -= (size_t)got;
	}
	return 0;
}

static int map_segment(struct process *p, struct file *exe, const struct elf_segment *s, u8 *buf)
{
	u64 start = ALIGN_DOWN(s->vaddr, PAGE_SIZE), end = ALIGN_UP(s->vaddr + s->memsz, PAGE_SIZE);
	s64 r = vm_mmap(&p->as, start, end - start, VM_READ | VM_WRITE, VM_FIXED);

	if (r < 0)
		return (int)r;
	/* The bss and the rest of the last page are zero: fresh anonymous
	 * memory. */
	for (u64 done = 0; done < s->filesz;) {
		size_t n = (size_t)MIN(s->filesz - done, PAGE_SIZE);
		int err = read_at(exe, s->offset + done, buf, n);

		if (err)
			return err;
		if (copy_to_user(s->vaddr + done, buf, n))
			return -ENOMEM; /* the page could not be populated */
		done += n;
	}
	return vm_mprotect(&p->as, start, end - start, s->prot);
}

/* Runs in the new process's first thread, on its address space. */
static int load_image(struct spawn_ctx *c)
{
	struct elf_image *img = kmalloc(sizeof(*img));
	u8 *buf = kmalloc(ELF_HEAD_MAX);
	struct vfs_stat st;
	const char *why = "?";
	int r;

	if (!img || !buf) {
		r = -ENOMEM;
		goto out;
	}
	r = vfs_fstat(c->exe, &st);
	if (r)
		goto out;
	r = read_at(c->exe, 0, buf, (size_t)MIN(st.size, ELF_HEAD_MAX));
	if (!r)
		r = elf_check(buf, (size_t)MIN(st.size, ELF_HEAD_MAX), st.size, img, &why);
	if (r == -ENOEXEC) {
		pr_info("proc: %s: not an executable: %s", c->path, why);
		goto out;
	}
	for (u32 i = 0; !r && i < img->nseg; i++)
		r = map_segment(c->p, c->exe, &img->seg[i], buf);
	c->entry = img->entry;
out:
	kfree(buf);
	kfree(img);
	return r;
}

/*
 * The initial stack (uapi/loom/syscall.h): the argument and environment
 * strings at the top, then, 16-byte aligned, argc, argv[], NULL, envp[],
 * NULL, with rsp pointing at argc.
 */
static int setup_stack(struct process *p, u64 *rsp)
{
	u64 top = USER_STACK_TOP, sp, *vec = NULL, strings, nvec;
	u32 argc = 0, envc = 0, i = 0;
	size_t envlen = 0;
	char *blob = NULL;
	s64 m;
	int r = -ENOMEM;

	m = vm_mmap(&p->as, top - USER_STACK_SIZE, USER_STACK_SIZE, VM_READ | VM_WRITE,
		    VM_FIXED | VM_STACK);
	if (m < 0)
		return (int)m;
	for (u32 k = 0; k < p->cmdline_len; k++)
		argc += p->cmdline[k] == 0;
	/* The environment as "NAME=value" strings, oldest first. */
	mutex_lock(&p->lock);
	for (struct proc_env *e = p->env; e; e = e->next) {
		envc++;
		envlen += strlen(e->name) + strlen(e->value) + 2;
	}
	if (envlen + p->cmdline_len > SPAWN_ARGS_MAX || envc > SPAWN_ARGC_MAX) {
		mutex_unlock(&p->lock);
		return -E2BIG;
	}
	blob = kmalloc(envlen + 1);
	if (blob) {
		size_t off = 0;

		for (struct proc_env *e = p->env; e; e = e->next) {
			size_t nl = strlen(e->name), vl = strlen(e->value);

			memcpy(blob + off, e->name, nl);
			blob[off + nl] = '=';
			memcpy(blob + off + nl + 1, e->value, vl + 1);
			off += nl + vl + 2;
		}
	}
	mutex_unlock(&p->lock);
	nvec = 1 + argc + 1 + envc + 1;
	vec = kmalloc(nvec * 8);
	if (!blob || !vec)
		goto out;
	sp = top - p->cmdline_len - envlen;
	strings = sp;
	if (copy_to_user(sp, p->cmdline, p->cmdline_len) ||
	    (envlen && copy_to_user(sp + p->cmdline_len, blob, envlen)))
		goto out;
	vec[i++] = argc;
	for (u64 s = strings, k = 0; k < argc; k++) {
		vec[i++] = s;
		s += strlen(p->cmdline + (s - strings)) + 1;
	}
	vec[i++] = 0;
	for (u64 s = strings + p->cmdline_len, k = 0; k < envc; k++) {
		vec[i++] = s;
		s += strlen(blob + (s - strings - p->cmdline_len)) + 1;
	}
	vec[i++] = 0;
	sp = ALIGN_DOWN(sp - nvec * 8, 16);
	if (copy_to_user(sp, vec, nvec * 8))
		goto out;
	*rsp = sp;
	r = 0;
out:
	kfree(vec);
	kfree(blob);
	return r;
}

/* --- the first thread ---------------------------------------------------------------- */
static void link_thread(struct process *p, struct thread *t)
{
	mutex_lock(&p->lock);
	t->proc_next = p->threads;
	p->threads = t;
	p->nr_threads++;
	mutex_unlock(&p->lock);
}

static void first_thread(void *arg)
{
	struct spawn_ctx *c = arg;
	struct process *p = c->p;
	struct thread *t = current_thread();
	u64 entry, sp = 0;
	int r;

	t->proc = p;
	user_switch_to(t); /* this thread's stacks, the new address space */
	r = load_image(c);
	if (r) {
		t->proc = NULL;
		as_switch(NULL);
		c->result = r;
		complete(&c->done); /* the spawner frees the process */
		ctx_put(c, &c->refs);
		thread_exit(0);
	}
	entry = c->entry;
	link_thread(p, t);
	proc_list_add(p);
	c->result = 0;
	complete(&c->done);
	ctx_put(c, &c->refs);

	wait_event(&p->start_wq, READ_ONCE(p->state) != PROC_SUSPENDED || READ_ONCE(p->exiting));
	if (READ_ONCE(p->exiting))
		proc_thread_exit(0);
	r = setup_stack(p, &sp);
	if (r) {
		pr_info("proc: %llu (%s): no initial stack (%d)", (unsigned long long)p->pid,
			p->name, r);
		proc_exit(p, r == -E2BIG ? "spawn: arguments too large" : "spawn: out of memory");
		proc_thread_exit(0);
	}
	user_enter(entry, sp, 0);
}

static void set_name(struct process *p, const char *path)
{
	const char *s = path;
	size_t n;

	for (const char *q = path; *q && *q != ':'; q++)
		if (*q == '/')
			s = q + 1;
	n = 0;
	while (s[n] && s[n] != ':' && n < sizeof(p->name) - 1)
		n++;
	memcpy(p->name, s, n);
	p->name[n] = 0;
}

/* Namespace, fds, environment and working directory from the parent. */
static int inherit(struct process *p, struct process *parent, u64 flags)
{
	struct namespace *base = parent ? parent->ns : vfs_root_ns();

	if (flags & SPAWN_EMPTY_NS)
		p->ns = ns_create_empty();
	else if (flags & SPAWN_COPY_NS)
		p->ns = ns_copy(base);
	else
		p->ns = ns_get(base);
	if (!p->ns)
		return -ENOMEM;
	if (!parent)
		return 0;
	if (!(flags & SPAWN_EMPTY_FDS))
		proc_fd_copy(p, parent);
	if (!(flags & SPAWN_EMPTY_ENV) && proc_env_copy(p, parent))
		return -ENOMEM;
	if (!(flags & SPAWN_EMPTY_NS)) {
		mutex_lock(&parent->lock);
		if (parent->cwd_path) {
			size_t n = strlen(parent->cwd_path) + 1;

			p->cwd_path = kmalloc(n);
			if (p->cwd_path)
				memcpy(p->cwd_path, parent->cwd_path, n);
		}
		p->cwd = parent->cwd ? vfs_file_get(parent->cwd) : NULL;
		mutex_unlock(&parent->lock);
		if (parent->cwd_path && !p->cwd_path)
			return -ENOMEM;
	}
	return 0;
}

int proc_spawn(struct process *parent, const char *const *argv, u32 argc, u64 flags,
	       struct process **out)
{
	struct spawn_ctx *c;
	struct process *p;
	struct thread *t;
	struct file *cwd = NULL;
	size_t total = 0;
	int r;

	if ((flags & ~(u64)SPAWN_FLAGS) ||
	    (flags & (SPAWN_EMPTY_NS | SPAWN_COPY_NS)) == (SPAWN_EMPTY_NS | SPAWN_COPY_NS) ||
	    !argc || argc > SPAWN_ARGC_MAX || !argv[0][0])
		return -EINVAL;
	for (u32 i = 0; i < argc; i++) {
		total += strnlen(argv[i], SPAWN_ARGS_MAX + 1) + 1;
		if (total > SPAWN_ARGS_MAX)
			return -E2BIG;
	}
	c = kzalloc(sizeof(*c));
	p = c ? proc_alloc() : NULL;
	if (!p) {
		kfree(c);
		return -ENOMEM;
	}
	c->refs = 1; /* the spawner's; the thread takes one when it exists */
	r = -ENOMEM;
	p->cmdline = kmalloc(total);
	if (!p->cmdline)
		goto fail;
	for (u32 i = 0, off = 0; i < argc; i++) {
		size_t n = strlen(argv[i]) + 1;

		memcpy(p->cmdline + off, argv[i], n);
		off += (u32)n;
	}
	p->cmdline_len = (u32)total;
	set_name(p, argv[0]);
	p->parent = parent;
	p->nice = parent ? parent->nice : 0;
	r = inherit(p, parent, flags);
	if (r)
		goto fail;
	if (parent)
		cwd = proc_cwd_get(parent);
	r = vfs_open(parent ? parent->ns : vfs_root_ns(), cwd, argv[0], PERM_READ | PERM_EXEC,
		     &c->exe);
	if (cwd)
		vfs_close(cwd);
	if (r)
		goto fail;
	r = as_create(&p->as);
	if (r)
		goto fail;
	p->state = flags & SPAWN_SUSPENDED ? PROC_SUSPENDED : PROC_RUNNING;
	c->p = p;
	c->path = argv[0];
	completion_init(&c->done);
	proc_get(p); /* the first thread's reference */
	c->refs++;
	t = thread_create(p->name, first_thread, c, p->nice);
	if (!t) {
		c->refs--;
		proc_put(p);
		r = -ENOMEM;
		goto fail;
	}
	thread_detach(t);
	wait_for_completion(&c->done);
	r = c->result;
	if (r) {
		proc_put(p); /* the thread's */
		goto fail;
	}
	vfs_close(c->exe);
	ctx_put(c, &c->refs);
	*out = p;
	return 0;
fail:
	if (c->exe)
		vfs_close(c->exe);
	ctx_put(c, &c->refs);
	proc_put(p);
	return r;
}

/* --- more threads ------------------------------------------------------------------ */
struct thread_ctx {
	u32 refs;
	struct process *p;
	u64 entry, arg, stack;
	struct completion done;
	u64 tid;
};

static void user_thread(void *arg)
{
	struct thread_ctx *c = arg;
	struct process *p = c->p;
	struct thread *t = current_thread();
	u64 entry = c->entry, a = c->arg, sp = ALIGN_DOWN(c->stack, 16) - 8, zero = 0;

	t->proc = p;
	user_switch_to(t);
	link_thread(p, t);
	c->tid = t->tid;
	complete(&c->done);
	ctx_put(c, &c->refs);
	/* A zero return address: returning from entry faults (the thread
	 * ends with SYS_THREAD_EXIT instead). */
	if (READ_ONCE(p->exiting) || copy_to_user(sp, &zero, 8)) {
		if (!READ_ONCE(p->exiting))
			proc_exit(p, "thread: bad stack");
		proc_thread_exit(0);
	}
	user_enter(entry, sp, a);
}

s64 proc_thread_create(struct process *p, u64 entry, u64 arg, u64 stack_top)
{
	struct thread_ctx *c;
	struct thread *t;
	s64 tid;

	if (entry < USER_START || entry >= USER_END || stack_top <= USER_START + 16 ||
	    stack_top > USER_END)
		return -EINVAL;
	if (READ_ONCE(p->exiting))
		return -ESRCH;
	c = kzalloc(sizeof(*c));
	if (!c)
		return -ENOMEM;
	*c = (struct thread_ctx){
		.refs = 2, .p = p, .entry = entry, .arg = arg, .stack = stack_top
	};
	completion_init(&c->done);
	proc_get(p);
	t = thread_create(p->name, user_thread, c, p->nice);
	if (!t) {
		proc_put(p);
		kfree(c);
		return -ENOMEM;
	}
	thread_detach(t);
	wait_for_completion(&c->done);
	tid = (s64)c->tid;
	ctx_put(c, &c->refs);
	return tid;
}
