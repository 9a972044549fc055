/*
 * In-kernel tests of the I/O APIC (suite "ioapic"): the MADT parser on
 * made-up tables with fake registers (bad entries refused with an error,
 * never a panic), and the real machine's RTC line (ISA IRQ 8, periodic
 * interrupt at 1024 Hz) routed, read back, freed and requested again.
 */
#include <loom/ktest.h>
#include <loom/string.h>
#include <loom/time.h>
#include <asm/ioapic.h>
#include <asm/x86.h>

/* A made-up MADT: header, LAPIC address and flags, then the entries. */
struct fake_madt {
	struct acpi_header h;
	u32 lapic, flags;
	u8 e[128];
};

static u32 fake_add(struct fake_madt *m, u32 off, const u8 *e, u8 len)
{
	memcpy(m->e + off, e, len);
	return off + len;
}

static u32 fake_ioapic(struct fake_madt *m, u32 off, u8 id, u32 addr, u32 gsi_base)
{
	u8 e[12] = { ACPI_MADT_IO_APIC, 12, id, 0 };

	memcpy(e + 4, &addr, 4);
	memcpy(e + 8, &gsi_base, 4);
	return fake_add(m, off, e, sizeof(e));
}

static u32 fake_override(struct fake_madt *m, u32 off, u8 bus, u8 src, u32 gsi, u16 flags)
{
	u8 e[10] = { ACPI_MADT_SOURCE_OVERRIDE, 10, bus, src };

	memcpy(e + 4, &gsi, 4);
	memcpy(e + 8, &flags, 2);
	return fake_add(m, off, e, sizeof(e));
}

/* Fake registers: the I/O APIC at 0x1000 has 24 lines; any other address
 * reads all-ones (nothing there). */
static int fake_map(struct ioapic *io)
{
	return 0;
}

static u32 fake_read(struct ioapic *io, u32 reg)
{
	if (io->phys != 0x1000)
		return 0xffffffffu;
	return reg == 1 ? (23u << 16 | 0x20) : 0;
}

static void fake_write(struct ioapic *io, u32 reg, u32 v)
{
}

static const struct ioapic_io fake_io = {
	.map = fake_map,
	.read = fake_read,
	.write = fake_write,
};

static struct ioapic_config parsed;

static void madt_parsed_and_checked(struct ktest *t)
{
	static struct fake_madt m;
	u32 off = 0;

	memset(&m, 0, sizeof(m));
	off = fake_ioapic(&m, off, 1, 0x2000, 24);  /* reads all-ones */
	off = fake_override(&m, off, 0, 0, 2, 0);   /* the usual timer override */
	off = fake_override(&m, off, 0, 9, 9, 0xf); /* level, active low */
	off = fake_override(&m, off, 0, 5, 40, 0);  /* only the refused one had 40 */
	off = fake_override(&m, off, 0, 20, 20, 0); /* not an ISA line */
	off = fake_override(&m, off, 0, 7, 7, 2);   /* reserved polarity */
	off = fake_ioapic(&m, off, 2, 0x1000, 0);   /* after the overrides: still seen */
	off = fake_ioapic(&m, off, 3, 0x1000, 8);   /* overlaps the one before */
	m.e[off] = 0x7f;			    /* a truncated entry ends the walk */
	m.e[off + 1] = 40;
	off += 2;
	memcpy(m.h.signature, "APIC", 4);
	m.h.length = (u32)(sizeof(m.h) + 8 + off);

	KASSERT_EQ(t, ioapic_parse(&m.h, &parsed, &fake_io), 0);
	KEXPECT_EQ(t, parsed.nr_apics, 1);
	KEXPECT_EQ(t, parsed.apic[0].id, 2);
	KEXPECT_EQ(t, parsed.apic[0].nr, 24);
	KEXPECT_EQ(t, parsed.apic[0].version, 0x20);
	KEXPECT_EQ(t, parsed.isa[0].gsi, 2);
	KEXPECT_EQ(t, parsed.isa[0].flags, 0);
	KEXPECT_TRUE(t, !parsed.isa[0].bad);
	KEXPECT_EQ(t, parsed.isa[9].flags, IRQ_LEVEL | IRQ_ACTIVE_LOW);
	KEXPECT_TRUE(t, parsed.isa[5].bad);
	KEXPECT_EQ(t, parsed.isa[7].gsi, 7); /* refused: identity, edge, high */
	KEXPECT_EQ(t, parsed.isa[7].flags, 0);
	KEXPECT_EQ(t, parsed.isa[1].gsi, 1);
	/* all-ones, GSI 40, bus/line 20, reserved flags, overlap */
	KEXPECT_EQ(t, parsed.errors, 5);

	/* Nothing usable: -ENODEV, no panic. */
	off = fake_ioapic(&m, 0, 1, 0x3000, 0);
	m.h.length = (u32)(sizeof(m.h) + 8 + off);
	KEXPECT_EQ(t, ioapic_parse(&m.h, &parsed, &fake_io), -ENODEV);
	KEXPECT_EQ(t, parsed.errors, 1);
	KEXPECT_EQ(t, ioapic_parse(NULL, &parsed, &fake_io), -ENODEV);
}

