/*
 * efi_main: the loader's sequence, from the boot volume to the kernel entry.
 * Whatever can fail happens before ExitBootServices, is printed on ConOut,
 * and returns to the firmware after 3 s. After it nothing is allocated and
 * nothing fails; the kernel gets %rdi = physical address of boot_info.
 */
#include "loader.h"

#define ERROR_STALL_US	 3000000
#define PT_SPARE	 16    /* table pages kept for after EBS */
#define CMDLINE_FILE_MAX 65536 /* before trimming */
#define MSR_EFER	 0xc0000080
#define EFER_NXE	 (1ULL << 11)
#define CR0_WP		 (1ULL << 16)

struct loader {
	EFI_HANDLE image;
	struct boot_info *info; /* 2 pages: boot_info, cmdline */
	struct kernel_image kernel;
	UINT64 kernel_file_size;
	struct loaded_file initrd;
	struct page_tables pt;
	struct efi_map map;
	struct region_list regions;
};

static struct loader ld;

void loader_error(const CHAR16 *file, const CHAR16 *fmt, ...)
{
	va_list ap;

	Print(L"loom: ");
	if (file)
		Print(L"%s: ", file);
	va_start(ap, fmt);
	VPrint(fmt, ap);
	va_end(ap);
	Print(L"\n");
}

static EFI_STATUS load_kernel(EFI_FILE_HANDLE root)
{
	struct loaded_file f;
	EFI_STATUS st;

	st = file_load(root, KERNEL_PATH, 0, ~0ULL, &f);
	if (st == EFI_NOT_FOUND)
		loader_error(KERNEL_PATH, L"not found on the boot volume");
	if (EFI_ERROR(st))
		return st;
	ld.kernel_file_size = f.size;
	st = elf_check((const UINT8 *)f.addr, f.size, &ld.kernel);
	if (!EFI_ERROR(st))
		st = elf_load((const UINT8 *)f.addr, &ld.kernel);
	if (f.addr)
		alloc_free(f.addr);
	return st;
}

