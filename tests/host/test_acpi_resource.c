/*
 * ACPI resource templates (acpi/resource.c): every _CRS buffer of QEMU's
 * namespaces against ACPICA's decoding (tests/acpi/qemu-NAME/reference.txt)
 * (I/O, IRQ, Extended IRQ, 32-bit fixed memory), made-up descriptors the
 * references lack (Fixed I/O, 3-byte IRQ, Memory32, producers), and every
 * truncation plus random corruptions refused without an out-of-bounds read.
 */
#include "test.h"
#include <stdlib.h>
#include <loom/acpi.h>

#define DECLARE_REF(n)                                    \
	extern const unsigned char aml_##n##_reference[]; \
	extern const size_t aml_##n##_reference_len
DECLARE_REF(pc);
DECLARE_REF(q35);
DECLARE_REF(q35_ovmf);
DECLARE_REF(q35_nvdimm_vmgenid);

/* Parse a copy of exactly len bytes (ASan sees any read past it). */
static int parse_exact(const unsigned char *b, unsigned len, struct acpi_resources *r)
{
	unsigned char *copy = malloc(len ? len : 1);
	int err;

	if (len)
		memcpy(copy, b, len);
	err = acpi_resources_parse(copy, len, r);
	free(copy);
	return err;
}

static unsigned long field(const char *line, const char *key)
{
	const char *p = strstr(line, key);

	return p ? strtoul(p + strlen(key), NULL, 16) : ~0ul;
}

/* Check one "_CRS Buffer(n) .." line and the decoded lines after it;
 * returns the number of mismatches, advances *pos past the block. */
static int check_block(const char *text, size_t *pos, size_t end, int *buffers, int *failed)
{
	unsigned char buf[1024];
	struct acpi_resources want = { 0 }, got;
	const char *line = text + *pos;
	char *q;
	unsigned n = (unsigned)strtoul(line + strlen("  _CRS Buffer("), &q, 10), bad = 0;

	q += 1;
	for (unsigned i = 0; i < n && i < sizeof(buf); i++)
		buf[i] = (unsigned char)strtoul(q, &q, 16);
	for (;;) {
		const char *l;
		char copy[1024];
		size_t k = 0;

		while (*pos < end && text[*pos] != '\n')
			(*pos)++;
		if (*pos >= end)
			break;
		(*pos)++;
		l = text + *pos;
		while (*pos + k < end && l[k] != '\n' && k < sizeof(copy) - 1) {
			copy[k] = l[k];
			k++;
		}
		copy[k] = 0;
		if (strncmp(copy, "      [", 7))
			break;
		if (strstr(copy, "] I/O Resource")) {
			unsigned long len = field(copy, "Address Length=");

			if (len) {
				want.io[want.nr_io].base = (u16)field(copy, "Address Minimum=");
				want.io[want.nr_io++].len = (u16)len;
			}
		} else if (strstr(copy, "] IRQ Resource") || strstr(copy, "] Extended IRQ")) {
			bool ext = strstr(copy, "Extended") != NULL;
			u8 flags = (ext ? 0 : ACPI_IRQ_ISA) |
				   (strstr(copy, "Triggering=Level") ? ACPI_IRQ_LEVEL : 0) |
				   (strstr(copy, "Polarity=ActiveLow") ? ACPI_IRQ_ACTIVE_LOW : 0) |
				   (strstr(copy, "Sharing=Shared") ? ACPI_IRQ_SHARED : 0);

			if (ext && !strstr(copy, "ResourceConsumer"))
				continue;
			if (ext) {
				char key[16];

				for (unsigned i = 0; i < field(copy, "Interrupt Count="); i++) {
					snprintf(key, sizeof(key), "Dword%02u=", i);
					want.irq[want.nr_irqs].irq = (u32)field(copy, key);
					want.irq[want.nr_irqs++].flags = flags;
				}
			} else {
				const char *p = strstr(copy, "Interrupt List=") + 15;

				while (*p && *p != '}') {
					want.irq[want.nr_irqs].irq =
						(u32)strtoul(p, (char **)&p, 16);
					want.irq[want.nr_irqs++].flags = flags;
					while (*p == ',' || *p == ' ')
						p++;
				}
			}
		} else if (strstr(copy, "] 32-Bit Fixed Memory Range")) {
			want.mem[want.nr_mem].base = field(copy, "Address=");
			want.mem[want.nr_mem++].len = field(copy, "Address Length=");
		}
	}
	(*buffers)++;
	if (n > sizeof(buf))
		return 1;
	EXPECT_EQ(parse_exact(buf, n, &got), 0);
	bad += got.nr_irqs != want.nr_irqs || got.nr_io != want.nr_io || got.nr_mem != want.nr_mem;
	for (unsigned i = 0; !bad && i < want.nr_irqs; i++)
		bad += got.irq[i].irq != want.irq[i].irq || got.irq[i].flags != want.irq[i].flags;
	for (unsigned i = 0; !bad && i < want.nr_io; i++)
		bad += got.io[i].base != want.io[i].base || got.io[i].len != want.io[i].len;
	for (unsigned i = 0; !bad && i < want.nr_mem; i++)
		bad += got.mem[i].base != want.mem[i].base || got.mem[i].len != want.mem[i].len;
	if (bad)
		printf("    # mismatch for: %.60s\n", line);
	/* Every proper prefix is truncated: refused. */
	for (unsigned k = 0; k < n; k++)
		if (parse_exact(buf, k, &got) != -EINVAL) {
			printf("    # prefix %u of %u accepted: %.60s\n", k, n, line);
			bad++;
			break;
		}
	return (int)bad;
}

