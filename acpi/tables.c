/*
 * ACPI static tables: validate the RSDP (both checksums), walk the XSDT (or
 * the RSDT on ACPI 1.0), verify every table's checksum and keep the good
 * ones; a bad one is refused with a log line. Read-only after boot.
 */
#include <loom/acpi.h>
#include <loom/boot.h>
#include <loom/mm.h>
#include <loom/module.h>
#include <loom/printk.h>
#include <loom/string.h>
#include "internal.h"

struct rsdp {
	char signature[8];
	u8 checksum;
	char oem_id[6];
	u8 revision;
	u32 rsdt;
	u32 length;
	u64 xsdt;
	u8 ext_checksum;
	u8 reserved[3];
} __packed;

#define MAX_TABLES 64
static const struct acpi_header *tables[MAX_TABLES];
static u32 nr_tables;
static u32 cpu_count;
#define MAX_APIC_IDS 256
static u32 apic_ids[MAX_APIC_IDS]; /* enabled processors, MADT order */
static u32 nr_apic_ids;

u8 acpi_checksum(const void *p, u64 len)
{
	const u8 *b = p;
	u8 sum = 0;

	while (len--)
		sum += *b++;
	return sum;
}

const struct acpi_header *acpi_map_table(u64 phys)
{
	const struct acpi_header *h = phys_to_virt(phys);

	if (h->length < sizeof(*h) || h->length > (16u << 20)) {
		pr_warn("acpi: table at 0x%llx has a bad length %u: refused",
			(unsigned long long)phys, h->length);
		return NULL;
	}
	if (acpi_checksum(h, h->length)) {
		pr_warn("acpi: %.4s at 0x%llx has a bad checksum: refused", h->signature,
			(unsigned long long)phys);
		return NULL;
	}
	return h;
}

static void add_table(u64 phys)
{
	const struct acpi_header *h = acpi_map_table(phys);

	if (!h)
		return;
	if (nr_tables == MAX_TABLES) {
		pr_warn("acpi: more than %d tables; %.4s ignored", MAX_TABLES, h->signature);
		return;
	}
	tables[nr_tables++] = h;
	pr_info("acpi: %.4s 0x%016llx %06x (v%02u %.6s %.8s)", h->signature,
		(unsigned long long)phys, h->length, h->revision, h->oem_id, h->oem_table_id);
}

static void note_cpu(u32 flags, u32 id)
{
	cpu_count += (flags & 3) != 0;
	if (!(flags & 1))
		return;
	if (nr_apic_ids == MAX_APIC_IDS) {
		pr_warn("acpi: more than %d enabled processors; APIC id %u ignored", MAX_APIC_IDS,
			id);
		return;
	}
	apic_ids[nr_apic_ids++] = id;
}

int acpi_madt_walk(const struct acpi_header *madt, acpi_madt_fn fn, void *arg)
{
	const u8 *p, *end;
	int ret = 0;

	if (!madt || madt->length < sizeof(*madt) + 8)
		return 0;
	p = (const u8 *)madt + sizeof(*madt) + 8; /* LAPIC address, flags */
	end = (const u8 *)madt + madt->length;
	while (!ret && p + 2 <= end && p[1] >= 2 && p + p[1] <= end) {
		ret = fn(p[0], p, p[1], arg);
		p += p[1];
	}
	return ret;
}
EXPORT_SYMBOL(acpi_madt_walk);

static int madt_cpu(u8 type, const u8 *e, u8 len, void *arg)
{
	u32 flags, id;

	if (type == ACPI_MADT_LOCAL_APIC && len >= 8) {
		memcpy(&flags, e + 4, 4);
		note_cpu(flags, e[3]);
	} else if (type == ACPI_MADT_LOCAL_X2APIC && len >= 16) {
		memcpy(&id, e + 4, 4);
		memcpy(&flags, e + 8, 4);
		note_cpu(flags, id);
	}
	return 0;
}

void acpi_tables_init(void)
{
	const struct rsdp *r;
	const struct acpi_header *root;
	u32 entry_size;

	if (!boot_info->rsdp) {
		pr_warn("acpi: the loader found no RSDP");
		return;
	}
	r = phys_to_virt(boot_info->rsdp);
	if (memcmp(r->signature, "RSD PTR ", 8) || acpi_checksum(r, 20)) {
		pr_err("acpi: RSDP at 0x%llx is invalid: ACPI tables ignored",
		       (unsigned long long)boot_info->rsdp);
		return;
	}
	if (r->revision >= 2 && r->xsdt && r->length >= sizeof(*r) &&
	    !acpi_checksum(r, sizeof(*r))) {
		root = acpi_map_table(r->xsdt);
		entry_size = 8;
	} else {
		root = acpi_map_table(r->rsdt);
		entry_size = 4;
	}
	pr_info("acpi: RSDP 0x%llx (v%u %.6s), %s", (unsigned long long)boot_info->rsdp,
		r->revision, r->oem_id, entry_size == 8 ? "XSDT" : "RSDT");
	if (!root)
		return;
	for (u32 off = sizeof(*root); off + entry_size <= root->length; off += entry_size) {
		u64 phys = 0;

		memcpy(&phys, (const u8 *)root + off, entry_size);
		if (phys)
			add_table(phys);
	}
	acpi_madt_walk(acpi_find_table("APIC", 0), madt_cpu, NULL);
}

const struct acpi_header *acpi_find_table(const char sig[4], int n)
{
	for (u32 i = 0; i < nr_tables; i++)
		if (!memcmp(tables[i]->signature, sig, 4) && n-- == 0)
			return tables[i];
	return NULL;
}

u32 acpi_cpu_count(void)
{
	return cpu_count;
}

u32 acpi_cpu_apic_ids(u32 *ids, u32 max)
{
	for (u32 i = 0; i < nr_apic_ids && i < max; i++)
		ids[i] = apic_ids[i];
	return nr_apic_ids;
}
EXPORT_SYMBOL(acpi_cpu_apic_ids);
