/*
 * Module loader core: see include/loom/modelf.h. Pure code. This half checks
 * the ELF header, section table and symbol table against the image's bounds,
 * lays out and copies the loaded sections, and answers symbol lookups; the
 * image is read with memcpy() so it may have any alignment.
 */
#include "elf_priv.h"
#include <uapi/loom/errno.h>

#define MAX_SYMS (1U << 20)

static int sec_class(const struct elf_shdr *sh)
{
	if (sh->flags & SHF_EXECINSTR)
		return MODELF_TEXT;
	return sh->flags & SHF_WRITE ? MODELF_DATA : MODELF_RODATA;
}

/* Reserve room for a section at the end of its class; returns its offset. */
static u64 place(u64 *size, u64 *align, const struct elf_shdr *sh)
{
	u64 a = sh->addralign ? sh->addralign : 1, off = ALIGN_UP(*size, a);

	*size = off + sh->size;
	*align = MAX(*align, a);
	return off;
}

/* ELF header, section table and section name table. */
static int check_header(struct ldr *l)
{
	struct elf_ehdr eh;
	struct elf_shdr sh;

	if (l->size < sizeof(eh))
		return modelf_fail(l, -ENOEXEC, "image too small (%llu bytes)", l->size);
	memcpy(&eh, l->img, sizeof(eh));
	if (memcmp(eh.ident, "\177ELF", 4) || eh.ident[4] != 2 || eh.ident[5] != 1)
		return modelf_fail(l, -ENOEXEC, "not a little-endian ELF64 image");
	if (eh.type != 1 || eh.machine != 62)
		return modelf_fail(l, -ENOEXEC,
				   "not an x86-64 relocatable object (type %u, machine %u)",
				   eh.type, eh.machine);
	if (eh.shentsize != sizeof(sh) || !eh.shnum || eh.shnum >= SHN_LORESERVE ||
	    eh.shstrndx >= eh.shnum)
		return modelf_fail(l, -ENOEXEC,
				   "bad section table (%u entries of %u bytes, names in %u)",
				   eh.shnum, eh.shentsize, eh.shstrndx);
	if (!in_image(l, eh.shoff, (u64)eh.shnum * sizeof(sh)))
		return modelf_fail(l, -ENOEXEC, "section table past end of image");
	l->shoff = eh.shoff;
	l->shnum = eh.shnum;
	get_shdr(l, eh.shstrndx, &sh);
	if (sh.type != SHT_STRTAB || !sh.size || !in_image(l, sh.offset, sh.size) ||
	    l->img[sh.offset + sh.size - 1])
		return modelf_fail(l, -ENOEXEC, "bad section name table");
	l->shstr = (const char *)l->img + sh.offset;
	l->shstr_size = sh.size;
	return 0;
}

static bool alloc_type_ok(u32 type)
{
	return type == SHT_PROGBITS || type == SHT_NOBITS || type == SHT_NOTE ||
	       type == SHT_INIT_ARRAY || type == SHT_FINI_ARRAY || type == SHT_PREINIT_ARRAY;
}

/* Every section: names, types, and the layout sizes of the loaded ones. */
static int check_sections(struct ldr *l)
{
	struct elf_shdr sh;
	const char *name;
	int c;

	for (u32 i = 1; i < l->shnum; i++) {
		get_shdr(l, i, &sh);
		if (sh.name >= l->shstr_size)
			return modelf_fail(l, -ENOEXEC, "section %u: name out of range", i);
		name = l->shstr + sh.name;
		if (sh.type == SHT_SYMTAB && l->symidx)
			return modelf_fail(l, -ENOEXEC, "%s: second symbol table", name);
		if (sh.type == SHT_SYMTAB)
			l->symidx = i;
		if (sh.type == SHT_REL)
			return modelf_fail(l, -ENOEXEC, "%s: SHT_REL relocations are not supported",
					   name);
		if (sh.type == SHT_SYMTAB_SHNDX)
			return modelf_fail(l, -ENOEXEC,
					   "%s: extended section indexes are not supported", name);
		if (!(sh.flags & SHF_ALLOC))
			continue;
		if (!alloc_type_ok(sh.type))
			return modelf_fail(l, -ENOEXEC, "%s: unexpected loaded section type %u",
					   name, sh.type);
		if (sh.flags & SHF_TLS)
			return modelf_fail(l, -ENOEXEC,
					   "%s: thread-local sections are not supported", name);
		if ((sh.flags & SHF_WRITE) && (sh.flags & SHF_EXECINSTR))
			return modelf_fail(l, -ENOEXEC, "%s: writable and executable", name);
		if ((sh.addralign & (sh.addralign - 1)) || sh.addralign > MODELF_MAX_ALIGN)
			return modelf_fail(l, -ENOEXEC, "%s: bad alignment %llu", name,
					   sh.addralign);
		if (sh.type != SHT_NOBITS && !in_image(l, sh.offset, sh.size))
			return modelf_fail(l, -ENOEXEC, "%s: file range past end of image", name);
		c = sec_class(&sh);
		if (sh.size > MODELF_MAX_CLASS)
			return modelf_fail(l, -ENOEXEC, "%s: too large (%llu bytes)", name,
					   sh.size);
		place(&l->class_size[c], &l->class_align[c], &sh);
		if (l->class_size[c] > MODELF_MAX_CLASS)
			return modelf_fail(l, -ENOEXEC, "%s: too large (%llu bytes)", name,
					   sh.size);
	}
	return 0;
}