#define CMOS_INDEX 0x70
#define CMOS_DATA  0x71
#define RTC_A	   0x0a
#define RTC_B	   0x0b
#define RTC_C	   0x0c
#define RTC_PIE	   0x40

static u8 cmos_get(u8 reg)
{
	outb(CMOS_INDEX, reg);
	return inb(CMOS_DATA);
}

static void cmos_put(u8 reg, u8 v)
{
	outb(CMOS_INDEX, reg);
	outb(CMOS_DATA, v);
}

static volatile int rtc_hits;

static void rtc_irq(struct pt_regs *regs, void *data)
{
	rtc_hits++;
	(void)cmos_get(RTC_C); /* acknowledge: the next one can come */
}

static void rtc_periodic(bool on)
{
	u64 f = local_irq_save();

	if (on)
		cmos_put(RTC_A, (u8)((cmos_get(RTC_A) & 0xf0) | 6)); /* 1024 Hz */
	cmos_put(RTC_B, (u8)(on ? cmos_get(RTC_B) | RTC_PIE : cmos_get(RTC_B) & ~RTC_PIE));
	(void)cmos_get(RTC_C);
	local_irq_restore(f);
}

static void wait_hits(int want, u64 ms)
{
	u64 end = clock_monotonic_ns() + ms * NSEC_PER_MSEC, f = local_irq_save();

	irq_enable();
	while (rtc_hits < want && clock_monotonic_ns() < end)
		pause();
	local_irq_restore(f);
}

static void check_entry(struct ktest *t, u32 gsi, u32 flags, int vector)
{
	u64 e = 0;

	KASSERT_EQ(t, ioapic_read_entry(gsi, &e), 0);
	KEXPECT_EQ(t, e & 0xff, (u64)vector);
	KEXPECT_EQ(t, e & IOAPIC_RTE_MASKED, 0);
	KEXPECT_EQ(t, (e >> 8) & 7, 0);	 /* fixed delivery */
	KEXPECT_EQ(t, (e >> 11) & 1, 0); /* physical destination */
	KEXPECT_EQ(t, !!(e & IOAPIC_RTE_LEVEL), !!(flags & IRQ_LEVEL));
	KEXPECT_EQ(t, !!(e & IOAPIC_RTE_ACTIVE_LOW), !!(flags & IRQ_ACTIVE_LOW));
	KEXPECT_EQ(t, e >> 56, ioapic_destination());
}

