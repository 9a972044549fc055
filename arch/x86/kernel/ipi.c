/*
 * The SMP core, built in whatever CONFIG_SMP says: the online set, the
 * call-function IPI (IRQ_VECTOR_CALL_FUNCTION) and TLB shootdown over it,
 * and the idle loop of the application processors. Locking: call_lock
 * serializes initiators (one call in flight); targets only touch the
 * call's atomics. Contract: see asm/smp.h.
 */
#include <loom/init.h>
#include <loom/module.h>
#include <loom/printk.h>
#include <loom/spinlock.h>
#include <loom/thread.h>
#include <loom/time.h>
#include <asm/apic.h>
#include <asm/cpu.h>
#include <asm/irq.h>
#include <asm/percpu.h>
#include <asm/smp.h>
#include <asm/x86.h>
#include <uapi/loom/errno.h>

#define CALL_TIMEOUT_NS 1000000000ULL
#define FLUSH_ALL_PAGES 64 /* more than this: reload CR3 instead */
#define MASK_BITS	64

static u64 online_bits[(CONFIG_NR_CPUS + 63) / 64];
static u32 nr_online = 1; /* the BSP */
static bool ipi_ready;
static int (*deferred_start)(void);

/* The call in flight: written by the initiator under call_lock before the
 * IPIs; each target bumps picked, runs fn, then bumps done. */
static struct {
	smp_call_fn fn;
	void *arg;
	u32 picked, done;
	u64 targets[(CONFIG_NR_CPUS + 63) / 64];
} call;
static spinlock_t call_lock = SPINLOCK_INIT;

unsigned smp_cpus_online(void)
{
	return __atomic_load_n(&nr_online, __ATOMIC_ACQUIRE);
}
EXPORT_SYMBOL(smp_cpus_online);

bool smp_cpu_is_online(unsigned cpu)
{
	if (cpu >= CONFIG_NR_CPUS)
		return false;
	return cpu == 0 ||
	       (__atomic_load_n(&online_bits[cpu / 64], __ATOMIC_ACQUIRE) >> (cpu % 64)) & 1;
}
EXPORT_SYMBOL(smp_cpu_is_online);

u32 smp_cpu_apic_id(unsigned cpu)
{
	return smp_cpu_is_online(cpu) ? percpu_area(cpu)->apic_id : 0;
}
EXPORT_SYMBOL(smp_cpu_apic_id);

void smp_mark_online(unsigned cpu)
{
	__atomic_fetch_or(&online_bits[cpu / 64], 1ULL << (cpu % 64), __ATOMIC_RELEASE);
	__atomic_fetch_add(&nr_online, 1, __ATOMIC_RELEASE);
}
EXPORT_SYMBOL(smp_mark_online);

static bool is_target(unsigned cpu)
{
	return (__atomic_load_n(&call.targets[cpu / 64], __ATOMIC_ACQUIRE) >> (cpu % 64)) & 1;
}

static void call_function_ipi(struct pt_regs *regs, void *data)
{
	unsigned cpu = smp_processor_id();
	smp_call_fn fn;
	void *arg;

	if (!is_target(cpu))
		return; /* a late IPI of a call that timed out */
	fn = READ_ONCE(call.fn);
	arg = READ_ONCE(call.arg);
	__atomic_fetch_and(&call.targets[cpu / 64], ~(1ULL << (cpu % 64)), __ATOMIC_RELAXED);
	__atomic_fetch_add(&call.picked, 1, __ATOMIC_ACQ_REL);
	fn(arg);
	this_cpu()->ipis++;
	__atomic_fetch_add(&call.done, 1, __ATOMIC_RELEASE);
}

int smp_ipi_init(void)
{
	int err;

	this_cpu()->apic_id = apic_id();
	if (ipi_ready)
		return 0;
	err = irq_register(IRQ_VECTOR_CALL_FUNCTION, call_function_ipi, NULL);
	if (err)
		return err;
	ipi_ready = true;
	return 0;
}
EXPORT_SYMBOL(smp_ipi_init);

