/*
 * Private to the module loader core (kernel/module/elf.c, elf_reloc.c): the
 * ELF64 structures it reads and the loading state. Helpers here trust only
 * what the checks in elf.c have already validated.
 */
#ifndef LOOM_MODULE_ELF_PRIV_H
#define LOOM_MODULE_ELF_PRIV_H

#include <loom/modelf.h>
#include <loom/string.h>

struct elf_ehdr {
	u8 ident[16];
	u16 type, machine;
	u32 version;
	u64 entry, phoff, shoff;
	u32 flags;
	u16 ehsize, phentsize, phnum, shentsize, shnum, shstrndx;
};

struct elf_shdr {
	u32 name, type;
	u64 flags, addr, offset, size;
	u32 link, info;
	u64 addralign, entsize;
};

struct elf_sym {
	u32 name;
	u8 info, other;
	u16 shndx;
	u64 value, size;
};

struct elf_rela {
	u64 offset, info;
	s64 addend;
};

#define SHT_PROGBITS	  1
#define SHT_SYMTAB	  2
#define SHT_STRTAB	  3
#define SHT_RELA	  4
#define SHT_NOTE	  7
#define SHT_NOBITS	  8
#define SHT_REL		  9
#define SHT_INIT_ARRAY	  14
#define SHT_FINI_ARRAY	  15
#define SHT_PREINIT_ARRAY 16
#define SHT_SYMTAB_SHNDX  18
#define SHF_WRITE	  0x1
#define SHF_ALLOC	  0x2
#define SHF_EXECINSTR	  0x4
#define SHF_TLS		  0x400
#define SHN_UNDEF	  0
#define SHN_LORESERVE	  0xff00
#define SHN_ABS		  0xfff1
#define SHN_COMMON	  0xfff2
#define STB_LOCAL	  0
#define STB_WEAK	  2
#define STT_FUNC	  2
#define STT_SECTION	  3
#define STT_FILE	  4
#define STT_COMMON	  5
#define STT_TLS		  6
#define STT_GNU_IFUNC	  10

/* What a loaded module keeps of each ELF symbol, indexed like the ELF table. */
struct modelf_sym {
	u64 addr;
	u64 size;
	u32 name; /* offset in the name table */
	u32 got;  /* GOT slot + 1, or 0 */
	u8 type;  /* STT_* */
	u8 flags; /* SYM_* */
};

#define SYM_DEFINED 0x1 /* in a loaded section or absolute */
#define SYM_LOADED  0x2 /* in a loaded section */
#define SYM_GLOBAL  0x4 /* global or weak binding */
#define SYM_NOREL   0x8 /* in a section that is not loaded */

struct ldr {
	const u8 *img;
	u64 size, shoff;
	u32 shnum, symidx, nsyms;
	const char *shstr, *strtab; /* inside img, validated, NUL-terminated */
	u64 shstr_size, strtab_size, symoff;
	u64 class_size[3], class_align[3]; /* loaded sections only */
	u64 *secaddr;			   /* run address of each loaded section */
	struct modelf_sym *syms;	   /* nsyms entries */
	u64 *got;
	u32 ngot;
	char *err;
	size_t errlen;
};

static inline bool in_image(const struct ldr *l, u64 off, u64 len)
{
	return off <= l->size && len <= l->size - off;
}

static inline void get_shdr(const struct ldr *l, u32 i, struct elf_shdr *sh)
{
	memcpy(sh, l->img + l->shoff + (u64)i * sizeof(*sh), sizeof(*sh));
}

static inline void get_sym(const struct ldr *l, u32 i, struct elf_sym *s)
{
	memcpy(s, l->img + l->symoff + (u64)i * sizeof(*s), sizeof(*s));
}

static inline const char *sec_name(const struct ldr *l, const struct elf_shdr *sh)
{
	return sh->name < l->shstr_size ? l->shstr + sh->name : "?";
}

/* Write the message into l->err (if any) and return ret. */
__printf(3, 4) int modelf_fail(struct ldr *l, int ret, const char *fmt, ...);
/* Fill l->syms (resolving undefined symbols) and the GOT slots. */
int modelf_resolve(struct ldr *l, const struct modelf_ops *ops, void *ctx);
/* Every relocation of a loaded section: checked and GOT slots counted, or
 * with apply, written. */
int modelf_relocate(struct ldr *l, bool apply);

#endif