/* The symbol table, its string table and every symbol. */
static int check_symtab(struct ldr *l)
{
	struct elf_shdr sh, st;
	struct elf_sym s;
	const char *name;

	if (!l->symidx)
		return 0;
	get_shdr(l, l->symidx, &sh);
	name = sec_name(l, &sh);
	if (sh.entsize != sizeof(s) || sh.size % sizeof(s) || !in_image(l, sh.offset, sh.size) ||
	    sh.size / sizeof(s) > MAX_SYMS)
		return modelf_fail(l, -ENOEXEC, "%s: bad symbol table", name);
	if (!sh.link || sh.link >= l->shnum)
		return modelf_fail(l, -ENOEXEC, "%s: bad string table index %u", name, sh.link);
	get_shdr(l, sh.link, &st);
	if (st.type != SHT_STRTAB || !st.size || !in_image(l, st.offset, st.size) ||
	    l->img[st.offset + st.size - 1])
		return modelf_fail(l, -ENOEXEC, "%s: bad string table", sec_name(l, &st));
	l->symoff = sh.offset;
	l->nsyms = sh.size / sizeof(s);
	l->strtab = (const char *)l->img + st.offset;
	l->strtab_size = st.size;
	for (u32 i = 1; i < l->nsyms; i++) {
		get_sym(l, i, &s);
		if (s.name >= l->strtab_size)
			return modelf_fail(l, -ENOEXEC, "symbol %u: name out of range", i);
		name = l->strtab + s.name;
		if ((s.info & 0xf) == STT_TLS || (s.info & 0xf) == STT_GNU_IFUNC)
			return modelf_fail(l, -ENOEXEC, "'%s': unsupported symbol type %u", name,
					   s.info & 0xf);
		if (s.shndx == SHN_COMMON || (s.info & 0xf) == STT_COMMON)
			return modelf_fail(l, -ENOEXEC,
					   "'%s': common symbol (build with -fno-common)", name);
		if (s.shndx == SHN_UNDEF && !*name)
			return modelf_fail(l, -ENOEXEC, "symbol %u: undefined and nameless", i);
		if (s.shndx == SHN_UNDEF || s.shndx == SHN_ABS)
			continue;
		if (s.shndx >= l->shnum)
			return modelf_fail(l, -ENOEXEC, "'%s': bad section index %#x", name,
					   s.shndx);
		get_shdr(l, s.shndx, &st);
		if ((st.flags & SHF_ALLOC) && s.value > st.size)
			return modelf_fail(l, -ENOEXEC, "'%s': value %#llx past end of %s", name,
					   s.value, sec_name(l, &st));
	}
	return 0;
}

/* Copy the loaded sections to their class allocations, recording addresses. */
static void load_sections(struct ldr *l, void *const base[3])
{
	u64 size[3] = { 0 }, align[3] = { 0 };
	struct elf_shdr sh;
	u64 off;
	int c;

	for (u32 i = 1; i < l->shnum; i++) {
		get_shdr(l, i, &sh);
		if (!(sh.flags & SHF_ALLOC))
			continue;
		c = sec_class(&sh);
		off = place(&size[c], &align[c], &sh);
		l->secaddr[i] = (u64)(uintptr_t)base[c] + off;
		if (sh.type != SHT_NOBITS && sh.size)
			memcpy((u8 *)base[c] + off, l->img + sh.offset, sh.size);
	}
}

static int get_mem(struct ldr *l, const struct modelf_ops *ops, void *ctx, int kind, u64 size,
		   u64 align, void **base, u64 *base_size)
{
	static const char *const names[3] = { "data", "rodata", "text" };

	if (!size)
		return 0;
	*base = ops->alloc(ctx, kind, size, align);
	if (!*base)
		return modelf_fail(l, -ENOMEM, "no memory for %s (%llu bytes)", names[kind], size);
	*base_size = size;
	if ((uintptr_t)*base & (align - 1))
		return modelf_fail(l, -EINVAL, "%s memory misaligned", names[kind]);
	memset(*base, 0, size);
	return 0;
}

