/*
 * A host environment for the AML interpreter tests: heap from the C
 * library, log and Debug output collected in memory, and operation regions
 * simulated as zero-filled memory that keeps what is written (the way
 * acpiexec backs them), keyed by address space, PCI device and address.
 */
#ifndef TESTS_HOST_AML_ENV_H
#define TESTS_HOST_AML_ENV_H

#include <loom/aml.h>

struct aml_env {
	char debug[16384]; /* Debug stores, one a line */
	size_t debug_len;
	char log[16384]; /* log lines */
	size_t log_len;
	struct sim_page *pages;
	int verbose;
};

extern const struct aml_host_ops aml_env_ops;
void aml_env_init(struct aml_env *e);
void aml_env_fini(struct aml_env *e);

#endif
