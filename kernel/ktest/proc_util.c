/* Processes for in-kernel tests: see proc_util.h. */
#include <loom/proc.h>
#include <loom/sched.h>
#include <loom/string.h>
#include <loom/thread.h>
#include <loom/vfs.h>
#include <uapi/loom/errno.h>
#include <uapi/loom/syscall.h>
#include "proc_util.h"

/* A static ELF64 executable: one R+X segment at 0x400000 holding the
 * headers and "mov edi, 7; xor eax, eax (SYS_EXIT); syscall; jmp .". */
static size_t make_prog(u8 *b)
{
	static const u8 code[] = { 0xbf, 7, 0, 0, 0, 0x31, 0xc0, 0x0f, 0x05, 0xeb, 0xfe };
	const u64 base = 0x400000, size = 120 + sizeof(code);

	memset(b, 0, size);
	memcpy(b, "\177ELF", 4);
	b[4] = 2; /* 64-bit */
	b[5] = 1; /* little-endian */
	b[6] = 1;
	b[16] = 2;  /* ET_EXEC */
	b[18] = 62; /* x86_64 */
	b[20] = 1;
	*(u64 *)(b + 24) = base + 120; /* entry */
	*(u64 *)(b + 32) = 64;	       /* program headers */
	b[52] = 64;
	b[54] = 56;
	b[56] = 1;
	*(u32 *)(b + 64) = 1;	    /* PT_LOAD */
	*(u32 *)(b + 68) = 4 | 1;   /* R, X */
	*(u64 *)(b + 80) = base;    /* vaddr */
	*(u64 *)(b + 88) = base;    /* paddr */
	*(u64 *)(b + 96) = size;    /* filesz */
	*(u64 *)(b + 104) = size;   /* memsz */
	*(u64 *)(b + 112) = 0x1000; /* align */
	memcpy(b + 120, code, sizeof(code));
	return size;
}

int ktest_spawn(struct process *parent, u64 flags, struct process **out)
{
	static const char *const argv[] = { KTEST_PROG, "arg one", "two" };
	u8 prog[160];
	size_t n = make_prog(prog);
	struct file *f;
	int r = vfs_open(vfs_root_ns(), NULL, KTEST_PROG ":create:truncate", PERM_WRITE, &f);

	if (r)
		return r;
	r = vfs_write(f, prog, n) == (ssize_t)n ? 0 : -EIO;
	vfs_close(f);
	return r ? r : proc_spawn(parent, argv, 3, flags | SPAWN_SUSPENDED, out);
}

void ktest_finish(struct process *p)
{
	char status[PROC_STATUS_MAX];

	proc_send_note(p, "kill");
	proc_wait(p, status, sizeof(status), false);
	proc_put(p);
}

bool ktest_listed(struct namespace *ns, const char *dir, const char *name)
{
	struct vfs_dirent de;
	struct file *f;
	bool found = false;

	if (vfs_open(ns, NULL, dir, PERM_READ, &f))
		return false;
	while (vfs_readdir(f, &de) == 1)
		found |= !strcmp(de.name, name);
	vfs_close(f);
	return found;
}

struct process *ktest_viewer_attach(struct process *p)
{
	struct thread *t = current_thread();
	struct process *old = t->proc;

	t->proc = p;
	return old;
}
