/* The program loader's ELF checks: a model image passes, every
 * truncation and thousands of random corruptions are refused or described
 * consistently (no read outside the buffer: ASan watches). */
#include <loom/elf_exec.h>
#include <stdlib.h>
#include <string.h>
#include "test.h"
#include <uapi/loom/errno.h>

#define FILE_SIZE 0x3000

static void put16(unsigned char *b, int off, unsigned v)
{
	b[off] = v & 0xff;
	b[off + 1] = (v >> 8) & 0xff;
}

static void put32(unsigned char *b, int off, unsigned v)
{
	put16(b, off, v & 0xffff);
	put16(b, off + 2, v >> 16);
}

static void put64(unsigned char *b, int off, unsigned long long v)
{
	put32(b, off, (unsigned)v);
	put32(b, off + 4, (unsigned)(v >> 32));
}

static void phdr(unsigned char *b, int i, unsigned flags, unsigned long long off,
		 unsigned long long va, unsigned long long filesz, unsigned long long memsz)
{
	int p = 64 + i * 56;

	put32(b, p, 1);
	put32(b, p + 4, flags);
	put64(b, p + 8, off);
	put64(b, p + 16, va);
	put64(b, p + 32, filesz);
	put64(b, p + 40, memsz);
}

/* Text at 0x401000 (R X), data+bss at 0x402000 (R W). */
static void model(unsigned char *b, int type)
{
	memset(b, 0, 4096);
	memcpy(b, "\177ELF", 4);
	b[4] = 2;
	b[5] = 1;
	b[6] = 1;
	put16(b, 16, type);
	put16(b, 18, 62);
	put32(b, 20, 1);
	put64(b, 24, 0x401010);
	put64(b, 32, 64);
	put16(b, 52, 64);
	put16(b, 54, 56);
	put16(b, 56, 2);
	phdr(b, 0, 5, 0x1000, 0x401000, 0x800, 0x800);
	phdr(b, 1, 6, 0x2000, 0x402000, 0x100, 0x5000);
}

TEST(elf_check_accepts_a_static_program)
{
	unsigned char b[4096];
	struct elf_image img;
	const char *why = NULL;

	model(b, 2);
	EXPECT_EQ(elf_check(b, sizeof(b), FILE_SIZE, &img, &why), 0);
	EXPECT_EQ(img.nseg, 2);
	EXPECT_EQ(img.entry, 0x401010);
	EXPECT_EQ(img.seg[1].memsz, 0x5000);
	EXPECT_EQ(img.seg[0].prot, ELF_PROT_R | ELF_PROT_X);
	model(b, 3); /* static-pie: loaded at ELF_DYN_BASE */
	EXPECT_EQ(elf_check(b, sizeof(b), FILE_SIZE, &img, &why), 0);
	EXPECT_EQ(img.bias, ELF_DYN_BASE - 0x401000);
	EXPECT_EQ(img.entry, ELF_DYN_BASE + 0x10);
}

TEST(elf_check_refuses_every_truncation)
{
	unsigned char b[4096];
	struct elf_image img;
	const char *why;

	model(b, 2);
	/* Headers cut short, and the data segment running past the end of the
	 * file (it ends at 0x2100). */
	for (unsigned long long n = 0; n < 0x2100; n += n < 300 ? 1 : 64) {
		unsigned char *copy = malloc(n ? n : 1);

		memcpy(copy, b, n < sizeof(b) ? n : sizeof(b));
		EXPECT_EQ(elf_check(copy, n < sizeof(b) ? n : sizeof(b), n, &img, &why), -ENOEXEC);
		free(copy);
	}
}

TEST(elf_check_refuses_bad_fields)
{
	unsigned char b[4096];
	struct elf_image img;
	const char *why = NULL;

#define REFUSED(change, reason)                                                      \
	do {                                                                         \
		model(b, 2);                                                         \
		change;                                                              \
		EXPECT_EQ(elf_check(b, sizeof(b), FILE_SIZE, &img, &why), -ENOEXEC); \
		EXPECT_EQ(strcmp(why, reason), 0);                                   \
	} while (0)
	REFUSED(b[0] = 0, "not an ELF file");
	REFUSED(b[4] = 1, "not a 64-bit ELF file");
	REFUSED(b[5] = 2, "not little-endian");
	REFUSED(put16(b, 18, 3), "not an x86_64 program");
	REFUSED(put16(b, 16, 1), "not an executable");
	REFUSED(put16(b, 56, 0), "no program headers");
	REFUSED(put16(b, 56, 33), "too many program headers");
	REFUSED(put64(b, 32, ~0ULL - 8), "program headers misplaced");
	REFUSED(put16(b, 54, 32), "bad header sizes");
	REFUSED(put64(b, 24, 0x402010), "entry point outside the program text");
	REFUSED(put32(b, 64 + 4, 7), "segment both writable and executable");
	REFUSED(put64(b, 64 + 56 + 16, 0x401000), "overlapping or unsorted segments");
	REFUSED(put64(b, 64 + 56 + 40, 1ULL << 62), "segment outside user space");
	REFUSED(put64(b, 64 + 56 + 32, 0x6000), "segment file size above its memory size");
	REFUSED(put64(b, 64 + 56 + 8, ~0ULL - 0xfff), "segment outside the file");
	REFUSED(put64(b, 64 + 8, 0x1004), "segment offset and address not congruent");
	REFUSED((put64(b, 64 + 16, 0x1000), put64(b, 24, 0x1010)),
		"segment below the lowest user address");
	REFUSED(put32(b, 64 + 56, 3), "dynamically linked (no interpreter here)");
	REFUSED((put32(b, 64, 0), put32(b, 64 + 56, 0)), "no loadable segment");
#undef REFUSED
}

TEST(elf_check_survives_random_corruption)
{
	unsigned char b[4096];
	struct elf_image img;
	const char *why;

	srand(7);
	for (int i = 0; i < 20000; i++) {
		model(b, 2 + (i & 1));
		for (int k = 0; k < 1 + i % 4; k++)
			b[rand() % 200] = (unsigned char)rand();
		if (elf_check(b, sizeof(b), FILE_SIZE, &img, &why) == 0) {
			/* Whatever passes obeys the rules. */
			EXPECT_EQ(img.nseg >= 1, 1);
			for (unsigned s = 0; s < img.nseg; s++) {
				EXPECT_EQ(img.seg[s].filesz <= img.seg[s].memsz, 1);
				EXPECT_EQ(img.seg[s].offset + img.seg[s].filesz <= FILE_SIZE, 1);
				EXPECT_EQ(img.seg[s].vaddr + img.seg[s].memsz <= ELF_TOP + 0x400000,
					  1);
				EXPECT_EQ((img.seg[s].prot & 6) != 6, 1);
			}
		}
	}
}
