/*
 * System-call dispatch (numbers in uapi/loom/syscall.h) and the calls for
 * processes, threads, time and memory; the file calls are in sys_file.c.
 * Every user pointer goes through copy_from_user/copy_to_user/user_strdup;
 * results are >= 0 or a negative errno. Runs in the calling thread with
 * interrupts on; before the return to user mode, notes are delivered.
 */
#include <loom/errno.h>
#include <loom/futex.h>
#include <loom/mm.h>
#include <loom/path.h>
#include <loom/printk.h>
#include <loom/proc.h>
#include <loom/slab.h>
#include <loom/string.h>
#include <loom/thread.h>
#include <loom/time.h>
#include <loom/vfs.h>
#include <loom/vm.h>
#include <asm/ptrace.h>
#include <uapi/loom/syscall.h>
#include "internal.h"
#include "syscalls.h"

#define WAIT_SLICE_NS (100ULL * 1000000) /* blocked calls look for notes this often */

/* --- processes and threads ------------------------------------------------------ */
static s64 sys_exit(u64 code)
{
	char s[24];

	snprintf(s, sizeof(s), "%d", (int)code);
	proc_exit(proc_current(), s);
	proc_thread_exit((int)code);
}

static s64 sys_thread_exit(u64 code)
{
	proc_thread_exit((int)code);
}

static s64 sys_spawn(u64 uargv, u64 flags)
{
	char **argv = kzalloc(SPAWN_ARGC_MAX * sizeof(char *));
	struct process *p = NULL;
	size_t total = 0;
	u32 argc = 0;
	s64 r = 0;

	if (!argv)
		return -ENOMEM;
	for (;; argc++) {
		u64 ptr;

		if (argc == SPAWN_ARGC_MAX) {
			r = -E2BIG;
			break;
		}
		if (copy_from_user(&ptr, uargv + argc * 8ULL, 8)) {
			r = -EFAULT;
			break;
		}
		if (!ptr)
			break;
		r = user_strdup(ptr, PATH_MAX, &argv[argc]);
		if (r == -ENAMETOOLONG)
			r = -E2BIG;
		if (r)
			break;
		total += strlen(argv[argc]) + 1;
		if (total > SPAWN_ARGS_MAX) {
			r = -E2BIG;
			argc++;
			break;
		}
	}
	if (!r && !argc)
		r = -EINVAL;
	if (!r)
		r = proc_spawn(proc_current(), (const char *const *)argv, argc, flags, &p);
	if (!r) {
		r = (s64)p->pid;
		proc_put(p); /* it stays listed as our child until waited for */
	}
	for (u32 i = 0; i < argc; i++)
		kfree(argv[i]);
	kfree(argv);
	return r;
}

static s64 sys_getpid(void)
{
	return (s64)proc_current()->pid;
}

static s64 sys_gettid(void)
{
	return (s64)current_thread()->tid;
}

static s64 sys_yield(void)
{
	yield();
	return 0;
}

static s64 sys_nanosleep(u64 ns)
{
	u64 end = clock_monotonic_ns() + ns;

	if (ns > (1ULL << 62))
		return -EINVAL;
	for (u64 now; (now = clock_monotonic_ns()) < end;) {
		if (proc_interrupted())
			return -EINTR;
		sleep_ns(MIN(end - now, WAIT_SLICE_NS));
	}
	return 0;
}

static s64 sys_clock(u64 clock)
{
	if (clock == CLOCK_MONOTONIC)
		return (s64)clock_monotonic_ns();
	if (clock == CLOCK_REALTIME)
		return (s64)clock_realtime_ns();
	return -EINVAL;
}

static s64 sys_thread_create(u64 entry, u64 arg, u64 stack_top)
{
	return proc_thread_create(proc_current(), entry, arg, stack_top);
}

