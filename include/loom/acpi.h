/* ACPI static tables (acpi/tables.c). */
#ifndef LOOM_ACPI_H
#define LOOM_ACPI_H

#include <loom/types.h>
#include <uapi/loom/errno.h>

struct acpi_header {
	char signature[4];
	u32 length;
	u8 revision;
	u8 checksum;
	char oem_id[6];
	char oem_table_id[8];
	u32 oem_revision;
	u32 creator_id;
	u32 creator_revision;
} __attribute__((packed));

/* Find the tables through the loader's RSDP; logs each one. */
void acpi_tables_init(void);
/* The n-th (from 0) table with this signature whose checksum was good, or NULL. */
const struct acpi_header *acpi_find_table(const char sig[4], int n);
/* Processors the MADT lists as enabled or online-capable (0 if no MADT). */
u32 acpi_cpu_count(void);
/* The local APIC ids of the processors the MADT lists as enabled, in MADT
 * order: up to max written to ids; returns how many there are. */
u32 acpi_cpu_apic_ids(u32 *ids, u32 max);
/* MADT ("APIC") entry types. */
#define ACPI_MADT_LOCAL_APIC	     0
#define ACPI_MADT_IO_APIC	     1
#define ACPI_MADT_SOURCE_OVERRIDE    2
#define ACPI_MADT_LOCAL_APIC_ADDRESS 5
#define ACPI_MADT_LOCAL_X2APIC	     9
/* Called for each entry (type, the entry's bytes, its length >= 2, which
 * lies inside the table); a non-zero return stops the walk. */
typedef int (*acpi_madt_fn)(u8 type, const u8 *entry, u8 len, void *arg);
/* Walk the entries of madt (NULL or too short: none); an entry whose length
 * is below 2 or runs past the table ends the walk. Returns what fn
 * returned last (0 when it went through). */
int acpi_madt_walk(const struct acpi_header *madt, acpi_madt_fn fn, void *arg);
/* Pure: 8-bit sum of len bytes (0 for a valid table). */
u8 acpi_checksum(const void *p, u64 len);

/* Resources of a device (its _CRS), decoded by acpi/resource.c. */
#define ACPI_RES_MAX 8
/* IRQ flags: the first two are irq_request_gsi()'s (asm/ioapic.h). */
#define ACPI_IRQ_LEVEL	    0x01 /* else edge */
#define ACPI_IRQ_ACTIVE_LOW 0x02 /* else active high */
#define ACPI_IRQ_SHARED	    0x04
#define ACPI_IRQ_ISA	    0x08 /* an ISA IRQ (small descriptor), else a GSI */
struct acpi_resources {
	u32 nr_irqs, nr_io, nr_mem;
	u32 dropped; /* past ACPI_RES_MAX of a kind */
	struct {
		u32 irq; /* ISA IRQ (ACPI_IRQ_ISA) or global system interrupt */
		u8 flags;
	} irq[ACPI_RES_MAX];
	struct {
		u16 base, len;
	} io[ACPI_RES_MAX];
	struct {
		u64 base, len;
	} mem[ACPI_RES_MAX];
};
/* Pure: decode a resource template. 0, or -EINVAL for a truncated buffer,
 * a descriptor of the wrong length or a missing end tag (r then holds
 * what came before). Zero-length ranges are left out. */
int acpi_resources_parse(const void *buf, u32 size, struct acpi_resources *r);

/* The namespace (acpi/namespace.c, CONFIG_ACPI_AML). */
struct acpi_namespace_stats {
	u32 tables, objects, devices, present, announced, ini;
	u64 load_ns; /* loading the tables */
	u64 init_ns; /* _STA and _INI */
};
struct aml;
struct device;
#ifdef CONFIG_ACPI_AML
/* Boot, after the module index is read: load DSDT and SSDTs, run _STA and
 * _INI, announce the present devices by _HID/_CID. */
void acpi_namespace_init(void);
/* Was a present device with this id announced from the namespace? */
bool acpi_namespace_announced(const char *type);
/* NULL before acpi_namespace_init or when it failed. */
const struct acpi_namespace_stats *acpi_namespace_stats(void);
struct aml *acpi_namespace(void);
/* The i-th device-like object whose parents are present (parents first):
 * its struct device (types: its ids) and _STA; 1 if it was announced, 0 if
 * not, -ENOENT past the end. */
int acpi_namespace_device(u32 i, const struct device **dev, u64 *sta);
/* The resources of an announced ACPI device (from its _CRS at boot), for
 * drivers at ATTACH: 0, -ENODEV (not an ACPI device) or -ENOENT (no _CRS,
 * or one that could not be decoded: logged at boot). */
int acpi_device_resources(const struct device *dev, struct acpi_resources *r);
#else
static inline void acpi_namespace_init(void)
{
}
static inline bool acpi_namespace_announced(const char *type)
{
	return false;
}
static inline int acpi_device_resources(const struct device *dev, struct acpi_resources *r)
{
	return -ENODEV;
}
static inline int acpi_namespace_device(u32 i, const struct device **dev, u64 *sta)
{
	return -ENOENT;
}
#endif
#ifdef CONFIG_ACPI_AML_DEVFS
void acpi_namespace_devfs_init(void);
#else
static inline void acpi_namespace_devfs_init(void)
{
}
#endif

#endif
