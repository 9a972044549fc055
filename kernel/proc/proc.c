/*
 * Process objects: pids, the list of processes, references, the end of a
 * process (its last thread frees what it holds), waiting for it, and
 * notes. See include/loom/proc.h. Locking: procs_lock (a mutex) guards the
 * list, pid allocation and parent links; p->lock guards a process's fd
 * table, environment, working directory, status and notes; refs are
 * atomic. Order: procs_lock before p->lock.
 */
#include <loom/errno.h>
#include <loom/printk.h>
#include <loom/proc.h>
#include <loom/slab.h>
#include <loom/string.h>
#include <loom/thread.h>
#include <loom/vfs.h>
#include <asm/irq.h>
#include <asm/smp.h>
#include <asm/ptrace.h>
#include <asm/user.h>
#include "internal.h"

static struct mutex procs_lock = MUTEX_INIT;
static struct process *procs, *procs_tail; /* in pid order */
static u64 next_pid = 1;

struct process *proc_current(void)
{
	struct thread *t = current_thread();

	return t ? t->proc : NULL;
}

struct process *proc_get(struct process *p)
{
	__atomic_fetch_add(&p->refs, 1, __ATOMIC_RELAXED);
	return p;
}

void proc_put(struct process *p)
{
	if (!p || __atomic_sub_fetch(&p->refs, 1, __ATOMIC_ACQ_REL))
		return;
	proc_free_resources(p); /* nothing left when it ran; a failed spawn's */
	kfree(p->cmdline);
	kfree(p);
}

struct process *proc_alloc(void)
{
	struct process *p = kzalloc(sizeof(*p));

	if (!p)
		return NULL;
	p->refs = 1;
	mutex_init(&p->lock);
	wait_queue_init(&p->exit_wq);
	wait_queue_init(&p->start_wq);
	p->state = PROC_RUNNING;
	p->start_ns = clock_monotonic_ns();
	mutex_lock(&procs_lock);
	p->pid = next_pid++;
	mutex_unlock(&procs_lock);
	return p;
}

/* Make p findable (the list holds a reference). */
void proc_list_add(struct process *p)
{
	mutex_lock(&procs_lock);
	proc_get(p);
	p->listed = true;
	p->all_next = NULL;
	if (procs_tail)
		procs_tail->all_next = p;
	else
		procs = p;
	procs_tail = p;
	mutex_unlock(&procs_lock);
}

/* With procs_lock held: take p off the list; the caller drops the list's
 * reference after unlocking. */
static bool list_remove_locked(struct process *p)
{
	struct process *prev = NULL;

	if (!p->listed)
		return false;
	for (struct process *q = procs; q; prev = q, q = q->all_next) {
		if (q != p)
			continue;
		if (prev)
			prev->all_next = p->all_next;
		else
			procs = p->all_next;
		if (procs_tail == p)
			procs_tail = prev;
		break;
	}
	p->listed = false;
	p->parent = NULL; /* nothing asks any more: no dangling link later */
	return true;
}

struct process *proc_find(u64 pid)
{
	struct process *r = NULL;

	mutex_lock(&procs_lock);
	for (struct process *p = procs; p; p = p->all_next) {
		if (p->pid == pid) {
			r = proc_get(p);
			break;
		}
	}
	mutex_unlock(&procs_lock);
	return r;
}

struct process *proc_next(u64 after)
{
	struct process *r = NULL;

	mutex_lock(&procs_lock);
	for (struct process *p = procs; p; p = p->all_next) {
		if (p->pid > after) {
			r = proc_get(p);
			break;
		}
	}
	mutex_unlock(&procs_lock);
	return r;
}

bool proc_visible(const struct process *viewer, const struct process *p)
{
	bool seen = false;

	if (!viewer || viewer == p || viewer->ns == p->ns)
		return true;
	mutex_lock(&procs_lock);
	for (const struct process *a = p->parent; a && !seen; a = a->parent)
		seen = a == viewer;
	mutex_unlock(&procs_lock);
	return seen;
}

bool proc_ns_in_line(const struct process *p, u64 ns)
{
	bool seen = false;

	mutex_lock(&procs_lock);
	for (const struct process *a = p; a && !seen; a = a->parent)
		seen = a->ns && ns_id(a->ns) == ns;
	mutex_unlock(&procs_lock);
	return seen;
}

/* --- the end of a process ------------------------------------------------ */
bool proc_interrupted(void)
{
	struct process *p = proc_current();

	/* A note is news only if it can be delivered (not inside a handler). */
	return p && (READ_ONCE(p->exiting) ||
		     (READ_ONCE(p->note_count) && !current_thread()->note_frame));
}

static void nothing(void *arg)
{
}

/* Blocked threads wake up; threads running in user mode on other CPUs
 * are interrupted (a CPU with one thread may see no interrupt for long),
 * so that each passes through the return to user mode and sees why. */
