/*
 * The module loader core against malformed images: each field it must check,
 * broken on purpose (exact error and message), then every truncation and
 * thousands of random corruptions of the fixtures, which must never crash
 * or read outside the image (ASan, UBSan) and must fail with a message.
 */
#include "test.h"
#include <elf.h>
#include <stdlib.h>
#include <uapi/loom/errno.h>
#include "modelf_env.h"

static Elf64_Shdr *shdr(u8 *img, const char *name)
{
	Elf64_Ehdr *eh = (Elf64_Ehdr *)img;
	Elf64_Shdr *sh = (Elf64_Shdr *)(img + eh->e_shoff);
	const char *names = (const char *)img + sh[eh->e_shstrndx].sh_offset;

	for (int i = 0; i < eh->e_shnum; i++)
		if (!strcmp(names + sh[i].sh_name, name))
			return &sh[i];
	return NULL;
}

static u32 sym_index(u8 *img, const char *name)
{
	Elf64_Shdr *st = shdr(img, ".symtab"), *str = shdr(img, ".strtab");
	Elf64_Sym *s = (Elf64_Sym *)(img + st->sh_offset);

	for (u32 i = 1; i < st->sh_size / sizeof(*s); i++)
		if (!strcmp((char *)img + str->sh_offset + s[i].st_name, name))
			return i;
	return 0;
}

/* Break one field of basic.ko; returns the error and message to expect. */
static int corrupt(u8 *img, size_t len, int what, char *msg)
{
	Elf64_Ehdr *eh = (Elf64_Ehdr *)img;
	Elf64_Shdr *text = shdr(img, ".text"), *rela = shdr(img, ".rela.text");
	Elf64_Shdr *str = shdr(img, ".strtab"), *st = shdr(img, ".symtab");
	Elf64_Rela *r = (Elf64_Rela *)(img + rela->sh_offset);
	Elf64_Sym *s = (Elf64_Sym *)(img + st->sh_offset);
	u32 data = sym_index(img, "mod_data");

	switch (what) {
	case 0:
		img[1] = 'X';
		strcpy(msg, "not a little-endian ELF64 image");
		return -ENOEXEC;
	case 1:
		eh->e_type = ET_EXEC;
		strcpy(msg, "not an x86-64 relocatable object (type 2, machine 62)");
		return -ENOEXEC;
	case 2:
		eh->e_shoff = len - 64;
		strcpy(msg, "section table past end of image");
		return -ENOEXEC;
	case 3:
		eh->e_shstrndx = eh->e_shnum;
		sprintf(msg, "bad section table (%u entries of 64 bytes, names in %u)", eh->e_shnum,
			eh->e_shnum);
		return -ENOEXEC;
	case 4:
		text->sh_offset = len - 4;
		strcpy(msg, ".text: file range past end of image");
		return -ENOEXEC;
	case 5:
		text->sh_addralign = 24;
		strcpy(msg, ".text: bad alignment 24");
		return -ENOEXEC;
	case 6:
		text->sh_flags |= SHF_WRITE;
		strcpy(msg, ".text: writable and executable");
		return -ENOEXEC;
	case 7:
		r[7].r_info = ELF64_R_INFO(ELF64_R_SYM(r[7].r_info), 200);
		strcpy(msg, "relocation 7 in .rela.text: unknown type 200");
		return -ENOTSUP;
	case 8:
		r[3].r_offset = text->sh_size - 2;
		sprintf(msg, "relocation 3 in .rela.text: offset %#llx past end of section",
			(unsigned long long)text->sh_size - 2);
		return -ENOEXEC;
	case 9:
		r[0].r_info = ELF64_R_INFO(100000, ELF64_R_TYPE(r[0].r_info));
		strcpy(msg, "relocation 0 in .rela.text: symbol 100000 out of range");
		return -ENOEXEC;
	case 10:
		rela->sh_type = SHT_REL;
		strcpy(msg, ".rela.text: SHT_REL relocations are not supported");
		return -ENOEXEC;
	case 11:
		rela->sh_link = 0;
		strcpy(msg, ".rela.text: not linked to the symbol table");
		return -ENOEXEC;
	case 12:
		s[5].st_name = str->sh_size;
		strcpy(msg, "symbol 5: name out of range");
		return -ENOEXEC;
	case 13:
		img[str->sh_offset + str->sh_size - 1] = 'x';
		strcpy(msg, ".strtab: bad string table");
		return -ENOEXEC;
	case 14:
		s[data].st_shndx = SHN_COMMON;
		strcpy(msg, "'mod_data': common symbol (build with -fno-common)");
		return -ENOEXEC;
	case 15:
		s[data].st_value = 0x10000;
		strcpy(msg, "'mod_data': value 0x10000 past end of .data");
		return -ENOEXEC;
	case 16:
		st->sh_size += 1;
		strcpy(msg, ".symtab: bad symbol table");
		return -ENOEXEC;
	case 17:
		rela->sh_info = 60000;
		strcpy(msg, ".rela.text: bad target section 60000");
		return -ENOEXEC;
	case 18:
		s[data].st_shndx = 60000;
		strcpy(msg, "'mod_data': bad section index 0xea60");
		return -ENOEXEC;
	}
	return 1;
}

