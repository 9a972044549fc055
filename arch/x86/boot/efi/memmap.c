/*
 * The UEFI memory map: a buffer sized with slack, ExitBootServices retried
 * until the map key is current, and the conversion to boot_mem_region
 * entries (sorted, overlaps resolved for the more restrictive type, equal
 * neighbours merged). map_convert() allocates nothing: it runs after EBS.
 */
#include "loader.h"

#define MAP_SLACK 64 /* descriptors our own allocations may add */
#define MAP_EXTRA 4  /* non-EFI ranges map_convert() may add */
#define EBS_TRIES 8

/* EFI memory type (0..15) to enum boot_mem_type. */
static const UINT8 efi_type_map[] = {
	[EfiReservedMemoryType] = BOOT_MEM_RESERVED,
	[EfiLoaderCode] = BOOT_MEM_USABLE,
	[EfiLoaderData] = BOOT_MEM_USABLE,
	[EfiBootServicesCode] = BOOT_MEM_USABLE,
	[EfiBootServicesData] = BOOT_MEM_USABLE,
	[EfiRuntimeServicesCode] = BOOT_MEM_FIRMWARE,
	[EfiRuntimeServicesData] = BOOT_MEM_FIRMWARE,
	[EfiConventionalMemory] = BOOT_MEM_USABLE,
	[EfiUnusableMemory] = BOOT_MEM_BAD,
	[EfiACPIReclaimMemory] = BOOT_MEM_ACPI_RECLAIM,
	[EfiACPIMemoryNVS] = BOOT_MEM_ACPI_NVS,
	[EfiMemoryMappedIO] = BOOT_MEM_FIRMWARE,
	[EfiMemoryMappedIOPortSpace] = BOOT_MEM_FIRMWARE,
	[EfiPalCode] = BOOT_MEM_RESERVED,
	[14] = BOOT_MEM_RESERVED, /* persistent memory */
	[15] = BOOT_MEM_RESERVED, /* unaccepted memory */
};

/* Where two ranges overlap, the type with the higher rank wins. */
static const UINT8 type_rank[] = {
	[BOOT_MEM_USABLE] = 1,	 [BOOT_MEM_ACPI_RECLAIM] = 2, [BOOT_MEM_LOADER] = 3,
	[BOOT_MEM_RAMDISK] = 4,	 [BOOT_MEM_KERNEL] = 5,	      [BOOT_MEM_RESERVED] = 6,
	[BOOT_MEM_FIRMWARE] = 7, [BOOT_MEM_FRAMEBUFFER] = 8, /* more precise than MMIO/reserved */
	[BOOT_MEM_ACPI_NVS] = 9, [BOOT_MEM_BAD] = 10,
};

static UINT32 boot_type(UINT32 efi)
{
	if (efi < sizeof(efi_type_map))
		return efi_type_map[efi];
	if (efi == LOOM_EFI_TYPE(BOOT_MEM_KERNEL) || efi == LOOM_EFI_TYPE(BOOT_MEM_RAMDISK) ||
	    efi == LOOM_EFI_TYPE(BOOT_MEM_LOADER))
		return efi - LOOM_EFI_TYPE_BASE;
	return BOOT_MEM_RESERVED;
}

EFI_STATUS map_read(struct efi_map *m)
{
	m->size = m->cap;
	return BS->GetMemoryMap(&m->size, (EFI_MEMORY_DESCRIPTOR *)m->buf, &m->key, &m->desc_size,
				&m->desc_version);
}

/* The map buffer, then the region arrays sized from it. */
EFI_STATUS map_alloc(struct efi_map *m, struct region_list *r)
{
	UINT64 phys;
	UINTN bytes;
	EFI_STATUS st;

	m->size = 0;
	st = BS->GetMemoryMap(&m->size, NULL, &m->key, &m->desc_size, &m->desc_version);
	if (st != EFI_BUFFER_TOO_SMALL || m->desc_size < sizeof(EFI_MEMORY_DESCRIPTOR)) {
		loader_error(NULL, L"cannot size the memory map: %r", st);
		return EFI_ERROR(st) ? st : EFI_LOAD_ERROR;
	}
	m->cap = m->size + MAP_SLACK * m->desc_size;
	st = alloc_pool(m->cap, (void **)&m->buf);
	if (EFI_ERROR(st))
		goto oom;
	r->cap_in = m->cap / m->desc_size + MAP_EXTRA;
	bytes = r->cap_in * (3 * sizeof(struct boot_mem_region) + 2 * sizeof(UINT64));
	st = alloc_pages(PAGES(bytes), BOOT_MEM_LOADER, PAGE_SIZE, &phys);
	if (EFI_ERROR(st))
		goto oom;
	r->out = (struct boot_mem_region *)phys;
	r->in = r->out + 2 * r->cap_in;
	r->bounds = (UINT64 *)(r->in + r->cap_in);
	r->count = 0;
	st = map_read(m);
	if (EFI_ERROR(st))
		loader_error(NULL, L"cannot read the memory map: %r", st);
	return st;
oom:
	loader_error(NULL, L"no memory for the memory map: %r", st);
	return st;
}

