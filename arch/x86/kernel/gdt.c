/*
 * GDT and TSS. Layout (fixed by syscall/sysret): null, kernel code, kernel
 * data, user code32 (unused), user data, user code, TSS. The TSS gives the
 * double-fault, NMI and machine-check handlers stacks of their own (IST), so
 * a kernel stack overflow still reports instead of triple-faulting.
 */
#include <loom/string.h>
#include <asm/cpu.h>

struct tss {
	u32 reserved0;
	u64 rsp[3];
	u64 reserved1;
	u64 ist[7];
	u64 reserved2;
	u16 reserved3;
	u16 iomap_base;
} __packed;

static struct tss tss;
static u64 gdt[9] __aligned(16);
static u8 ist_stacks[3][8192] __aligned(16);

struct desc_ptr {
	u16 limit;
	u64 base;
} __packed;

void gdt_init(void)
{
	u64 base = (u64)(uintptr_t)&tss, limit = sizeof(tss) - 1;
	struct desc_ptr p = { sizeof(gdt) - 1, (u64)(uintptr_t)gdt };

	gdt[0] = 0;
	gdt[1] = 0x00af9a000000ffffULL; /* kernel code, 64-bit     */
	gdt[2] = 0x00cf92000000ffffULL; /* kernel data             */
	gdt[3] = 0x00cffa000000ffffULL; /* user code, 32-bit       */
	gdt[4] = 0x00cff2000000ffffULL; /* user data               */
	gdt[5] = 0x00affa000000ffffULL; /* user code, 64-bit       */
	gdt[6] = (limit & 0xffff) | ((base & 0xffffff) << 16) | (0x89ULL << 40) |
		 (((limit >> 16) & 0xf) << 48) | (((base >> 24) & 0xff) << 56);
	gdt[7] = base >> 32;

	memset(&tss, 0, sizeof(tss));
	for (int i = 0; i < 3; i++)
		tss.ist[i] = (u64)(uintptr_t)(ist_stacks[i] + sizeof(ist_stacks[i]));
	tss.iomap_base = sizeof(tss);

	__asm__ volatile("lgdt %0\n\t"
			 "pushq %1\n\t"
			 "leaq 1f(%%rip), %%rax\n\t"
			 "pushq %%rax\n\t"
			 "lretq\n"
			 "1:\n\t"
			 "movw %w2, %%ds\n\t"
			 "movw %w2, %%es\n\t"
			 "movw %w2, %%ss\n\t"
			 "xorl %%eax, %%eax\n\t"
			 "movw %%ax, %%fs\n\t"
			 "movw %%ax, %%gs\n\t"
			 "ltr %w3"
			 :
			 : "m"(p), "i"((u64)KERNEL_CS), "r"(KERNEL_DS), "r"(TSS_SEL)
			 : "rax", "memory");
}

/* For tests: the address of the GDT and of an IST stack top. */
const u64 *gdt_table(void)
{
	return gdt;
}
u64 tss_ist(int n)
{
	return tss.ist[n - 1];
}
