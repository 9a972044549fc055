/* Shared inside acpi/: the static tables and the namespace glue. */
#ifndef ACPI_INTERNAL_H
#define ACPI_INTERNAL_H

#include <loom/acpi.h>
#include <loom/aml.h>

/* The interpreter's kernel environment (acpi/regions.c). */
extern const struct aml_host_ops acpi_aml_ops;
/* A table by physical address, length and checksum checked (tables.c). */
const struct acpi_header *acpi_map_table(u64 phys);
/* The DSDT the FADT names (logged when there is none), or NULL. */
const struct acpi_header *acpi_dsdt(void);

#endif