int smp_call_function(cpumask_t mask, smp_call_fn fn, void *arg, bool wait)
{
	unsigned me = smp_processor_id();
	u32 want = 0, *counter = wait ? &call.done : &call.picked;
	u64 flags, end;
	int ret;

	if (smp_cpus_online() == 1 || !ipi_ready)
		return 0;
	/* Wait for the lock with interrupts on: the initiator holding it
	 * waits for this CPU to answer its call. */
	for (;;) {
		flags = local_irq_save();
		if (spin_trylock(&call_lock))
			break;
		local_irq_restore(flags);
		pause();
	}
	/* A target of the last call (no wait) may still be running it. */
	while (__atomic_load_n(&call.done, __ATOMIC_ACQUIRE) <
	       __atomic_load_n(&call.picked, __ATOMIC_ACQUIRE))
		pause();
	call.fn = fn;
	call.arg = arg;
	__atomic_store_n(&call.picked, 0, __ATOMIC_RELAXED);
	__atomic_store_n(&call.done, 0, __ATOMIC_RELAXED);
	for (unsigned c = 0; c < CONFIG_NR_CPUS; c++) {
		if (c == me || !smp_cpu_is_online(c))
			continue;
		if (mask != SMP_ALL_OTHERS && (c >= MASK_BITS || !((mask >> c) & 1)))
			continue;
		__atomic_fetch_or(&call.targets[c / 64], 1ULL << (c % 64), __ATOMIC_RELEASE);
		want++;
	}
	for (unsigned c = 0; c < CONFIG_NR_CPUS; c++)
		if (is_target(c))
			apic_send_ipi(percpu_area(c)->apic_id, IRQ_VECTOR_CALL_FUNCTION);
	end = clock_monotonic_ns() + CALL_TIMEOUT_NS;
	while (__atomic_load_n(counter, __ATOMIC_ACQUIRE) < want) {
		if (clock_monotonic_ns() > end)
			break;
		pause();
	}
	ret = (int)__atomic_load_n(counter, __ATOMIC_ACQUIRE);
	if ((u32)ret < want) {
		/* Withdraw the call from the CPUs that never answered. */
		for (unsigned c = 0; c < CONFIG_NR_CPUS; c++)
			if (is_target(c)) {
				pr_err("smp: CPU %u (apic id %u) did not answer a call", c,
				       percpu_area(c)->apic_id);
				__atomic_fetch_and(&call.targets[c / 64], ~(1ULL << (c % 64)),
						   __ATOMIC_RELEASE);
			}
		/* A CPU that picked the call up but is still running it keeps
		 * using fn and arg: wait for the ones that did pick it. */
		while (__atomic_load_n(&call.done, __ATOMIC_ACQUIRE) <
		       __atomic_load_n(&call.picked, __ATOMIC_ACQUIRE))
			pause();
		ret = -ETIMEDOUT;
	}
	spin_unlock_irqrestore(&call_lock, flags);
	return ret;
}
EXPORT_SYMBOL(smp_call_function);

struct flush {
	u64 va, pages;
};

static void flush_local(const struct flush *f)
{
	if (f->pages > FLUSH_ALL_PAGES) {
		write_cr3(read_cr3()); /* global (kernel) pages stay: see smp.md */
		return;
	}
	for (u64 i = 0; i < f->pages; i++)
		invlpg(f->va + i * 4096);
}

static void flush_ipi(void *arg)
{
	flush_local(arg);
}

int tlb_shootdown(u64 va, u64 pages)
{
	struct flush f = { va & ~0xfffULL, pages };
	int n;

	flush_local(&f);
	n = smp_call_function(SMP_ALL_OTHERS, flush_ipi, &f, true);
	return n < 0 ? n : 0;
}
EXPORT_SYMBOL(tlb_shootdown);

__attribute__((noreturn)) void smp_ap_idle(void)
{
	/* Until the scheduler runs (a CPU may come online before it), answer
	 * IPIs; sched_init kicks every online CPU. */
	for (;;) {
		if (sched_is_ready())
			sched_enter_cpu();
		irq_wait(); /* sti; hlt; cli: an IPI wakes it */
	}
}
EXPORT_SYMBOL(smp_ap_idle);

void smp_defer_start(int (*start)(void))
{
	deferred_start = start;
}
EXPORT_SYMBOL(smp_defer_start);

/* After irq_init(): run a bring-up that was loaded (built in) too early. */
static int smp_deferred(void)
{
	int (*start)(void) = deferred_start;

	deferred_start = NULL;
	return start ? start() : 0;
}
core_initcall(smp_deferred);
