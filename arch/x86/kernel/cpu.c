/*
 * CPU features and control registers: NX (EFER.NXE), write protection in
 * ring 0, SMEP/SMAP when present (CONFIG_X86_SMEP_SMAP), SSE and, with
 * XSAVE, AVX state enabled in XCR0, and the PAT entry used for
 * write-combining framebuffer mappings.
 */
#include <loom/module.h>
#include <loom/printk.h>
#include <loom/string.h>
#include <asm/cpu.h>
#include <asm/x86.h>

struct cpu_features cpu_features;

static void read_features(void)
{
	struct cpu_features *f = &cpu_features;
	u32 a, b, c, d, max, maxext;

	cpuid_count(0, 0, &max, &b, &c, &d);
	memcpy(f->vendor, &b, 4);
	memcpy(f->vendor + 4, &d, 4);
	memcpy(f->vendor + 8, &c, 4);
	f->vendor[12] = '\0';
	cpuid_count(1, 0, &a, &b, &c, &d);
	f->xsave = c & (1u << 26);
	f->avx = c & (1u << 28);
	f->pat = d & (1u << 16);
	f->rdrand = c & (1u << 30);
	if (max >= 7) {
		cpuid_count(7, 0, &a, &b, &c, &d);
		f->smep = b & (1u << 7);
		f->smap = b & (1u << 20);
	}
	cpuid_count(0x80000000, 0, &maxext, &b, &c, &d);
	if (maxext >= 0x80000001) {
		cpuid_count(0x80000001, 0, &a, &b, &c, &d);
		f->nx = d & (1u << 20);
		f->pdpe1gb = d & (1u << 26);
	}
	if (maxext >= 0x80000004) {
		u32 *w = (u32 *)f->brand;

		for (u32 i = 0; i < 3; i++)
			cpuid_count(0x80000002 + i, 0, &w[i * 4], &w[i * 4 + 1], &w[i * 4 + 2],
				    &w[i * 4 + 3]);
		f->brand[48] = '\0';
	}
	if (maxext >= 0x80000007) {
		cpuid_count(0x80000007, 0, &a, &b, &c, &d);
		f->invariant_tsc = d & (1u << 8);
	}
}

void cpu_init(void)
{
	u64 cr4;

	read_features();
	if (cpu_features.nx)
		wrmsr(MSR_EFER, rdmsr(MSR_EFER) | EFER_NXE);
	write_cr0((read_cr0() | CR0_WP | (1 << 1) /* MP */) & ~(1ULL << 2) /* EM */);
	cr4 = read_cr4() | CR4_OSFXSR | CR4_OSXMMEXCPT | CR4_PGE;
	if (cpu_features.xsave)
		cr4 |= CR4_OSXSAVE;
	if (IS_ENABLED(CONFIG_X86_SMEP_SMAP)) {
		if (cpu_features.smep)
			cr4 |= CR4_SMEP;
		if (cpu_features.smap) {
			extern u8 usercopy_smap;

			cr4 |= CR4_SMAP;
			usercopy_smap = 1; /* the user-copy routine opens SMAP */
		}
	}
	write_cr4(cr4);
	if (cpu_features.xsave) {
		u64 xcr0 = 3; /* x87 | SSE */

		if (cpu_features.avx)
			xcr0 |= 4;
		__asm__ volatile("xsetbv" ::"c"(0), "a"((u32)xcr0), "d"((u32)(xcr0 >> 32)));
	}
	/* PAT entry 4 (PAT=1 PCD=0 PWT=0) becomes write-combining. */
	if (IS_ENABLED(CONFIG_X86_PAT_WC) && cpu_features.pat) {
		u64 pat = rdmsr(MSR_PAT);

		pat = (pat & ~(0xffULL << 32)) | (0x01ULL << 32);
		wrmsr(MSR_PAT, pat);
	}
}
EXPORT_SYMBOL(cpu_init);

void cpu_print_info(void)
{
	const struct cpu_features *f = &cpu_features;

	pr_info("cpu: %s %s", f->vendor, f->brand[0] ? f->brand : "");
	pr_info("cpu: NX %s, SMEP %s, SMAP %s, XSAVE %s, AVX %s, invariant TSC %s",
		f->nx ? "on" : "absent",
		f->smep ? (read_cr4() & CR4_SMEP ? "on" : "off") : "absent",
		f->smap ? (read_cr4() & CR4_SMAP ? "on" : "off") : "absent",
		f->xsave ? "on" : "absent", f->avx ? "on" : "absent",
		f->invariant_tsc ? "yes" : "no");
}
