/*
 * The host tests' stand-in for the kernel around the module loader core
 * (tests/host/modelf_env.c): module memory and "kernel" symbols below 2 GiB,
 * where -mcmodel=kernel code can reach them, and the embedded fixtures.
 */
#ifndef LOOM_HOST_MODELF_ENV_H
#define LOOM_HOST_MODELF_ENV_H

#include <loom/modelf.h>

struct env {
	int fail_kind;	  /* alloc returns NULL for this class (-1: none) */
	int allocs[3];	  /* alloc calls per class */
	const char *hide; /* resolve says -ENOENT for this name */
	const char *over; /* resolve gives over_addr (or over_err) for this name */
	u64 over_addr;
	int over_err;
};

extern const unsigned char modelf_fix_basic[], modelf_fix_got[], modelf_fix_common[];
extern const size_t modelf_fix_basic_len, modelf_fix_got_len, modelf_fix_common_len;
extern const struct modelf_ops env_ops;
extern int ubsan_calls;
extern u8 *env_low;

/* "Kernel" data that modules reach: kern_value, and two addresses that are
 * never dereferenced: kern_high (fits R_X86_64_32S), kern_abs32 (fits 32). */
#define KERN_VALUE ((int *)(env_low + 4096))
#define KERN_HIGH  0xffffffff80001000ULL
#define KERN_ABS32 0xfffff000ULL

/* Fresh configuration; the module arena is emptied and poisoned for ASan. */
void env_init(struct env *e);
/* modelf_load() of a heap copy of the image (freed after, so ASan catches
 * reads past its end or later use); err must hold ENV_ERRLEN bytes. */
#define ENV_ERRLEN 128
int env_load(struct env *e, const void *img, size_t len, struct modelf *m, char *err);
/* Text read-execute, rodata read-only, as the kernel maps them. */
void env_protect(const struct modelf *m);
bool in_alloc(const struct modelf *m, int kind, u64 addr);
/* A module symbol as a pointer; a missing one fails the test. */
void *env_fn(const struct modelf *m, const char *name, int *failed);
#define FN(m, name) env_fn(m, name, failed)

#endif