static s64 sys_futex(u64 addr, u64 op, u64 val, u64 timeout_ns)
{
	struct addr_space *as = &proc_current()->as;

	if ((addr & 3) || addr < USER_START || addr >= USER_END - 4)
		return -EINVAL;
	if (op == FUTEX_WAKE)
		return val > 0x7fffffff ? -EINVAL : futex_wake(as, addr, (int)val);
	if (op != FUTEX_WAIT || val > 0xffffffffULL || timeout_ns > (1ULL << 62))
		return -EINVAL;
	/* In slices, so that a note or the end of the process is noticed. */
	for (u64 end = timeout_ns ? clock_monotonic_ns() + timeout_ns : 0;;) {
		u64 now = clock_monotonic_ns(), slice = WAIT_SLICE_NS;
		int r;

		if (end && now >= end)
			return -ETIMEDOUT;
		if (end)
			slice = MIN(slice, end - now);
		r = futex_wait(as, addr, (u32)val, slice);
		if (r != -ETIMEDOUT)
			return r;
		if (proc_interrupted())
			return -EINTR;
	}
}

static s64 sys_set_tls(u64 base)
{
	if (base >= USER_END)
		return -EINVAL;
	user_set_fs_base(current_thread(), base);
	return 0;
}

static s64 sys_note_handler(u64 handler)
{
	if (handler && (handler < USER_START || handler >= USER_END))
		return -EINVAL;
	WRITE_ONCE(proc_current()->note_handler, handler);
	return 0;
}

/* --- memory ----------------------------------------------------------------------- */
static int prot_to_vm(u64 prot, u32 *out)
{
	if (prot & ~(u64)(PROT_READ | PROT_WRITE | PROT_EXEC))
		return -EINVAL;
	if ((prot & PROT_WRITE) && (prot & PROT_EXEC))
		return -EACCES; /* W^X */
	*out = (prot & PROT_READ ? VM_READ : 0) | (prot & PROT_WRITE ? VM_WRITE : 0) |
	       (prot & PROT_EXEC ? VM_EXEC : 0);
	return 0;
}

/*
 * A file mapping: MAP_SHARED only (writes reach the file; private copies
 * of file pages are not supported: -ENOTSUP), off page aligned, the file
 * readable, and writable for PROT_WRITE (-EACCES). The file's mmap op
 * checks the range; the area keeps the file open until it is unmapped.
 */
static s64 mmap_file(u64 addr, u64 len, u32 vprot, u32 vflags, u64 flags, u64 fd, u64 off)
{
	struct file *f;
	s64 r;

	if ((flags & (MAP_SHARED | MAP_PRIVATE)) == MAP_PRIVATE)
		return -ENOTSUP;
	if (!(flags & MAP_SHARED) || (flags & MAP_PRIVATE))
		return -EINVAL;
	if ((flags & MAP_STACK) || (off & (PAGE_SIZE - 1)))
		return -EINVAL;
	if (fd >= PROC_FD_MAX || !(f = proc_fd_get(proc_current(), (int)fd)))
		return -EBADF;
	r = vfs_mmap(&proc_current()->as, f, addr, len, vprot, vflags, off);
	vfs_close(f); /* the area holds its own reference */
	return r;
}

/* Threads of one process share the area table: vm.c locks it. */
static s64 sys_mmap(u64 addr, u64 len, u64 prot, u64 flags, u64 fd, u64 off)
{
	u32 vprot, vflags = 0;
	s64 r;

	if ((r = prot_to_vm(prot, &vprot)))
		return r;
	if (flags &
	    ~(u64)(MAP_SHARED | MAP_PRIVATE | MAP_FIXED | MAP_ANONYMOUS | MAP_POPULATE | MAP_STACK))
		return -EINVAL;
	if (len == 0 || len > USER_END)
		return -EINVAL;
	vflags |= flags & MAP_FIXED ? VM_FIXED : 0;
	vflags |= flags & MAP_POPULATE ? VM_POPULATE : 0;
	vflags |= flags & MAP_STACK ? VM_STACK : 0;
	if (!(flags & MAP_ANONYMOUS))
		return mmap_file(addr, len, vprot, vflags, flags, fd, off);
	if (flags & MAP_SHARED)
		return -EINVAL; /* shared anonymous memory: not supported */
	return vm_mmap(&proc_current()->as, addr, len, vprot, vflags);
}

