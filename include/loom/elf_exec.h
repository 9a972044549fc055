/*
 * Checking a program's ELF headers (kernel/proc/elf_check.c): pure code,
 * host-tested. elf_check() reads the file header and program headers from
 * the first bytes of a file and either refuses it (-ENOEXEC and a reason)
 * or describes what to map. Rules: a static x86_64 little-endian ELF64
 * executable (ET_EXEC) or position-independent one (ET_DYN, loaded at
 * ELF_DYN_BASE, no interpreter); program headers within the first
 * ELF_HEAD_MAX bytes, at most ELF_PHNUM_MAX of them; every loadable
 * segment inside the file (file size) and inside [USER_START, ELF_TOP),
 * file size <= memory size, offset and address congruent modulo the page
 * size, not both writable and executable, in ascending order without
 * sharing a page; the entry point inside an executable segment.
 */
#ifndef LOOM_ELF_EXEC_H
#define LOOM_ELF_EXEC_H

#include <loom/types.h>

#define ELF_HEAD_MAX  4096
#define ELF_PHNUM_MAX 32
#define ELF_SEG_MAX   16
#define ELF_TOP	      0x0000700000000000ULL /* images end below here    */
#define ELF_DYN_BASE  0x0000000000400000ULL /* where ET_DYN images start */

/* Protections of a segment (the same bits as VM_READ, VM_WRITE, VM_EXEC). */
#define ELF_PROT_R 0x1
#define ELF_PROT_W 0x2
#define ELF_PROT_X 0x4

struct elf_segment {
	u64 vaddr;  /* where it starts in memory (load bias applied) */
	u64 memsz;  /* bytes in memory (the rest after filesz: zero) */
	u64 offset; /* in the file */
	u64 filesz;
	u32 prot; /* ELF_PROT_* */
};

struct elf_image {
	u64 entry; /* bias applied */
	u64 bias;  /* 0 for ET_EXEC */
	u32 nseg;
	struct elf_segment seg[ELF_SEG_MAX];
};

/* head: the first head_len bytes of a file of file_size bytes. 0 with
 * *img filled, or -ENOEXEC with *why saying what is wrong. */
int elf_check(const void *head, size_t head_len, u64 file_size, struct elf_image *img,
	      const char **why);

#endif
