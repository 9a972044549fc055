/*
 * Benchmarks of the AML interpreter on the firmware's own tables:
 * acpi_aml_load loads the DSDT into a fresh namespace (no _INI: loading
 * touches no hardware) and frees it; acpi_aml_sta evaluates _STA of every
 * device of the boot namespace. Medians of 15 runs, in microseconds.
 */
#include <loom/kbench.h>
#include <loom/aml.h>
#include "internal.h"

#define RUNS 15

static void sta_all(struct aml *ns, struct aml_node *n, u32 *count)
{
	for (struct aml_node *c = aml_node_child(n); c; c = aml_node_next(c)) {
		u64 sta;

		if (aml_node_type(c) == AML_DEVICE && aml_device_status(ns, c, &sta) == 0)
			(*count)++;
		sta_all(ns, c, count);
	}
}

static void bench_aml(void)
{
	const struct acpi_header *dsdt = acpi_dsdt();
	struct aml *boot = acpi_namespace();
	u64 v[RUNS];
	u32 count = 0;

	if (!dsdt || !boot)
		return;
	for (int i = 0; i < RUNS; i++) {
		u64 t0 = kbench_now_ns();
		struct aml *a = aml_create(&acpi_aml_ops, NULL);

		if (!a)
			return;
		aml_load_table(a, dsdt, dsdt->length);
		aml_destroy(a);
		v[i] = kbench_now_ns() - t0;
	}
	kbench_sort(v, RUNS);
	kbench_report("acpi_aml_load", dsdt->length, v[RUNS / 2] / 1000, "us");
	for (int i = 0; i < RUNS; i++) {
		u64 t0 = kbench_now_ns();

		count = 0;
		sta_all(boot, aml_root(boot), &count);
		v[i] = kbench_now_ns() - t0;
	}
	kbench_sort(v, RUNS);
	kbench_report("acpi_aml_sta", count, v[RUNS / 2] / 1000, "us");
}
KBENCH(acpi_aml, bench_aml);