/*
 * After a failed ExitBootServices only GetMemoryMap and ExitBootServices
 * may be called: no allocation, and messages may no longer appear.
 */
EFI_STATUS map_exit_boot_services(EFI_HANDLE image, struct efi_map *m)
{
	EFI_STATUS st = EFI_SUCCESS;
	int i;

	for (i = 0; i < EBS_TRIES; i++) {
		st = map_read(m);
		if (EFI_ERROR(st))
			break;
		st = BS->ExitBootServices(image, m->key);
		if (!EFI_ERROR(st))
			return st;
	}
	loader_error(NULL, L"ExitBootServices failed: %r", st);
	return st;
}

static void sort_u64(UINT64 *a, UINTN n)
{
	UINTN i, j;

	for (i = 1; i < n; i++) {
		UINT64 v = a[i];

		for (j = i; j > 0 && a[j - 1] > v; j--)
			a[j] = a[j - 1];
		a[j] = v;
	}
}

static void add_range(struct region_list *r, UINTN *n, UINT64 base, UINT64 len, UINT32 type)
{
	if (!len || *n == r->cap_in || base + len < base)
		return;
	r->in[*n].base = base;
	r->in[*n].length = len;
	r->in[*n].type = type;
	r->in[*n].reserved = 0;
	(*n)++;
}

/* The winning type of the elementary interval starting at lo, 0 if none. */
static UINT32 type_at(const struct region_list *r, UINTN n, UINT64 lo)
{
	UINT32 best = 0;
	UINTN i;

	for (i = 0; i < n; i++) {
		const struct boot_mem_region *e = &r->in[i];

		if (lo >= e->base && lo - e->base < e->length &&
		    type_rank[e->type] > type_rank[best])
			best = e->type;
	}
	return best;
}

void map_convert(const struct efi_map *m, const struct boot_framebuffer *fb, struct region_list *r)
{
	UINTN n = 0, nb = 0, i, j;

	for (i = 0; i + m->desc_size <= m->size; i += m->desc_size) {
		EFI_MEMORY_DESCRIPTOR *d = (void *)(m->buf + i);

		add_range(r, &n, d->PhysicalStart, d->NumberOfPages * PAGE_SIZE,
			  boot_type(d->Type));
	}
	if (fb->format != BOOT_FB_NONE)
		add_range(r, &n, fb->base & PAGE_MASK,
			  ((fb->base + fb->size + PAGE_SIZE - 1) & PAGE_MASK) -
				  (fb->base & PAGE_MASK),
			  BOOT_MEM_FRAMEBUFFER);

	for (i = 0; i < n; i++) {
		r->bounds[nb++] = r->in[i].base;
		r->bounds[nb++] = r->in[i].base + r->in[i].length;
	}
	sort_u64(r->bounds, nb);

	r->count = 0;
	for (i = 0; i + 1 < nb; i++) {
		UINT64 lo = r->bounds[i], hi = r->bounds[i + 1];
		struct boot_mem_region *last;
		UINT32 type;

		if (lo == hi)
			continue;
		type = type_at(r, n, lo);
		if (!type)
			continue; /* a hole in the map */
		last = r->count ? &r->out[r->count - 1] : NULL;
		if (last && last->type == type && last->base + last->length == lo) {
			last->length += hi - lo;
			continue;
		}
		j = r->count++;
		r->out[j].base = lo;
		r->out[j].length = hi - lo;
		r->out[j].type = type;
		r->out[j].reserved = 0;
	}
}