static BOOLEAN is_space(UINT8 c)
{
	return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

/*
 * \boot\cmdline.txt: a UTF-8 BOM and trailing white space dropped, tabs and
 * line breaks turned into spaces. Absent: boot_info.cmdline stays 0.
 */
static EFI_STATUS load_cmdline(EFI_FILE_HANDLE root)
{
	char *dst = (char *)ld.info + PAGE_SIZE;
	struct loaded_file f;
	const UINT8 *s;
	UINT64 n, i;
	EFI_STATUS st;

	st = file_load(root, CMDLINE_PATH, 0, CMDLINE_FILE_MAX, &f);
	if (st == EFI_NOT_FOUND)
		return EFI_SUCCESS;
	if (EFI_ERROR(st))
		return st;
	s = (const UINT8 *)f.addr;
	n = f.size;
	if (n >= 3 && s[0] == 0xef && s[1] == 0xbb && s[2] == 0xbf) {
		s += 3;
		n -= 3;
	}
	while (n && is_space(s[n - 1]))
		n--;
	st = EFI_LOAD_ERROR;
	if (n > CMDLINE_MAX) {
		loader_error(CMDLINE_PATH, L"too long: %ld bytes (max %d)", n, CMDLINE_MAX);
		goto out;
	}
	for (i = 0; i < n; i++) {
		if (!s[i]) {
			loader_error(CMDLINE_PATH, L"NUL byte at offset %ld", i);
			goto out;
		}
		dst[i] = is_space(s[i]) ? ' ' : s[i];
	}
	dst[n] = 0;
	ld.info->cmdline = (UINT64)dst;
	st = EFI_SUCCESS;
out:
	if (f.addr)
		alloc_free(f.addr);
	return st;
}

static EFI_STATUS load_files(void)
{
	EFI_FILE_HANDLE root;
	EFI_STATUS st;

	st = volume_open(ld.image, &root);
	if (EFI_ERROR(st))
		return st;
	st = load_kernel(root);
	if (!EFI_ERROR(st)) {
		st = file_load(root, INITRD_PATH, BOOT_MEM_RAMDISK, ~0ULL, &ld.initrd);
		if (st == EFI_NOT_FOUND)
			st = EFI_SUCCESS;
	}
	if (!EFI_ERROR(st))
		st = load_cmdline(root);
	root->Close(root);
	return st;
}

/*
 * Direct-map every range of the current map (and the framebuffer),
 * contiguous ranges as one so large pages span type boundaries.
 */
static EFI_STATUS map_memory(void)
{
	const struct boot_mem_region *r = ld.regions.out;
	UINTN i = 0, n;
	EFI_STATUS st;

	map_convert(&ld.map, &ld.info->fb, &ld.regions);
	n = ld.regions.count;
	while (i < n) {
		UINT64 base = r[i].base, end = base + r[i].length;

		while (++i < n && r[i].base == end)
			end += r[i].length;
		st = pt_map_phys(&ld.pt, base, end - base);
		if (st == EFI_OUT_OF_RESOURCES)
			return st;
	}
	return EFI_SUCCESS;
}

static EFI_STATUS prepare(void)
{
	UINT64 phys;
	EFI_STATUS st;

	st = cpu_check_paging();
	if (EFI_ERROR(st))
		return st;
	st = alloc_pages(2, BOOT_MEM_LOADER, PAGE_SIZE, &phys);
	if (EFI_ERROR(st)) {
		loader_error(NULL, L"no memory for the boot information: %r", st);
		return st;
	}
	ld.info = (struct boot_info *)phys;
	ZeroMem(ld.info, 2 * PAGE_SIZE);
	st = load_files();
	if (EFI_ERROR(st))
		return st;
	fb_query(&ld.info->fb);
	ld.info->rsdp = acpi_rsdp();

	st = map_alloc(&ld.map, &ld.regions);
	if (EFI_ERROR(st))
		return st;
	st = pt_init(&ld.pt);
	if (EFI_ERROR(st))
		return st;
	st = pt_map_kernel(&ld.pt, &ld.kernel);
	if (EFI_ERROR(st))
		return st;
	st = map_memory();
	if (EFI_ERROR(st)) {
		loader_error(NULL, L"no memory for page tables");
		return st;
	}
	st = pt_reserve(&ld.pt, PT_SPARE);
	if (EFI_ERROR(st))
		return st;
	if (ld.regions.count > BOOT_MAX_REGIONS)
		loader_error(NULL, L"warning: %d memory regions, passing the first %d",
			     (int)ld.regions.count, BOOT_MAX_REGIONS);
	Print(L"Loom loader: %s %ld bytes, ", KERNEL_PATH, ld.kernel_file_size);
	if (ld.initrd.size)
		Print(L"initrd %ld bytes, ", ld.initrd.size);
	else
		Print(L"no initrd, ");
	Print(L"%s\n", ld.info->cmdline ? L"command line from file" : L"built-in command line");
	return EFI_SUCCESS;
}

static void fill_info(void)
{
	struct boot_info *bi = ld.info;
	const struct kernel_image *k = &ld.kernel;

	bi->magic = BOOT_INFO_MAGIC;
	bi->version = BOOT_INFO_VERSION;
	bi->loader = BOOT_LOADER_UEFI;
	bi->mem_regions = (UINT64)ld.regions.out;
	bi->mem_count = ld.regions.count > BOOT_MAX_REGIONS ? BOOT_MAX_REGIONS : ld.regions.count;
	bi->ramdisk = ld.initrd.addr;
	bi->ramdisk_size = ld.initrd.size;
	bi->kernel_phys = k->phys + (k->vstart & ~PAGE_MASK);
	bi->kernel_size = k->vend - k->vstart;
}

static void __attribute__((noreturn)) enter_kernel(void)
{
	struct boot_info *bi = ld.info;
	UINT32 lo, hi;
	UINT64 cr0;

	if (ld.pt.nx) {
		asm volatile("rdmsr" : "=a"(lo), "=d"(hi) : "c"(MSR_EFER));
		lo |= EFER_NXE;
		asm volatile("wrmsr" ::"a"(lo), "d"(hi), "c"(MSR_EFER));
	}
	asm volatile("mov %%cr0, %0" : "=r"(cr0));
	asm volatile("mov %0, %%cr0" ::"r"(cr0 | CR0_WP));
	asm volatile("mov %0, %%cr3" ::"r"(ld.pt.pml4) : "memory");
	asm volatile("rdtsc" : "=a"(lo), "=d"(hi));
	bi->loader_tsc = ((UINT64)hi << 32) | lo;
	asm volatile("xor %%ebp, %%ebp\n\t"
		     "jmp *%%rax" ::"a"(ld.kernel.entry),
		     "D"((UINT64)bi)
		     : "memory");
	__builtin_unreachable();
}

/* gnu-efi's crt0 calls this with the SysV ABI: no EFIAPI here. */
EFI_STATUS efi_main(EFI_HANDLE image, EFI_SYSTEM_TABLE *systab)
{
	EFI_STATUS st;

	InitializeLib(image, systab);
	ld.image = image;
	st = prepare();
	if (EFI_ERROR(st)) {
		alloc_free_all();
		BS->Stall(ERROR_STALL_US);
		return st;
	}
	st = map_exit_boot_services(image, &ld.map);
	if (EFI_ERROR(st))
		return st; /* boot services may be half gone: no frees */

	asm volatile("cli");
	ld.pt.sealed = TRUE;
	map_memory(); /* new ranges only, from the spare pages */
	pt_finish(&ld.pt);
	fill_info();
	enter_kernel();
}
