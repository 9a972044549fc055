/*
 * Loader core for loadable modules (kernel/module/elf.c, elf_reloc.c): pure
 * and host-tested. A .ko is a relocatable x86-64 ELF object (ET_REL, RELA).
 * modelf_load() checks every header, table and relocation against the
 * image's bounds, lays the SHF_ALLOC sections out in memory from the caller's
 * ops, resolves symbols and relocates; a bad image gets a negative errno and
 * a one-line message, never a read outside the image.
 */
#ifndef LOOM_MODELF_H
#define LOOM_MODELF_H

#include <loom/types.h>

/* Classes of module memory, in the order modelf_load() allocates them. */
#define MODELF_DATA   0 /* RW: .data, .bss (zero-filled), loader tables */
#define MODELF_RODATA 1 /* R after loading: .rodata, symbol names, GOT */
#define MODELF_TEXT   2 /* RX after loading: executable sections */

/* Largest section alignment and class size a module may ask for. */
#define MODELF_MAX_ALIGN 4096
#define MODELF_MAX_CLASS (1ULL << 30)

struct modelf_ops {
	/*
	 * Memory for one class (MODELF_*): size bytes aligned to align (a
	 * power of two). The address is where the module will run, and must
	 * be writable by the loader until modelf_load() returns; it must lie
	 * within 2 GiB of the kernel and of every other module for 32-bit
	 * relocations to fit. NULL when out of memory. Called at most once
	 * per class, never with size 0. The caller frees what it handed out.
	 */
	void *(*alloc)(void *ctx, int kind, u64 size, u64 align);
	/* Address of an undefined symbol (the kernel's and other modules'
	 * exports): 0 and *addr set, -ENOENT when unknown, or another
	 * negative errno to refuse the module. */
	int (*resolve)(void *ctx, const char *name, u64 *addr);
};

struct modelf_sym; /* private to kernel/module/elf_priv.h */

/*
 * A loaded module. text/rodata/data and their sizes are the three
 * allocations (NULL and 0 when a class is empty). They are set as soon as
 * they are obtained, so after a failed modelf_load() the caller frees the
 * non-NULL ones. The symbol table (in data) and its names (in rodata) stay
 * for modelf_symbol() and modelf_symbolize().
 */
struct modelf {
	void *text, *rodata, *data;
	u64 text_size, rodata_size, data_size;
	u32 nr_got; /* GOT slots (distinct symbols behind GOTPCREL relocations) */
	/* private */
	const struct modelf_sym *syms;
	u32 nsyms;
	const char *strtab;
};

/*
 * Load the image: validate, allocate, copy, resolve, relocate. 0 on success;
 * else -ENOEXEC (malformed), -ENOENT (undefined symbol), -ERANGE (relocation
 * overflow), -ENOTSUP (unknown relocation type), -ENOMEM (alloc failed),
 * -EINVAL (alloc misaligned) or the resolver's error, with a one-line message
 * in err (when err and errlen are non-zero) naming the section, symbol or
 * relocation. The image is not referenced after return.
 *
 * Relocations: R_X86_64_64, PC64, PC32, PLT32 (a direct call), 32, 32S and
 * GOTPCREL/GOTPCRELX/REX_GOTPCRELX (through a GOT in rodata, one slot per
 * distinct symbol, never relaxed); every 32-bit result is range-checked.
 * Undefined weak symbols the resolver does not know are 0, and
 * _GLOBAL_OFFSET_TABLE_ is the GOT. Refused: SHT_REL, common symbols, TLS,
 * IFUNC and extended section numbering.
 */
int modelf_load(const void *image, u64 size, const struct modelf_ops *ops, void *ctx,
		struct modelf *m, char *err, size_t errlen);

/* Contents of the section called name (e.g. ".modinfo") in a raw image, and
 * its size in *len; NULL if absent, NOBITS or the image is malformed. */
const void *modelf_section(const void *image, u64 size, const char *name, u64 *len);

/* Function of the loaded module containing addr: its name, addr's offset in
 * it and its size (either pointer may be NULL). NULL if addr is outside the
 * module's text or in no function. */
const char *modelf_symbolize(const struct modelf *m, u64 addr, u64 *offset, u64 *symsize);

/* Address of a symbol defined by the module (global preferred over local),
 * or 0 if there is none. */
u64 modelf_symbol(const struct modelf *m, const char *name);

#endif
