/* ACPI static tables (acpi/tables.c). */
#ifndef LOOM_ACPI_H
#define LOOM_ACPI_H

#include <loom/types.h>

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
#else
static inline void acpi_namespace_init(void)
{
}
static inline bool acpi_namespace_announced(const char *type)
{
	return false;
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