TEST(modelf_refuses_each_malformed_field)
{
	struct env e;
	struct modelf m;
	char err[ENV_ERRLEN], msg[ENV_ERRLEN];
	u8 *img = malloc(modelf_fix_basic_len);

	for (int what = 0;; what++) {
		int want;

		memcpy(img, modelf_fix_basic, modelf_fix_basic_len);
		want = corrupt(img, modelf_fix_basic_len, what, msg);
		if (want > 0)
			break;
		env_init(&e);
		EXPECT_EQ(env_load(&e, img, modelf_fix_basic_len, &m, err), want);
		EXPECT_STREQ(err, msg);
	}
	free(img);
}

static u64 rng = 0x9e3779b97f4a7c15ULL;

static u64 next_rand(void)
{
	rng ^= rng << 13;
	rng ^= rng >> 7;
	rng ^= rng << 17;
	return rng;
}

/* Load a damaged image; success is allowed (the damage may be harmless),
 * but then the result must be usable and in bounds. */
static int try_load(const u8 *img, size_t len, int *failed)
{
	struct env e;
	struct modelf m;
	char err[ENV_ERRLEN];
	int ret;

	env_init(&e);
	ret = env_load(&e, img, len, &m, err);
	if (ret) {
		EXPECT_TRUE(ret < 0 && err[0] && !strchr(err, '\n'));
		return ret;
	}
	for (u64 off = 0; off < m.text_size; off += 7)
		modelf_symbolize(&m, (u64)(uintptr_t)m.text + off, NULL, NULL);
	modelf_symbol(&m, "mod_data");
	return 0;
}

TEST(modelf_refuses_every_truncation)
{
	const u8 *imgs[] = { modelf_fix_basic, modelf_fix_got };
	const size_t lens[] = { modelf_fix_basic_len, modelf_fix_got_len };

	for (int f = 0; f < 2; f++)
		for (size_t cut = 0; cut < lens[f]; cut++)
			EXPECT_TRUE(try_load(imgs[f], cut, failed) < 0);
}

/* Damage 1-4 bytes, mostly in the headers and tables the loader parses. */
static void damage(u8 *img, size_t len)
{
	Elf64_Ehdr *eh = (Elf64_Ehdr *)img;
	const Elf64_Shdr *sh = (const Elf64_Shdr *)(img + eh->e_shoff);
	static const u8 values[] = { 0, 1, 0x7f, 0x80, 0xff };
	int n = 1 + next_rand() % 4;
	size_t off = 0, span = 64;

	switch (next_rand() % 4) {
	case 1: /* section table */
		off = eh->e_shoff;
		span = eh->e_shnum * sizeof(*sh);
		break;
	case 2: /* a symbol, string or relocation table */
	case 3: {
		const Elf64_Shdr *t = &sh[1 + next_rand() % (eh->e_shnum - 1)];

		if (t->sh_type == SHT_SYMTAB || t->sh_type == SHT_RELA ||
		    t->sh_type == SHT_STRTAB) {
			off = t->sh_offset;
			span = t->sh_size;
		}
		break;
	}
	}
	for (int i = 0; i < n && span; i++) {
		size_t at = off + next_rand() % span;
		u64 r = next_rand();

		img[at] = r & 1 ? (u8)(r >> 8) : values[(r >> 8) % sizeof(values)];
	}
	(void)len;
}

TEST(modelf_survives_random_corruption)
{
	const u8 *imgs[] = { modelf_fix_basic, modelf_fix_got };
	const size_t lens[] = { modelf_fix_basic_len, modelf_fix_got_len };
	int refused = 0, runs = 0;

	for (int f = 0; f < 2; f++) {
		u8 *img = malloc(lens[f]);

		for (int i = 0; i < 3000; i++, runs++) {
			memcpy(img, imgs[f], lens[f]);
			damage(img, lens[f]);
			refused += try_load(img, lens[f], failed) < 0;
		}
		free(img);
	}
	printf("    # %d of %d damaged images refused\n", refused, runs);
	EXPECT_TRUE(refused > runs / 3);
}

TEST(modelf_survives_every_bit_flip_in_headers)
{
	u8 *img = malloc(modelf_fix_got_len);
	const Elf64_Ehdr *eh = (const Elf64_Ehdr *)modelf_fix_got;
	size_t table = eh->e_shoff + eh->e_shnum * sizeof(Elf64_Shdr);

	for (size_t at = 0; at < table; at++) {
		if (at == 64)
			at = eh->e_shoff;
		for (int bit = 0; bit < 8; bit++) {
			memcpy(img, modelf_fix_got, modelf_fix_got_len);
			img[at] ^= 1 << bit;
			try_load(img, modelf_fix_got_len, failed);
		}
	}
	free(img);
}