static void wake_threads(struct process *p)
{
	cpumask_t running = 0;

	mutex_lock(&p->lock);
	for (struct thread *t = p->threads; t; t = t->proc_next) {
		if (t == current_thread())
			continue;
		if (!thread_wake(t) && READ_ONCE(t->on_cpu) && t->cpu < 64)
			running |= 1ULL << t->cpu;
	}
	mutex_unlock(&p->lock);
	if (running)
		smp_call_function(running, nothing, NULL, false);
	/* A suspended process ends without ever running. */
	wake_up_all(&p->start_wq);
}

void proc_exit(struct process *p, const char *status)
{
	bool first = false;

	mutex_lock(&p->lock);
	if (!p->exiting) {
		strlcpy(p->status, status, sizeof(p->status));
		WRITE_ONCE(p->exiting, true);
		first = true;
	}
	mutex_unlock(&p->lock);
	if (first)
		wake_threads(p);
}

/* Release what a process holds (its last thread, or a failed spawn). */
void proc_free_resources(struct process *p)
{
	struct namespace *ns;

	proc_fd_close_range(p, 0, PROC_FD_MAX - 1);
	proc_env_clear(p);
	if (p->cwd)
		vfs_close(p->cwd);
	p->cwd = NULL;
	kfree(p->cwd_path);
	p->cwd_path = NULL;
	if (p->as.pml4) {
		if (as_current() == &p->as)
			as_switch(NULL);
		as_destroy(&p->as);
	}
	mutex_lock(&procs_lock); /* proc_ns_in_line reads other processes' ns */
	ns = p->ns;
	p->ns = NULL;
	mutex_unlock(&procs_lock);
	ns_put(ns);
}

/* The last thread has gone: free the resources, publish the status. */
static void proc_finish(struct process *p)
{
	bool unlist;
	struct process *orphans = NULL;

	proc_free_resources(p);
	mutex_lock(&procs_lock);
	mutex_lock(&p->lock);
	p->state = PROC_EXITED;
	mutex_unlock(&p->lock);
	/* Children lose their parent; those already ended are forgotten. */
	for (struct process *c = procs, *next; c; c = next) {
		next = c->all_next;
		if (c->parent != p)
			continue;
		c->parent = NULL;
		if (c->state == PROC_EXITED && list_remove_locked(c)) {
			c->all_next = orphans;
			orphans = c;
		}
	}
	/* Nobody (the kernel) will wait for it by pid: forget it now. */
	unlist = !p->parent && list_remove_locked(p);
	mutex_unlock(&procs_lock);
	wake_up_all(&p->exit_wq);
	while (orphans) {
		struct process *c = orphans;

		orphans = c->all_next;
		proc_put(c);
	}
	if (unlist)
		proc_put(p);
}

__noreturn void proc_thread_exit(int code)
{
	struct thread *t = current_thread();
	struct process *p = t->proc;
	bool last;

	irq_enable();
	/* From here the switch hook leaves this thread's CPU state alone: the
	 * address space may be freed by the last thread while we finish. */
	t->proc = NULL;
	mutex_lock(&p->lock);
	for (struct thread **pp = &p->threads; *pp; pp = &(*pp)->proc_next) {
		if (*pp == t) {
			*pp = t->proc_next;
			break;
		}
	}
	last = --p->nr_threads == 0;
	mutex_unlock(&p->lock);
	if (last) {
		if (!READ_ONCE(p->exiting)) {
			char s[24];

			snprintf(s, sizeof(s), "%d", code);
			proc_exit(p, s);
		}
		proc_finish(p);
	}
	proc_put(p); /* the thread's reference */
	thread_exit(code);
}

int proc_start(struct process *p)
{
	int r = -EBUSY;

	mutex_lock(&p->lock);
	if (p->state == PROC_SUSPENDED) {
		p->state = PROC_RUNNING;
		r = 0;
	}
	mutex_unlock(&p->lock);
	if (!r)
		wake_up_all(&p->start_wq);
	return r;
}

int proc_wait(struct process *p, char *buf, size_t size, bool nonblock)
{
	struct process *self = proc_current();
	int r = 0, len;
	bool reap = false;

	if (p == self)
		return -EDEADLK;
	for (;;) {
		wait_prepare(&p->exit_wq);
		if (READ_ONCE(p->state) == PROC_EXITED)
			break;
		if (nonblock)
			r = -EAGAIN;
		else if (self && proc_interrupted())
			r = -EINTR;
		if (r)
			break;
		schedule();
	}
	wait_finish(&p->exit_wq);
	if (r)
		return r;
	mutex_lock(&p->lock);
	len = (int)strlcpy(buf, p->status, size);
	mutex_unlock(&p->lock);
	/* Its parent has seen the status: the pid is forgotten. */
	mutex_lock(&procs_lock);
	if (p->parent == self || !p->parent)
		reap = list_remove_locked(p);
	mutex_unlock(&procs_lock);
	if (reap)
		proc_put(p);
	return len < (int)size ? len : (int)size - 1;
}

int proc_set_nice(struct process *p, int nice)
{
	if (nice < NICE_MIN || nice > NICE_MAX)
		return -EINVAL;
	mutex_lock(&p->lock);
	p->nice = nice;
	for (struct thread *t = p->threads; t; t = t->proc_next)
		thread_set_nice(t, nice);
	mutex_unlock(&p->lock);
	return 0;
}