static void rtc_line_routed(struct ktest *t)
{
	u32 gsi, flags;
	u64 e = 0;
	int v, w, seen;

	if (!ioapic_present()) {
		ktest_skip(t, "no I/O APIC");
		return;
	}
	KASSERT_EQ(t, irq_isa_route(8, &gsi, &flags), 0);
	rtc_hits = 0;
	v = irq_request_isa(8, rtc_irq, NULL);
	KASSERT_TRUE(t, v >= IRQ_VECTOR_FIRST_DYNAMIC && v <= IRQ_VECTOR_LAST_DYNAMIC);
	check_entry(t, gsi, flags, v);
	KEXPECT_EQ(t, irq_request_isa(8, rtc_irq, NULL), -EBUSY);
	KEXPECT_EQ(t, irq_request_gsi(gsi, flags, rtc_irq, NULL), -EBUSY);
	rtc_periodic(true);
	wait_hits(3, 500);
	KEXPECT_LE(t, 3, rtc_hits);
	KEXPECT_LE(t, 3, (int)irq_count((u8)v));

	/* Freed: masked, and the still-ticking RTC reaches nobody. */
	KEXPECT_EQ(t, irq_free_isa(8), 0);
	KEXPECT_EQ(t, ioapic_read_entry(gsi, &e), 0);
	KEXPECT_EQ(t, e & IOAPIC_RTE_MASKED, IOAPIC_RTE_MASKED);
	wait_hits(rtc_hits + 1000, 5); /* one already on its way (another CPU) lands */
	(void)cmos_get(RTC_C);
	seen = rtc_hits;
	wait_hits(seen + 1, 20);
	KEXPECT_EQ(t, rtc_hits, seen);
	KEXPECT_EQ(t, irq_free_isa(8), -ENOENT);

	/* Requested again: routed again. */
	w = irq_request_isa(8, rtc_irq, NULL);
	KASSERT_TRUE(t, w >= IRQ_VECTOR_FIRST_DYNAMIC);
	check_entry(t, gsi, flags, w);
	(void)cmos_get(RTC_C);
	wait_hits(seen + 2, 500);
	KEXPECT_LE(t, seen + 2, rtc_hits);
	rtc_periodic(false);
	KEXPECT_EQ(t, irq_free_isa(8), 0);
}

static void bad_requests_refused(struct ktest *t)
{
	if (!ioapic_present()) { /* everything refused */
		KEXPECT_EQ(t, irq_request_isa(1, rtc_irq, NULL), -ENODEV);
		KEXPECT_EQ(t, irq_request_gsi(2, 0, rtc_irq, NULL), -ENODEV);
		KEXPECT_EQ(t, irq_free_isa(1), -ENOENT);
		return;
	}
	KEXPECT_EQ(t, irq_request_isa(16, rtc_irq, NULL), -EINVAL);
	KEXPECT_EQ(t, irq_request_gsi(IOAPIC_MAX_GSI + 5, 0, rtc_irq, NULL), -ENODEV);
	KEXPECT_EQ(t, irq_request_gsi(8, 0, NULL, NULL), -EINVAL);
	KEXPECT_EQ(t, irq_free_gsi(100000), -ENOENT);
	KEXPECT_EQ(t, irq_free_isa(99), -ENOENT);
}

/* Lines nobody requested are masked; requested ones are not. */
static void unrequested_lines_masked(struct ktest *t)
{
	u32 masked = 0, open = 0;
	u64 e;

	if (!ioapic_present()) {
		ktest_skip(t, "no I/O APIC");
		return;
	}
	for (u32 g = 0; g < IOAPIC_MAX_GSI; g++) {
		if (ioapic_read_entry(g, &e))
			continue;
		if (e & IOAPIC_RTE_MASKED)
			masked++;
		else
			open++;
	}
	KEXPECT_LE(t, 16, masked + open); /* an ISA machine has >= 16 lines */
	KEXPECT_LE(t, open, 4);		  /* at most the drivers' keyboard and mouse lines */
}

KTEST_SUITE(ioapic, KTEST_CASE(madt_parsed_and_checked), KTEST_CASE(rtc_line_routed),
	    KTEST_CASE(bad_requests_refused), KTEST_CASE(unrequested_lines_masked));
