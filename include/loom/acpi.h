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
/* Pure: 8-bit sum of len bytes (0 for a valid table). */
u8 acpi_checksum(const void *p, u64 len);

#endif