/* --- notes ------------------------------------------------------------------ */
static bool is_kill(const char *note)
{
	return !strncmp(note, "kill", 4) && (note[4] == 0 || note[4] == ' ');
}

int proc_send_note(struct process *p, const char *note)
{
	int r = 0;

	if (READ_ONCE(p->exiting) || p->state == PROC_EXITED)
		return -ESRCH;
	if (is_kill(note)) {
		proc_exit(p, note);
		return 0;
	}
	mutex_lock(&p->lock);
	if (p->note_count == PROC_NOTES_MAX) {
		r = -EAGAIN;
	} else {
		strlcpy(p->notes[(p->note_head + p->note_count) % PROC_NOTES_MAX], note,
			NOTE_MAX_LEN);
		WRITE_ONCE(p->note_count, p->note_count + 1);
	}
	mutex_unlock(&p->lock);
	if (!r)
		wake_threads(p); /* a thread blocked in a wait gives up */
	return r;
}

/* Take the oldest note: true with it in buf. */
static bool note_pop(struct process *p, char *buf)
{
	bool got = false;

	mutex_lock(&p->lock);
	if (p->note_count) {
		strlcpy(buf, p->notes[p->note_head], NOTE_MAX_LEN);
		p->note_head = (p->note_head + 1) % PROC_NOTES_MAX;
		p->note_count--;
		got = true;
	}
	mutex_unlock(&p->lock);
	return got;
}

/*
 * The frame of a note handler on the user stack, below the red zone:
 * the note text, the interrupted registers (struct pt_regs) and a zero
 * return address. The handler runs as handler(note, frame) and ends with
 * SYS_NOTE_RETURN, which restores the registers from the frame the kernel
 * remembers (not from anything the handler passes).
 */
static int note_deliver(struct thread *t, struct pt_regs *r, u64 handler, const char *note)
{
	u64 sp = r->rsp - 128, text, frame, zero = 0;
	size_t len = strlen(note) + 1;

	if (sp > USER_END || sp < USER_START + 4096)
		return -EFAULT;
	sp = ALIGN_DOWN(sp - len, 16);
	text = sp;
	sp = ALIGN_DOWN(sp - sizeof(*r), 16);
	frame = sp;
	sp -= 8; /* rsp % 16 == 8 at the handler's entry, as after a call */
	if (copy_to_user(text, note, len) || copy_to_user(frame, r, sizeof(*r)) ||
	    copy_to_user(sp, &zero, 8))
		return -EFAULT;
	t->note_frame = frame;
	r->rip = handler;
	r->rsp = sp;
	r->rdi = text;
	r->rsi = frame;
	r->rflags = (r->rflags & RFLAGS_USER_MASK & ~0x400ULL) | RFLAGS_IF | RFLAGS_FIXED;
	return 0;
}

s64 proc_note_return(struct pt_regs *r)
{
	struct thread *t = current_thread();
	struct pt_regs saved;

	if (!t->note_frame)
		return -EINVAL;
	if (copy_from_user(&saved, t->note_frame, sizeof(saved)) || saved.rip >= USER_END) {
		proc_exit(t->proc, "note return: bad frame");
		return -EFAULT;
	}
	t->note_frame = 0;
	saved.cs = r->cs;
	saved.ss = r->ss;
	saved.rflags = (saved.rflags & RFLAGS_USER_MASK) | RFLAGS_IF | RFLAGS_FIXED;
	saved.vector = r->vector;
	*r = saved;
	return (s64)r->rax; /* the dispatcher stores it back unchanged */
}

void proc_user_return(struct pt_regs *r)
{
	struct thread *t = current_thread();
	struct process *p = t->proc;
	char note[NOTE_MAX_LEN];

	if (!p || (!READ_ONCE(p->exiting) && (t->note_frame || !READ_ONCE(p->note_count))))
		return; /* the common case: nothing to do */
	irq_enable();
	if (READ_ONCE(p->exiting))
		proc_thread_exit(0);
	if (!t->note_frame && READ_ONCE(p->note_count) && note_pop(p, note)) {
		u64 handler = READ_ONCE(p->note_handler);

		if (!handler) {
			proc_exit(p, note);
			proc_thread_exit(0);
		}
		if (note_deliver(t, r, handler, note)) {
			pr_info("proc: %llu (%s): no stack for the note handler: %s",
				(unsigned long long)p->pid, p->name, note);
			proc_exit(p, note);
			proc_thread_exit(0);
		}
	}
	irq_disable();
}

void proc_user_fault(struct pt_regs *r, const char *note)
{
	struct process *p = proc_current();

	if (!p)
		return;
	irq_enable();
	pr_info("proc: %llu (%s) tid %llu: %s", (unsigned long long)p->pid, p->name,
		(unsigned long long)current_thread()->tid, note);
	proc_exit(p, note);
	irq_disable();
	/* The return to user mode (intr_return) ends the thread. */
}