static int check_reference(const unsigned char *ref, size_t len, int *buffers, int *failed)
{
	const char *text = (const char *)ref;
	int bad = 0;

	for (size_t pos = 0; pos < len;) {
		if (!strncmp(text + pos, "  _CRS Buffer(", 14)) {
			bad += check_block(text, &pos, len, buffers, failed);
			continue;
		}
		while (pos < len && text[pos] != '\n')
			pos++;
		pos++;
	}
	return bad;
}

TEST(acpi_resources_match_acpica_on_qemu)
{
	int buffers = 0;

	EXPECT_EQ(check_reference(aml_pc_reference, aml_pc_reference_len, &buffers, failed), 0);
	EXPECT_EQ(check_reference(aml_q35_reference, aml_q35_reference_len, &buffers, failed), 0);
	EXPECT_EQ(check_reference(aml_q35_ovmf_reference, aml_q35_ovmf_reference_len, &buffers,
				  failed),
		  0);
	EXPECT_EQ(check_reference(aml_q35_nvdimm_vmgenid_reference,
				  aml_q35_nvdimm_vmgenid_reference_len, &buffers, failed),
		  0);
	EXPECT_EQ(buffers, 17 + 28 + 28 + 31);
}

TEST(acpi_resources_keyboard)
{
	const unsigned char kbd[] = { 0x47, 0x01, 0x60, 0x00, 0x60, 0x00, 0x01,
				      0x01, 0x47, 0x01, 0x64, 0x00, 0x64, 0x00,
				      0x01, 0x01, 0x22, 0x02, 0x00, 0x79, 0x00 };
	struct acpi_resources r;

	EXPECT_EQ(parse_exact(kbd, sizeof(kbd), &r), 0);
	EXPECT_EQ(r.nr_io, 2);
	EXPECT_EQ(r.io[0].base, 0x60);
	EXPECT_EQ(r.io[1].base, 0x64);
	EXPECT_EQ(r.nr_irqs, 1);
	EXPECT_EQ(r.irq[0].irq, 1);
	EXPECT_EQ(r.irq[0].flags, ACPI_IRQ_ISA);
}

TEST(acpi_resources_made_up_descriptors)
{
	const unsigned char b[] = {
		0x4b, 0x60, 0xfc, 0x04,				/* Fixed I/O 0x60 (10 bits), 4 */
		0x23, 0x00, 0x12, 0x18,				/* IRQ 9, 12: level, low, shared */
		0x23, 0x08, 0x00, 0x01,				/* IRQ 3: edge, high */
		0x85, 0x11, 0x00, 0x00, 0x00, 0x00, 0xd0, 0xfe, /* Memory32 min 0xfed00000 */
		0xff, 0xff, 0xd0, 0xfe, 0x00, 0x10, 0x00, 0x00, /* max, align 0x1000 */
		0x00, 0x04, 0x00, 0x00,				/* length 0x400 */
		0x89, 0x06, 0x00, 0x00, 0x01, 0x10, 0x00, 0x00, 0x00, /* producer: left out */
		0x89, 0x0a, 0x00, 0x07, 0x02, 0x14, 0,	  0,	0,
		0x15, 0,    0,	  0,				/* edge, low, 2 */
		0x2a, 0x04, 0x00,				/* DMA: stepped over */
		0x47, 0x01, 0x00, 0x01, 0x00, 0x01, 0x01, 0x00, /* I/O of length 0: left out */
		0x79, 0x00,
	};
	struct acpi_resources r;

	EXPECT_EQ(parse_exact(b, sizeof(b), &r), 0);
	EXPECT_EQ(r.nr_io, 1);
	EXPECT_EQ(r.io[0].base, 0x60);
	EXPECT_EQ(r.io[0].len, 4);
	EXPECT_EQ(r.nr_irqs, 5);
	EXPECT_EQ(r.irq[0].irq, 9);
	EXPECT_EQ(r.irq[0].flags,
		  ACPI_IRQ_ISA | ACPI_IRQ_LEVEL | ACPI_IRQ_ACTIVE_LOW | ACPI_IRQ_SHARED);
	EXPECT_EQ(r.irq[1].irq, 12);
	EXPECT_EQ(r.irq[2].irq, 3);
	EXPECT_EQ(r.irq[2].flags, ACPI_IRQ_ISA);
	EXPECT_EQ(r.irq[3].irq, 0x14);
	EXPECT_EQ(r.irq[3].flags, ACPI_IRQ_ACTIVE_LOW);
	EXPECT_EQ(r.irq[4].irq, 0x15);
	EXPECT_EQ(r.nr_mem, 1);
	EXPECT_EQ(r.mem[0].base, 0xfed00000);
	EXPECT_EQ(r.mem[0].len, 0x400);
	EXPECT_EQ(r.dropped, 0);
	for (unsigned k = 0; k < sizeof(b); k++)
		EXPECT_EQ(parse_exact(b, k, &r), -EINVAL);
}

