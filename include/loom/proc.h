/*
 * Processes (kernel/proc/): an address space, a mount namespace, a table
 * of open files, a working directory, environment variables, threads and
 * an exit status string. Created by spawn() (suspended or running), told
 * things through notes (strings: "kill", "pagefault at ..."), ended by
 * exit, by the last thread exiting or by a note with no handler. procfs
 * (fs/procfs/) shows each process as /proc/[pid]/ through this interface.
 *
 * Lifetime: a process is reference counted (proc_get/proc_put); it stays
 * findable by pid until it has ended and its parent (or nobody) has no
 * further use for it: the object outlives its exit so that /proc/[pid]/wait
 * can still return the status. Locking: p->lock (a mutex) guards the fd
 * table, env, cwd and state; never hold it across a blocking read.
 */
#ifndef LOOM_PROC_H
#define LOOM_PROC_H

#include <loom/mutex.h>
#include <loom/types.h>
#include <loom/vm.h>
#include <loom/wait.h>

struct file;
struct namespace;
struct thread;

#define PROC_FD_MAX	256 /* fds per process: 0 .. PROC_FD_MAX-1 */
#define PROC_STATUS_MAX 128 /* exit status string, NUL included    */
#define PROC_NOTES_MAX	8   /* queued notes per process            */
#define NOTE_MAX_LEN	128 /* a note's text, NUL included (NOTE_MAX) */

enum proc_state {
	PROC_SUSPENDED, /* spawned with SPAWN_SUSPENDED, waiting for "start" */
	PROC_RUNNING,
	PROC_EXITED, /* every thread gone; status set */
};

struct proc_env {
	struct proc_env *next;
	char *name, *value;
};

struct process {
	u64 pid;
	struct process *parent; /* NULL for init's parent (the kernel)  */
	char name[32];		/* argv[0]'s last component             */
	char *cmdline;		/* argv, NUL-separated                  */
	u32 cmdline_len;
	enum proc_state state;
	int nice;
	u32 refs;
	struct mutex lock;
	struct addr_space as;
	struct namespace *ns;
	struct file *cwd; /* NULL: the namespace root */
	struct file *fds[PROC_FD_MAX];
	struct proc_env *env;
	u32 nr_threads;
	struct thread *threads;	      /* list through thread->proc_next */
	char status[PROC_STATUS_MAX]; /* set when it ends            */
	struct wait_queue exit_wq;    /* woken when it ends           */
	u64 note_handler;	      /* user address; 0: notes end it */
	char notes[PROC_NOTES_MAX][NOTE_MAX_LEN];
	u32 note_head, note_count;
	struct process *all_next; /* the list of every process */
	/* Kept by kernel/proc/ (not for other users): */
	char *cwd_path;		    /* the working directory as a path ("/" at first) */
	bool exiting;		    /* ending: threads leave at their next chance    */
	bool listed;		    /* findable by pid                               */
	struct wait_queue start_wq; /* a suspended first thread waits here      */
	u64 start_ns;		    /* when it was spawned (clock_monotonic_ns)      */
};

/* The process of the running thread; NULL in a kernel thread. */
struct process *proc_current(void);
/* A reference to the process with this pid (NULL: none). */
struct process *proc_find(u64 pid);
struct process *proc_get(struct process *p);
void proc_put(struct process *p);
/* Walk processes in pid order: the first with pid > after, referenced
 * (NULL at the end). For listing /proc. */
struct process *proc_next(u64 after);
/* May viewer see p? p is viewer itself, one of its descendants, or lives
 * in viewer's namespace (procfs hides the others). */
bool proc_visible(const struct process *viewer, const struct process *p);
/* Is ns (an ns_id) the namespace of p or of one of its ancestors? (What
 * a namespace made is seen there and in its children's namespaces.) */
bool proc_ns_in_line(const struct process *p, u64 ns);

/* fd table: each returns 0/the fd, or -errno (-EBADF, -EMFILE). */
int proc_fd_install(struct process *p, struct file *f); /* lowest free fd; takes f's reference */
struct file *proc_fd_get(struct process *p, int fd);	/* a new reference, or NULL */
int proc_fd_dup2(struct process *p, int oldfd, int newfd);
int proc_fd_close_range(struct process *p, u64 first, u64 last); /* inclusive */

/* Environment: 0 or -errno (-ENOENT, -ENOMEM, -EINVAL for a bad name). */
int proc_env_get(struct process *p, const char *name, char *buf, size_t size); /* length */
int proc_env_set(struct process *p, const char *name, const char *value, size_t len);
int proc_env_unset(struct process *p, const char *name);

/* Set the working directory (a path in p's namespace): 0 or -errno. */
int proc_set_cwd(struct process *p, const char *path);
/* The working directory as an absolute path: its length or -errno. */
int proc_cwd_path(struct process *p, char *buf, size_t size);
int proc_set_nice(struct process *p, int nice);

/* Start a suspended process: 0, -EBUSY when it is not suspended. */
int proc_start(struct process *p);
/* Queue a note (text up to NOTE_MAX_LEN-1 bytes): 0, -EAGAIN when the
 * queue is full, -ESRCH when it has ended. "kill ..." always ends it. */
int proc_send_note(struct process *p, const char *note);
/* Block until p has ended (interruptible by a note to the waiter: -EINTR)
 * and copy its status: the length. nonblock: -EAGAIN when still running. */
int proc_wait(struct process *p, char *buf, size_t size, bool nonblock);

/*
 * Spawn a process running argv[0] (a path resolved in parent's namespace
 * from its working directory; parent NULL: the kernel, the root namespace,
 * no fds and no environment) with the argc strings of argv. flags:
 * SPAWN_* (uapi/loom/syscall.h). A kernel caller usually spawns suspended,
 * installs fds and environment, then calls proc_start. Returns 0 and a
 * referenced process in *out, or -errno: -ENOENT, -EACCES, -ENOEXEC (not
 * a program this kernel runs: the reason is logged), -E2BIG (arguments
 * and environment over SPAWN_ARGS_MAX bytes), -ENOMEM, -EINVAL.
 */
#define SPAWN_ARGS_MAX (64 * 1024)
#define SPAWN_ARGC_MAX 1024
int proc_spawn(struct process *parent, const char *const *argv, u32 argc, u64 flags,
	       struct process **out);
/* End p with this status (a note or an exit code in decimal): every thread
 * leaves at its next return to user mode or wait; the first status wins. */
void proc_exit(struct process *p, const char *status);
/* For code that blocks on behalf of a user thread: true when the current
 * thread should give up its wait (its process ends or has a note). */
bool proc_interrupted(void);

/* For the architecture's entry code (arch/x86/kernel/): */
struct pt_regs;
/* Before returning to user mode: end the thread if its process is ending,
 * deliver a pending note. */
void proc_user_return(struct pt_regs *r);
/* An exception of user code: log it; the process ends with the note. */
void proc_user_fault(struct pt_regs *r, const char *note);
/* The system-call dispatcher (kernel/proc/syscall.c). */
void syscall_dispatch(struct pt_regs *r);
/* End of boot: spawn init (init=PATH, else /sbin/init) when it exists. */
void proc_start_init(void);

#endif
