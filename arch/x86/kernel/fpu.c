/* FPU state switching: see arch/x86/include/asm/fpu.h. Per CPU: the owner. */
#include <loom/module.h>
#include <loom/page_alloc.h>
#include <loom/mm.h>
#include <loom/printk.h>
#include <loom/sched.h>
#include <loom/string.h>
#include <asm/cpu.h>
#include <asm/fpu.h>
#include <asm/percpu.h>
#include <asm/x86.h>

#define CR0_TS (1ULL << 3)

static u32 state_size = 512;

struct thread *current_thread(void);

void fpu_init(void)
{
	u32 a, b, c, d;

	if (cpu_features.xsave) {
		cpuid_count(0xd, 0, &a, &b, &c, &d);
		state_size = b;
	}
	pr_info("fpu: %s, %u-byte state, switched lazily", cpu_features.xsave ? "XSAVE" : "FXSAVE",
		state_size);
}

u32 fpu_state_size(void)
{
	return state_size;
}

void *fpu_state_alloc(void)
{
	phys_addr_t pa;
	u8 *s;

	if (state_size > PAGE_SIZE)
		return NULL;
	pa = page_alloc_zeroed();
	if (!pa)
		return NULL;
	s = phys_to_virt(pa);
	/* The legacy area's defaults: x87 control word, MXCSR (all masked);
	 * an XSAVE header of zeros means "initial state" for the rest. */
	*(u16 *)(s + 0) = 0x037f;
	*(u32 *)(s + 24) = 0x1f80;
	return s;
}

void fpu_state_free(void *state)
{
	if (state)
		page_free(virt_to_phys(state));
}

static void save(void *s)
{
	if (cpu_features.xsave)
		__asm__ volatile("xsave64 (%0)" ::"r"(s), "a"(~0u), "d"(~0u) : "memory");
	else
		__asm__ volatile("fxsave64 (%0)" ::"r"(s) : "memory");
}

static void restore(const void *s)
{
	if (cpu_features.xsave)
		__asm__ volatile("xrstor64 (%0)" ::"r"(s), "a"(~0u), "d"(~0u) : "memory");
	else
		__asm__ volatile("fxrstor64 (%0)" ::"r"(s) : "memory");
}

void fpu_save_if_owner(struct thread *prev)
{
	struct percpu *pc = this_cpu();

	/* TS set: it has not touched the registers since it got the CPU. */
	if (pc->fpu_owner == prev && prev->fpu && !(read_cr0() & CR0_TS))
		save(prev->fpu);
}

void fpu_switch(struct thread *next)
{
	struct percpu *pc = this_cpu();
	u64 cr0 = read_cr0();

	if (next == pc->fpu_owner && next->fpu_cpu == (int)pc->cpu)
		cr0 &= ~CR0_TS;
	else
		cr0 |= CR0_TS;
	if (cr0 != read_cr0())
		write_cr0(cr0);
}

void fpu_trap(void)
{
	struct percpu *pc = this_cpu();
	struct thread *t = current_thread();

	__asm__ volatile("clts");
	if (pc->fpu_owner == t && t->fpu_cpu == (int)pc->cpu)
		return;
	/* The last owner's state was saved when it left the CPU. */
	if (t->fpu)
		restore(t->fpu);
	pc->fpu_owner = t;
	t->fpu_cpu = (int)pc->cpu;
}

void fpu_release(struct thread *t)
{
	/* Other CPUs may still name t as their owner: harmless, since a
	 * thread's fpu_cpu starts at -1 and nothing matches a freed one. */
	if (this_cpu()->fpu_owner == t)
		this_cpu()->fpu_owner = NULL;
}