TEST(acpi_resources_bad_descriptors_refused)
{
	const unsigned char io_short[] = { 0x46, 1, 0x60, 0, 0x60, 0, 1, 0x79, 0 };
	const unsigned char irq_long[] = { 0x24, 2, 0, 0, 0, 0x79, 0 };
	const unsigned char ext_none[] = { 0x89, 6, 0, 1, 0, 0, 0, 0, 0, 0x79, 0 };
	const unsigned char ext_over[] = { 0x89, 6, 0, 1, 2, 1, 0, 0, 0, 0x79, 0 };
	const unsigned char fixm_short[] = { 0x86, 8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x79, 0 };
	const unsigned char end_bad[] = { 0x22, 2, 0, 0x78 };
	const unsigned char no_end[] = { 0x22, 2, 0 };
	const unsigned char large_len[] = { 0x86, 0xff, 0xff, 0, 0x79, 0 };
	struct acpi_resources r;

	EXPECT_EQ(parse_exact(io_short, sizeof(io_short), &r), -EINVAL);
	EXPECT_EQ(parse_exact(irq_long, sizeof(irq_long), &r), -EINVAL);
	EXPECT_EQ(parse_exact(ext_none, sizeof(ext_none), &r), -EINVAL);
	EXPECT_EQ(parse_exact(ext_over, sizeof(ext_over), &r), -EINVAL);
	EXPECT_EQ(parse_exact(fixm_short, sizeof(fixm_short), &r), -EINVAL);
	EXPECT_EQ(parse_exact(end_bad, sizeof(end_bad), &r), -EINVAL);
	EXPECT_EQ(parse_exact(no_end, sizeof(no_end), &r), -EINVAL);
	EXPECT_EQ(parse_exact(large_len, sizeof(large_len), &r), -EINVAL);
	EXPECT_EQ(parse_exact(NULL, 0, &r), -EINVAL);
}

TEST(acpi_resources_too_many_dropped)
{
	/* Two IRQ descriptors of 8 lines each, then one more line. */
	const unsigned char b[] = { 0x22, 0xff, 0x00, 0x22, 0x00, 0xff, 0x22, 0x00, 0x80, 0x79, 0 };
	struct acpi_resources r;

	EXPECT_EQ(parse_exact(b, sizeof(b), &r), 0);
	EXPECT_EQ(r.nr_irqs, ACPI_RES_MAX);
	EXPECT_EQ(r.dropped, 16 + 1 - ACPI_RES_MAX);
	EXPECT_EQ(r.irq[ACPI_RES_MAX - 1].irq, 7);
}

TEST(acpi_resources_random_corruption)
{
	unsigned char b[64];
	struct acpi_resources r;
	unsigned seed = 12345;

	for (int round = 0; round < 20000; round++) {
		unsigned len = (seed = seed * 1103515245 + 12345) % sizeof(b);

		for (unsigned i = 0; i < len; i++) {
			seed = seed * 1103515245 + 12345;
			b[i] = (unsigned char)(seed >> 16);
		}
		int err = parse_exact(b, len, &r);

		EXPECT_TRUE(err == 0 || err == -EINVAL);
		EXPECT_TRUE(r.nr_irqs <= ACPI_RES_MAX && r.nr_io <= ACPI_RES_MAX &&
			    r.nr_mem <= ACPI_RES_MAX);
	}
}
