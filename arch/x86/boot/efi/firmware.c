/*
 * What the loader asks the firmware and the CPU: the GOP framebuffer (current
 * mode, never changed), the ACPI RSDP (2.0 table preferred over 1.0), and the
 * CPU features the page tables depend on (NX, 1 GiB pages, 4-level paging).
 */
#include "loader.h"

#define CR4_LA57 (1ULL << 12)

static const EFI_GUID acpi20_guid = ACPI_20_TABLE_GUID;
static const EFI_GUID acpi10_guid = ACPI_TABLE_GUID;

static void cpuid(UINT32 leaf, UINT32 *a, UINT32 *b, UINT32 *c, UINT32 *d)
{
	asm volatile("cpuid" : "=a"(*a), "=b"(*b), "=c"(*c), "=d"(*d) : "a"(leaf), "c"(0));
}

static UINT32 ext_edx(void)
{
	UINT32 a, b, c, d;

	cpuid(0x80000000, &a, &b, &c, &d);
	if (a < 0x80000001)
		return 0;
	cpuid(0x80000001, &a, &b, &c, &d);
	return d;
}

BOOLEAN cpu_has_gb_pages(void)
{
	return (ext_edx() >> 26) & 1;
}

BOOLEAN cpu_has_nx(void)
{
	return (ext_edx() >> 20) & 1;
}

/* The tables we build are 4-level: refuse a firmware running with LA57. */
EFI_STATUS cpu_check_paging(void)
{
	UINT64 cr4;

	asm volatile("mov %%cr4, %0" : "=r"(cr4));
	if (cr4 & CR4_LA57) {
		loader_error(NULL, L"the firmware runs with 5-level paging: not supported");
		return EFI_UNSUPPORTED;
	}
	return EFI_SUCCESS;
}

/* Fill fb from one GOP; FALSE if it has no linear 32-bit framebuffer. */
static BOOLEAN fb_from_gop(EFI_GRAPHICS_OUTPUT_PROTOCOL *gop, struct boot_framebuffer *fb)
{
	EFI_GRAPHICS_OUTPUT_MODE_INFORMATION *mi;
	UINT32 format;

	if (!gop || !gop->Mode || !gop->Mode->Info || !gop->Mode->FrameBufferBase)
		return FALSE;
	mi = gop->Mode->Info;
	switch (mi->PixelFormat) {
	case PixelRedGreenBlueReserved8BitPerColor: format = BOOT_FB_RGBX; break;
	case PixelBlueGreenRedReserved8BitPerColor: format = BOOT_FB_BGRX; break;
	default: /* bitmask or BltOnly */ return FALSE;
	}
	fb->base = gop->Mode->FrameBufferBase;
	fb->size = gop->Mode->FrameBufferSize;
	fb->width = mi->HorizontalResolution;
	fb->height = mi->VerticalResolution;
	fb->pitch = mi->PixelsPerScanLine * 4;
	fb->format = format;
	return TRUE;
}

/*
 * The console's GOP first (it is the one on screen), then any GOP: the
 * console splitter's has no framebuffer when several screens are attached.
 */
void fb_query(struct boot_framebuffer *fb)
{
	EFI_GRAPHICS_OUTPUT_PROTOCOL *gop;

	ZeroMem(fb, sizeof(*fb));
	if (!EFI_ERROR(BS->HandleProtocol(ST->ConsoleOutHandle, &GraphicsOutputProtocol,
					  (void **)&gop)) &&
	    fb_from_gop(gop, fb))
		return;
	if (!EFI_ERROR(BS->LocateProtocol(&GraphicsOutputProtocol, NULL, (void **)&gop)))
		fb_from_gop(gop, fb);
}

UINT64 acpi_rsdp(void)
{
	UINT64 v1 = 0;
	UINTN i;

	for (i = 0; i < ST->NumberOfTableEntries; i++) {
		EFI_CONFIGURATION_TABLE *t = &ST->ConfigurationTable[i];

		if (!CompareGuid(&t->VendorGuid, (EFI_GUID *)&acpi20_guid))
			return (UINT64)t->VendorTable;
		if (!v1 && !CompareGuid(&t->VendorGuid, (EFI_GUID *)&acpi10_guid))
			v1 = (UINT64)t->VendorTable;
	}
	return v1;
}
