/*
 * User mode on x86: the syscall MSRs of each CPU, the scheduler's switch
 * hook for threads of processes, and the C halves of the entry paths
 * (syscall.asm). Per CPU: the TSS rsp0 and percpu.kernel_rsp point at the
 * running thread's kernel stack top, and percpu.fs_base caches the %fs
 * base loaded (only user threads change it). Locking: none, per CPU.
 */
#include <loom/proc.h>
#include <loom/sched.h>
#include <loom/thread.h>
#include <asm/cpu.h>
#include <asm/percpu.h>
#include <asm/ptrace.h>
#include <asm/user.h>
#include <asm/x86.h>

#define MSR_STAR    0xc0000081
#define MSR_LSTAR   0xc0000082
#define MSR_FMASK   0xc0000084
#define MSR_FS_BASE 0xc0000100
#define EFER_SCE    (1ULL << 0)

/* TF IF DF IOPL NT AC: cleared on entry (AC: SMAP stays closed). */
#define SYSCALL_FMASK 0x47700ULL

void syscall_entry(void);

_Static_assert(__builtin_offsetof(struct percpu, user_rsp) == 80, "syscall.asm offsets");
_Static_assert(__builtin_offsetof(struct percpu, kernel_rsp) == 88, "syscall.asm offsets");
_Static_assert(sizeof(struct pt_regs) == 176, "syscall.asm frame");
_Static_assert(__builtin_offsetof(struct pt_regs, rip) == 136, "syscall.asm frame");

void user_cpu_init(unsigned cpu)
{
	wrmsr(MSR_EFER, rdmsr(MSR_EFER) | EFER_SCE);
	/* syscall: CS = 0x08, SS = 0x10; sysretq: CS = 0x18 + 16, SS = 0x18 + 8. */
	wrmsr(MSR_STAR, ((u64)(USER_DS - 8 - 3) << 48) | ((u64)KERNEL_CS << 32));
	wrmsr(MSR_LSTAR, (u64)(uintptr_t)syscall_entry);
	wrmsr(MSR_FMASK, SYSCALL_FMASK);
	this_cpu()->fs_base = 0;
	wrmsr(MSR_FS_BASE, 0);
	(void)cpu;
}

void user_switch_to(struct thread *next)
{
	struct percpu *c = this_cpu();

	if (!next->proc) {
		as_switch_lazy(); /* kernel threads never leave the kernel */
		return;
	}
	c->kernel_rsp = next->kstack_top;
	tss_set_rsp0(c->cpu, next->kstack_top);
	as_switch(&next->proc->as);
	if (c->fs_base != next->fs_base) {
		c->fs_base = next->fs_base;
		wrmsr(MSR_FS_BASE, next->fs_base);
	}
}

/* Change the running thread's %fs base (SYS_SET_TLS). */
void user_set_fs_base(struct thread *t, u64 base)
{
	t->fs_base = base;
	this_cpu()->fs_base = base;
	wrmsr(MSR_FS_BASE, base);
}

/* From intr_return (syscall.asm), interrupts off: the work before user
 * mode. Not on an IST stack (an NMI or machine check that hit user code):
 * there the thread may neither sleep nor end. */
void user_return_work(struct pt_regs *r)
{
	struct thread *t = current_thread();

	if (t && r == user_regs_of(t->kstack_top))
		proc_user_return(r);
}