static s64 sys_munmap(u64 addr, u64 len)
{
	return vm_munmap(&proc_current()->as, addr, len);
}

static s64 sys_mprotect(u64 addr, u64 len, u64 prot)
{
	u32 vprot;
	s64 r;

	if ((r = prot_to_vm(prot, &vprot)))
		return r;
	return vm_mprotect(&proc_current()->as, addr, len, vprot);
}

/* --- dispatch ------------------------------------------------------------------------ */
typedef s64 (*syscall_fn)(u64, u64, u64, u64, u64, u64);
#define CALL(nr, fn) [nr] = (syscall_fn)(void *)(fn)

static const syscall_fn table[SYS_MAX] = {
	CALL(SYS_EXIT, sys_exit),
	CALL(SYS_THREAD_EXIT, sys_thread_exit),
	CALL(SYS_SPAWN, sys_spawn),
	CALL(SYS_GETPID, sys_getpid),
	CALL(SYS_GETTID, sys_gettid),
	CALL(SYS_YIELD, sys_yield),
	CALL(SYS_NANOSLEEP, sys_nanosleep),
	CALL(SYS_CLOCK, sys_clock),
	CALL(SYS_THREAD_CREATE, sys_thread_create),
	CALL(SYS_FUTEX, sys_futex),
	CALL(SYS_SET_TLS, sys_set_tls),
	CALL(SYS_NOTE_HANDLER, sys_note_handler),
	CALL(SYS_OPEN, sys_open),
	CALL(SYS_OPEN2, sys_open2),
	CALL(SYS_OPENAT, sys_openat),
	CALL(SYS_CLOSE, sys_close),
	CALL(SYS_READ, sys_read),
	CALL(SYS_WRITE, sys_write),
	CALL(SYS_SEEK, sys_seek),
	CALL(SYS_DUP, sys_dup),
	CALL(SYS_DUP2, sys_dup2),
	CALL(SYS_STAT, sys_stat),
	CALL(SYS_FSTAT, sys_fstat),
	CALL(SYS_READDIR, sys_readdir),
	CALL(SYS_MKDIR, sys_mkdir),
	CALL(SYS_REMOVE, sys_remove),
	CALL(SYS_RENAME, sys_rename),
	CALL(SYS_LINK, sys_link),
	CALL(SYS_SYMLINK, sys_symlink),
	CALL(SYS_READLINK, sys_readlink),
	CALL(SYS_CHDIR, sys_chdir),
	CALL(SYS_GETCWD, sys_getcwd),
	CALL(SYS_MOUNT, sys_mount),
	CALL(SYS_BIND, sys_bind),
	CALL(SYS_UMOUNT, sys_umount),
	CALL(SYS_POLL, sys_poll),
	CALL(SYS_SHARE, sys_share),
	CALL(SYS_CLAIM, sys_claim),
	CALL(SYS_MMAP, sys_mmap),
	CALL(SYS_MUNMAP, sys_munmap),
	CALL(SYS_MPROTECT, sys_mprotect),
};

void syscall_dispatch(struct pt_regs *r)
{
	u64 nr = r->rax;
	s64 ret;

	if (nr == SYS_NOTE_RETURN)
		ret = proc_note_return(r); /* replaces the whole frame */
	else if (nr < SYS_MAX && table[nr])
		ret = table[nr](r->rdi, r->rsi, r->rdx, r->r10, r->r8, r->r9);
	else
		ret = -ENOSYS;
	r->rax = (u64)ret;
	proc_user_return(r);
}
