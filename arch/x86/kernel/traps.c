/*
 * Exception reports: vector name, error code, faulting address, registers
 * and a symbolized backtrace, then panic. An exception in user mode is no
 * kernel error: it becomes a note that ends the process ("general
 * protection fault at 0x401000", the page-fault note of vm_fault) and the
 * kernel goes on. A test may install a
 * one-shot fixup to survive an expected fault (ktest uses it to check that
 * guard pages and permissions fault).
 */
#include <loom/ksyms.h>
#include <loom/log.h>
#include <loom/panic.h>
#include <loom/printk.h>
#include <asm/cpu.h>
#include <asm/fpu.h>
#include <asm/ptrace.h>
#include <asm/traps.h>
#include <asm/x86.h>
#include <loom/kstack.h>
#include <loom/proc.h>
#include <loom/vm.h>

static const char *const names[32] = {
	"divide error",
	"debug",
	"NMI",
	"breakpoint",
	"overflow",
	"bound range exceeded",
	"invalid opcode",
	"device not available",
	"double fault",
	"coprocessor segment overrun",
	"invalid TSS",
	"segment not present",
	"stack-segment fault",
	"general protection fault",
	"page fault",
	"reserved",
	"x87 floating-point error",
	"alignment check",
	"machine check",
	"SIMD floating-point error",
	"virtualization exception",
	"control protection",
	"reserved",
	"reserved",
	"reserved",
	"reserved",
	"reserved",
	"reserved",
	"hypervisor injection",
	"VMM communication",
	"security exception",
	"reserved",
};

/* divide error, debug, breakpoint, overflow, bound, invalid opcode,
 * segment not present, stack segment, general protection, x87, alignment,
 * SIMD, control protection. */
#define USER_FAULTS                                                                           \
	((1u << 0) | (1u << 1) | (1u << 3) | (1u << 4) | (1u << 5) | (1u << 6) | (1u << 11) | \
	 (1u << 12) | (1u << 13) | (1u << 16) | (1u << 17) | (1u << 19) | (1u << 21))

static struct trap_fixup *fixup;

void trap_set_fixup(struct trap_fixup *f)
{
	fixup = f;
}

static void dump_regs(const struct pt_regs *r)
{
	pr_emerg("RIP: %04llx:%016llx RSP: %04llx:%016llx RFLAGS: %08llx", r->cs, r->rip, r->ss,
		 r->rsp, r->rflags);
	pr_emerg("RAX: %016llx RBX: %016llx RCX: %016llx", r->rax, r->rbx, r->rcx);
	pr_emerg("RDX: %016llx RSI: %016llx RDI: %016llx", r->rdx, r->rsi, r->rdi);
	pr_emerg("RBP: %016llx R8:  %016llx R9:  %016llx", r->rbp, r->r8, r->r9);
	pr_emerg("R10: %016llx R11: %016llx R12: %016llx", r->r10, r->r11, r->r12);
	pr_emerg("R13: %016llx R14: %016llx R15: %016llx", r->r13, r->r14, r->r15);
	pr_emerg("CR0: %016llx CR2: %016llx CR3: %016llx CR4: %016llx", read_cr0(), read_cr2(),
		 read_cr3(), read_cr4());
}

static void describe_page_fault(const struct pt_regs *r, u64 cr2)
{
	u64 e = r->error_code;

	pr_emerg("page fault at 0x%016llx: %s %s in %s mode%s", cr2,
		 e & 1 ? "protection violation on" : "not-present page on",
		 e & 16	 ? "instruction fetch"
		 : e & 2 ? "write"
			 : "read",
		 e & 4 ? "user" : "kernel", e & 8 ? " (reserved bit set)" : "");
}

extern char usercopy_start[], usercopy_end[], usercopy_fault[];

/*
 * Page faults the kernel resolves or turns into errors: a first touch of
 * lazily mapped user memory (from user mode or from the user-copy routine),
 * and a user copy that hits memory no area allows (it returns -EFAULT).
 * Returns true when the faulting code may go on.
 */
static bool page_fault(struct pt_regs *r, u64 cr2)
{
	bool in_copy =
		r->rip >= (u64)(uintptr_t)usercopy_start && r->rip < (u64)(uintptr_t)usercopy_end;
	struct addr_space *as = as_current();
	char note[128];

	if ((r->cs & 3) && (cr2 >= USER_END || !as)) {
		snprintf(note, sizeof(note), "pagefault at 0x%llx due to %s at 0x%llx",
			 (unsigned long long)r->rip,
			 cr2 >= USER_END ? "kernel address" : "no memory", (unsigned long long)cr2);
		proc_user_fault(r, note);
		return true;
	}
	if (cr2 >= USER_END || !as || (!(r->cs & 3) && !in_copy))
		return false;
	if (vm_fault(as, cr2, r->error_code, r->rip, note, sizeof(note)) == 0)
		return true;
	if (in_copy) {
		r->rip = (u64)(uintptr_t)usercopy_fault;
		return true;
	}
	if (r->cs & 3) {
		proc_user_fault(r, note); /* the process ends with the note */
		return true;
	}
	return false;
}

/* Any other exception of user code ends the process with a note. */
static void user_exception(struct pt_regs *r)
{
	char note[NOTE_MAX_LEN];

	snprintf(note, sizeof(note), "%s at 0x%llx", r->vector < 32 ? names[r->vector] : "trap",
		 (unsigned long long)r->rip);
	proc_user_fault(r, note);
}

void exception_dispatch(struct pt_regs *r)
{
	char sym[128];
	u64 cr2 = read_cr2();

	if (fixup && fixup->vector == (int)r->vector) {
		struct trap_fixup *f = fixup;

		fixup = NULL;
		f->hit = true;
		f->error_code = r->error_code;
		f->address = cr2;
		r->rip = f->resume;
		return;
	}
	if (r->vector == 14 && page_fault(r, cr2))
		return;
	if (r->vector == 7) { /* device not available: lazy FPU switch */
		fpu_trap();
		return;
	}
	/* What user code causes ends its process; an NMI, a machine check or
	 * a double fault is the machine's and takes the path below. */
	if ((r->cs & 3) && r->vector < 32 && ((1u << r->vector) & USER_FAULTS)) {
		user_exception(r);
		return;
	}
	if (r->vector == 8 && kstack_guard(cr2))
		pr_emerg("kernel stack overflow: the guard page at 0x%llx was hit", cr2);
	ksym_format(sym, sizeof(sym), r->rip);
	pr_emerg("Exception %llu (%s), error code 0x%llx, in %s", r->vector,
		 r->vector < 32 ? names[r->vector] : "?", r->error_code, sym);
	if (r->vector == 14)
		describe_page_fault(r, cr2);
	dump_regs(r);
	backtrace_print(LOG_EMERG, r->rip, r->rbp);
	panic("fatal exception %llu (%s) in %s", r->vector, r->vector < 32 ? names[r->vector] : "?",
	      sym);
}
