/*
 * Module loader core, second half: symbol resolution and RELA relocations
 * (see include/loom/modelf.h). Relocation indexes, targets and widths are
 * checked against their sections, and every 32-bit result against its range,
 * before anything is written.
 */
#include "elf_priv.h"
#include <loom/printk.h>
#include <uapi/loom/errno.h>

enum { CHK_NONE, CHK_U32, CHK_S32 };

static const struct reloc_kind {
	const char *name;
	u8 width, check, pc, got;
} reloc_kinds[] = {
	[0] = { "R_X86_64_NONE", 0, CHK_NONE, 0, 0 },
	[1] = { "R_X86_64_64", 8, CHK_NONE, 0, 0 },
	[2] = { "R_X86_64_PC32", 4, CHK_S32, 1, 0 },
	[4] = { "R_X86_64_PLT32", 4, CHK_S32, 1, 0 },
	[9] = { "R_X86_64_GOTPCREL", 4, CHK_S32, 1, 1 },
	[10] = { "R_X86_64_32", 4, CHK_U32, 0, 0 },
	[11] = { "R_X86_64_32S", 4, CHK_S32, 0, 0 },
	[24] = { "R_X86_64_PC64", 8, CHK_NONE, 1, 0 },
	[41] = { "R_X86_64_GOTPCRELX", 4, CHK_S32, 1, 1 },
	[42] = { "R_X86_64_REX_GOTPCRELX", 4, CHK_S32, 1, 1 },
};

int modelf_fail(struct ldr *l, int ret, const char *fmt, ...)
{
	va_list ap;

	if (l->err && l->errlen) {
		va_start(ap, fmt);
		vsnprintf(l->err, l->errlen, fmt, ap);
		va_end(ap);
	}
	return ret;
}

static const char *sym_name(const struct ldr *l, u64 i)
{
	struct elf_sym s;
	struct elf_shdr sh;

	if (!i)
		return "(none)";
	get_sym(l, i, &s);
	if ((s.info & 0xf) == STT_SECTION && s.shndx && s.shndx < l->shnum) {
		get_shdr(l, s.shndx, &sh);
		return sec_name(l, &sh);
	}
	return l->strtab + s.name;
}

/* Fill the kept symbol table: addresses, undefined ones from ops->resolve. */
int modelf_resolve(struct ldr *l, const struct modelf_ops *ops, void *ctx)
{
	struct modelf_sym *k;
	struct elf_shdr sh;
	struct elf_sym s;
	int ret;

	for (u32 i = 1; i < l->nsyms; i++) {
		get_sym(l, i, &s);
		k = &l->syms[i];
		k->size = s.size;
		k->name = s.name;
		k->type = s.info & 0xf;
		k->flags = (s.info >> 4) != STB_LOCAL ? SYM_GLOBAL : 0;
		if (s.shndx == SHN_UNDEF && !strcmp(l->strtab + s.name, "_GLOBAL_OFFSET_TABLE_")) {
			k->addr = (u64)(uintptr_t)l->got; /* named by -fpic objects */
		} else if (s.shndx == SHN_UNDEF) {
			ret = ops->resolve(ctx, l->strtab + s.name, &k->addr);
			if (ret == -ENOENT && (s.info >> 4) == STB_WEAK)
				k->addr = 0;
			else if (ret == -ENOENT)
				return modelf_fail(l, ret, "undefined symbol '%s'",
						   l->strtab + s.name);
			else if (ret)
				return modelf_fail(l, ret, "symbol '%s' refused (error %d)",
						   l->strtab + s.name, ret);
		} else if (s.shndx == SHN_ABS) {
			k->addr = s.value;
			k->flags |= SYM_DEFINED;
		} else {
			get_shdr(l, s.shndx, &sh);
			k->flags |= sh.flags & SHF_ALLOC ? SYM_DEFINED | SYM_LOADED : SYM_NOREL;
			k->addr = sh.flags & SHF_ALLOC ? l->secaddr[s.shndx] + s.value : 0;
		}
		if (k->got)
			l->got[k->got - 1] = k->addr;
	}
	return 0;
}