int modelf_load(const void *image, u64 size, const struct modelf_ops *ops, void *ctx,
		struct modelf *m, char *err, size_t errlen)
{
	struct ldr l = { .img = image, .size = size, .err = err, .errlen = errlen };
	u64 tables, dsize, names, got, rsize;
	int ret;

	memset(m, 0, sizeof(*m));
	if (err && errlen)
		err[0] = '\0';
	for (int c = 0; c < 3; c++)
		l.class_align[c] = 1;
	ret = check_header(&l);
	if (!ret)
		ret = check_sections(&l);
	if (!ret)
		ret = check_symtab(&l);
	if (ret)
		return ret;

	/* Data first: its tail holds the section addresses and kept symbols,
	 * which count the GOT slots that size the read-only allocation. */
	tables = ALIGN_UP(l.class_size[MODELF_DATA], 8);
	dsize = tables + (u64)l.shnum * 8 + (u64)l.nsyms * sizeof(struct modelf_sym);
	ret = get_mem(&l, ops, ctx, MODELF_DATA, dsize, MAX(l.class_align[MODELF_DATA], 8),
		      &m->data, &m->data_size);
	if (ret)
		return ret;
	l.secaddr = (u64 *)((u8 *)m->data + tables);
	l.syms = (struct modelf_sym *)(l.secaddr + l.shnum);
	ret = modelf_relocate(&l, false);
	if (ret)
		return ret;

	names = l.class_size[MODELF_RODATA];
	got = ALIGN_UP(names + l.strtab_size, 8);
	rsize = got + (u64)l.ngot * 8;
	ret = get_mem(&l, ops, ctx, MODELF_RODATA, rsize, MAX(l.class_align[MODELF_RODATA], 8),
		      &m->rodata, &m->rodata_size);
	if (!ret)
		ret = get_mem(&l, ops, ctx, MODELF_TEXT, l.class_size[MODELF_TEXT],
			      l.class_align[MODELF_TEXT], &m->text, &m->text_size);
	if (ret)
		return ret;
	if (l.strtab_size)
		memcpy((u8 *)m->rodata + names, l.strtab, l.strtab_size);
	l.got = (u64 *)((u8 *)m->rodata + got);
	load_sections(&l, (void *const[3]){ m->data, m->rodata, m->text });
	ret = modelf_resolve(&l, ops, ctx);
	if (!ret)
		ret = modelf_relocate(&l, true);
	if (ret)
		return ret;
	m->nr_got = l.ngot;
	m->syms = l.syms;
	m->nsyms = l.nsyms;
	m->strtab = (const char *)m->rodata + names;
	return 0;
}

const void *modelf_section(const void *image, u64 size, const char *name, u64 *len)
{
	struct ldr l = { .img = image, .size = size };
	struct elf_shdr sh;

	if (check_header(&l))
		return NULL;
	for (u32 i = 1; i < l.shnum; i++) {
		get_shdr(&l, i, &sh);
		if (sh.name >= l.shstr_size || strcmp(l.shstr + sh.name, name))
			continue;
		if (sh.type == SHT_NOBITS || !in_image(&l, sh.offset, sh.size))
			return NULL;
		*len = sh.size;
		return l.img + sh.offset;
	}
	return NULL;
}

const char *modelf_symbolize(const struct modelf *m, u64 addr, u64 *offset, u64 *symsize)
{
	const struct modelf_sym *s, *best = NULL;
	u64 text = (u64)(uintptr_t)m->text;

	if (!m->syms || addr < text || addr - text >= m->text_size)
		return NULL;
	for (u32 i = 1; i < m->nsyms; i++) {
		s = &m->syms[i];
		if (s->type != STT_FUNC || !(s->flags & SYM_LOADED) || s->addr > addr ||
		    (s->size && addr - s->addr >= s->size))
			continue;
		if (!best || s->addr > best->addr ||
		    (s->addr == best->addr && s->size > best->size))
			best = s;
	}
	if (!best)
		return NULL;
	if (offset)
		*offset = addr - best->addr;
	if (symsize)
		*symsize = best->size;
	return m->strtab + best->name;
}

u64 modelf_symbol(const struct modelf *m, const char *name)
{
	const struct modelf_sym *s, *local = NULL;

	for (u32 i = 1; m->syms && i < m->nsyms; i++) {
		s = &m->syms[i];
		if (!(s->flags & SYM_DEFINED) || s->type == STT_SECTION || s->type == STT_FILE ||
		    strcmp(m->strtab + s->name, name))
			continue;
		if (s->flags & SYM_GLOBAL)
			return s->addr;
		if (!local)
			local = s;
	}
	return local ? local->addr : 0;
}