static bool fits(u64 v, int check)
{
	if (check == CHK_U32)
		return v <= 0xffffffffULL;
	if (check == CHK_S32)
		return v + 0x80000000ULL <= 0xffffffffULL;
	return true;
}

/* One relocation: checked (and GOT slots counted) or, with apply, done. */
static int reloc_one(struct ldr *l, const char *rname, u64 j, const struct elf_rela *r,
		     const struct elf_shdr *tsh, u32 target, bool apply)
{
	u32 type = (u32)r->info, si = r->info >> 32;
	const struct reloc_kind *k = type < ARRAY_SIZE(reloc_kinds) ? &reloc_kinds[type] : NULL;
	struct modelf_sym *s;
	u64 p, v;

	if (!k || !k->name)
		return modelf_fail(l, -ENOTSUP, "relocation %llu in %s: unknown type %u", j, rname,
				   type);
	if (si >= l->nsyms)
		return modelf_fail(l, -ENOEXEC, "relocation %llu in %s: symbol %u out of range", j,
				   rname, si);
	if (r->offset > tsh->size || k->width > tsh->size - r->offset)
		return modelf_fail(l, -ENOEXEC,
				   "relocation %llu in %s: offset %#llx past end of section", j,
				   rname, r->offset);
	s = &l->syms[si];
	if (!apply) {
		if (k->got && !s->got)
			s->got = ++l->ngot;
		return 0;
	}
	if (!k->width)
		return 0;
	if (s->flags & SYM_NOREL)
		return modelf_fail(l, -ENOEXEC, "relocation %llu in %s: '%s' is not loaded", j,
				   rname, sym_name(l, si));
	p = l->secaddr[target] + r->offset;
	v = k->got ? (u64)(uintptr_t)&l->got[s->got - 1] : s->addr;
	v += (u64)r->addend - (k->pc ? p : 0);
	if (!fits(v, k->check))
		return modelf_fail(l, -ERANGE,
				   "relocation %llu in %s: %s overflow for '%s' (%#llx)", j, rname,
				   k->name, sym_name(l, si), v);
	memcpy((void *)(uintptr_t)p, &v, k->width);
	return 0;
}

/* Every RELA section that patches a loaded section. */
int modelf_relocate(struct ldr *l, bool apply)
{
	struct elf_shdr rs, ts;
	struct elf_rela r;
	const char *name;
	int ret;

	for (u32 i = 1; i < l->shnum; i++) {
		get_shdr(l, i, &rs);
		if (rs.type != SHT_RELA)
			continue;
		name = sec_name(l, &rs);
		if (rs.info >= l->shnum)
			return modelf_fail(l, -ENOEXEC, "%s: bad target section %u", name, rs.info);
		get_shdr(l, rs.info, &ts);
		if (!(ts.flags & SHF_ALLOC))
			continue;
		if (rs.entsize != sizeof(r) || rs.size % sizeof(r) ||
		    !in_image(l, rs.offset, rs.size))
			return modelf_fail(l, -ENOEXEC, "%s: bad relocation table", name);
		if (!l->symidx || rs.link != l->symidx)
			return modelf_fail(l, -ENOEXEC, "%s: not linked to the symbol table", name);
		if (ts.type == SHT_NOBITS)
			return modelf_fail(l, -ENOEXEC, "%s: relocates a NOBITS section", name);
		for (u64 j = 0; j < rs.size / sizeof(r); j++) {
			memcpy(&r, l->img + rs.offset + j * sizeof(r), sizeof(r));
			ret = reloc_one(l, name, j, &r, &ts, rs.info, apply);
			if (ret)
				return ret;
		}
	}
	return 0;
}
